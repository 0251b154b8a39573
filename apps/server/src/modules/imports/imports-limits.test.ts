import { crc32, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, buildUnitWithOperator } from '../../test/factories';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { readSettled } from './imports.service';

/**
 * Hostile files (issue 11): each once crashed the whole server with one import. They are built here, scaled so
 * each limit is clearly passed while the test stays fast, and each must fail its own job with a Chinese message
 * naming the limit while the server keeps answering.
 */

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A zip of the given entries, deflated (zlib, native: tens of megabytes of zeros in milliseconds). */
function zip(entries: { name: string; data: Buffer | string }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : e.data;
    const packed = deflateRawSync(data, { level: 9 });
    const name = Buffer.from(e.name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const inlineRow = (r: number, cells: string[]) =>
  `<row r="${r}">${cells.map((c, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${esc(c)}</t></is></c>`).join('')}</row>`;
const HEADER = inlineRow(1, ['姓名', '证件号码', '户籍类型']);

/** An xlsx of the parts Excel needs, its sheet's rows as given (XML), optionally shared strings and other parts. */
function xlsx(sheetRows: (string | Buffer)[], extra: { sharedStrings?: Buffer | string; parts?: { name: string; data: Buffer | string }[] } = {}): Buffer {
  const sheet = Buffer.concat([
    Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'),
    ...sheetRows.map((r) => (typeof r === 'string' ? Buffer.from(r) : r)),
    Buffer.from('</sheetData></worksheet>'),
  ]);
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return zip([
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    },
    { name: '_rels/.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { name: 'xl/workbook.xml', data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}" xmlns:r="${rel}"><sheets><sheet name="参保学生" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    },
    { name: 'xl/sharedStrings.xml', data: extra.sharedStrings ?? `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${ns}" count="0" uniqueCount="0"></sst>` },
    ...(extra.parts ?? []),
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
  ]);
}

let t: TestApp;
let a: Client;

beforeAll(async () => {
  t = await buildTestApp();
  const A = await buildUnitWithOperator(t.database.db, { name: '甲小学' });
  a = await login(t.app, A.operator.username, TEST_PASSWORD);
});
afterAll(() => t.close());

/** GET /api/health while `work` runs, every 20 ms: each answer's status and time. The server must answer throughout. */
async function healthDuring(work: Promise<unknown>): Promise<{ answers: number; slowestMs: number }> {
  let over = false;
  void work.finally(() => (over = true));
  let answers = 0;
  let slowestMs = 0;
  do {
    const started = performance.now();
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    slowestMs = Math.max(slowestMs, performance.now() - started);
    answers++;
    await new Promise((resolve) => setTimeout(resolve, 20));
  } while (!over);
  await work;
  return { answers, slowestMs };
}

/** Uploads a file and waits for its read while polling the health check; returns the job as the school sees it. */
async function importHostile(fileName: string, body: Buffer, type = XLSX, kind = 'enrollment') {
  const created = await a.request('POST', '/api/v1/imports', { kind, fileName });
  expect(created.statusCode, created.body).toBe(201);
  const jobId = created.json().job.id as string;
  const put = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/imports/${jobId}/file`,
    payload: body,
    headers: { cookie: a.cookie, 'x-csrf-token': a.csrfToken, 'content-type': type },
  });
  expect(put.statusCode, put.body).toBe(200);
  const health = await healthDuring(readSettled(jobId));
  // The API thread is not the one reading: it keeps answering while the file is read (the same files read on the
  // API thread held it for 10-20 s; the bound leaves room for a loaded test machine).
  expect(health.answers).toBeGreaterThan(0);
  expect(health.slowestMs).toBeLessThan(3000);
  if (process.env.IMPORT_LIMITS_TRACE) console.log(fileName, health);
  const job = (await a.request('GET', `/api/v1/imports/${jobId}`)).json().job;
  expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  return { jobId, job };
}

/** The job failed with a plain Chinese message naming the limit; nothing staged; the file kept for a re-read. */
async function expectRefused(job: { id: string; status: string; message: string | null }, limit: RegExp) {
  expect(job.status).toBe('failed');
  expect(job.message).toMatch(limit);
  expect(job.message).toMatch(/[\u4e00-\u9fff]/);
  expect(job.message).not.toMatch(/Error|heap|ERR_|undefined/);
  expect(await t.database.db.selectFrom('import_row').select('seq').where('job_id', '=', job.id).execute()).toEqual([]);
}

describe('[IMPORT] hostile files fail their own job, never the server', () => {
  it('one huge cell (a 400 MB cell in a 410 KB file, here 40 MB): refused at 256 KB of one text; 重新读取 fails the same way', async () => {
    const cell = Buffer.alloc(40 * 1024 * 1024, 'x');
    const body = xlsx([HEADER, '<row r="2"><c r="A2" t="inlineStr"><is><t>', cell, '</t></is></c></row>']);
    expect(body.length).toBeLessThan(200 * 1024);
    const { jobId, job } = await importHostile('大单元格.xlsx', body);
    await expectRefused(job, /256 KB/);
    // The job keeps its file; reading it again fails it again, and the server stays up.
    const again = await a.request('POST', `/api/v1/imports/${jobId}/read`);
    expect(again.statusCode).toBe(202);
    await healthDuring(readSettled(jobId));
    await expectRefused((await a.request('GET', `/api/v1/imports/${jobId}`)).json().job, /256 KB/);
  });

  it('a cell cut by tags into short texts (each under 256 KB, 40 MB together): refused at 4 MB of one row', async () => {
    const piece = `${'y'.repeat(1000)}<b/>`;
    const body = xlsx([HEADER, '<row r="2"><c r="A2" t="inlineStr"><is><t>', Buffer.from(piece.repeat(40_000)), '</t></is></c></row>']);
    const { job } = await importHostile('切开的单元格.xlsx', body);
    await expectRefused(job, /4 MB/);
  });

  it('whitespace (3 GB in a 3.1 MB file, here 100 MB in short runs between rows): refused as a zip bomb', async () => {
    const run = Buffer.from(`${' '.repeat(100_000)}<row r="3"/>`);
    const body = xlsx([HEADER, Buffer.concat(Array.from({ length: 1000 }, () => run))]);
    expect(body.length).toBeLessThan(500 * 1024);
    const { job } = await importHostile('空白.xlsx', body);
    await expectRefused(job, /200 倍.*2048 MB/);
  });

  it('a bomb in a part nobody reads (100 MB of zeros): refused as a zip bomb', async () => {
    const body = xlsx([HEADER], { parts: [{ name: 'xl/media/image1.png', data: Buffer.alloc(100 * 1024 * 1024) }] });
    const { job } = await importHostile('炸弹.xlsx', body);
    await expectRefused(job, /压缩炸弹/);
  });

  it('10 million shared strings in 25 MB (here 1,500,001): refused at 150 万 shared strings', async () => {
    const strings = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'),
      Buffer.from('<si><t>a</t></si>'.repeat(1_500_001)),
      Buffer.from('</sst>'),
    ]);
    const { job } = await importHostile('共享字符串.xlsx', xlsx([HEADER], { sharedStrings: strings }));
    await expectRefused(job, /150 万个/);
  });

  it('a CSV with one quoted field never closed (200 MB, here 5 MB): refused at 100 万 characters of one row', async () => {
    const body = Buffer.concat([Buffer.from('姓名,证件号码,户籍类型\r\n张三,"'), Buffer.alloc(5 * 1024 * 1024, 'a')]);
    const { job } = await importHostile('一个字段.csv', body, 'text/csv');
    await expectRefused(job, /100 万个字符/);
    // The worker that refused it (mid-file, a chunk perhaps on its way) reads the next file, and only that file.
    const ok = await importHostile('正常.csv', Buffer.from('姓名,证件号码,户籍类型\r\n张三,320508201805090247,本市城镇\r\n'), 'text/csv');
    expect([ok.job.status, ok.job.counts]).toEqual(['validated', { new: 1 }]);
  });

  it('a row wider than 1,000 columns is refused', async () => {
    const wide = `姓名,证件号码,户籍类型\r\n${Array.from({ length: 1500 }, () => 'x').join(',')}\r\n`;
    const { job } = await importHostile('宽.csv', Buffer.from(wide), 'text/csv');
    await expectRefused(job, /1000 列/);
  });

  it('a photo zip that inflates 2,000 times its size: refused as a zip bomb', async () => {
    const body = zip([{ name: '320508201805090247.jpg', data: Buffer.alloc(100 * 1024 * 1024) }]);
    const { job } = await importHostile('照片.zip', body, 'application/zip', 'photos');
    await expectRefused(job, /压缩炸弹/);
  });

  it('a reader that runs out of memory fails the job with a Chinese message, and the next read works', async () => {
    // Within every limit, but more than a 16 MB heap holds: 300,000 distinct shared strings.
    const strings = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'),
      Buffer.from(Array.from({ length: 300_000 }, (_, i) => `<si><t>第${i}个不同的文字用来占满内存</t></si>`).join('')),
      Buffer.from('</sst>'),
    ]);
    const heap = t.config.importReaderHeapMb;
    t.config.importReaderHeapMb = 16;
    try {
      const { job } = await importHostile('内存.xlsx', xlsx([HEADER], { sharedStrings: strings }));
      await expectRefused(job, /内存上限（16 MB）/);
    } finally {
      t.config.importReaderHeapMb = heap;
    }
    const ok = await importHostile('正常.xlsx', xlsx([HEADER, inlineRow(2, ['张三', '320508201805090247', '本市城镇'])]));
    expect(ok.job.status, ok.job.message).toBe('validated');
    expect(ok.job.counts).toEqual({ new: 1 });
  });
});

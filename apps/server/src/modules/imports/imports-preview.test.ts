import { computeResidentIdCheckChar, maskIdNumber } from '@canbao/domain';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inScope, type Scope } from '../../db/database';
import { TEST_PASSWORD, buildUnitWithOperator, buildUser } from '../../test/factories';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { commitSettled, readSettled } from './imports.service';
import { findImportRowsPage, importRowsPageQuery } from './imports.repository';

/**
 * The preview of an import (issue 13, item 12): the rows the commit will write, by outcome and a page at a time,
 * each with its masked number, the kind's key fields and what it will do.
 */

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const id = (first17: string) => first17 + computeResidentIdCheckChar(first17);
/** Valid pupil numbers of 姑苏区, born 2018, distinct per n (< 1000). */
const pupil = (n: number) => id(`3205082018${String(1 + (n % 12)).padStart(2, '0')}${10 + (n % 18)}${String(n).padStart(3, '0')}`);
const HEADERS = ['姓名', '证件号码', '户籍类型', '年级', '班级'];
const NAMES = '甲乙丙丁戊己庚辛壬癸';
const newName = (i: number) => `新生${NAMES[i % 10]}${NAMES[Math.floor(i / 10) % 10]}`;

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('参保学生');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

let t: TestApp;
let a: Client;
let b: Client;
let scopeA: Scope;
let scopeB: Scope;

async function upload(c: Client, fileName: string, body: Buffer) {
  const created = await c.request('POST', '/api/v1/imports', { kind: 'enrollment', fileName });
  expect(created.statusCode, created.body).toBe(201);
  const jobId = created.json().job.id as string;
  const res = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/imports/${jobId}/file`,
    payload: body,
    headers: { cookie: c.cookie, 'x-csrf-token': c.csrfToken, 'content-type': XLSX },
  });
  expect(res.statusCode, res.body).toBe(200);
  await readSettled(jobId);
  const job = (await c.request('GET', `/api/v1/imports/${jobId}`)).json().job;
  expect(job.status, job.message).toBe('validated');
  return { jobId, job };
}

async function commit(c: Client, jobId: string, allowErrors = false) {
  const res = await c.request('POST', `/api/v1/imports/${jobId}/commit`, { allowErrors });
  expect(res.statusCode, res.body).toBe(202);
  await commitSettled(jobId);
  return (await c.request('GET', `/api/v1/imports/${jobId}`)).json().job;
}

type Row = {
  seq: number;
  rowNo: number;
  outcome: string;
  name: string | null;
  documentNumber: string | null;
  fields: Record<string, string | null>;
  errors: { column: string; message: string }[];
  changes: { column: string; from: string | null; to: string | null }[];
  warnings: string[];
};
type Page = { items: Row[]; total: number; page: number; pageSize: number };
const rows = async (c: Client, jobId: string, query = '') => {
  const res = await c.request('GET', `/api/v1/imports/${jobId}/rows${query ? `?${query}` : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
};

const NEW = Array.from({ length: 25 }, (_, i) => pupil(100 + i));
const WRONG_CHECK = pupil(40).slice(0, 17) + (pupil(40).endsWith('1') ? '2' : '1');
let jobId: string;

beforeAll(async () => {
  t = await buildTestApp();
  const A = await buildUnitWithOperator(t.database.db, { name: '甲小学' });
  const B = await buildUnitWithOperator(t.database.db, { name: '乙小学' });
  a = await login(t.app, A.operator.username, TEST_PASSWORD);
  b = await login(t.app, B.operator.username, TEST_PASSWORD);
  scopeA = { userId: A.operator.id, username: A.operator.username, role: 'unit_operator', regionCode: A.unit.region_code, unitId: A.unit.id };
  scopeB = { userId: B.operator.id, username: B.operator.username, role: 'unit_operator', regionCode: B.unit.region_code, unitId: B.unit.id };

  // 甲小学 holds two pupils; 乙小学 holds one and stopped another.
  await commit(a, (await upload(a, '甲原有.xlsx', await xlsx([['马博文', pupil(1), '本市城镇', '01', '1班'], ['罗若曦', pupil(2), '本市城镇', '01', '1班']]))).jobId);
  await commit(b, (await upload(b, '乙原有.xlsx', await xlsx([['林梓萱', pupil(3), '外地', '01', '1班'], ['张语嫣', pupil(4), '本市城镇', '01', '1班']]))).jobId);
  const stopped = await t.database.db.selectFrom('person').select('id').where('document_number', '=', pupil(3)).executeTakeFirstOrThrow();
  expect((await b.request('POST', `/api/v1/persons/${stopped.id}/stop`, { reason: 'other' })).statusCode).toBe(204);

  // The file: 25 new pupils around one changed, one unchanged, one to take over and three wrong rows.
  const file: unknown[][] = [
    ['马博文', pupil(1), '本市城镇', '01', '2班'],
    ...NEW.slice(0, 10).map((n, i) => [newName(i), n, '本市城镇', '01', '1班']),
    ['钱多多', WRONG_CHECK, '本市城镇', '01', '3班'],
    ['罗若曦', pupil(2), '本市城镇', '01', '1班'],
    ...NEW.slice(10, 20).map((n, i) => [newName(i + 10), n, '本市农村', '02', '2班']),
    ['孙悟空', pupil(41), '火星', '01', '3班'],
    ['林梓萱', pupil(3), '外地', '01', '3班'],
    ['张语嫣', pupil(4), '本市城镇', '01', '3班'],
    ...NEW.slice(20).map((n, i) => [newName(i + 20), n, '外地', '01', '1班']),
  ];
  const up = await upload(a, '三年级名单.xlsx', await xlsx(file));
  jobId = up.jobId;
  expect(up.job.counts).toEqual({ new: 25, changed: 1, unchanged: 1, transfer_in: 1, error: 3 });
});
afterAll(() => t.close());

describe('[IMPORT] the preview lists the rows the commit will write', () => {
  it('gives each outcome’s rows with the masked number, the key fields and what each row will do', async () => {
    const counts = { new: 25, changed: 1, unchanged: 1, transfer_in: 1, error: 3 };
    const byOutcome: Record<string, Row[]> = {};
    for (const [outcome, n] of Object.entries(counts)) {
      const page = await rows(a, jobId, `outcome=${outcome}&pageSize=200`);
      expect([outcome, page.total, page.items.length]).toEqual([outcome, n, n]);
      expect(page.items.every((r) => r.outcome === outcome)).toBe(true);
      byOutcome[outcome] = page.items;
    }

    // A new pupil: what the register will hold, named (no codes).
    const first = byOutcome.new![0]!;
    expect(first).toMatchObject({ rowNo: 3, name: newName(0), documentNumber: maskIdNumber(NEW[0]!), errors: [], changes: [], warnings: [] });
    expect(first.fields).toEqual({ gender: expect.stringMatching(/^[男女]$/), birthDate: expect.stringMatching(/^2018-\d\d-\d\d$/), grade: '小学一年级', className: '1班', hukou: '本市城镇' });
    expect(byOutcome.new!.find((r) => r.documentNumber === maskIdNumber(NEW[12]!))!.fields).toMatchObject({ grade: '小学二年级', className: '2班', hukou: '本市农村' });

    // A pupil the unit holds: each column the file changes, from the register to the file.
    expect(byOutcome.changed![0]).toMatchObject({ name: '马博文', rowNo: 2, changes: [{ column: '班级', from: '1班', to: '2班' }] });
    expect(byOutcome.unchanged![0]).toMatchObject({ name: '罗若曦', changes: [] });
    // A pupil another unit stopped is taken over: the row says so.
    expect(byOutcome.transfer_in![0]!.warnings).toEqual(['原单位已办理减员，导入后转入本单位']);

    // Wrong rows: the number as typed, masked; the wrong cell as read; the holder named.
    const errors = Object.fromEntries(byOutcome.error!.map((r) => [r.name, r]));
    expect(errors['钱多多']).toMatchObject({ documentNumber: maskIdNumber(WRONG_CHECK), errors: [{ column: '证件号码', message: expect.stringContaining('校验位') }] });
    expect(errors['孙悟空']!.fields.hukou).toBe('火星');
    expect(errors['张语嫣']!.errors[0]!.message).toContain('乙小学');

    // Never a full number, whatever the outcome.
    for (const list of Object.values(byOutcome)) {
      for (const r of list) expect(r.documentNumber).toMatch(/^3205\*{10}[\dX]{4}$/);
    }
    const whole = await a.request('GET', `/api/v1/imports/${jobId}/rows?pageSize=200`);
    expect(whole.body).not.toMatch(/\d{17}[\dX]/);
    for (const n of [...NEW, pupil(1), pupil(2), pupil(3), pupil(4), WRONG_CHECK]) expect(whole.body).not.toContain(n);
  });

  it('pages an outcome by keyset (after the last row of the page before) and by number, with the right totals', async () => {
    const p1 = await rows(a, jobId, 'outcome=new&pageSize=10');
    const p2 = await rows(a, jobId, `outcome=new&pageSize=10&page=2&after=${p1.items.at(-1)!.seq}`);
    const p3 = await rows(a, jobId, `outcome=new&pageSize=10&page=3&after=${p2.items.at(-1)!.seq}`);
    const seqs = (p: Page) => p.items.map((r) => r.seq);
    expect([p1, p2, p3].map((p) => [p.total, p.page, p.items.length])).toEqual([
      [25, 1, 10],
      [25, 2, 10],
      [25, 3, 5],
    ]);
    expect(Math.min(...seqs(p2))).toBeGreaterThan(Math.max(...seqs(p1)));
    expect(Math.min(...seqs(p3))).toBeGreaterThan(Math.max(...seqs(p2)));
    expect(new Set([...seqs(p1), ...seqs(p2), ...seqs(p3)]).size).toBe(25);
    expect([...p1.items, ...p2.items, ...p3.items].map((r) => r.documentNumber)).toEqual(NEW.map(maskIdNumber));
    // `after` decides the page; `page` only names it.
    expect(seqs(await rows(a, jobId, `outcome=new&pageSize=10&after=${p1.items.at(-1)!.seq}`))).toEqual(seqs(p2));
    // By number, the same pages.
    expect(seqs(await rows(a, jobId, 'outcome=new&pageSize=10&page=2'))).toEqual(seqs(p2));
    expect(seqs(await rows(a, jobId, 'outcome=new&pageSize=10&page=3'))).toEqual(seqs(p3));
    // Past the end: nothing, the total unchanged; every outcome together is the whole file.
    expect(await rows(a, jobId, `outcome=new&after=${p3.items.at(-1)!.seq}`)).toMatchObject({ items: [], total: 25 });
    expect((await rows(a, jobId, 'pageSize=5')).total).toBe(31);

    // After the commit the rows are counted as they now stand.
    const job = await commit(a, jobId, true);
    expect(job.counts).toMatchObject({ created: 25, transferred_in: 1, changed: 1, error: 3 });
    const created = await rows(a, jobId, 'outcome=created&pageSize=10&page=3');
    expect([created.total, created.items.length]).toEqual([25, 5]);
    expect((await rows(a, jobId, 'outcome=new')).total).toBe(0);
  });

  it('another unit gets 404, and row-level security alone keeps the rows from its page query', async () => {
    for (const q of ['', '?outcome=new', '?outcome=error&after=3&pageSize=5']) {
      const res = await b.request('GET', `/api/v1/imports/${jobId}/rows${q}`);
      expect([res.statusCode, res.json().error.message]).toEqual([404, '导入任务不存在']);
      expect(res.body).not.toContain('新生');
    }
    const collector = await login(t.app, (await buildUser(t.database.db, { role: 'collector' })).username, TEST_PASSWORD);
    expect((await collector.request('GET', `/api/v1/imports/${jobId}/rows?outcome=created`)).statusCode).toBe(403);

    // The page query itself, without the service's check: B's transaction sees none of A's rows, A's sees them all.
    const page = { after: 0, offset: 0, limit: 200 };
    expect(await inScope(t.database.db, scopeB, (trx) => findImportRowsPage(trx, scopeB.regionCode, jobId, {}, page))).toEqual([]);
    expect(await inScope(t.database.db, scopeB, (trx) => findImportRowsPage(trx, scopeB.regionCode, jobId, { outcome: 'created' }, { offset: 0, limit: 10 }))).toEqual([]);
    expect(await inScope(t.database.db, scopeA, (trx) => findImportRowsPage(trx, scopeA.regionCode, jobId, {}, page))).toHaveLength(31);
  });

  it('refuses bad query parameters with a clear Chinese 400', async () => {
    const cases: Array<[string, string]> = [
      ['outcome=nonsense', '核对结果只能是以下之一'],
      ['outcome=' + 'x'.repeat(30), '核对结果只能是以下之一'],
      ['after=-1', '翻页位置不能为负数'],
      ['after=abc', '翻页位置须为整数'],
      ['after=1.5', '翻页位置须为整数'],
      ['pageSize=500', '每页最多 200 行'],
      ['pageSize=0', '每页至少 1 行'],
      ['page=0', '页码须从 1 开始'],
      ['page=x', '页码须为整数'],
    ];
    for (const [query, message] of cases) {
      const res = await a.request('GET', `/api/v1/imports/${jobId}/rows?${query}`);
      expect([query, res.statusCode]).toEqual([query, 400]);
      expect(res.json().error.message).toMatch(/^查询参数不符合要求：/);
      expect(res.json().error.message).toContain(message);
    }
  });

  it('a page of a large job reads a range of the primary key, not the whole job', async () => {
    // 20,000 staged rows of one job (inserted directly: the reading is not what is measured here).
    const job = await t.database.db
      .insertInto('import_job')
      .values({ region_code: scopeA.regionCode, unit_id: scopeA.unitId, kind: 'enrollment', status: 'validated', file_name: '大文件.xlsx', rows_total: 20_000, counts: JSON.stringify({ new: 19_980, error: 20 }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`
      INSERT INTO import_row (job_id, region_code, unit_id, seq, sheet, row_no, cells, outcome)
      SELECT ${job.id}::uuid, ${scopeA.regionCode}, ${scopeA.unitId}::uuid, g, '参保学生', g + 1, '[]'::jsonb, CASE WHEN g % 1000 = 0 THEN 'error' ELSE 'new' END
      FROM generate_series(1, 20000) g`.execute(t.database.db);
    await sql`ANALYZE import_row`.execute(t.database.db);
    const plan = await inScope(t.database.db, scopeA, async (trx) => {
      const explained = await importRowsPageQuery(trx, scopeA.regionCode, job.id, { outcome: 'new' }, { after: 15_000, offset: 0, limit: 20 }).explain('json');
      return JSON.stringify(explained);
    });
    expect(plan).toContain('import_row_pkey');
    expect(plan).not.toContain('Seq Scan');
    const deep = await inScope(t.database.db, scopeA, (trx) => findImportRowsPage(trx, scopeA.regionCode, job.id, { outcome: 'new' }, { after: 15_000, offset: 0, limit: 20 }));
    expect(deep.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => 15_001 + i));
    // The total of a validated job is its count: no pass over 20,000 rows per page.
    const errors = (await a.request('GET', `/api/v1/imports/${job.id}/rows?outcome=error&pageSize=50`)).json();
    expect([errors.items.length, errors.total]).toEqual([20, 20]);
  });
});

import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { readSheetRows } from './modules/imports/sheet-reader';
import { columnLetters, xmlText } from './xlsx-writer';
import { attachmentHeader, exportFilter, safeCell, sendXlsx, streamXlsx, uniqueSheetName, type ExportColumn } from './xlsx-export';

type Row = { n: number; s: string };
const columns: ExportColumn<Row>[] = [
  { header: '序号', width: 8, value: (r) => r.n },
  { header: '内容', width: 40, value: (r) => r.s },
];

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('streamXlsx', () => {
  it('writes every page under a bold, frozen header row', async () => {
    async function* pages() {
      yield [{ n: 1, s: '甲' }, { n: 2, s: '乙' }];
      yield [{ n: 3, s: '丙' }];
    }
    const { stream, done } = streamXlsx({ sheetName: '测试', columns, pages: pages() });
    const [file, result] = await Promise.all([collect(stream), done]);
    expect(result).toEqual({ rows: 3, complete: true });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('测试')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['序号', '内容']);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(2).width).toBe(40);
    expect((ws.getRow(4).values as unknown[]).slice(1)).toEqual([3, '丙']);
  });

  it('stops reading pages when the client goes away, so the transaction can end', async () => {
    let pagesRead = 0;
    let isGeneratorClosed = false;
    async function* endless() {
      try {
        for (;;) {
          pagesRead++;
          // Incompressible text, so the zip output outgrows the stream's buffer.
          yield Array.from({ length: 500 }, (_, i) => ({ n: i, s: randomBytes(48).toString('base64') }));
        }
      } finally {
        isGeneratorClosed = true;
      }
    }
    const { stream, done } = streamXlsx({ sheetName: '测试', columns, pages: endless() });
    // A client that reads one chunk, then hangs up — the way fastify destroys the payload of a closed response.
    await new Promise<void>((resolve) => stream.once('data', () => resolve()));
    stream.pause();
    await new Promise((r) => setTimeout(r, 50));
    stream.destroy();
    const result = await done;
    expect(result.complete).toBe(false);
    expect(isGeneratorClosed).toBe(true);
    expect(pagesRead).toBeLessThan(50);
  });

  it('a failing page destroys the stream and rejects', async () => {
    async function* failing() {
      yield [{ n: 1, s: '甲' }];
      throw new Error('database went away');
    }
    const { stream, done } = streamXlsx({ sheetName: '测试', columns, pages: failing() });
    const streamError = new Promise((resolve) => stream.once('error', resolve));
    stream.resume();
    await expect(done).rejects.toThrow('database went away');
    expect(await streamError).toBeInstanceOf(Error);
  });
});

describe('the xlsx writer', () => {
  it('carries every text a person can type, and drops only what XML cannot hold', async () => {
    const texts = ['a & b < c > d "e"', '  前后有空格  ', '第一行\n第二行', '表情😀与生僻字𠀀', 'bell\u0007 and form\u000c feed', 'half \ud800 pair', '<row r="1">'];
    async function* pages() {
      yield texts.map((s, n) => ({ n, s }));
    }
    const { stream, done } = streamXlsx({ sheetName: '测试', columns, pages: pages(), title: ['标题 & 副标题', '期间'] });
    const [file] = await Promise.all([collect(stream), done]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('测试')!;
    const expected = ['a & b < c > d "e"', '  前后有空格  ', '第一行\n第二行', '表情😀与生僻字𠀀', 'bell and form feed', 'half  pair', '<row r="1">'];
    expect(ws.getColumn(2).values.slice(4)).toEqual(expected);
    expect(ws.getCell('A1').value).toBe('标题 & 副标题');
    expect(ws.getRow(1).font).toMatchObject({ bold: true, size: 14 });
    expect(ws.getRow(3).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(ws.model.merges).toEqual(expect.arrayContaining(['A1:B1', 'A2:B2']));
    // The server's own import reader takes its files back (a corrected error report), cell for cell.
    const read = [];
    for await (const row of readSheetRows(Readable.from(file), 'xlsx')) read.push(row.cells);
    expect(read[0]).toEqual(['标题 & 副标题']);
    expect(read.slice(3).map((cells) => cells[1])).toEqual(expected.map((t) => t.trim()));
    expect(read.slice(3).map((cells) => cells[0])).toEqual(texts.map((_, n) => String(n)));
  });

  it('names columns past Z as Excel does', () => {
    expect([1, 26, 27, 52, 53, 702, 703, 16384].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
    expect(xmlText('plain 文字')).toBe('plain 文字');
  });
});

describe('formula neutralisation', () => {
  it('every string cell that would start a formula goes out with a single quote; numbers and amounts do not', async () => {
    const hostile = ['=HYPERLINK("http://x","y")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1'];
    const plain = ['张三', 'a=b', '-12.00', '+8613912345678', ''];
    type R = { v: string | number };
    async function* pages() {
      yield [...hostile, ...plain, -5, 0, 12.5].map((v) => ({ v }));
    }
    const { stream, done } = streamXlsx<R>({ sheetName: '测试', columns: [{ header: '=header()', width: 20, value: (r) => r.v }], pages: pages() });
    const [file] = await Promise.all([collect(stream), done]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('测试')!;
    const values = ws.getColumn(1).values.slice(1);
    expect(values[0]).toBe("'=header()");
    // (XML reads a CR back as a line feed.)
    const expected = [...hostile.map((v) => `'${v}`.replace('\r', '\n')), '张三', 'a=b', '-12.00', '+8613912345678', undefined, -5, 0, 12.5];
    expect(values.slice(1)).toEqual(expected);
    // No cell is a formula, and no text cell begins with one.
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=@\t\r]|^[+-](?!\d+(\.\d+)?$)/);
      }),
    );
  });

  it('safeCell leaves non-strings alone', () => {
    const d = new Date();
    expect([safeCell(-1), safeCell(null), safeCell(d), safeCell('=1')]).toEqual([-1, null, d, "'=1"]);
  });
});

describe('sendXlsx', () => {
  /** A server whose one route exports through sendXlsx; `events` records what the "transaction" saw. */
  async function serve(pages: () => AsyncIterable<Row[]>) {
    const events: string[] = [];
    const app = Fastify();
    app.get('/export', (_request, reply) =>
      sendXlsx(reply, async (send) => {
        events.push('begin');
        const { stream, done } = streamXlsx({ sheetName: '测试', columns, pages: pages() });
        await send({ fileName: '测试.xlsx', asciiFileName: 'test.xlsx', stream, done: done.then((r) => void events.push(`audit ${r.rows} ${r.complete}`)) });
        events.push('commit');
      }),
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { app, events, port: (app.server.address() as AddressInfo).port };
  }

  it('ends the response only after the transaction is done', async () => {
    const { app, events, port } = await serve(async function* () {
      yield [{ n: 1, s: '甲' }];
    });
    const res = await fetch(`http://127.0.0.1:${port}/export`);
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const file = Buffer.from(await res.arrayBuffer());
    // By the time the client has the whole file, the audit row is written and committed.
    expect(events).toEqual(['begin', 'audit 1 true', 'commit']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.rowCount).toBe(2);
    await app.close();
  });

  it('a failing export never ends as a complete file', async () => {
    const { app, events, port } = await serve(async function* () {
      yield [{ n: 1, s: '甲' }];
      throw new Error('database went away');
    });
    const outcome = await fetch(`http://127.0.0.1:${port}/export`).then(
      async (res) => (res.ok ? res.arrayBuffer().then(() => 'complete', () => 'broken') : `status ${res.status}`),
      () => 'broken',
    );
    expect(outcome === 'broken' || outcome === 'status 500', outcome).toBe(true);
    expect(events).toEqual(['begin']);
    await app.close();
  });

  it('a client that hangs up mid-download ends the export and the transaction', async () => {
    let isGeneratorClosed = false;
    const { app, events, port } = await serve(async function* () {
      try {
        for (;;) yield Array.from({ length: 500 }, (_, i) => ({ n: i, s: randomBytes(48).toString('base64') }));
      } finally {
        isGeneratorClosed = true;
      }
    });
    await new Promise<void>((resolve, reject) => {
      const req = http.get(`http://127.0.0.1:${port}/export`, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (e) => (e.message.includes('socket hang up') ? resolve() : reject(e)));
    });
    await expect.poll(() => events.at(-1), { timeout: 5_000 }).toBe('commit');
    expect(events[1]).toMatch(/^audit \d+ false$/);
    expect(isGeneratorClosed).toBe(true);
    await app.close();
  });
});

describe('export helpers', () => {
  it('names the file in UTF-8 with an ASCII fallback', () => {
    expect(attachmentHeader('参保人员_2026-11-23.xlsx', 'persons_2026-11-23.xlsx')).toBe(
      `attachment; filename="persons_2026-11-23.xlsx"; filename*=UTF-8''${encodeURIComponent('参保人员_2026-11-23.xlsx')}`,
    );
  });

  it('keeps only the filters that were set', () => {
    expect(exportFilter({ q: '', className: '3班', unitId: undefined })).toEqual({ className: '3班' });
  });
});

describe('a sheet per value', () => {
  it('names sheets as Excel allows: characters it refuses replaced, at most 31, never twice the same', () => {
    const taken = new Set<string>();
    expect(uniqueSheetName('小学一年级1班', taken)).toBe('小学一年级1班');
    expect(uniqueSheetName('小学一年级1班', taken)).toBe('小学一年级1班-2');
    expect(uniqueSheetName('a/b:c*d?e[f]g\\h', taken)).toBe('a b c d e f g h');
    const long = uniqueSheetName('很长的单位名称'.repeat(10), taken);
    expect(long.length).toBeLessThanOrEqual(31);
    expect(uniqueSheetName('很长的单位名称'.repeat(10), taken)).toMatch(/-2$/);
    expect(uniqueSheetName('  ', taken)).toBe('工作表');
  });

  it('starts a new sheet whenever the value changes, and writes a header on each', async () => {
    const columns: ExportColumn<{ cls: string; name: string }>[] = [{ header: '姓名', width: 10, value: (r) => r.name }];
    async function* pages() {
      yield [{ cls: '1班', name: '甲' }, { cls: '1班', name: '乙' }];
      yield [{ cls: '2班', name: '丙' }];
    }
    const { stream, done } = streamXlsx({ sheetName: '空', columns, pages: pages(), sheetOf: (r) => r.cls });
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    await done;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => [w.name, w.rowCount])).toEqual([['1班', 3], ['2班', 2]]);
    expect(wb.worksheets[1]!.getRow(1).getCell(1).text).toBe('姓名');
  });
});

describe('an export refused before its file starts', () => {
  it('answers the refusal as JSON and leaves no stray error behind', async () => {
    const app = Fastify({ logger: false });
    app.setErrorHandler((e, _req, reply) => reply.code(400).send({ error: { message: (e as Error).message } }));
    app.get('/x', (_req, reply) =>
      sendXlsx(reply, async () => {
        throw new Error('请选择单位');
      }),
    );
    const stray: unknown[] = [];
    const onStray = (e: unknown) => stray.push(e);
    process.on('uncaughtException', onStray);
    try {
      const res = await app.inject({ method: 'GET', url: '/x' });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: { message: '请选择单位' } });
      await new Promise((r) => setTimeout(r, 50));
      expect(stray).toEqual([]);
    } finally {
      process.off('uncaughtException', onStray);
      await app.close();
    }
  });
});

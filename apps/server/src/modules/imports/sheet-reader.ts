import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import unzipper from 'unzipper';

export type SheetFormat = 'xlsx' | 'csv' | 'zip';

/**
 * One row as read: the texts of its cells by 0-based column, and its 1-based row number in its sheet. A zip's
 * files are rows too: the file name as the one cell, its bytes as `blob` (null when over `maxFileBytes`).
 */
export type SheetRow = { sheet: string; sheetIndex: number; rowNo: number; cells: string[]; blob?: Buffer | null };

export class SheetReadError extends Error {}

const pad = (n: number) => String(n).padStart(2, '0');

/** The quote `safeCell` (xlsx-export.ts) puts before a text that would start a formula. */
const NEUTRALISED = /^'[=+\-@\t\r]/;

/**
 * A cell's text without the quote the server's own files put before a would-be formula, so an error report
 * corrected and imported again reads as the original file did.
 */
export function unquoteCell(text: string): string {
  return NEUTRALISED.test(text) ? text.slice(1) : text;
}

/** A cell value of exceljs as the text a person sees in the cell. Dates as YYYY-MM-DD (calendar days). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return unquoteCell(value);
  if (typeof value === 'number') {
    // Beyond 15 digits Excel has already lost precision; print without an exponent so the validator says why.
    return Number.isInteger(value) && Math.abs(value) >= 1e15 ? BigInt(value).toString() : String(value);
  }
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) {
    // exceljs gives a date cell as UTC midnight of the calendar day typed.
    return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  }
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return unquoteCell(v.richText.map((r) => r.text).join(''));
    if ('result' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error !== undefined) return '';
  }
  return String(value);
}

/** Rows of an xlsx workbook, sheet by sheet, streamed: memory stays flat whatever the number of rows. */
async function* readXlsx(input: Readable): AsyncGenerator<SheetRow> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    // Styles are needed to tell a date cell from a number cell.
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let sheetIndex = 0;
  try {
    for await (const worksheet of workbook) {
      const ws = worksheet as unknown as AsyncIterable<{ number: number; values: unknown[] }> & { name: string };
      for await (const row of ws) {
        const values = Array.isArray(row.values) ? row.values : [];
        const cells: string[] = [];
        // row.values is 1-based and sparse.
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]).trim());
        if (cells.some((c) => c !== '')) yield { sheet: ws.name, sheetIndex, rowNo: row.number, cells };
      }
      sheetIndex++;
    }
  } catch (e) {
    if (e instanceof SheetReadError) throw e;
    throw new SheetReadError('无法读取该 xlsx 文件：文件已损坏或不是 Excel 2007 及以后的 .xlsx 格式（.xls 请在 Excel 中另存为 .xlsx）');
  }
}

/**
 * Decides a CSV file's encoding from its first bytes: a UTF-8 BOM or valid UTF-8 → utf8; anything else is taken
 * as GB18030 (a superset of GBK and GB2312, which many offices' Excel still saves).
 */
export function detectCsvEncoding(head: Buffer): 'utf8' | 'gb18030' {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf8';
  try {
    // stream: true lets a multi-byte character cut at the end of the sample pass.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf8';
  } catch {
    return 'gb18030';
  }
}

async function* readCsv(input: Readable, onEncoding: (encoding: string) => void): AsyncGenerator<SheetRow> {
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < 64 * 1024) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    chunks.push(chunk);
    size += chunk.length;
  }
  const encoding = detectCsvEncoding(Buffer.concat(chunks));
  onEncoding(encoding);
  async function* rest() {
    yield* chunks;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const decoded = Readable.from(rest()).pipe(iconv.decodeStream(encoding, { stripBOM: true }));
  const parser = decoded.pipe(parseCsv({ relax_column_count: true, skip_empty_lines: true, bom: true, trim: true, info: true }));
  try {
    for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const cells = record.record.map((c) => unquoteCell(c.trim()));
      if (cells.some((c) => c !== '')) yield { sheet: 'CSV', sheetIndex: 0, rowNo: record.info.lines, cells };
    }
  } catch (e) {
    const where = e && typeof e === 'object' && 'lines' in e ? `（第 ${String((e as { lines: unknown }).lines)} 行附近）` : '';
    throw new SheetReadError(`无法读取该 CSV 文件${where}：请检查引号是否成对、文件是否为 CSV 格式`);
  }
}

/** Files of a zip, streamed entry by entry; folders and the Mac resource files are skipped. */
async function* readZip(input: Readable, maxFileBytes: number): AsyncGenerator<SheetRow> {
  const parser = input.pipe(unzipper.Parse({ forceStream: true }));
  let rowNo = 0;
  try {
    for await (const entry of parser) {
      const name = entry.path.split('/').pop() ?? '';
      if (entry.type !== 'File' || entry.path.startsWith('__MACOSX/') || name.startsWith('.') || !name) {
        await entry.autodrain().promise();
        continue;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size <= maxFileBytes) chunks.push(chunk);
      }
      yield { sheet: '照片', sheetIndex: 0, rowNo: ++rowNo, cells: [name], blob: size <= maxFileBytes ? Buffer.concat(chunks) : null };
    }
  } catch {
    throw new SheetReadError('无法读取该 zip 文件：文件已损坏或不是 zip 格式');
  }
}

/** Reads an upload as rows, streaming; `onEncoding` learns the text encoding of a CSV. */
export function readSheetRows(
  input: Readable,
  format: SheetFormat,
  onEncoding: (encoding: string) => void = () => {},
  maxFileBytes = 1024 * 1024,
): AsyncGenerator<SheetRow> {
  if (format === 'zip') return readZip(input, maxFileBytes);
  return format === 'xlsx' ? readXlsx(input) : readCsv(input, onEncoding);
}

/** The format of an upload from its file name or content type; null when neither says xlsx or csv. */
export function formatOf(fileName: string, contentType: string | undefined): SheetFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.zip')) return 'zip';
  if (contentType?.includes('spreadsheetml')) return 'xlsx';
  if (contentType?.includes('csv')) return 'csv';
  if (contentType?.includes('zip')) return 'zip';
  return null;
}

import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import parseSax from 'exceljs/lib/utils/parse-sax.js';
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

/**
 * What one uploaded file may make the reader hold or do, whatever its size on disk. Every limit refuses the file
 * with a message naming it (the job's failure message); the table is in docs/architecture.md. The reading itself
 * runs in a worker thread with a bounded heap (sheet-reading.ts), so a file that still gets past these only
 * fails its own job.
 */
export const FILE_LIMITS = {
  /** Characters of one cell: Excel's own limit. */
  cellChars: 32_767,
  /** Characters of one row (all its cells), xlsx and CSV alike; for CSV also the size of one record as parsed. */
  rowChars: 1_000_000,
  /** Characters of all the cells of a file together (what staging may have to store of it). */
  fileChars: 300_000_000,
  /** Row numbers of a worksheet (Excel's own limit), and characters of a worksheet's name (staged with each row). */
  rows: 1_048_576,
  sheetNameChars: 100,
  /** Columns of one row (up to the last non-empty cell). */
  columns: 1_000,
  /** Bytes of xlsx XML after one '<' before the next (a tag and the text after it: a cell's escaped text fits). */
  xmlRunBytes: 256 * 1024,
  /** Bytes of one xlsx row (`<row>…</row>`) or one shared string (`<si>…</si>`) as XML. */
  xmlRecordBytes: 4 * 1024 * 1024,
  /** Shared strings of a workbook (the distinct texts Excel stores once), and their characters together. */
  sharedStrings: 1_500_000,
  sharedStringChars: 48_000_000,
  /** Bytes of each other part read whole (workbook, styles, relationships). */
  partBytes: 16 * 1024 * 1024,
  /** Worksheets of a workbook. */
  worksheets: 100,
  /** Entries of a zip (an xlsx's parts, or the files of a photo zip). */
  zipEntries: 100_000,
  /** Decompressed bytes of a zip: at most this many times the bytes read, above the floor, and never over the cap. */
  inflateRatio: 200,
  inflateFloorBytes: 64 * 1024 * 1024,
  inflateMaxBytes: 2048 * 1024 * 1024,
} as const;

export type FileLimits = { [K in keyof typeof FILE_LIMITS]: number };

const MB = 1024 * 1024;
/** A count with its unit as a message says it: 2000000 个 → “200 万个”, 1000 个 → “1000 个”. */
const count = (n: number, unit: string) => (n % 10_000 === 0 ? `${n / 10_000} 万${unit}` : `${n} ${unit}`);

/**
 * The decompressed bytes of one zip against the compressed bytes read so far (zip bombs): a 3 MB file that
 * inflates to gigabytes is refused at the first limit it passes, before any of it is held.
 */
class InflateBudget {
  compressed = 0;
  inflated = 0;
  constructor(private readonly limits: FileLimits) {}
  add(bytes: number) {
    this.inflated += bytes;
    const l = this.limits;
    if (this.inflated > Math.min(l.inflateMaxBytes, Math.max(l.inflateFloorBytes, l.inflateRatio * this.compressed))) {
      throw new SheetReadError(
        `文件解压后的内容超过上限（解压后不得超过文件大小的 ${l.inflateRatio} 倍，且不超过 ${Math.round(l.inflateMaxBytes / MB)} MB），疑似压缩炸弹，已拒绝读取`,
      );
    }
  }
}

/** Counts the bytes of the input as the zip reader takes them. */
function countCompressed(input: Readable, budget: InflateBudget): Readable {
  async function* counted() {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      budget.compressed += chunk.length;
      yield chunk;
    }
  }
  return Readable.from(counted(), { objectMode: false });
}

const LT = 0x3c;
/** Bytes after a tag name that end it. */
const NAME_END = new Set([0x20, 0x09, 0x0a, 0x0d, 0x3e, 0x2f]);

/**
 * A byte scan of one xlsx XML part before the XML parser sees it, a few native searches per chunk (not per byte):
 * - no run after a '<' longer than xmlRunBytes: a parser holds a text or a tag whole (one 400 MB cell, gigabytes
 *   of whitespace);
 * - no record element (`row`, `si`) longer than xmlRecordBytes: exceljs joins a cell's text across inner tags.
 * A record runs from `<row` to `</row` (or the next `<row`, or `</sheetData`). '<' never occurs inside a UTF-8
 * sequence. A prefixed element (`x:row`) is not a record here, and exceljs does not read it either.
 */
export class XmlScanner {
  private run = 0;
  private inside = false;
  private record = 0;
  private carry = Buffer.alloc(0);
  private readonly tokens: { bytes: Buffer; opens: boolean }[];
  constructor(
    recordName: 'row' | 'si' | null,
    private readonly limits: FileLimits,
  ) {
    this.tokens = !recordName
      ? []
      : [
          { bytes: Buffer.from(`<${recordName}`), opens: true },
          { bytes: Buffer.from(`</${recordName}`), opens: false },
          ...(recordName === 'row' ? [{ bytes: Buffer.from('</sheetData'), opens: false }] : []),
        ];
  }

  feed(buf: Buffer) {
    if (!buf.length) return;
    this.checkRuns(buf);
    if (this.tokens.length) this.trackRecords(buf);
  }

  private runTooLong(): never {
    throw new SheetReadError(
      `文件中有一段连续内容超过 ${Math.round(this.limits.xmlRunBytes / 1024)} KB（一个单元格最多 ${FILE_LIMITS.cellChars} 个字符），不是正常的 Excel 文件，已拒绝读取`,
    );
  }

  /** Gaps between consecutive '<' within the limit: from each '<', jump to the last '<' within reach. */
  private checkRuns(buf: Buffer) {
    const max = this.limits.xmlRunBytes;
    const first = buf.indexOf(LT);
    if (first === -1) {
      this.run += buf.length;
      if (this.run > max) this.runTooLong();
      return;
    }
    if (this.run + first > max) this.runTooLong();
    let p = first;
    while (buf.length - 1 - p > max) {
      const q = buf.lastIndexOf(LT, p + max + 1);
      if (q <= p) this.runTooLong();
      p = q;
    }
    this.run = buf.length - 1 - buf.lastIndexOf(LT);
  }

  private trackRecords(buf: Buffer) {
    const events: { pos: number; opens: boolean }[] = [];
    const find = (hay: Buffer, shift: number, below: number) => {
      for (const t of this.tokens) {
        for (let i = hay.indexOf(t.bytes); i !== -1 && i < below; i = hay.indexOf(t.bytes, i + 1)) {
          const after = i + t.bytes.length;
          if (after < hay.length && NAME_END.has(hay[after]!)) events.push({ pos: i - shift, opens: t.opens });
        }
      }
    };
    // Tokens cut by the previous chunk's end, found again with the bytes kept from it (applying one twice is harmless).
    if (this.carry.length) find(Buffer.concat([this.carry, buf.subarray(0, 16)]), this.carry.length, this.carry.length);
    find(buf, 0, buf.length);
    events.sort((x, y) => x.pos - y.pos);
    let cursor = 0;
    for (const e of events) {
      if (this.inside && e.pos > cursor) this.addRecord(e.pos - cursor);
      this.inside = e.opens;
      this.record = 0;
      cursor = e.pos;
    }
    if (this.inside) this.addRecord(buf.length - cursor);
    this.carry = Buffer.from(buf.length >= 16 ? buf.subarray(buf.length - 16) : Buffer.concat([this.carry, buf]).subarray(-16));
  }

  private addRecord(bytes: number) {
    this.record += bytes;
    if (this.record > this.limits.xmlRecordBytes) {
      throw new SheetReadError(`文件中有一行或一段文字超过 ${Math.round(this.limits.xmlRecordBytes / MB)} MB 的上限，已拒绝读取`);
    }
  }
}

/** A zip entry's bytes, pulled (the consumer's pace), counted against the budget and, for XML, scanned. */
async function* guarded(entry: AsyncIterable<Buffer>, budget: InflateBudget, scanner: XmlScanner | null, partMax = Infinity): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of entry) {
    budget.add(chunk.length);
    bytes += chunk.length;
    if (bytes > partMax) throw new SheetReadError(`文件的工作簿、样式或关联信息超过 ${Math.round(partMax / MB)} MB 的上限，不是正常的 Excel 文件，已拒绝读取`);
    scanner?.feed(chunk);
    yield chunk;
  }
}

async function drain(entry: AsyncIterable<Buffer>, budget: InflateBudget) {
  for await (const chunk of entry) budget.add(chunk.length);
}

type XlsxInternals = {
  options: Record<string, string>;
  sharedStrings?: string[];
  workbookRels?: unknown;
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string): Iterable<{ eventType: string; value: unknown }>;
  parse(): AsyncGenerator<{ eventType: string; value: unknown }>;
};

/** The texts of xl/sharedStrings.xml (rich text joined, phonetic runs left out), within the limits. */
async function readSharedStrings(source: AsyncIterable<Buffer>, limits: FileLimits): Promise<string[]> {
  const strings: string[] = [];
  let chars = 0;
  let parts: string[] = [];
  let inT = false;
  let inPhonetic = false;
  type SaxEvent = { eventType: string; value: { name?: string } | string };
  for await (const events of parseSax(source) as AsyncIterable<SaxEvent[]>) {
    for (const { eventType, value } of events) {
      if (eventType === 'text') {
        if (inT && !inPhonetic) parts.push(value as string);
        continue;
      }
      const name = (value as { name: string }).name;
      if (eventType === 'opentag') {
        if (name === 'si') parts = [];
        else if (name === 't') inT = true;
        else if (name === 'rPh') inPhonetic = true;
      } else if (eventType === 'closetag') {
        if (name === 't') inT = false;
        else if (name === 'rPh') inPhonetic = false;
        else if (name === 'si') {
          const text = parts.length === 1 ? parts[0]! : parts.join('');
          parts = [];
          chars += text.length;
          if (strings.length >= limits.sharedStrings) {
            throw new SheetReadError(`文件中不同的文字超过 ${count(limits.sharedStrings, '个')}（共享字符串的上限），请分批导入，或另存为 CSV 后导入`);
          }
          if (chars > limits.sharedStringChars) {
            throw new SheetReadError(`文件中的文字共超过 ${count(limits.sharedStringChars, '个字符')}（共享字符串的上限），请分批导入，或另存为 CSV 后导入`);
          }
          strings.push(text);
        }
      }
    }
  }
  return strings;
}

/**
 * exceljs' streaming workbook, its zip loop replaced by one that guards every part: each entry's bytes count
 * against the inflate budget and are pulled at the parser's pace (exceljs' own loop reads an entry as fast as it
 * inflates, holding what the parser has not reached), XML is scanned, shared strings are read within their
 * limits. A worksheet that comes before the shared strings waits in a temporary file, as in exceljs.
 */
function guardedWorkbook(input: Readable, limits: FileLimits, tempDir: string | undefined): AsyncIterable<unknown> {
  const budget = new InflateBudget(limits);
  const source = countCompressed(input, budget);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    sharedStrings: 'cache',
    // Styles are needed to tell a date cell from a number cell.
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const wb = workbook as unknown as XlsxInternals;
  wb.parse = async function* parse() {
    const zip = source.pipe(unzipper.Parse({ forceStream: true }));
    const waiting: { sheetNo: string; file: string }[] = [];
    let dir: string | null = null;
    let entries = 0;
    let sheets = 0;
    try {
      for await (const entry of zip) {
        if (++entries > limits.zipEntries) throw new SheetReadError(`文件包含的部分超过 ${limits.zipEntries} 个的上限，不是正常的 Excel 文件，已拒绝读取`);
        const path = entry.path;
        // As exceljs matches them (unanchored).
        const sheet = /xl\/worksheets\/sheet(\d+)[.]xml/.exec(path);
        const part = () => Readable.from(guarded(entry, budget, new XmlScanner(null, limits), limits.partBytes));
        if (path === 'xl/_rels/workbook.xml.rels') await wb._parseRels(part());
        else if (path === 'xl/workbook.xml') await wb._parseWorkbook(part());
        else if (path === 'xl/styles.xml') await wb._parseStyles(part());
        else if (path === 'xl/sharedStrings.xml') wb.sharedStrings = await readSharedStrings(guarded(entry, budget, new XmlScanner('si', limits)), limits);
        else if (sheet) {
          if (++sheets > limits.worksheets) throw new SheetReadError(`工作表超过 ${limits.worksheets} 个的上限，请分批导入`);
          const rows = guarded(entry, budget, new XmlScanner('row', limits));
          if (wb.sharedStrings && wb.workbookRels) {
            yield* wb._parseWorksheet(rows, sheet[1]!);
          } else {
            dir ??= await mkdtemp(join(tempDir ?? tmpdir(), 'canbao-xlsx-'));
            const file = join(dir, `sheet${sheet[1]}.xml`);
            await pipeline(Readable.from(rows), createWriteStream(file));
            waiting.push({ sheetNo: sheet[1]!, file });
          }
        } else {
          await drain(entry, budget);
        }
      }
      for (const w of waiting) yield* wb._parseWorksheet(createReadStream(w.file), w.sheetNo);
    } finally {
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  };
  return workbook as unknown as AsyncIterable<unknown>;
}

/** The characters read so far of one file. */
type Tally = { chars: number };

/** A row's cells within the cell, row, width and file limits. */
function checkedCells(sheet: string, rowNo: number, cells: string[], limits: FileLimits, tally: Tally): string[] {
  let last = cells.length;
  while (last > 0 && cells[last - 1] === '') last--;
  if (last > limits.columns) throw new SheetReadError(`“${sheet}”表第 ${rowNo} 行超过 ${limits.columns} 列的上限，请删除多余的列后重新导入`);
  let chars = 0;
  for (let i = 0; i < last; i++) {
    const n = cells[i]!.length;
    if (n > limits.cellChars) throw new SheetReadError(`“${sheet}”表第 ${rowNo} 行第 ${i + 1} 列的内容超过 ${limits.cellChars} 个字符（单元格的上限）`);
    chars += n;
  }
  if (chars > limits.rowChars) throw new SheetReadError(`“${sheet}”表第 ${rowNo} 行的内容超过 ${count(limits.rowChars, '个字符')}的上限`);
  tally.chars += chars;
  if (tally.chars > limits.fileChars) throw new SheetReadError(`文件的内容共超过 ${count(limits.fileChars, '个字符')}的上限，请分批导入`);
  return last === cells.length ? cells : cells.slice(0, last);
}

/** Rows of an xlsx workbook, sheet by sheet, streamed: memory stays flat whatever the number of rows. */
async function* readXlsx(input: Readable, limits: FileLimits, tempDir: string | undefined): AsyncGenerator<SheetRow> {
  const workbook = guardedWorkbook(input, limits, tempDir);
  const tally: Tally = { chars: 0 };
  let sheetIndex = 0;
  try {
    for await (const worksheet of workbook) {
      const ws = worksheet as unknown as AsyncIterable<{ number: number; values: unknown[] }> & { name: string };
      // Staged with every row: Excel's names have at most 31 characters.
      if (ws.name.length > limits.sheetNameChars) throw new SheetReadError(`有工作表的名称超过 ${limits.sheetNameChars} 个字符，请改短后重新导入`);
      for await (const row of ws) {
        if (!Number.isInteger(row.number) || row.number < 1 || row.number > limits.rows) {
          throw new SheetReadError(`“${ws.name}”表有行号不在 1 至 ${limits.rows} 之间的行，不是正常的 Excel 文件，已拒绝读取`);
        }
        const values = Array.isArray(row.values) ? row.values : [];
        if (values.length - 1 > limits.columns && values.slice(limits.columns + 1).some((v) => cellText(v).trim() !== '')) {
          throw new SheetReadError(`“${ws.name}”表第 ${row.number} 行超过 ${limits.columns} 列的上限，请删除多余的列后重新导入`);
        }
        const cells: string[] = [];
        // row.values is 1-based and sparse.
        for (let i = 1; i < values.length && i <= limits.columns; i++) cells.push(cellText(values[i]).trim());
        if (cells.some((c) => c !== '')) yield { sheet: ws.name, sheetIndex, rowNo: row.number, cells: checkedCells(ws.name, row.number, cells, limits, tally) };
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

async function* readCsv(input: Readable, onEncoding: (encoding: string) => void, limits: FileLimits): AsyncGenerator<SheetRow> {
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
  // max_record_size bounds what the parser holds of one record (a quote never closed holds the rest of the file).
  const parser = decoded.pipe(
    parseCsv({ relax_column_count: true, skip_empty_lines: true, bom: true, trim: true, info: true, max_record_size: limits.rowChars }),
  );
  const tally: Tally = { chars: 0 };
  try {
    for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (record.record.length > limits.columns && record.record.slice(limits.columns).some((c) => c.trim() !== '')) {
        throw new SheetReadError(`CSV 文件第 ${record.info.lines} 行超过 ${limits.columns} 列的上限，请删除多余的列后重新导入`);
      }
      const cells = record.record.slice(0, limits.columns).map((c) => unquoteCell(c.trim()));
      if (cells.some((c) => c !== '')) yield { sheet: 'CSV', sheetIndex: 0, rowNo: record.info.lines, cells: checkedCells('CSV', record.info.lines, cells, limits, tally) };
    }
  } catch (e) {
    if (e instanceof SheetReadError) throw e;
    const where = e && typeof e === 'object' && 'lines' in e ? `（第 ${String((e as { lines: unknown }).lines)} 行附近）` : '';
    if (e && typeof e === 'object' && 'code' in e && e.code === 'CSV_MAX_RECORD_SIZE') {
      throw new SheetReadError(`CSV 文件${where}有一行超过 ${count(limits.rowChars, '个字符')}的上限：请检查引号是否成对`);
    }
    throw new SheetReadError(`无法读取该 CSV 文件${where}：请检查引号是否成对、文件是否为 CSV 格式`);
  }
}

/** Files of a zip, streamed entry by entry; folders and the Mac resource files are skipped. */
async function* readZip(input: Readable, maxFileBytes: number, limits: FileLimits): AsyncGenerator<SheetRow> {
  const budget = new InflateBudget(limits);
  const parser = countCompressed(input, budget).pipe(unzipper.Parse({ forceStream: true }));
  let rowNo = 0;
  let entries = 0;
  try {
    for await (const entry of parser) {
      if (++entries > limits.zipEntries) throw new SheetReadError(`压缩包中的文件超过 ${limits.zipEntries} 个的上限，请分批导入`);
      const name = entry.path.split('/').pop() ?? '';
      if (entry.type !== 'File' || entry.path.startsWith('__MACOSX/') || name.startsWith('.') || !name) {
        await drain(entry, budget);
        continue;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        budget.add(chunk.length);
        size += chunk.length;
        if (size <= maxFileBytes) chunks.push(chunk);
        else chunks.length = 0;
      }
      yield { sheet: '照片', sheetIndex: 0, rowNo: ++rowNo, cells: [name.slice(0, limits.cellChars)], blob: size <= maxFileBytes ? Buffer.concat(chunks) : null };
    }
  } catch (e) {
    if (e instanceof SheetReadError) throw e;
    throw new SheetReadError('无法读取该 zip 文件：文件已损坏或不是 zip 格式');
  }
}

export type ReadOptions = {
  /** Learns the text encoding of a CSV. */
  onEncoding?: (encoding: string) => void;
  /** A zip's files over this size come as rows without their bytes. */
  maxFileBytes?: number;
  limits?: Partial<FileLimits>;
  /** Where a worksheet stored before the shared strings waits (default: the system's temporary folder). */
  tempDir?: string;
};

/** Reads an upload as rows, streaming, within FILE_LIMITS. */
export function readSheetRows(input: Readable, format: SheetFormat, options: ReadOptions = {}): AsyncGenerator<SheetRow> {
  const limits: FileLimits = { ...FILE_LIMITS, ...options.limits };
  if (format === 'zip') return readZip(input, options.maxFileBytes ?? 1024 * 1024, limits);
  return format === 'xlsx' ? readXlsx(input, limits, options.tempDir) : readCsv(input, options.onEncoding ?? (() => {}), limits);
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

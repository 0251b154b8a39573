import { PassThrough, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FastifyReply } from 'fastify';
import { XlsxStreamWriter } from './xlsx-writer';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A text Excel (or LibreOffice, or a CSV opened in either) would take as a formula: = + - @, tab or CR first. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number (an amount such as -12.00): no formula, kept as it is. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * A cell value as every file the server writes carries it (exports, import templates, error reports): a string
 * that would start a formula gets a single quote in front (OWASP "CSV injection"), so a person named
 * `=HYPERLINK(...)` reaches the spreadsheet as text. Numbers, dates and plain decimal strings pass unchanged.
 * The readers of uploads drop that quote again (see `cellText` in imports/sheet-reader.ts), so a corrected error
 * report can be imported as it is.
 */
export function safeCell<T>(value: T): T | string {
  if (typeof value !== 'string' || !FORMULA_START.test(value) || PLAIN_NUMBER.test(value)) return value;
  return `'${value}`;
}

/** `safeCell` over a row of values. */
export function safeRow<T>(values: readonly T[]): (T | string)[] {
  return values.map(safeCell);
}

/** One column of an export: its Chinese header, its width in characters and how a row fills it. */
export type ExportColumn<T> = { header: string; width: number; value: (row: T) => string | number | null };

export type ExportResult = {
  rows: number;
  /** False when the client went away before the file was complete. */
  complete: boolean;
};

/**
 * Writes pages of rows into an xlsx as they come: one sheet, a bold frozen header row, fixed column widths.
 * The workbook is zipped straight into the returned stream (xlsx-writer.ts), so an export of 500,000 rows holds
 * one page in memory, not the file. Between pages it waits while the client is slower than the database.
 *
 * `done` settles when the file is written (or the client has gone: then `complete` is false and the remaining
 * pages are never read, so the caller's transaction can end). A failure destroys the stream and rejects.
 */
export function streamXlsx<T>(spec: {
  sheetName: string;
  columns: ReadonlyArray<ExportColumn<T>>;
  pages: AsyncIterable<T[]>;
  /** One sheet per value (a class): rows must come ordered by it; `sheetName` names the sheet of a file with no rows. */
  sheetOf?: (row: T) => string;
  /** Other columns for the sheets of these names (with `sheetOf`): a report's second table. */
  sheetColumns?: Readonly<Record<string, ReadonlyArray<ExportColumn<T>>>>;
  /** With `sheetOf`: the `sheetName` sheet comes first even when no row is on it (a roster with nobody, then its notes). */
  keepFirstSheet?: boolean;
  /** Lines above the header of every sheet (a 公示's title and period), bold, the first one larger. */
  title?: readonly string[];
}): {
  stream: Readable;
  done: Promise<ExportResult>;
} {
  const out = new PassThrough();
  // 'close' before 'finish' = the response was torn down (fastify destroys the payload when the client goes).
  let isFinished = false;
  out.once('finish', () => (isFinished = true));
  const aborted = new Promise<'aborted'>((resolve) => out.once('close', () => !isFinished && resolve('aborted')));
  const run = async (): Promise<ExportResult> => {
    const wb = new XlsxStreamWriter(out, '参保 Canbao');
    const title = spec.title ?? [];
    const names = new Set<string>();
    let columns = spec.columns;
    const sheet = (name: string) => {
      columns = spec.sheetColumns?.[name] ?? spec.columns;
      wb.sheet({
        name: uniqueSheetName(name, names),
        widths: columns.map((c) => c.width),
        frozenRows: title.length + 1,
        mergedRows: title.map((_, i) => i + 1),
      });
      title.forEach((line, i) => wb.row([safeCell(line)], i === 0 ? 'title' : 'plain'));
      wb.row(columns.map((c) => safeCell(c.header)), 'bold');
    };
    let hasSheet = !(spec.sheetOf && !spec.keepFirstSheet);
    if (hasSheet) sheet(spec.sheetName);
    let current: string | null = spec.keepFirstSheet ? spec.sheetName : null;
    let rows = 0;
    for await (const page of spec.pages) {
      for (const r of page) {
        if (spec.sheetOf) {
          const name = spec.sheetOf(r);
          if (!hasSheet || name !== current) {
            sheet(name);
            hasSheet = true;
            current = name;
          }
        }
        const values: (string | number)[] = new Array(columns.length);
        for (let i = 0; i < columns.length; i++) values[i] = safeCell(columns[i]!.value(r) ?? '');
        wb.row(values);
      }
      rows += page.length;
      const ready = wb.flush();
      // Let the zip and the socket take their turn between pages.
      await new Promise((resolve) => setImmediate(resolve));
      if (out.destroyed) return abandon(wb, rows);
      if (!ready && (await Promise.race([wb.drain(), aborted])) === 'aborted') return abandon(wb, rows);
    }
    if (!hasSheet) sheet(spec.sheetName);
    // The zip's end waits for the stream to take it, which a torn-down stream never does.
    const outcome = await Promise.race([wb.finish().then(() => finished(out, { readable: false })).then(() => 'written' as const), aborted]);
    if (outcome === 'aborted') return abandon(wb, rows);
    return { rows, complete: true };
  };
  const done = run().catch((e: unknown) => {
    const error = e instanceof Error ? e : new Error(String(e));
    out.destroy(error);
    throw error;
  });
  return { stream: out, done };
}

function abandon(wb: XlsxStreamWriter, rows: number): ExportResult {
  wb.abort();
  return { rows, complete: false };
}

/** A worksheet name Excel accepts (≤ 31 characters, none of : \\ / ? * [ ]), unique within the workbook. */
export function uniqueSheetName(name: string, taken: Set<string>): string {
  const base = (name.replace(/[:\\/?*[\]]/g, ' ').trim() || '工作表').slice(0, 31);
  let candidate = base;
  for (let i = 2; taken.has(candidate); i++) candidate = `${base.slice(0, 31 - String(i).length - 1)}-${i}`;
  taken.add(candidate);
  return candidate;
}

/** `attachment` with the UTF-8 (Chinese) file name and an ASCII fallback for old clients. */
export function attachmentHeader(fileName: string, asciiFallback: string): string {
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** What an export service hands its route: the file as it is written, and when it is done (audited). */
export type XlsxExport = { fileName: string; asciiFileName: string; stream: Readable; done: Promise<void>; /** Another file type than xlsx (a zip). */ mime?: string };

/** The filter an export ran with, for its audit row: only the fields that were set. */
export function exportFilter(filter: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== ''));
}

/**
 * Sends an export made inside a scoped transaction: `inTransaction` opens the transaction and hands the file to
 * `send`, which streams it and waits until it is written (the transaction stays open while the rows are read).
 * The response's last bytes go out only after that transaction has committed, so no complete file reaches a
 * client without its audit row; a client that hangs up stops the export, and with it the transaction, at once.
 */
export async function sendXlsx(
  reply: FastifyReply,
  inTransaction: (send: (file: XlsxExport) => Promise<void>) => Promise<void>,
): Promise<FastifyReply> {
  const body = new PassThrough();
  let source: Readable | null = null;
  let sent = false;
  // Fastify destroys the payload when the client goes; the workbook must hear of it to stop reading pages.
  body.once('close', () => source?.destroy());
  try {
    await inTransaction(async (file) => {
      source = file.stream;
      file.stream.pipe(body, { end: false });
      sent = true;
      void reply.type(file.mime ?? XLSX_MIME).header('content-disposition', attachmentHeader(file.fileName, file.asciiFileName)).send(body);
      await file.done;
      // Everything written must have passed into the response before it may end (a gone client ends it anyway).
      await finished(file.stream).catch(() => undefined);
    });
  } catch (e) {
    // Refused before the file started (a missing filter): nobody reads the body, so it ends quietly and the error
    // becomes the answer; once sent, destroying it with the error tears the response down.
    if (sent) body.destroy(e instanceof Error ? e : new Error(String(e)));
    else body.destroy();
    throw e;
  }
  if (!body.destroyed) body.end();
  return reply;
}

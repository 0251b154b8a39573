import { matchHeaders, type TImportColumn } from '@canbao/domain';
import type { TImportCellError } from '../../db/schema/import-row';
import type { ImportKind } from './kinds/kind';
import type { SheetRow } from './sheet-reader';

/** Rows per staging insert (one JSON parameter each), or fewer once their cells and files reach BATCH_CHARS. */
export const BATCH_ROWS = 5000;
/** Characters (and photo bytes) per staging insert: rows may be long (up to FILE_LIMITS.rowChars each). */
export const BATCH_CHARS = 16 * 1024 * 1024;
/** Rows scanned for the header row of a sheet (a title line or two may come first). */
const HEADER_SEARCH_ROWS = 20;

/** A sheet as read: skipped (instructions), its header row once found, and where each column is. */
export type SheetState = { name: string; skip: boolean; indexOf: Record<string, number> | null; headers: string[]; headerRowNo: number; scanned: number };

/** A batch of checked rows for the staging insert: the rows as one JSON array, and how many it holds. */
export type StagedBatch = { json: string; rows: number };

/**
 * A payload as staged: without empty values (SQL reads a missing key as NULL, `->>` and jsonb_populate_record
 * alike) and without the document, which has its own columns. A third of the bytes of a typical enrollment row,
 * and every later pass over the staged rows reads and rewrites fewer bytes.
 */
function compactPayload(payload: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!payload) return null;
  const out: Record<string, unknown> = {};
  for (const key in payload) {
    const v = payload[key];
    if (v !== null && v !== undefined && key !== 'document_type' && key !== 'document_number') out[key] = v;
  }
  return out;
}

/**
 * From the rows read to the rows staged: finds each sheet's header row, checks every row with the kind's cell check,
 * and gathers the checked rows into batches (BATCH_ROWS, BATCH_CHARS) already in the JSON the staging insert
 * takes. Runs in the reading worker for a kind whose check needs nothing read from the database (the cell checks
 * then use the second core beside the API thread and the database), else on the API thread with what the kind
 * prepared.
 */
export class RowStager {
  readonly sheets = new Map<number, SheetState>();
  /** Rows staged so far (each row's `seq`). */
  seq = 0;
  private batch: string[] = [];
  private batchChars = 0;

  constructor(
    private readonly kind: ImportKind,
    private readonly today: string,
    private readonly prepared: unknown,
  ) {}

  /** Adds a row read; a full batch when this row completed one. */
  add(row: SheetRow): StagedBatch | null {
    const { kind } = this;
    let sheet = this.sheets.get(row.sheetIndex);
    if (!sheet && kind.source === 'files') {
      sheet = { name: row.sheet, skip: false, indexOf: { fileName: 0 }, headers: ['文件名'], headerRowNo: 0, scanned: 0 };
      this.sheets.set(row.sheetIndex, sheet);
    }
    if (!sheet) {
      sheet = { name: row.sheet, skip: /说明|示例|填写/.test(row.sheet), indexOf: null, headers: [], headerRowNo: 0, scanned: 0 };
      this.sheets.set(row.sheetIndex, sheet);
    }
    if (sheet.skip) return null;
    if (!sheet.indexOf) {
      if (sheet.scanned++ >= HEADER_SEARCH_ROWS) return null;
      const m = matchHeaders(kind.columns as readonly TImportColumn[], row.cells);
      if (m.missing.length === 0) {
        sheet.indexOf = m.indexOf as Record<string, number>;
        sheet.headers = row.cells;
        sheet.headerRowNo = row.rowNo;
      }
      return null;
    }
    const indexOf = sheet.indexOf;
    const cells: Record<string, string> = {};
    for (const key in indexOf) cells[key] = row.cells[indexOf[key]!] ?? '';
    const sheetName = kind.templateSheets.includes(sheet.name) ? sheet.name : kind.templateSheets[0]!;
    const check = kind.source === 'files' ? kind.checkFile!(row.cells[0] ?? '', row.blob ?? null, this.today) : kind.check(cells, sheetName, this.today, this.prepared);
    const errors: TImportCellError[] = check.errors.map((e) => ({
      key: e.key,
      col: indexOf[e.key] ?? null,
      header: kind.columns.find((c) => c.key === e.key)?.header ?? e.key,
      message: e.message,
    }));
    this.seq++;
    const json = JSON.stringify({
      seq: this.seq,
      sheet: sheet.name,
      row_no: row.rowNo,
      // The original cells are kept for the error report, which lists the rows with errors.
      cells: errors.length ? row.cells : [],
      document_type: check.documentType,
      document_number: check.documentNumber,
      payload: compactPayload(check.payload),
      errors,
      outcome: errors.length ? 'error' : (kind.stagedOutcome ?? null),
      blob: !errors.length && row.blob ? row.blob.toString('base64') : null,
    });
    this.batch.push(json);
    this.batchChars += json.length;
    return this.batch.length >= BATCH_ROWS || this.batchChars >= BATCH_CHARS ? this.take() : null;
  }

  /** The rows staged and not yet taken (null: none). */
  take(): StagedBatch | null {
    if (!this.batch.length) return null;
    const out = { json: `[${this.batch.join(',')}]`, rows: this.batch.length };
    this.batch = [];
    this.batchChars = 0;
    return out;
  }
}

import type { ColumnType, Selectable } from 'kysely';

/** `col` is the 0-based column of the cell in its sheet, or null when the column is missing. */
export type TImportCellError = { key: string; col: number | null; header: string; message: string };

export type TImportChange = { field: string; header: string; from: string | null; to: string | null };

/** A row of an import file in staging: the cells as read, the checked payload and what committing it did. */
export interface ImportRowTable {
  job_id: string;
  region_code: string;
  unit_id: string | null;
  seq: number;
  sheet: string;
  row_no: number;
  cells: ColumnType<string[], string, string>;
  document_type: string | null;
  document_number: string | null;
  payload: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  errors: ColumnType<TImportCellError[], string | undefined, string>;
  outcome: string | null;
  person_id: string | null;
  holder_unit_name: string | null;
  blob: Uint8Array | null;
  changes: ColumnType<TImportChange[] | null, string | null | undefined, string | null>;
}
export type ImportRow = Selectable<ImportRowTable>;

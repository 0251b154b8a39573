import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CreatedAt, GeneratedTimestamp, Uuid } from './common';

export type TImportStatus = 'created' | 'reading' | 'validated' | 'committing' | 'committed' | 'failed' | 'cancelled';

export type TImportSheet = { name: string; headerRowNo: number; headers: string[]; indexOf: Record<string, number> };

/** One uploaded file being imported: its kind, state, progress and outcome counts. */
export interface ImportJobTable {
  id: Uuid;
  region_code: string;
  unit_id: string | null;
  kind: string;
  status: TImportStatus;
  file_name: string;
  file_format: string | null;
  file_encoding: string | null;
  file_sha256: string | null;
  file_bytes: ColumnType<string | null, number | null | undefined, number | null>;
  allow_errors: Generated<boolean>;
  rows_total: Generated<number>;
  rows_done: Generated<number>;
  counts: ColumnType<Record<string, number>, string | undefined, string>;
  sheets: ColumnType<TImportSheet[], string | undefined, string>;
  phase: string | null;
  message: string | null;
  created_by: string | null;
  created_by_username: string | null;
  created_at: CreatedAt;
  phase_started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  updated_at: GeneratedTimestamp;
}
export type ImportJob = Selectable<ImportJobTable>;

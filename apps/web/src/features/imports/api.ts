import { api, uploadRaw, type UploadProgress } from '../../api/client';
import type { Paged, PageParams } from '../../api/types';

export type TImportStatus = 'created' | 'reading' | 'validated' | 'committing' | 'committed' | 'failed' | 'cancelled';

/** An import job (导入任务) as GET /api/v1/imports/:id returns it. */
export interface TImportJob {
  id: string;
  kind: string;
  kindName: string;
  unitId: string | null;
  status: TImportStatus;
  /** What a running job is doing: reading, validating, committing, auditing. */
  phase: string | null;
  fileName: string;
  fileFormat: string | null;
  fileEncoding: string | null;
  fileBytes: number | null;
  /** Known once the file has been read. */
  rowsTotal: number | null;
  rowsDone: number;
  rowsPerSec: number | null;
  secondsLeft: number | null;
  /**
   * Rows by outcome, by kind (see kinds.ts). Enrollment before the commit: new, changed, unchanged, transfer_in,
   * error; after it: created, changed, unchanged, transferred_in, conflict, error. Exemption and leaver lists:
   * matched, unmatched, unchanged, error; after the commit matched became added (exemptions) or marked (leavers).
   * Education prefill: changed, unchanged, unmatched, error (changed becomes updated). Photos: matched, unchanged,
   * unmatched, error (matched becomes saved).
   */
  counts: Record<string, number>;
  allowErrors: boolean;
  message: string | null;
  createdBy: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface TImportRow {
  seq: number;
  sheet: string;
  /** The row's number in its own sheet, as Excel shows it. */
  rowNo: number;
  outcome: string | null;
  name: string | null;
  errors: { column: string; message: string }[];
  /**
   * What the commit changes in the register (the education prefill): the column and the register's value (`from`)
   * and the file's (`to`). Column 学校 is the school the file names, only a note: the commit never moves a pupil.
   */
  changes: TImportChange[];
}

export interface TImportChange {
  column: string;
  from: string | null;
  to: string | null;
}

export interface ImportListParams extends PageParams {
  kind?: string;
}

export interface ImportRowParams extends PageParams {
  outcome?: string;
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const jobPath = (id: string) => `/api/v1/imports/${encodeURIComponent(id)}`;

export const templateUrl = (kind: string) => `/api/v1/import-templates/${encodeURIComponent(kind)}`;
export const errorReportUrl = (id: string) => `${jobPath(id)}/error-report`;

/**
 * The content type the API expects for a file, by its name and the kind's file (a sheet, or the photos' zip); null
 * for files it cannot read (.xls, .txt …) or that are not that kind's (a .zip for a sheet kind and the reverse).
 */
export function uploadContentType(fileName: string, isZip = false): string | null {
  const lower = fileName.toLowerCase();
  if (isZip) return lower.endsWith('.zip') ? 'application/zip' : null;
  if (lower.endsWith('.xlsx')) return XLSX_MIME;
  if (lower.endsWith('.csv')) return 'text/csv';
  return null;
}

export function findImports(params: ImportListParams, signal?: AbortSignal): Promise<Paged<TImportJob>> {
  return api.get<Paged<TImportJob>>('/api/v1/imports', { ...params }, signal);
}

export async function getImport(id: string, signal?: AbortSignal): Promise<TImportJob> {
  const { job } = await api.get<{ job: TImportJob }>(jobPath(id), undefined, signal);
  return job;
}

export function findImportRows(id: string, params: ImportRowParams, signal?: AbortSignal): Promise<Paged<TImportRow>> {
  return api.get<Paged<TImportRow>>(`${jobPath(id)}/rows`, { ...params }, signal);
}

export async function createImport(input: { kind: string; fileName: string; unitId?: string }): Promise<TImportJob> {
  const { job } = await api.post<{ job: TImportJob }>('/api/v1/imports', input);
  return job;
}

/** Sends the file as the raw body; the answer comes once the server has read and checked every row. */
export async function uploadImportFile(
  id: string,
  file: File,
  contentType: string,
  onProgress?: (progress: UploadProgress) => void,
): Promise<TImportJob> {
  const { job } = await uploadRaw<{ job: TImportJob }>(`${jobPath(id)}/file`, file, contentType, { onProgress });
  return job;
}

export async function commitImport(id: string, allowErrors: boolean): Promise<TImportJob> {
  const { job } = await api.post<{ job: TImportJob }>(`${jobPath(id)}/commit`, { allowErrors });
  return job;
}

export function cancelImport(id: string): Promise<void> {
  return api.delete<void>(jobPath(id));
}

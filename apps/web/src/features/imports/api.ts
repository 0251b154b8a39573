import { importsApi, type CallInput, type TCreateImportInput, type TImportJob, type TImportKindCode } from '@canbao/domain';
import { call, uploadTo, urlOf, type UploadProgress } from '../../api/client';

/** The list's query: page, page size and the kind (an empty filter is left out). */
export type ImportListParams = NonNullable<CallInput<typeof importsApi.list>['query']>;
/** A job's rows: page, page size and the outcome. */
export type ImportRowParams = NonNullable<CallInput<typeof importsApi.rows>['query']>;

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const templateUrl = (kind: TImportKindCode) => urlOf(importsApi.template, { params: { kind } });
export const errorReportUrl = (id: string) => urlOf(importsApi.errorReport, { params: { id } });

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

export const findImports = (query: ImportListParams, signal?: AbortSignal) => call(importsApi.list, { query }, { signal });

export async function getImport(id: string, signal?: AbortSignal): Promise<TImportJob> {
  return (await call(importsApi.get, { params: { id } }, { signal })).job;
}

export const findImportRows = (id: string, query: ImportRowParams, signal?: AbortSignal) => call(importsApi.rows, { params: { id }, query }, { signal });

export async function createImport(input: TCreateImportInput): Promise<TImportJob> {
  return (await call(importsApi.create, { body: input })).job;
}

/** Sends the file as the raw body; the answer comes once the server has read and checked every row. */
export async function uploadImportFile(
  id: string,
  file: File,
  contentType: string,
  onProgress?: (progress: UploadProgress) => void,
): Promise<TImportJob> {
  return (await uploadTo(importsApi.upload, { id }, file, contentType, { onProgress })).job;
}

export async function commitImport(id: string, allowErrors: boolean): Promise<TImportJob> {
  return (await call(importsApi.commit, { params: { id }, body: { allowErrors } })).job;
}

export const cancelImport = (id: string) => call(importsApi.cancel, { params: { id } });

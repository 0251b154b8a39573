import { closeApi, type CallInput, type TPublicity, type TSignOff, type TSignOffInput, type TUnpaidListSubmission, type TUnpaidLists } from '@canbao/domain';
import { call, uploadRaw, urlOf } from '../../api/client';

/** 告知签收 of a person for a year; the scan of the signed sheet as its raw file. */
export const getSignOff = (personId: string, year: number, signal?: AbortSignal): Promise<TSignOff> =>
  call(closeApi.signOff, { params: { id: personId }, query: { year } }, { signal });
export const recordSignOff = (personId: string, body: TSignOffInput): Promise<TSignOff> => call(closeApi.recordSignOff, { params: { id: personId }, body });
/** The file's type as its name says when the browser gives none; the server reads the bytes either way. */
function scanType(file: File): string {
  if (file.type) return file.type;
  const ext = file.name.toLowerCase().split('.').pop();
  return ext === 'pdf' ? 'application/pdf' : ext === 'png' ? 'image/png' : 'image/jpeg';
}
export const uploadSignOffScan = (personId: string, year: number, file: File): Promise<TSignOff> =>
  uploadRaw<TSignOff>(urlOf(closeApi.uploadSignOffScan, { params: { id: personId }, query: { year } }), file, scanType(file));
export const signOffScanUrl = (personId: string, year: number): string => urlOf(closeApi.signOffScan, { params: { id: personId }, query: { year } });

/** 未参保名单报送: every unit's figures and submission (a unit: its own); sending the unit's list. */
export const getUnpaidLists = (year: number, signal?: AbortSignal): Promise<TUnpaidLists> => call(closeApi.unpaidLists, { query: { year } }, { signal });
export const submitUnpaidList = (year: number): Promise<TUnpaidListSubmission> => call(closeApi.submitUnpaidList, { body: { year } });

export type PublicityQuery = NonNullable<CallInput<typeof closeApi.publicity>['query']>;
export const getPublicity = (q: PublicityQuery, signal?: AbortSignal): Promise<TPublicity> => call(closeApi.publicity, { query: q }, { signal });
export const publicityExportUrl = (q: PublicityQuery): string => urlOf(closeApi.publicityExport, { query: q });

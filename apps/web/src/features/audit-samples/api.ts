import { auditSamplesApi, type TAuditFollowUpInput, type TAuditResultInput, type TAuditSample, type TAuditSampleItem, type TAuditSampleReport, type TAuditSampleSummary, type TCreateAuditSample } from '@canbao/domain';
import { call } from '../../api/client';

/** 抽查: the samples, one sample with its items, the report per unit; drawing, results and follow-ups. */
export const listSamples = (year: number | undefined, signal?: AbortSignal): Promise<{ items: TAuditSampleSummary[] }> =>
  call(auditSamplesApi.list, { query: year ? { year } : {} }, { signal });
export const getSample = (id: string, signal?: AbortSignal): Promise<TAuditSample> => call(auditSamplesApi.get, { params: { id } }, { signal });
export const getSampleReport = (id: string, signal?: AbortSignal): Promise<TAuditSampleReport> => call(auditSamplesApi.report, { params: { id } }, { signal });
export const drawSample = (body: TCreateAuditSample): Promise<TAuditSample> => call(auditSamplesApi.create, { body });
export const recordResult = (id: string, itemId: string, body: TAuditResultInput): Promise<TAuditSampleItem> =>
  call(auditSamplesApi.recordResult, { params: { id, itemId }, body });
export const recordFollowUp = (id: string, itemId: string, body: TAuditFollowUpInput): Promise<TAuditSampleItem> =>
  call(auditSamplesApi.followUp, { params: { id, itemId }, body });

import {
  declarationsApi,
  policiesApi,
  type TFeeQuoteAnswer,
  type TFeeQuoteInput,
  type TProfileDetail,
  type TProfileSummary,
  type TProfileUpdateInput,
  type TProfileUpdateResult,
  type TRecomputePreview,
  type TRecomputeResult,
} from '@canbao/domain';
import { call } from '../../api/client';

/**
 * An issue the server names: a warning of a saved version (TProfileUpdateResult), or a detail of a refused save
 * (VALIDATION_FAILED), which may carry no severity.
 */
export type TProfileIssueDetail = Omit<TProfileUpdateResult['warnings'][number], 'severity'> & { severity?: string };

export async function findProfiles(signal?: AbortSignal): Promise<TProfileSummary[]> {
  return (await call(policiesApi.list, {}, { signal })).items;
}

export function getProfile(id: string, signal?: AbortSignal): Promise<TProfileDetail> {
  return call(policiesApi.get, { params: { id } }, { signal });
}

/** Saves a new version after the server's full validation; the old versions stay. */
export function updateProfile(id: string, input: TProfileUpdateInput): Promise<TProfileUpdateResult> {
  return call(policiesApi.update, { params: { id }, body: input });
}

/** The public fee quote (no login; rate-limited per address). */
export function quoteFee(input: TFeeQuoteInput): Promise<TFeeQuoteAnswer> {
  return call(policiesApi.quote, { body: input });
}

// The recompute endpoints are served by the declarations area (they reprice declarations) but belong to a profile.

/** Who a recompute to the current version would touch (agency of the profile's region). */
export function previewRecompute(id: string, signal?: AbortSignal): Promise<TRecomputePreview> {
  return call(declarationsApi.recomputePreview, { params: { id } }, { signal });
}

/** Reprices the open declarations to `version`; refused (409) when the profile moved on since the preview. */
export function applyRecompute(id: string, version: number): Promise<TRecomputeResult> {
  return call(declarationsApi.recompute, { params: { id }, body: { version } });
}

import {
  policiesApi,
  type TFeeQuoteAnswer,
  type TFeeQuoteInput,
  type TProfileDetail,
  type TProfileSummary,
  type TProfileUpdateInput,
  type TProfileUpdateResult,
} from '@canbao/domain';
import { api, call } from '../../api/client';

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

// The recompute endpoints are the declarations area's (declarations.routes.ts): typed here until its contract lands.

/** A price of a declaration, before or after a recompute. */
export interface TRecomputePrice {
  categoryName: string;
  totalFen: number;
  subsidyFen: number;
  payableFen: number;
  subsidyName: string | null;
}

/** GET /profiles/:id/recompute: who the current version would reprice, and how. */
export interface TRecomputePreview {
  profileKey: string;
  version: number;
  /** Declarations of an older version (open and settled). */
  outdated: number;
  /** Open ones whose price would not move (only their version would). */
  unchanged: number;
  /** Settled (or paid) ones: frozen, never repriced. */
  frozen: number;
  /** Open ones whose price moves, or which the new rules refuse (after null, with the reason). */
  affected: {
    declarationId: string;
    personName: string;
    unitName: string | null;
    status: string;
    before: TRecomputePrice;
    after: TRecomputePrice | null;
    refusedReason: string | null;
  }[];
}

export interface TRecomputeResult {
  version: number;
  repriced: number;
  versionOnly: number;
  leftIneligible: number;
  frozen: number;
}

const profilePath = (id: string) => `/api/v1/profiles/${encodeURIComponent(id)}`;

/** Who a recompute to the current version would touch (agency of the profile's region). */
export function previewRecompute(id: string, signal?: AbortSignal): Promise<TRecomputePreview> {
  return api.get<TRecomputePreview>(`${profilePath(id)}/recompute`, undefined, signal);
}

/** Reprices the open declarations to `version`; refused (409) when the profile moved on since the preview. */
export function applyRecompute(id: string, version: number): Promise<TRecomputeResult> {
  return api.post<TRecomputeResult>(`${profilePath(id)}/recompute`, { version });
}

import type { TFeeQuote, THukouType, TPolicyProfile, TSchoolLevel } from '@canbao/domain';
import { api } from '../../api/client';

/** A date window of a profile summary (inclusive calendar days, YYYY-MM-DD). */
export interface TProfileWindow {
  start: string;
  end: string;
}

/** GET /profiles item: one region's rules for one insurance year, at a glance (policies.presenter.ts). */
export interface TProfileSummary {
  id: string;
  name: string;
  regionCode: string;
  regionName: string;
  insuranceYear: number;
  template: boolean;
  version: number;
  updatedAt: string;
  source: { title: string; documentNumber: string; issuer: string };
  declarationWindow: TProfileWindow | null;
  adjustmentWindow: TProfileWindow | null;
  benefitPeriod: TProfileWindow | null;
  categories: {
    code: string;
    name: string;
    totalFen: number;
    total: string;
    parts: { code: string; name: string; amountFen: number }[];
  }[];
  exemptions: { code: string; name: string; kind: string }[];
}

export interface TProfileVersion {
  version: number;
  note: string | null;
  createdBy: string | null;
  createdAt: string;
}

/** GET /profiles/:id: the summary, the whole rule document of the current version, and every version. */
export interface TProfileDetail extends TProfileSummary {
  /** The rule document; parse it with ZPolicyProfile before reading (it is validated on every save). */
  profile: Record<string, unknown>;
  versions: TProfileVersion[];
}

export interface TProfileIssueDetail {
  path: string;
  message: string;
  severity?: string;
}

export interface UpdateProfileInput {
  profile: TPolicyProfile | Record<string, unknown>;
  /** Why the rules changed (修改说明), kept with the version. */
  note: string;
}

export interface UpdateProfileResult {
  version: number;
  warnings: TProfileIssueDetail[];
  /** Declarations priced by an older version of this profile (prices are kept until a recompute). */
  outdatedDeclarations: number;
}

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

/** POST /fee-quotes body: what a parent can type. Exemptions are identity codes of the chosen profile. */
export interface FeeQuoteInput {
  profile: string;
  idNumber?: string;
  birthDate?: string;
  inSchool: boolean;
  schoolLevel?: TSchoolLevel | null;
  hukouType?: THukouType;
  exemptions?: string[];
  applyDate?: string;
}

const profilePath = (id: string) => `/api/v1/profiles/${encodeURIComponent(id)}`;

export async function findProfiles(signal?: AbortSignal): Promise<TProfileSummary[]> {
  const { items } = await api.get<{ items: TProfileSummary[] }>('/api/v1/profiles', undefined, signal);
  return items;
}

export function getProfile(id: string, signal?: AbortSignal): Promise<TProfileDetail> {
  return api.get<TProfileDetail>(profilePath(id), undefined, signal);
}

/** Saves a new version after the server's full validation; the old versions stay. */
export function updateProfile(id: string, input: UpdateProfileInput): Promise<UpdateProfileResult> {
  return api.put<UpdateProfileResult>(profilePath(id), input);
}

/** The public fee quote (no login; rate-limited per address). */
export function quoteFee(input: FeeQuoteInput): Promise<TFeeQuote> {
  return api.post<TFeeQuote>('/api/v1/fee-quotes', input);
}

/** Who a recompute to the current version would touch (agency of the profile's region). */
export function previewRecompute(id: string, signal?: AbortSignal): Promise<TRecomputePreview> {
  return api.get<TRecomputePreview>(`${profilePath(id)}/recompute`, undefined, signal);
}

/** Reprices the open declarations to `version`; refused (409) when the profile moved on since the preview. */
export function applyRecompute(id: string, version: number): Promise<TRecomputeResult> {
  return api.post<TRecomputeResult>(`${profilePath(id)}/recompute`, { version });
}

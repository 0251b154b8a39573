import { api, buildUrl } from '../../api/client';
import type { PageParams } from '../../api/types';

export type TDeclarationStatus = 'declared' | 'confirmed' | 'settled' | 'paid' | 'removed';
export type TWindowKind = 'declaration' | 'adjustment' | 'outside';

/** One declaration (参保申报) as GET /declarations and /declarations/:id return it; the number is masked. */
export interface TDeclaration {
  id: string;
  year: number;
  status: TDeclarationStatus;
  statusName: string;
  person: { id: string; name: string; documentType: string; documentNumber: string; gradeCode: string | null; className: string | null };
  unit: { id: string; name: string } | null;
  profile: { key: string; version: number };
  window: TWindowKind;
  pathCode: string;
  category: { code: string; name: string };
  parts: { code: string; name: string; amountFen: number }[];
  totalFen: number;
  subsidyFen: number;
  subsidy: { code: string; name: string } | null;
  payableFen: number;
  paidFen: number;
  benefitStart: string;
  benefitEnd: string;
  waitingDays: number;
  /** Marked leaving (毕业、转学…) by the student registry: kept on the list, flagged for the unit. */
  leaving: { reason: string; reasonName: string } | null;
  declaredOn: string;
  declaredBy: string | null;
  confirmedAt: string | null;
  settlementId: string | null;
  paidAt: string | null;
  removedReason: string | null;
  /** Why the engine priced it so, each with its policy source. */
  reasons: { rule: string; message: string; source: { notice: string; section: string } }[];
}

export interface TDeclarationSummary {
  byStatus: Record<string, number>;
  payableFen: number;
  paidFen: number;
  flagged: number;
}

export interface TDeclarationPage {
  items: TDeclaration[];
  total: number;
  page: number;
  pageSize: number;
  summary: TDeclarationSummary;
}

export interface TCampaignWindow {
  start: string;
  end: string;
}

/** An insurance year of the region with its windows; `current` is the one being collected. */
export interface TCampaignYear {
  year: number;
  profileKey: string;
  profileName: string;
  declarationWindow: TCampaignWindow;
  adjustmentWindow: (TCampaignWindow & { allows: string }) | null;
  windowToday: TWindowKind;
  current: boolean;
}

export interface TCampaignYears {
  today: string;
  items: TCampaignYear[];
}

export interface DeclarationFilters {
  year: number;
  status?: TDeclarationStatus | '';
  unitId?: string;
  gradeCode?: string;
  className?: string;
  /** A name (part of it) or a full document number. */
  q?: string;
  /** Only those marked leaving. */
  flagged?: boolean;
  settlementId?: string;
}

export type DeclarationListParams = DeclarationFilters & PageParams;

export type BatchMode = 'class' | 'carry_over' | 'persons';

export interface BatchDeclareInput {
  year: number;
  mode: BatchMode;
  /** The unit a class or a carry-over is declared for: required of the agency, implied for a unit operator. */
  unitId?: string;
  gradeCode?: string;
  className?: string;
  personIds?: string[];
}

/** What a batch declaration did: nothing is silently dropped. */
export interface TBatchResult {
  year: number;
  declared: number;
  alreadyDeclared: number;
  refused: { personId: string; name: string; reason: string }[];
  conflicts: { personId: string; name: string; holder: string }[];
}

const toQuery = (f: DeclarationFilters) => ({ ...f, flagged: f.flagged ? 'true' : undefined });

export function getCampaignYears(signal?: AbortSignal): Promise<TCampaignYears> {
  return api.get<TCampaignYears>('/api/v1/campaign-years', undefined, signal);
}

/** Declarations of one unit (or the region) counted by status, with amounts payable and paid. */
export interface TProgressCounts {
  declared: number;
  confirmed: number;
  settled: number;
  paid: number;
  /** Declarations whose person is flagged as leaving (graduate, moved): to check before confirming. */
  flagged: number;
  payableFen: number;
  paidFen: number;
}

export interface TCampaignProgress {
  year: number;
  total: TProgressCounts;
  items: (TProgressCounts & { unitId: string | null; unitName: string })[];
}

/** 参保缴费进度: the caller's scope (a unit sees itself; the region's staff every unit). */
export function getCampaignProgress(year: number, signal?: AbortSignal): Promise<TCampaignProgress> {
  return api.get<TCampaignProgress>('/api/v1/declarations/progress', { year }, signal);
}

export function findDeclarations(params: DeclarationListParams, signal?: AbortSignal): Promise<TDeclarationPage> {
  return api.get<TDeclarationPage>('/api/v1/declarations', toQuery(params), signal);
}

/** The xlsx of the list under the same filters (masked, audited); a plain link carries the session cookie. */
export function declarationsExportUrl(filters: DeclarationFilters): string {
  return buildUrl('/api/v1/declarations/export', toQuery(filters));
}

/** Every declaration under the filters, page by page (the API pages at most 200). */
export async function findAllDeclarations(filters: DeclarationFilters, signal?: AbortSignal): Promise<TDeclaration[]> {
  const out: TDeclaration[] = [];
  for (let page = 1; ; page++) {
    const res = await findDeclarations({ ...filters, page, pageSize: 200 }, signal);
    out.push(...res.items);
    if (res.items.length === 0 || out.length >= res.total) return out;
  }
}

export function getDeclaration(id: string, signal?: AbortSignal): Promise<TDeclaration> {
  return api.get<TDeclaration>(`/api/v1/declarations/${encodeURIComponent(id)}`, undefined, signal);
}

export function declareBatch(input: BatchDeclareInput): Promise<TBatchResult> {
  return api.post<TBatchResult>('/api/v1/declarations/batch', input);
}

export function removeDeclaration(id: string, reason: string): Promise<TDeclaration> {
  return api.post<TDeclaration>(`/api/v1/declarations/${encodeURIComponent(id)}/remove`, { reason });
}

/** 参保缴费确认 of the ids given (always explicit: what the dialog showed is what gets confirmed). */
export function confirmDeclarations(input: { year: number; ids: string[] }): Promise<{ confirmed: number }> {
  return api.post<{ confirmed: number }>('/api/v1/declarations/confirm', input);
}

import { api } from '../../api/client';

export type TReconciliationKind = 'unmatched' | 'amount_mismatch' | 'duplicate' | 'not_declared' | 'channel_mismatch';
export type TReconciliationStatus = 'open' | 'resolved';
export type TResolution = 'accepted' | 'refund' | 'ignored';

/** One exception (对账异常) as GET /reconciliation/items returns it; the document number is masked. */
export interface TReconciliationItem {
  id: string;
  kind: TReconciliationKind;
  kindName: string;
  year: number | null;
  channel: string;
  /** The e-tax ticket number or the channel's transaction id. */
  transactionId: string;
  /** The row of the imported roster it came from. */
  rowNumber: number | null;
  importJobId: string | null;
  documentNumber: string | null;
  personName: string | null;
  amountFen: number;
  /** What was due (amount mismatch) or 0 (a duplicate: nothing was due); null when unknown. */
  expectedFen: number | null;
  declarationId: string | null;
  paymentId: string | null;
  unitName: string | null;
  paidAt: string | null;
  detail: string;
  status: TReconciliationStatus;
  resolution: TResolution | null;
  resolutionNote: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

export interface TReconciliationCount {
  kind: TReconciliationKind;
  status: TReconciliationStatus;
  count: number;
}

export interface TReconciliationItems {
  /** At most 1,000, newest first. */
  items: TReconciliationItem[];
  /** By kind and status over the whole year (not narrowed by the status, kind or job filters). */
  counts: TReconciliationCount[];
}

export interface ReconciliationItemParams {
  year?: number;
  status?: TReconciliationStatus;
  kind?: TReconciliationKind;
  importJobId?: string;
}

export interface TResolveResult {
  id: string;
  resolution: TResolution;
  /** The refund opened (already approved) when the resolution is a refund. */
  refundId: string | null;
}

/** One day's money of one channel and unit (每日到账). */
export interface TDailyTotal {
  day: string;
  channel: string;
  unitId: string | null;
  unitName: string | null;
  count: number;
  amountFen: number;
  refundedFen: number;
}

export interface DailyTotalsParams {
  year: number;
  from?: string;
  to?: string;
}

export function findReconciliationItems(params: ReconciliationItemParams, signal?: AbortSignal): Promise<TReconciliationItems> {
  return api.get<TReconciliationItems>('/api/v1/reconciliation/items', { ...params }, signal);
}

export function resolveReconciliationItem(id: string, input: { resolution: TResolution; note: string }): Promise<TResolveResult> {
  return api.post<TResolveResult>(`/api/v1/reconciliation/items/${encodeURIComponent(id)}/resolve`, input);
}

export async function findDailyTotals(params: DailyTotalsParams, signal?: AbortSignal): Promise<TDailyTotal[]> {
  const { items } = await api.get<{ items: TDailyTotal[] }>('/api/v1/reconciliation/daily', { ...params }, signal);
  return items;
}

export type TReceiptPayer = 'unit' | 'family';

/** Fixed-amount receipts (定额票据) of one unit, amount and actual payer (按实际缴费人统计). */
export interface TReceiptCount {
  unitId: string | null;
  unitName: string | null;
  amountFen: number;
  payer: TReceiptPayer;
  count: number;
}

export async function findReceiptCounts(year: number, signal?: AbortSignal): Promise<TReceiptCount[]> {
  const { items } = await api.get<{ items: TReceiptCount[] }>('/api/v1/receipts/counts', { year }, signal);
  return items;
}

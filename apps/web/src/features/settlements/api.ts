import { api, downloadFile, type DownloadedFile } from '../../api/client';

export type TPaymentMode = 'unit_total' | 'per_person';
export type TUnitMethod = 'transfer' | 'bank_draft' | 'bank_deduction';
export type TSettlementStatus = 'awaiting_payment' | 'paid' | 'cancelled';

export interface TSettlementGroup {
  code: string;
  name: string;
  count: number;
  totalFen: number;
  subsidyFen: number;
  payableFen: number;
}

/** 结算单: a unit's confirmed declarations of a year frozen with their totals. */
export interface TSettlement {
  id: string;
  number: string;
  year: number;
  unit: { id: string; name: string };
  paymentMode: TPaymentMode;
  paymentModeName: string;
  unitMethod: TUnitMethod | null;
  unitMethodName: string | null;
  status: TSettlementStatus;
  statusName: string;
  personCount: number;
  totalFen: number;
  subsidyFen: number;
  payableFen: number;
  paidFen: number;
  paidCount: number;
  breakdown: { count: number; totalFen: number; subsidyFen: number; payableFen: number; byCategory: TSettlementGroup[]; byExemption: TSettlementGroup[] };
  createdBy: string | null;
  createdAt: string;
  paidAt: string | null;
}

/** 缴费通知单 of one person: its token is the key of the QR code's pay page. */
export interface TNotice {
  id: string;
  token: string;
  payPath: string;
  status: 'open' | 'paid' | 'cancelled';
  amountFen: number;
  paidAt: string | null;
  personName: string;
  documentNumber: string;
  gradeCode: string | null;
  className: string | null;
  categoryName: string;
  totalFen: number;
  subsidyFen: number;
  subsidyName: string | null;
  benefitStart: string;
  benefitEnd: string;
}

export interface TNotices {
  settlement: { id: string; number: string; year: number; unitName: string };
  items: TNotice[];
}

export interface SettlementListParams {
  year: number;
  unitId?: string;
  status?: TSettlementStatus | '';
}

export interface CreateSettlementInput {
  year: number;
  unitId?: string;
  paymentMode: TPaymentMode;
  unitMethod?: TUnitMethod;
}

export interface UnitPaymentInput {
  method: TUnitMethod;
  transactionId: string;
  amountFen: number;
  /** ISO date-time with offset. */
  paidAt: string;
}

export interface TUnitPaymentResult {
  result: 'recorded' | 'already_recorded' | 'exception';
  paymentId: string;
  settlement: string;
}

export const UNIT_METHOD_NAMES: Record<TUnitMethod, string> = { transfer: '单位转账', bank_draft: '银行汇票', bank_deduction: '银行代扣' };
export const PAYMENT_MODE_NAMES: Record<TPaymentMode, string> = { unit_total: '单位统一缴纳', per_person: '逐人缴费通知单' };

const path = (id: string) => `/api/v1/settlements/${encodeURIComponent(id)}`;

export async function findSettlements(params: SettlementListParams, signal?: AbortSignal): Promise<TSettlement[]> {
  const { items } = await api.get<{ items: TSettlement[] }>('/api/v1/settlements', { ...params }, signal);
  return items;
}

export function getSettlement(id: string, signal?: AbortSignal): Promise<TSettlement> {
  return api.get<TSettlement>(path(id), undefined, signal);
}

export function createSettlement(input: CreateSettlementInput): Promise<TSettlement> {
  return api.post<TSettlement>('/api/v1/settlements', input);
}

export function cancelSettlement(id: string, reason: string): Promise<TSettlement> {
  return api.post<TSettlement>(`${path(id)}/cancel`, { reason });
}

export function findNotices(id: string, className: string, signal?: AbortSignal): Promise<TNotices> {
  return api.get<TNotices>(`${path(id)}/notices`, { className }, signal);
}

export function recordUnitPayment(id: string, input: UnitPaymentInput): Promise<TUnitPaymentResult> {
  return api.post<TUnitPaymentResult>(`${path(id)}/payments`, input);
}

/**
 * 银行代扣文件 of one bank: the settlements it deducts (unit total by bank deduction, awaiting payment) with each
 * unit's account and the sum due; xlsx, audited. Small (one row per settlement), so read whole: a refusal shows
 * as the API's message.
 */
export function downloadDeductionFile(year: number, bankCode: string): Promise<DownloadedFile> {
  return downloadFile('/api/v1/settlements/deduction-file', { year, bankCode }, `deduction_${bankCode}_${year}.xlsx`);
}

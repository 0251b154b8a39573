import type { TRefundReasonCode } from '@canbao/domain';
import { api } from '../../api/client';

export type TRefundStatus = 'requested' | 'approved' | 'rejected' | 'refunded' | 'failed';

/** A refund request (退费申请) as the API returns it. */
export interface TRefund {
  id: string;
  paymentId: string;
  declarationId: string | null;
  channel: string;
  transactionId: string;
  /** The original payment. */
  paymentFen: number;
  personName: string | null;
  unitName: string | null;
  reason: TRefundReasonCode;
  reasonName: string;
  note: string | null;
  amountFen: number;
  status: TRefundStatus;
  statusName: string;
  requestedBy: string | null;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  /** The channel's refund number, or the reference of an offline payout. */
  channelRefundId: string | null;
  refundedAt: string | null;
  failure: string | null;
}

/** A payment (缴费记录), for choosing what a refund is requested against. */
export interface TPayment {
  id: string;
  channel: string;
  transactionId: string;
  source: string;
  amountFen: number;
  refundedFen: number;
  paidAt: string;
  payerName: string | null;
  declarationId: string | null;
  settlementId: string | null;
  personName: string | null;
  unitName: string | null;
}

export interface RefundListParams {
  status?: TRefundStatus;
}

export interface PaymentSearchParams {
  year: number;
  /** A transaction id (exact) or a person's name (exact). */
  q?: string;
}

export interface RequestRefundInput {
  paymentId: string;
  reason: TRefundReasonCode;
  amountFen: number;
  note?: string;
}

const refundPath = (id: string) => `/api/v1/refunds/${encodeURIComponent(id)}`;

export async function findRefunds(params: RefundListParams, signal?: AbortSignal): Promise<TRefund[]> {
  const { items } = await api.get<{ items: TRefund[] }>('/api/v1/refunds', { ...params }, signal);
  return items;
}

export async function findPayments(params: PaymentSearchParams, signal?: AbortSignal): Promise<TPayment[]> {
  const { items } = await api.get<{ items: TPayment[] }>('/api/v1/payments', { ...params }, signal);
  return items;
}

export function requestRefund(input: RequestRefundInput): Promise<TRefund> {
  return api.post<TRefund>('/api/v1/refunds', input);
}

export function decideRefund(id: string, input: { approve: boolean; note: string }): Promise<TRefund> {
  return api.post<TRefund>(`${refundPath(id)}/decide`, input);
}

export function markRefunded(id: string, reference: string): Promise<TRefund> {
  return api.post<TRefund>(`${refundPath(id)}/refunded`, { reference });
}

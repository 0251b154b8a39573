import { REFUND_REASONS, REFUND_REASON_NAMES, type TPayment, type TRefund, type TRefundStatus } from '@canbao/domain';
import { formatYuan, parseYuanInput } from '../../lib/money';

export const REFUND_STATUS_COLORS: Record<TRefundStatus, string> = {
  requested: 'processing',
  approved: 'warning',
  rejected: 'default',
  refunded: 'success',
  failed: 'error',
};

export const REFUND_REASON_OPTIONS = REFUND_REASONS.map((value) => ({ value, label: REFUND_REASON_NAMES[value] }));

/** What is left of a payment after the refunds already paid out (the server also counts pending requests). */
export function refundableFen(payment: Pick<TPayment, 'amountFen' | 'refundedFen'>): number {
  return Math.max(0, payment.amountFen - payment.refundedFen);
}

export type TRefundAmountCheck = { ok: true; fen: number } | { ok: false; message: string };

/** The amount typed in yuan, read exactly into fen and checked against what the payment can give back. */
export function checkRefundAmount(text: string | number | null | undefined, maxFen: number | null): TRefundAmountCheck {
  const parsed = parseYuanInput(text);
  if (!parsed.ok) return parsed;
  if (parsed.fen <= 0) return { ok: false, message: '退费金额须大于 0' };
  if (maxFen !== null && parsed.fen > maxFen) return { ok: false, message: `退费金额不能超过可退金额 ${formatYuan(maxFen)}` };
  return parsed;
}

/** What a role may do with a refund now: the agency decides a request; agency or collector confirm an offline payout. */
export function refundActions(refund: Pick<TRefund, 'status'>, role: string): { decide: boolean; markRefunded: boolean } {
  return {
    decide: role === 'agency_admin' && refund.status === 'requested',
    markRefunded: (role === 'agency_admin' || role === 'collector') && refund.status === 'approved',
  };
}

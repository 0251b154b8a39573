import type { TChannelAck } from '@canbao/domain';

/**
 * A payment channel with an online interface (WeChat Pay, Alipay, a bank's aggregator …). Channels without one
 * (bank counter, POS, kiosk, the tax e-bureau, the app) arrive through reconciliation files instead.
 */
export interface PaymentProvider {
  readonly code: string;
  readonly name: string;
  /** Places an order; the family is sent to payUrl. */
  createOrder(order: { outTradeNo: string; amountFen: number; description: string }): Promise<{ payUrl: string }>;
  /**
   * Verifies a notification exactly as it arrived (headers and raw body). Throws NotificationRejected for a bad
   * signature, a stale timestamp or a malformed body; returns the paid order otherwise.
   */
  verifyNotification(headers: Record<string, string | string[] | undefined>, rawBody: string): VerifiedNotification;
  /** Asks the channel for an order's state (when a notification is late or lost). */
  queryOrder(outTradeNo: string): Promise<{ state: 'paid'; notification: VerifiedNotification } | { state: 'pending' | 'closed' | 'unknown' }>;
  /** Pays money back through the channel, linked to the original transaction. */
  refund(input: { transactionId: string; outTradeNo: string; refundNo: string; amountFen: number }): Promise<{ refundId: string; state: 'refunded' | 'failed'; message?: string }>;
  /** The body the channel expects back so it stops retrying. */
  readonly ackBody: TChannelAck;
}

export type VerifiedNotification = {
  outTradeNo: string;
  transactionId: string;
  amountFen: number;
  paidAt: Date;
  payerName: string | null;
};

export class NotificationRejected extends Error {
  override name = 'NotificationRejected';
}

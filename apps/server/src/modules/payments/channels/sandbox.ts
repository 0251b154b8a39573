import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { TSandboxOrder, TSandboxScenario } from '@canbao/domain';
import { NotificationRejected, type PaymentProvider, type VerifiedNotification } from './provider';

type SandboxOrder = TSandboxOrder & { paid?: VerifiedNotification };

export type Delivery = (rawBody: string, headers: Record<string, string>) => Promise<{ status: number; body: string }>;

const SIGNATURE_HEADER = 'x-sandbox-signature';
/** Notifications older than this are refused (a replayed capture); the wallet signs every retry afresh. */
const MAX_AGE_SECONDS = 300;
/** Retry schedule after a failed delivery, as the real wallets do (seconds). */
const RETRY_DELAYS = [1, 2, 5, 15, 30, 60];

export function signSandbox(key: string, rawBody: string, at = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac('sha256', key).update(`${at}.${rawBody}`).digest('hex');
  return `t=${at},v1=${mac}`;
}

/**
 * A wallet that behaves like the real ones, in process: orders with a cashier page, signed asynchronous
 * notifications (HMAC-SHA256 over timestamp and body), retries until acknowledged, duplicates, late and lost
 * notifications, queries and refunds. Used by the tests and the demo; production registers real providers.
 */
export class SandboxProvider implements PaymentProvider {
  readonly code = 'sandbox';
  readonly name = '线上支付（沙箱）';
  readonly ackBody = { code: 'SUCCESS' };
  private readonly orders = new Map<string, SandboxOrder>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Deliveries in flight, so tests can wait for the wallet to go quiet. */
  private pending = new Set<Promise<void>>();
  deliver: Delivery | null = null;

  constructor(private readonly key: string) {}

  async createOrder(order: { outTradeNo: string; amountFen: number; description: string }) {
    this.orders.set(order.outTradeNo, { ...order, state: 'pending' });
    return { payUrl: `/sandbox-pay/${encodeURIComponent(order.outTradeNo)}` };
  }

  /** The cashier page's view of an order. */
  getOrder(outTradeNo: string): TSandboxOrder | null {
    const o = this.orders.get(outTradeNo);
    return o ? { outTradeNo: o.outTradeNo, amountFen: o.amountFen, description: o.description, state: o.state } : null;
  }

  /** The family confirms on the cashier page: the wallet takes the money and notifies per the scenario. */
  pay(outTradeNo: string, scenario: TSandboxScenario = 'normal', payerName: string | null = null): VerifiedNotification {
    const o = this.orders.get(outTradeNo);
    if (!o) throw new NotificationRejected('订单不存在或已过期，请返回重新发起支付');
    if (o.state === 'closed') throw new NotificationRejected('订单已关闭');
    if (!o.paid) {
      o.state = 'paid';
      o.paid = {
        outTradeNo,
        transactionId: `SBX${Date.now()}${randomBytes(5).toString('hex').toUpperCase()}`,
        amountFen: scenario === 'wrong_amount' ? o.amountFen - 1 : o.amountFen,
        paidAt: new Date(),
        payerName,
      };
    }
    const n = o.paid;
    if (scenario === 'lost') return n;
    if (scenario === 'late') this.schedule(n, 3);
    else {
      this.track(this.notify(n, 0));
      if (scenario === 'duplicate') this.track(this.notify(n, 0));
    }
    return n;
  }

  notificationBody(n: VerifiedNotification): string {
    return JSON.stringify({
      event: 'TRANSACTION.SUCCESS',
      out_trade_no: n.outTradeNo,
      transaction_id: n.transactionId,
      amount_fen: n.amountFen,
      paid_at: n.paidAt.toISOString(),
      payer_name: n.payerName,
      nonce: randomUUID(),
    });
  }

  sign(rawBody: string, at?: number): string {
    return signSandbox(this.key, rawBody, at);
  }

  verifyNotification(headers: Record<string, string | string[] | undefined>, rawBody: string): VerifiedNotification {
    const header = headers[SIGNATURE_HEADER];
    const value = Array.isArray(header) ? header[0] : header;
    const m = value?.match(/^t=(\d+),v1=([0-9a-f]{64})$/);
    if (!m) throw new NotificationRejected('缺少或无法识别签名');
    const at = Number(m[1]);
    if (Math.abs(Date.now() / 1000 - at) > MAX_AGE_SECONDS) throw new NotificationRejected('通知时间戳已过期');
    const expected = createHmac('sha256', this.key).update(`${at}.${rawBody}`).digest();
    const given = Buffer.from(m[2]!, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new NotificationRejected('签名验证失败');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(rawBody) as Record<string, unknown>;
    } catch {
      throw new NotificationRejected('通知内容不是有效的 JSON');
    }
    const amount = body.amount_fen;
    const paidAt = typeof body.paid_at === 'string' ? new Date(body.paid_at) : null;
    if (
      body.event !== 'TRANSACTION.SUCCESS' ||
      typeof body.out_trade_no !== 'string' ||
      typeof body.transaction_id !== 'string' ||
      typeof amount !== 'number' ||
      !Number.isSafeInteger(amount) ||
      amount <= 0 ||
      !paidAt ||
      Number.isNaN(paidAt.getTime())
    ) {
      throw new NotificationRejected('通知内容不完整');
    }
    return {
      outTradeNo: body.out_trade_no,
      transactionId: body.transaction_id,
      amountFen: amount,
      paidAt,
      payerName: typeof body.payer_name === 'string' ? body.payer_name : null,
    };
  }

  async queryOrder(outTradeNo: string) {
    const o = this.orders.get(outTradeNo);
    if (!o) return { state: 'unknown' as const };
    if (o.state === 'paid' && o.paid) return { state: 'paid' as const, notification: o.paid };
    return { state: o.state === 'closed' ? ('closed' as const) : ('pending' as const) };
  }

  /** Refunds paid out, by refund number: a wallet pays a refund number once, however often it is asked. */
  readonly refunds = new Map<string, { refundId: string; transactionId: string; amountFen: number }>();

  async refund(input: { transactionId: string; outTradeNo: string; refundNo: string; amountFen: number }) {
    const done = this.refunds.get(input.refundNo);
    if (done) return { refundId: done.refundId, state: 'refunded' as const };
    const o = this.orders.get(input.outTradeNo);
    const already = [...this.refunds.values()].filter((r) => r.transactionId === input.transactionId).reduce((s, r) => s + r.amountFen, 0);
    const pay = () => {
      const refundId = `SBXR${Date.now()}${randomBytes(4).toString('hex').toUpperCase()}`;
      this.refunds.set(input.refundNo, { refundId, transactionId: input.transactionId, amountFen: input.amountFen });
      return { refundId, state: 'refunded' as const };
    };
    if (o?.paid && o.paid.transactionId === input.transactionId && already + input.amountFen <= o.paid.amountFen) return pay();
    // The sandbox also accepts refunds of transactions it no longer remembers (a restarted demo), as a wallet would
    // by its own records; an impossible amount is refused.
    if (!o && input.amountFen > 0) return pay();
    return { refundId: '', state: 'failed' as const, message: '原交易不存在或退款金额超过原交易金额' };
  }

  private track(p: Promise<void>) {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private schedule(n: VerifiedNotification, attempt: number) {
    const delay = RETRY_DELAYS[Math.min(attempt, RETRY_DELAYS.length - 1)]! * 1000;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.track(this.notify(n, attempt + 1));
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  private async notify(n: VerifiedNotification, attempt: number): Promise<void> {
    if (!this.deliver) return;
    const raw = this.notificationBody(n);
    let ok = false;
    try {
      const res = await this.deliver(raw, { 'content-type': 'application/json', [SIGNATURE_HEADER]: this.sign(raw) });
      ok = res.status === 200 && (JSON.parse(res.body) as { code?: string }).code === 'SUCCESS';
    } catch {
      ok = false;
    }
    if (!ok && attempt < RETRY_DELAYS.length) this.schedule(n, attempt);
  }

  /** Waits until every delivery started so far has finished (tests). */
  async settle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  close() {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

export const SANDBOX_SIGNATURE_HEADER = SIGNATURE_HEADER;

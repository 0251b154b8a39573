import { randomBytes } from 'node:crypto';
import { TERMINAL_HEADERS, type TTerminalAck, type TTerminalDue, type TTerminalOrder, type TTerminalStatement } from '@canbao/domain';
import { shanghaiToday } from '../../../time';
import { signTerminalRequest } from '../terminal.service';

export type TerminalSend = (request: { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body: string }) => Promise<{ status: number; body: string }>;

/** What the person at the terminal gives: a card read (kiosk), an ID typed at a counter, or several in a mini-program. */
export type TerminalPerson = { idNumber: string; name: string };

export class TerminalRefused extends Error {
  override name = 'TerminalRefused';
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`${status} ${body}`);
  }
}

/**
 * A query-and-pay terminal as the real ones behave (tests and demo): a self-service kiosk reading an ID card, a bank
 * teller typing the number at the counter, a mini-program paying for family members. It signs every request with
 * its key, takes its own order number for each sale, collects the money on its side with its own transaction
 * number, and delivers the payment notification until it is acknowledged (retries with backoff), sometimes twice,
 * or never (`deliver: false`: the notification lost). What it took is its own book, sent as the day's statement.
 */
export class TerminalSandbox {
  private sale = 0;
  /** The money the terminal took, whatever became of the notification: its daily statement's lines. */
  readonly taken: Array<{ outTradeNo: string; transactionId: string; amountFen: number; paidAt: string }> = [];
  constructor(
    readonly terminalId: string,
    private readonly key: string,
    private readonly send: TerminalSend,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** One signed request; a non-2xx answer throws with its status and body. */
  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const raw = body === undefined ? '' : JSON.stringify(body);
    const timestamp = Math.floor(this.clock().getTime() / 1000);
    const nonce = randomBytes(12).toString('hex');
    const headers: Record<string, string> = {
      [TERMINAL_HEADERS.terminal]: this.terminalId,
      [TERMINAL_HEADERS.timestamp]: String(timestamp),
      [TERMINAL_HEADERS.nonce]: nonce,
      [TERMINAL_HEADERS.signature]: signTerminalRequest(this.key, { timestamp, nonce, method, path, body: raw }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    };
    const res = await this.send({ method, path, headers, body: raw });
    if (res.status < 200 || res.status >= 300) throw new TerminalRefused(res.status, res.body);
    return JSON.parse(res.body) as T;
  }

  due(persons: TerminalPerson[]): Promise<TTerminalDue> {
    return this.request('POST', '/api/v1/terminal/due', { persons });
  }

  /** The sale's order; `terminalOrderNo` is the terminal's own (a retry reuses it). */
  order(persons: TerminalPerson[], input: { payerName: string; payerRelation?: string; expectedTotalFen: number; terminalOrderNo?: string }): Promise<TTerminalOrder> {
    const terminalOrderNo = input.terminalOrderNo ?? `${this.terminalId.slice(7)}${Date.now()}${++this.sale}`.replace(/[^A-Za-z0-9_-]/g, '');
    return this.request('POST', '/api/v1/terminal/orders', { persons, ...input, terminalOrderNo });
  }

  /**
   * The money taken (cash, card, wallet) under the terminal's own transaction number, then notified until
   * acknowledged: up to `attempts` deliveries, `duplicate` sends the acknowledged one once more.
   */
  async collect(order: TTerminalOrder, options: { amountFen?: number; transactionId?: string; duplicate?: boolean; attempts?: number; backoffMs?: number } = {}): Promise<TTerminalAck> {
    const notification = this.take(order, options);
    const attempts = options.attempts ?? 5;
    let last: unknown;
    for (let i = 0; i < attempts; i++) {
      try {
        const ack = await this.request<TTerminalAck>('POST', '/api/v1/terminal/notifications', notification);
        if (options.duplicate) return this.request<TTerminalAck>('POST', '/api/v1/terminal/notifications', notification);
        return ack;
      } catch (err) {
        last = err;
        // A refusal the terminal caused (4xx) is not retried; an outage is.
        if (err instanceof TerminalRefused && err.status < 500) throw err;
        await new Promise((r) => setTimeout(r, (options.backoffMs ?? 200) * 2 ** i));
      }
    }
    throw last;
  }

  /** The money taken on the terminal's side, into its book; the notification is the caller's (or lost). */
  take(order: TTerminalOrder, options: { amountFen?: number; transactionId?: string } = {}) {
    const taken = {
      outTradeNo: order.outTradeNo,
      transactionId: options.transactionId ?? `${this.terminalId.replace(/[^A-Z0-9]/g, '')}${Date.now()}${randomBytes(3).toString('hex').toUpperCase()}`,
      amountFen: options.amountFen ?? order.totalFen,
      paidAt: this.clock().toISOString(),
    };
    this.taken.push(taken);
    return taken;
  }

  /** The day's statement from the terminal's own book (Asia/Shanghai days); `edit` lets a test corrupt it. */
  statement(date = shanghaiToday(this.clock()), edit?: (lines: TerminalSandbox['taken']) => TerminalSandbox['taken']): Promise<TTerminalStatement> {
    const lines = this.taken.filter((l) => shanghaiToday(new Date(l.paidAt)) === date);
    return this.request('POST', '/api/v1/terminal/statements', { date, lines: edit ? edit(lines.map((l) => ({ ...l }))) : lines });
  }

  status(outTradeNo: string): Promise<TTerminalOrder> {
    return this.request('GET', `/api/v1/terminal/orders/${outTradeNo}`);
  }
}

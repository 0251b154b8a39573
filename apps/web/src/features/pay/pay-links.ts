/**
 * Addresses of the public money flow: where the cashier goes back to, where a receipt is verified. Pure, so the
 * rules that keep a crafted link from sending a parent elsewhere are unit-tested.
 */

/** The pay page of a notice token (码上缴社保). */
export function payPagePath(token: string): string {
  return `/pay/${encodeURIComponent(token)}`;
}

/**
 * The return path a cashier may go back to: only this site's own pay page (a relative `/pay/<token>` path, no
 * scheme, no host, no `//`); anything else is dropped, so a link cannot send the parent to another site.
 */
export function safeBackPath(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const m = /^\/pay\/([A-Za-z0-9_-]{16,64})\/?(\?[A-Za-z0-9=&_-]*)?$/.exec(raw) ?? /^\/family\/pay\?order=CF[0-9A-F]{27}(&[A-Za-z0-9=&_-]*)?$/.exec(raw);
  return m ? raw : null;
}

/** The family payment page waiting for one order (为家人缴费, back from the cashier). */
export function familyPayPath(outTradeNo?: string): string {
  return outTradeNo ? `/family/pay?order=${encodeURIComponent(outTradeNo)}` : '/family/pay';
}

/**
 * The channel's pay address with the way back to the pay page added. A path of this site (the sandbox cashier)
 * gets `back=`; an external wallet address is used as the channel returned it.
 */
export function cashierUrl(payUrl: string, backPath: string): string {
  if (!payUrl.startsWith('/') || payUrl.startsWith('//')) return payUrl;
  const [path = '', query = ''] = payUrl.split('?', 2);
  const params = new URLSearchParams(query);
  params.set('back', backPath);
  return `${path}?${params.toString()}`;
}

/** The public verification page of a receipt, as a path or (with the origin) the address printed in its QR code. */
export function receiptVerifyPath(number: string, verifyCode: string): string {
  return `/receipt?${new URLSearchParams({ number, code: verifyCode }).toString()}`;
}

export function receiptVerifyUrl(origin: string, number: string, verifyCode: string): string {
  return origin.replace(/\/+$/, '') + receiptVerifyPath(number, verifyCode);
}

// ── what the pay page remembers for the trip to the cashier and back: this tab only (sessionStorage) ──

type TStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const nameKey = (token: string) => `canbao.pay.${token}.name`;
const orderKey = (token: string) => `canbao.pay.${token}.order`;

function storage(): TStorage | null {
  try {
    return typeof window === 'undefined' ? null : window.sessionStorage;
  } catch {
    // Storage disabled (private mode of some browsers): the parent types the name again.
    return null;
  }
}

export interface PayMemory {
  name: string | null;
  /** The order placed before leaving for the cashier: on return, the page waits for its payment. */
  outTradeNo: string | null;
}

export function readPayMemory(token: string, s: TStorage | null = storage()): PayMemory {
  return { name: s?.getItem(nameKey(token)) ?? null, outTradeNo: s?.getItem(orderKey(token)) ?? null };
}

export function rememberName(token: string, name: string | null, s: TStorage | null = storage()): void {
  if (name) s?.setItem(nameKey(token), name);
  else s?.removeItem(nameKey(token));
}

export function rememberOrder(token: string, outTradeNo: string | null, s: TStorage | null = storage()): void {
  if (outTradeNo) s?.setItem(orderKey(token), outTradeNo);
  else s?.removeItem(orderKey(token));
}

// ── waiting for the payment after the cashier ──

/** Every 2 s, for about a minute (the public pay routes allow 30 calls a minute per address). */
export const POLL_INTERVAL_MS = 2000;
export const POLL_MAX_ATTEMPTS = 25;

/**
 * Whether to ask for the notice's details again: while an order is outstanding and the notice is not paid yet, or
 * paid but its receipt not issued yet (it follows within a second), up to the attempt limit.
 */
export function shouldPoll(input: { waiting: boolean; status: 'open' | 'paid' | 'cancelled' | undefined; hasReceipt: boolean; attempts: number }): boolean {
  if (!input.waiting || input.attempts >= POLL_MAX_ATTEMPTS) return false;
  if (input.status === 'open') return true;
  return input.status === 'paid' && !input.hasReceipt;
}

import { api } from '../../api/client';

/**
 * The public money flow (no login): the family's pay page by the notice's token, the sandbox wallet's cashier,
 * receipt verification and lookup, and the family's coverage status. Shapes as payments.routes.ts answers them.
 */

export type TNoticeStatus = 'open' | 'paid' | 'cancelled';

/** GET /pay/:token: all anyone holding the QR code sees before confirming the child's name. */
export interface TPayGreeting {
  year: number;
  unitName: string;
  /** The child's name masked: 张**. */
  nameHint: string;
  status: TNoticeStatus;
}

/** POST /pay/:token/details: the notice once the child's name is confirmed. */
export interface TPayDetails {
  year: number;
  unitName: string;
  personName: string;
  /** Masked: 320508********1234. */
  documentNumber: string;
  className: string | null;
  categoryName: string;
  parts: { code: string; name: string; amountFen: number }[];
  totalFen: number;
  subsidyFen: number;
  subsidyName: string | null;
  amountFen: number;
  benefitStart: string;
  benefitEnd: string;
  status: TNoticeStatus;
  paidAt: string | null;
  receipt: { number: string; verifyCode: string } | null;
}

export interface TPayOrder {
  outTradeNo: string;
  /** Where the family pays: a path of this site for the sandbox wallet, the wallet's address otherwise. */
  payUrl: string;
}

export type TSandboxScenario = 'normal' | 'duplicate' | 'late' | 'lost' | 'wrong_amount';

export interface TSandboxOrder {
  outTradeNo: string;
  amountFen: number;
  description: string;
  state: 'pending' | 'paid' | 'closed';
}

/** GET /receipts/verify: what the electronic receipt says. */
export interface TReceipt {
  number: string;
  year: number;
  amountFen: number;
  personName: string;
  documentNumber: string;
  payerName: string | null;
  unitName: string | null;
  issuer: string;
  channel: string;
  paidAt: string;
  issuedAt: string;
  /** false once voided (refunded). */
  valid: boolean;
  verifyCode: string;
}

export interface TReceiptListItem {
  number: string;
  year: number;
  amountFen: number;
  issuedAt: string;
  verifyCode: string;
}

export interface TReceiptLookupInput {
  name: string;
  idNumber: string;
  phone: string;
}

export interface TFamilyYear {
  year: number;
  status: string;
  statusName: string;
  unitName: string | null;
  categoryName: string;
  payableFen: number;
  paidFen: number;
  paidAt: string | null;
  benefitStart: string;
  benefitEnd: string;
  waitingDays: number;
  covered: boolean;
  receiptNumber: string | null;
}

export interface TFamilyStatus {
  found: boolean;
  years: TFamilyYear[];
}

const payPath = (token: string) => `/api/v1/pay/${encodeURIComponent(token)}`;
const sandboxPath = (outTradeNo: string) => `/api/v1/sandbox/orders/${encodeURIComponent(outTradeNo)}`;

export function getPayGreeting(token: string, signal?: AbortSignal): Promise<TPayGreeting> {
  return api.get<TPayGreeting>(payPath(token), undefined, signal);
}

/** Confirms the child's name (400 when it is not the notice's) and asks the channels about pending orders. */
export function getPayDetails(token: string, name: string): Promise<TPayDetails> {
  return api.post<TPayDetails>(`${payPath(token)}/details`, { name });
}

export function createPayOrder(token: string, input: { name: string; channel: string }): Promise<TPayOrder> {
  return api.post<TPayOrder>(`${payPath(token)}/orders`, input);
}

export function getSandboxOrder(outTradeNo: string, signal?: AbortSignal): Promise<TSandboxOrder> {
  return api.get<TSandboxOrder>(sandboxPath(outTradeNo), undefined, signal);
}

export function paySandboxOrder(outTradeNo: string, scenario: TSandboxScenario): Promise<{ transactionId: string; amountFen: number }> {
  return api.post(`${sandboxPath(outTradeNo)}/pay`, { scenario });
}

export function verifyReceipt(number: string, code: string, signal?: AbortSignal): Promise<TReceipt> {
  return api.get<TReceipt>('/api/v1/receipts/verify', { number, code }, signal);
}

export async function lookupReceipts(input: TReceiptLookupInput): Promise<TReceiptListItem[]> {
  const { items } = await api.post<{ items: TReceiptListItem[] }>('/api/v1/receipts/lookup', input);
  return items;
}

export function getFamilyStatus(input: { idNumber: string; name: string; phoneLast4: string }): Promise<TFamilyStatus> {
  return api.post<TFamilyStatus>('/api/v1/family/status', input);
}

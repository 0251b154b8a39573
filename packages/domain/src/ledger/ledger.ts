import type { TRefundReasonCode as TRefundReason } from '../declarations/receipts';

/**
 * The ledger of one declaration's money: the only place that decides whether a declaration is paid, what is owed
 * or over-paid, whether a valid receipt must exist and whether the person is covered. The database applies the
 * same rule in set-based statements through `canbao_ledger_status()` (migration 20261201T2200-ledger); a test
 * checks the two agree on every combination.
 *
 * A declaration moves declared → confirmed → settled by what its unit does (the stage); money alone moves it
 * between settled and paid. Nothing is charged before settlement, so money that arrives earlier (a family paid the
 * tax bureau before the school confirmed) waits on the declaration and counts once it is settled. A removed
 * declaration owes nothing: whatever money is still on it is over-paid and goes back.
 */
export type TLedgerStage = 'declared' | 'confirmed' | 'settled' | 'removed';
export type TLedgerStatus = 'declared' | 'confirmed' | 'settled' | 'paid' | 'removed';

export type TLedgerInput = {
  stage: TLedgerStage;
  /** What the declaration costs the payer: total − subsidy, integer fen. */
  payableFen: number;
  /** Money received for it: its own payments plus its share of a unit's payment. */
  receivedFen: number;
  /** Money paid back out of it (refunds completed). */
  refundedFen: number;
};

export type TLedgerState = {
  status: TLedgerStatus;
  /** received − refunded. */
  netPaidFen: number;
  /** Still to pay, once billed (settled). */
  owedFen: number;
  /** Money on the declaration beyond what it needs (all of it when removed, none billed before settlement). */
  overpaidFen: number;
  /** Exactly one valid receipt must exist. */
  receiptRequired: boolean;
  /** The person is insured for the year by this declaration. */
  covered: boolean;
};

function assertFen(name: string, v: number) {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} 须为非负整数分`);
}

/** The stage a stored status stands for ('paid' is a settled declaration whose money is all there). */
export function ledgerStage(status: TLedgerStatus): TLedgerStage {
  return status === 'paid' ? 'settled' : status;
}

/** The status the money gives a stage; the SQL twin is canbao_ledger_status(status, payable, net). */
export function ledgerStatus(stage: TLedgerStage, payableFen: number, netPaidFen: number): TLedgerStatus {
  if (stage !== 'settled') return stage;
  return netPaidFen >= payableFen ? 'paid' : 'settled';
}

export function ledgerState(x: TLedgerInput): TLedgerState {
  assertFen('应缴金额', x.payableFen);
  assertFen('到账金额', x.receivedFen);
  assertFen('退款金额', x.refundedFen);
  const net = x.receivedFen - x.refundedFen;
  if (net < 0) throw new RangeError('退款金额不能超过到账金额');
  const status = ledgerStatus(x.stage, x.payableFen, net);
  const billed = x.stage === 'settled' ? x.payableFen : 0;
  return {
    status,
    netPaidFen: net,
    owedFen: x.stage === 'settled' ? Math.max(0, x.payableFen - net) : 0,
    overpaidFen: x.stage === 'removed' ? net : Math.max(0, net - billed),
    receiptRequired: status === 'paid' && x.payableFen > 0,
    covered: status === 'paid',
  };
}

export type TRefundCheck =
  | { ok: true }
  | { ok: false; message: string };

const yuan = (fen: number) => (fen / 100).toFixed(2);

/**
 * What a refund of one declaration's money may return, before it is requested and again when it is paid out:
 * only money that is really there. `pendingFen` is what other refunds of the declaration already claim (requested
 * or approved, not yet paid out).
 * - duplicate (重复缴费): only the over-payment; a child's only payment is never a duplicate.
 * - wrongful (错误收费): any of the money on it; the declaration is removed when paid out.
 * - subsidy_after (缴费后认定资助): at most what the payer was charged; the subsidy lowers the price by as much.
 * - other: any of the money on it; whatever the declaration then lacks makes it unpaid again.
 */
export function checkDeclarationRefund(state: TLedgerState, payableFen: number, reason: TRefundReason, amountFen: number, pendingFen: number): TRefundCheck {
  assertFen('退费金额', amountFen);
  assertFen('待退金额', pendingFen);
  const onIt = state.netPaidFen - pendingFen;
  if (amountFen <= 0) return { ok: false, message: '退费金额须大于 0' };
  if (reason === 'duplicate') {
    const extra = state.overpaidFen - pendingFen;
    if (extra <= 0) return { ok: false, message: `该申报没有多缴的金额（实缴 ${yuan(state.netPaidFen)} 元，应缴 ${yuan(state.status === 'removed' ? 0 : payableFen)} 元），不能按重复缴费退费` };
    if (amountFen > extra) return { ok: false, message: `重复缴费最多可退 ${yuan(extra)} 元` };
    return { ok: true };
  }
  if (onIt <= 0) return { ok: false, message: '该申报已没有可退的金额' };
  if (reason === 'subsidy_after') {
    if (state.status === 'removed') return { ok: false, message: '申报已撤销，不能按资助身份退费' };
    const max = Math.min(payableFen, onIt);
    if (amountFen > max) return { ok: false, message: `资助退费最多可退 ${yuan(max)} 元（不超过个人应缴金额）` };
    return { ok: true };
  }
  if (amountFen > onIt) return { ok: false, message: `该申报最多可退 ${yuan(onIt)} 元` };
  return { ok: true };
}

/** The declaration after a refund is paid out: payable and stage as the reason says, then the status by the money. */
export function afterRefund(x: TLedgerInput, reason: TRefundReason, amountFen: number): { input: TLedgerInput; state: TLedgerState } {
  const input: TLedgerInput = {
    stage: reason === 'wrongful' ? 'removed' : x.stage,
    payableFen: reason === 'subsidy_after' ? Math.max(0, x.payableFen - amountFen) : x.payableFen,
    receivedFen: x.receivedFen,
    refundedFen: x.refundedFen + amountFen,
  };
  return { input, state: ledgerState(input) };
}

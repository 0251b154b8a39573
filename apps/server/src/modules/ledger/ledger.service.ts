import { checkDeclarationRefund, ledgerStage, ledgerState, type TLedgerStatus, type TRefundReasonCode } from '@canbao/domain';
import { sql, type Transaction } from 'kysely';
import type { ServiceContext } from '../../context';
import type { DB } from '../../db/schema/index';
import { AppError, AppErrorCode } from '../../errors';
import { applyLedger, declarationMoney, paymentMoney } from './ledger.repository';

/**
 * The ledger's rules for the paths that are not a single set-based statement: which money a refund may return,
 * what paying it out does to the declaration, and locking in one order (declaration before payment) so two
 * transitions of one declaration never interleave.
 */

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** Locks declarations for a money transition, in id order (the order every set-based payment statement uses). */
export async function lockDeclarations(db: Transaction<DB>, regionCode: string, ids: readonly string[]) {
  if (!ids.length) return;
  // The region named as a value: Citus locks rows only in a statement it sends to one shard.
  await sql`SELECT id FROM declaration WHERE region_code = ${regionCode} AND id = ANY(${[...ids].sort()}::uuid[]) ORDER BY id FOR NO KEY UPDATE`.execute(db);
}

/** The ledger state of one declaration from its records (the caller's scope must hold it). */
export async function declarationLedger(db: Transaction<DB>, regionCode: string, declarationId: string) {
  const m = await declarationMoney(db, regionCode, declarationId);
  if (!m) return undefined;
  const state = ledgerState({ stage: ledgerStage(m.status as TLedgerStatus), payableFen: m.payableFen, receivedFen: m.receivedFen, refundedFen: m.refundedFen });
  return { ...m, state };
}

export type RefundClaim = { paymentId: string; declarationId: string | null; reason: TRefundReasonCode; amountFen: number };

/**
 * Whether a refund may be asked for (and, again, paid out): the payment must still hold the money, and the
 * declaration it comes from must have it to give — a duplicate refund needs a duplicate payment. A unit's payment
 * names the declaration whose share goes back (a graduate paid for by the school), or none for money no
 * declaration holds (a second transfer). Locks the declaration, then the payment. `excludeRefundId` leaves a refund's
 * own claim out when it is re-checked at payout.
 */
export async function assertRefundable(ctx: ServiceContext, claim: RefundClaim, excludeRefundId: string | null = null) {
  const payment = await ctx.db.selectFrom('payment').select(['id', 'declaration_id', 'settlement_id', 'region_code']).where('id', '=', claim.paymentId).where('region_code', '=', ctx.scope.regionCode).executeTakeFirst();
  if (!payment) throw new AppError(AppErrorCode.NOT_FOUND, { message: '缴费记录不存在' });
  const declarationId = payment.declaration_id ?? claim.declarationId;
  if (declarationId) await lockDeclarations(ctx.db, ctx.scope.regionCode, [declarationId]);
  await sql`SELECT id FROM payment WHERE region_code = ${ctx.scope.regionCode} AND id = ${claim.paymentId} FOR UPDATE`.execute(ctx.db);
  const own = excludeRefundId
    ? await ctx.db.selectFrom('refund').select('amount_fen').where('id', '=', excludeRefundId).where('status', 'in', ['requested', 'approved']).executeTakeFirst()
    : undefined;
  const ownFen = own?.amount_fen ?? 0;

  const p = await paymentMoney(ctx.db, ctx.scope.regionCode, claim.paymentId);
  const left = p.amountFen - p.refundedFen - (p.pendingFen - ownFen);
  if (claim.amountFen > left) {
    throw refusal(`退费金额超过该笔缴费可退金额（原缴费 ${yuan(p.amountFen)} 元，已退或待退 ${yuan(p.amountFen - left)} 元）`);
  }
  if (!declarationId) {
    // Money no declaration holds: a unit's transfer beyond its settlement, a roster line nobody was declared for.
    const free = p.amountFen - p.allocatedFen - (p.unallocatedClaimedFen - ownFen);
    if (claim.amountFen > free) {
      throw refusal(p.allocatedFen > 0 ? `该笔单位缴款已用于缴清结算单，最多可退未分配的 ${yuan(Math.max(0, free))} 元；为某人退费请选择该人员` : `最多可退 ${yuan(Math.max(0, free))} 元`);
    }
    if (claim.reason === 'wrongful' || claim.reason === 'subsidy_after') throw refusal('该笔缴费未对应具体人员，只能按重复缴费或其他原因退费');
    return { declarationId: null, payment };
  }
  if (!payment.declaration_id) {
    const share = await ctx.db.selectFrom('payment_allocation').select('amount_fen').where('region_code', '=', ctx.scope.regionCode).where('payment_id', '=', claim.paymentId).where('declaration_id', '=', declarationId).executeTakeFirst();
    if (!share) throw refusal('该人员的申报不是由这笔单位缴款缴纳的');
  }
  const ledger = await declarationLedger(ctx.db, ctx.scope.regionCode, declarationId);
  if (!ledger) throw new AppError(AppErrorCode.NOT_FOUND, { message: '申报不存在' });
  const check = checkDeclarationRefund(ledger.state, ledger.payableFen, claim.reason, claim.amountFen, ledger.pendingFen - ownFen);
  if (!check.ok) throw refusal(check.message);
  return { declarationId, payment };
}

function refusal(message: string) {
  return new AppError(AppErrorCode.VALIDATION_FAILED, { message, details: [{ path: 'amountFen', message }] });
}

/**
 * A refund paid out: its money leaves the payment and the declaration, and the declaration follows — unpaid
 * again when it now lacks money, removed for a wrongful charge, cheaper by the subsidy for a subsidy granted after
 * payment — with its receipt, notice and queue, in the caller's transaction. Exception items of a payment returned
 * in full are resolved. The caller has moved the refund to 'refunded' in a conditional, locked step.
 */
export async function payOutRefund(ctx: ServiceContext, r: { id: string; paymentId: string; declarationId: string | null; reason: TRefundReasonCode; amountFen: number }) {
  if (r.declarationId) await lockDeclarations(ctx.db, ctx.scope.regionCode, [r.declarationId]);
  const payment = await ctx.db
    .updateTable('payment')
    .set((eb) => ({ refunded_fen: eb('refunded_fen', '+', r.amountFen) }))
    .where('id', '=', r.paymentId)
    .returning(['amount_fen', 'refunded_fen'])
    .executeTakeFirstOrThrow();
  if (r.declarationId && r.reason === 'wrongful') {
    await ctx.db.updateTable('declaration').set({ status: 'removed', removed_at: ctx.now, removed_reason: '错误收费，已退费', updated_at: ctx.now }).where('id', '=', r.declarationId).execute();
  } else if (r.declarationId && r.reason === 'subsidy_after') {
    await ctx.db
      .updateTable('declaration')
      .set((eb) => ({ subsidy_fen: eb('subsidy_fen', '+', r.amountFen), payable_fen: eb('payable_fen', '-', r.amountFen), updated_at: ctx.now }))
      .where('id', '=', r.declarationId)
      .execute();
  }
  const states = r.declarationId ? await applyLedger(ctx.db, ctx.scope.regionCode, [r.declarationId], ctx.now) : [];
  if (payment.refunded_fen >= payment.amount_fen) {
    await ctx.db
      .updateTable('reconciliation_item')
      .set({ status: 'resolved', resolution: 'refund', resolution_note: '已全额退款', resolved_by: ctx.scope.username, resolved_at: ctx.now })
      .where('payment_id', '=', r.paymentId)
      .where('status', '=', 'open')
      .execute();
  }
  return states[0] ?? null;
}

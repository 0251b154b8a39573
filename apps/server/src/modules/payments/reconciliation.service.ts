import {
  BANK_NAMES,
  PAYMENT_CHANNEL_NAMES,
  RECONCILIATION_KIND_NAMES,
  REFUND_REASON_NAMES,
  REFUND_STATUS_NAMES,
  maskIdNumber,
  type TDailyTotal,
  type TPayment,
  type TReconciliationItems,
  type TReconciliationKind,
  type TReconciliationStatus,
  type TRefund,
  type TRefundReasonCode,
  type TRefundStatus,
  type TResolution,
  type TResolveResult,
} from '@canbao/domain';
import { sql } from 'kysely';
import type { ServiceContext } from '../../context';
import type { Updateable } from 'kysely';
import type { RefundTable } from '../../db/schema/money';
import { AppError, AppErrorCode } from '../../errors';
import { audit } from '../audit/audit.service';
import { shanghaiToday } from '../../time';
import { exportFilter, streamXlsx, type ExportColumn, type XlsxExport } from '../../xlsx-export';
import type { PaymentProvider } from './channels/provider';
import { assertRefundable, declarationLedger, payOutRefund } from '../ledger/ledger.service';
import { assertYearOpenFor } from '../declarations/year-closing';

// ── reconciliation items (对账异常) ───────────────────────────────────────────────────────────────────────────

export async function findReconciliationItems(
  ctx: ServiceContext,
  f: { status?: TReconciliationStatus | undefined; kind?: TReconciliationKind | undefined; year?: number | undefined; importJobId?: string | undefined },
): Promise<TReconciliationItems> {
  const rows = await ctx.db
    .selectFrom('reconciliation_item as i')
    .leftJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'i.region_code').onRef('u.id', '=', 'i.unit_id'))
    .selectAll('i')
    .select('u.name as unit_name')
    .where('i.region_code', '=', ctx.scope.regionCode)
    .$if(ctx.scope.unitId !== null, (q) => q.where('i.unit_id', '=', ctx.scope.unitId))
    .$if(!!f.status, (q) => q.where('i.status', '=', f.status!))
    .$if(!!f.kind, (q) => q.where('i.kind', '=', f.kind!))
    .$if(!!f.year, (q) => q.where('i.insurance_year', '=', f.year!))
    .$if(!!f.importJobId, (q) => q.where('i.import_job_id', '=', f.importJobId!))
    .orderBy('i.created_at', 'desc')
    .orderBy('i.row_number')
    .limit(1000)
    .execute();
  const counts = await ctx.db
    .selectFrom('reconciliation_item')
    .select((eb) => ['kind', 'status', eb.fn.countAll<number>().as('n')])
    .where('region_code', '=', ctx.scope.regionCode)
    .$if(ctx.scope.unitId !== null, (q) => q.where('unit_id', '=', ctx.scope.unitId))
    .$if(!!f.year, (q) => q.where('insurance_year', '=', f.year!))
    .groupBy(['kind', 'status'])
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      kindName: RECONCILIATION_KIND_NAMES[r.kind],
      year: r.insurance_year,
      channel: r.channel,
      transactionId: r.transaction_id,
      rowNumber: r.row_number,
      importJobId: r.import_job_id,
      documentNumber: r.document_number ? maskIdNumber(r.document_number) : null,
      personName: r.person_name,
      amountFen: r.amount_fen,
      expectedFen: r.expected_fen,
      declarationId: r.declaration_id,
      paymentId: r.payment_id,
      unitName: r.unit_name,
      paidAt: r.paid_at?.toISOString() ?? null,
      detail: r.detail,
      status: r.status,
      resolution: r.resolution,
      resolutionNote: r.resolution_note,
      resolvedBy: r.resolved_by,
      resolvedAt: r.resolved_at?.toISOString() ?? null,
    })),
    counts: counts.map((c) => ({ kind: c.kind, status: c.status, count: Number(c.n) })),
  };
}

/**
 * Resolves an exception: accept it as it is (a rounding difference, a declaration made later), send the money back
 * (a refund request, approved at once since the agency decides here), or set it aside with a note.
 */
export async function resolveReconciliationItem(ctx: ServiceContext, id: string, input: { resolution: TResolution; note: string }): Promise<TResolveResult> {
  const item = await ctx.db.selectFrom('reconciliation_item').selectAll().where('id', '=', id).where('region_code', '=', ctx.scope.regionCode).forUpdate().executeTakeFirst();
  if (!item) throw new AppError(AppErrorCode.NOT_FOUND, { message: '对账记录不存在' });
  if (item.status === 'resolved') throw new AppError(AppErrorCode.CONFLICT, { message: '该对账记录已处理' });
  if (item.insurance_year !== null) await assertYearOpenFor(ctx, item.insurance_year, '处理对账记录');
  let refundId: string | null = null;
  if (input.resolution === 'refund') {
    if (!item.payment_id) throw new AppError(AppErrorCode.CONFLICT, { message: '该记录没有对应的缴费，无法退费' });
    // What goes back is what the declaration does not need: the over-payment when there is one (a duplicate, a
    // larger amount), else the whole line (money for nobody declared, or too little to pay anything).
    const ledger = item.declaration_id ? await declarationLedger(ctx.db, ctx.scope.regionCode, item.declaration_id) : undefined;
    const over = ledger ? Math.min(ledger.state.overpaidFen - ledger.pendingFen, item.amount_fen) : 0;
    const refund = await insertRefund(
      ctx,
      { paymentId: item.payment_id, reason: over > 0 ? 'duplicate' : 'other', amountFen: over > 0 ? over : item.amount_fen, note: `对账处理：${item.detail}；${input.note}` },
      'approved',
    );
    refundId = refund.id;
  }
  await ctx.db
    .updateTable('reconciliation_item')
    .set({ status: 'resolved', resolution: input.resolution, resolution_note: input.note, resolved_by: ctx.scope.username, resolved_at: ctx.now })
    .where('id', '=', id)
    .execute();
  await audit(ctx, { action: 'reconciliation.resolved', entityType: 'reconciliation_item', entityId: id, unitId: item.unit_id, before: { status: 'open', kind: item.kind }, after: { resolution: input.resolution, note: input.note, refundId } });
  return { id, resolution: input.resolution, refundId };
}

/** Daily totals by channel and unit (对账汇总): what each channel brought in per day. */
export async function dailyTotals(ctx: ServiceContext, f: { year: number; from?: string | undefined; to?: string | undefined }): Promise<{ items: TDailyTotal[] }> {
  const rows = await ctx.db
    .selectFrom('payment as p')
    .leftJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'p.region_code').onRef('u.id', '=', 'p.unit_id'))
    .select((eb) => [
      sql<string>`to_char(p.paid_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`.as('day'),
      'p.channel',
      'p.unit_id',
      'u.name as unit_name',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('p.amount_fen').as('amount'),
      eb.fn.sum<number>('p.refunded_fen').as('refunded'),
    ])
    .where('p.region_code', '=', ctx.scope.regionCode)
    .where('p.insurance_year', '=', f.year)
    .$if(ctx.scope.unitId !== null, (q) => q.where('p.unit_id', '=', ctx.scope.unitId))
    .$if(!!f.from, (q) => q.where(sql<boolean>`(p.paid_at AT TIME ZONE 'Asia/Shanghai')::date >= ${f.from}::date`))
    .$if(!!f.to, (q) => q.where(sql<boolean>`(p.paid_at AT TIME ZONE 'Asia/Shanghai')::date <= ${f.to}::date`))
    .groupBy([sql`1`, 'p.channel', 'p.unit_id', 'u.name'])
    .orderBy(sql`1`, 'desc')
    .orderBy('p.channel')
    .execute();
  return {
    items: rows.map((r) => ({ day: r.day, channel: r.channel, unitId: r.unit_id, unitName: r.unit_name, count: Number(r.n), amountFen: Number(r.amount ?? 0), refundedFen: Number(r.refunded ?? 0) })),
  };
}

// ── payments and refunds (退费) ───────────────────────────────────────────────────────────────────────────────

export async function findPayments(ctx: ServiceContext, f: { year: number; declarationId?: string | undefined; channel?: string | undefined; q?: string | undefined }): Promise<{ items: TPayment[] }> {
  const rows = await ctx.db
    .selectFrom('payment as p')
    .leftJoin('declaration as d', (j) => j.onRef('d.region_code', '=', 'p.region_code').onRef('d.id', '=', 'p.declaration_id'))
    .leftJoin('person as per', (j) => j.onRef('per.region_code', '=', 'd.region_code').onRef('per.id', '=', 'd.person_id'))
    .leftJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'p.region_code').onRef('u.id', '=', 'p.unit_id'))
    .select(['p.id', 'p.channel', 'p.transaction_id', 'p.source', 'p.amount_fen', 'p.refunded_fen', 'p.paid_at', 'p.payer_name', 'p.declaration_id', 'p.settlement_id', 'per.name as person_name', 'u.name as unit_name'])
    .where('p.region_code', '=', ctx.scope.regionCode)
    .where('p.insurance_year', '=', f.year)
    .$if(ctx.scope.unitId !== null, (q) => q.where('p.unit_id', '=', ctx.scope.unitId))
    .$if(!!f.declarationId, (q) => q.where('p.declaration_id', '=', f.declarationId!))
    .$if(!!f.channel, (q) => q.where('p.channel', '=', f.channel!))
    .$if(!!f.q, (q) => q.where((eb) => eb.or([eb('p.transaction_id', '=', f.q!), eb('per.name', '=', f.q!)])))
    .orderBy('p.paid_at', 'desc')
    .limit(500)
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      transactionId: r.transaction_id,
      source: r.source,
      amountFen: r.amount_fen,
      refundedFen: r.refunded_fen,
      paidAt: r.paid_at.toISOString(),
      payerName: r.payer_name,
      declarationId: r.declaration_id,
      settlementId: r.settlement_id,
      personName: r.person_name,
      unitName: r.unit_name,
    })),
  };
}

async function insertRefund(ctx: ServiceContext, input: { paymentId: string; declarationId?: string | null | undefined; reason: TRefundReasonCode; amountFen: number; note: string | null }, status: TRefundStatus) {
  // Locks the declaration and the payment, so two requests for the same money are decided one after the other.
  // A closed year is refused before anything is locked or checked (the payment's own 404 is assertRefundable's).
  const year = await ctx.db.selectFrom('payment').select('insurance_year').where('id', '=', input.paymentId).where('region_code', '=', ctx.scope.regionCode).executeTakeFirst();
  if (year) await assertYearOpenFor(ctx, year.insurance_year, '申请退费');
  const { declarationId, payment } = await assertRefundable(ctx, { paymentId: input.paymentId, declarationId: input.declarationId ?? null, reason: input.reason, amountFen: input.amountFen });
  const paid = await ctx.db.selectFrom('payment').select('unit_id').where('id', '=', payment.id).executeTakeFirstOrThrow();
  const unit = declarationId ? await ctx.db.selectFrom('declaration').select('unit_id').where('id', '=', declarationId).executeTakeFirst() : undefined;
  const unitId = unit?.unit_id ?? paid.unit_id;
  const row = await ctx.db
    .insertInto('refund')
    .values({
      region_code: ctx.scope.regionCode,
      payment_id: input.paymentId,
      declaration_id: declarationId,
      unit_id: unitId,
      reason: input.reason,
      note: input.note,
      amount_fen: input.amountFen,
      status,
      requested_by: ctx.scope.username,
      ...(status === 'approved' ? { decided_by: ctx.scope.username, decided_at: ctx.now } : {}),
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  await audit(ctx, { action: 'refund.requested', entityType: 'refund', entityId: row.id, unitId, after: { paymentId: input.paymentId, declarationId, reason: input.reason, amountFen: input.amountFen, status } });
  return row;
}

/**
 * A unit (or the agency) asks for money back: duplicate payment, wrongful charge (graduate), subsidy granted later.
 * Only money that is really there: the ledger's rules (packages/domain/src/ledger) decide.
 */
export async function requestRefund(ctx: ServiceContext, input: { paymentId: string; declarationId?: string | undefined; reason: TRefundReasonCode; amountFen: number; note?: string | undefined }) {
  // A duplicate speaks for itself (the second payment is on record); any other refund says why, for the agency.
  if (input.reason !== 'duplicate' && !input.note?.trim()) {
    throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: '请说明退费原因（如已毕业离校、认定资助身份的证明）', details: [{ path: 'note', message: '请说明退费原因' }] });
  }
  const row = await insertRefund(ctx, { ...input, note: input.note ?? null }, 'requested');
  return getRefund(ctx, row.id);
}

async function loadRefund(ctx: ServiceContext, id: string) {
  const r = await ctx.db
    .selectFrom('refund as r')
    .innerJoin('payment as p', (j) => j.onRef('p.region_code', '=', 'r.region_code').onRef('p.id', '=', 'r.payment_id'))
    .leftJoin('declaration as d', (j) => j.onRef('d.region_code', '=', 'r.region_code').onRef('d.id', '=', 'r.declaration_id'))
    .leftJoin('person as per', (j) => j.onRef('per.region_code', '=', 'd.region_code').onRef('per.id', '=', 'd.person_id'))
    .leftJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'r.region_code').onRef('u.id', '=', 'r.unit_id'))
    .selectAll('r')
    .select(['p.channel', 'p.transaction_id', 'p.order_id', 'p.amount_fen as payment_fen', 'p.insurance_year as payment_year', 'per.name as person_name', 'u.name as unit_name'])
    .where('r.id', '=', id)
    .where('r.region_code', '=', ctx.scope.regionCode)
    .$if(ctx.scope.unitId !== null, (q) => q.where('r.unit_id', '=', ctx.scope.unitId))
    .executeTakeFirst();
  if (!r) throw new AppError(AppErrorCode.NOT_FOUND, { message: '退费申请不存在' });
  return r;
}

function presentRefund(r: Awaited<ReturnType<typeof loadRefund>>): TRefund {
  return {
    id: r.id,
    paymentId: r.payment_id,
    declarationId: r.declaration_id,
    channel: r.channel,
    transactionId: r.transaction_id,
    paymentFen: r.payment_fen,
    personName: r.person_name,
    unitName: r.unit_name,
    reason: r.reason,
    reasonName: REFUND_REASON_NAMES[r.reason],
    note: r.note,
    amountFen: r.amount_fen,
    status: r.status,
    statusName: REFUND_STATUS_NAMES[r.status],
    requestedBy: r.requested_by,
    requestedAt: r.requested_at.toISOString(),
    decidedBy: r.decided_by,
    decidedAt: r.decided_at?.toISOString() ?? null,
    decisionNote: r.decision_note,
    channelRefundId: r.channel_refund_id,
    refundedAt: r.refunded_at?.toISOString() ?? null,
    failure: r.failure,
  };
}

export async function getRefund(ctx: ServiceContext, id: string): Promise<TRefund> {
  return presentRefund(await loadRefund(ctx, id));
}

export async function findRefunds(ctx: ServiceContext, f: { status?: TRefundStatus | undefined }): Promise<{ items: TRefund[] }> {
  const ids = await ctx.db
    .selectFrom('refund')
    .select('id')
    .where('region_code', '=', ctx.scope.regionCode)
    .$if(ctx.scope.unitId !== null, (q) => q.where('unit_id', '=', ctx.scope.unitId))
    .$if(!!f.status, (q) => q.where('status', '=', f.status!))
    .orderBy('requested_at', 'desc')
    .limit(500)
    .execute();
  return { items: await Promise.all(ids.map((r) => getRefund(ctx, r.id))) };
}

/** Locks a refund for a transition; the transition then moves it only from the status it was read in. */
async function lockRefund(ctx: ServiceContext, id: string) {
  const locked = await ctx.db
    .selectFrom('refund')
    .select('id')
    .where('id', '=', id)
    .where('region_code', '=', ctx.scope.regionCode)
    .$if(ctx.scope.unitId !== null, (q) => q.where('unit_id', '=', ctx.scope.unitId))
    .forUpdate()
    .executeTakeFirst();
  if (!locked) throw new AppError(AppErrorCode.NOT_FOUND, { message: '退费申请不存在' });
  return loadRefund(ctx, id);
}

async function moveRefund(ctx: ServiceContext, id: string, from: TRefundStatus, set: Updateable<RefundTable>) {
  const r = await ctx.db.updateTable('refund').set(set).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new AppError(AppErrorCode.CONFLICT, { message: '该退费申请刚被处理，请刷新后查看' });
}

/**
 * The agency decides, one decision per refund: the refund is locked and moves only from 'requested' (or from
 * 'failed', to try the channel again), so of two approvals at the same moment one takes effect and the other gets
 * a 409. Approval checks the money again (another refund may have taken it meanwhile). Approved money goes back
 * through the original channel when it has an online interface (linked to the original transaction); otherwise
 * (tax, bank counter …) the refund waits for the channel's own payout, confirmed with markRefunded.
 */
export async function decideRefund(ctx: ServiceContext, providers: Map<string, PaymentProvider>, id: string, input: { approve: boolean; note: string }) {
  const r = await lockRefund(ctx, id);
  const allowed = input.approve ? r.status === 'requested' || r.status === 'failed' : r.status === 'requested';
  if (!allowed) throw new AppError(AppErrorCode.CONFLICT, { message: `该退费申请${presentRefund(r).statusName}，不能再审核` });
  await assertYearOpenFor(ctx, r.payment_year, '审核退费');
  if (!input.approve) {
    await moveRefund(ctx, id, r.status, { status: 'rejected', decided_by: ctx.scope.username, decided_at: ctx.now, decision_note: input.note });
    await audit(ctx, { action: 'refund.rejected', entityType: 'refund', entityId: id, unitId: r.unit_id, before: { status: r.status }, after: { status: 'rejected', note: input.note } });
    return getRefund(ctx, id);
  }
  await assertRefundable(ctx, { paymentId: r.payment_id, declarationId: r.declaration_id, reason: r.reason, amountFen: r.amount_fen }, id);
  await moveRefund(ctx, id, r.status, { status: 'approved', decided_by: ctx.scope.username, decided_at: ctx.now, decision_note: input.note, failure: null });
  await audit(ctx, { action: 'refund.approved', entityType: 'refund', entityId: id, unitId: r.unit_id, before: { status: r.status }, after: { status: 'approved', note: input.note } });
  const provider = providers.get(r.channel);
  if (provider && r.order_id) {
    const order = await ctx.db
      .selectFrom('payment_order as po')
      .leftJoin('family_order as f', (j) => j.onRef('f.region_code', '=', 'po.region_code').onRef('f.id', '=', 'po.family_order_id'))
      .select(['po.out_trade_no', 'f.out_trade_no as family_out_trade_no', 'f.transaction_id as family_transaction_id'])
      .where('po.id', '=', r.order_id)
      .executeTakeFirstOrThrow();
    // A member of a family payment is refunded against the channel's one transaction (a part of it): the channel
    // knows the family order, not the per-declaration ids derived from it.
    const family = order.family_out_trade_no && order.family_transaction_id ? { outTradeNo: order.family_out_trade_no, transactionId: order.family_transaction_id } : null;
    // The refund number is the channel's idempotency key: asking again for a failed one never pays twice.
    const result = await provider.refund({
      transactionId: family?.transactionId ?? r.transaction_id,
      outTradeNo: family?.outTradeNo ?? order.out_trade_no,
      refundNo: `RF${id.replaceAll('-', '').slice(0, 24)}`,
      amountFen: r.amount_fen,
    });
    if (result.state === 'refunded') await completeRefund(ctx, r, result.refundId);
    else {
      await moveRefund(ctx, id, 'approved', { status: 'failed', failure: result.message ?? '渠道退款失败' });
      await audit(ctx, { action: 'refund.failed', entityType: 'refund', entityId: id, unitId: r.unit_id, after: { failure: result.message ?? null } });
    }
  }
  return getRefund(ctx, id);
}

/** A refund paid out by an offline channel (the tax bureau, a bank counter), with its reference: once. */
export async function markRefunded(ctx: ServiceContext, id: string, reference: string) {
  const r = await lockRefund(ctx, id);
  if (r.status !== 'approved') throw new AppError(AppErrorCode.CONFLICT, { message: r.status === 'refunded' ? '该退费已登记退款完成' : '只有已批准的退费可以登记退款完成' });
  await completeRefund(ctx, r, reference);
  return getRefund(ctx, id);
}

/** The money leaves: the refund moves approved → refunded and the ledger moves the declaration with it. */
async function completeRefund(ctx: ServiceContext, r: Awaited<ReturnType<typeof loadRefund>>, reference: string) {
  await moveRefund(ctx, r.id, 'approved', { status: 'refunded', channel_refund_id: reference, refunded_at: ctx.now, failure: null });
  const after = await payOutRefund(ctx, { id: r.id, paymentId: r.payment_id, declarationId: r.declaration_id, reason: r.reason, amountFen: r.amount_fen });
  await audit(ctx, {
    action: 'refund.refunded',
    entityType: 'refund',
    entityId: r.id,
    unitId: r.unit_id,
    after: { reference, amountFen: r.amount_fen, paymentId: r.payment_id, declarationId: r.declaration_id, declarationStatus: after?.status ?? null, declarationPaidFen: after?.paidFen ?? null },
  });
}


// ── exports: payments (masked) and the bank deduction file (the bank needs the full account) ────────────────

type PaymentExportRow = Awaited<ReturnType<typeof paymentPage>>[number];
function paymentPage(ctx: ServiceContext, f: { year: number; channel?: string | undefined }, after: string | null, size: number) {
  return ctx.db
    .selectFrom('payment as p')
    .leftJoin('declaration as d', (j) => j.onRef('d.region_code', '=', 'p.region_code').onRef('d.id', '=', 'p.declaration_id'))
    .leftJoin('person as per', (j) => j.onRef('per.region_code', '=', 'd.region_code').onRef('per.id', '=', 'd.person_id'))
    .leftJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'p.region_code').onRef('u.id', '=', 'p.unit_id'))
    .leftJoin('settlement as s', (j) => j.onRef('s.region_code', '=', 'p.region_code').onRef('s.id', '=', 'p.settlement_id'))
    .select(['p.id', 'p.channel', 'p.transaction_id', 'p.source', 'p.amount_fen', 'p.refunded_fen', 'p.paid_at', 'p.payer_name', 'per.name as person_name', 'per.document_number', 'u.name as unit_name', 's.number as settlement_number'])
    .where('p.region_code', '=', ctx.scope.regionCode)
    .where('p.insurance_year', '=', f.year)
    .$if(ctx.scope.unitId !== null, (q) => q.where('p.unit_id', '=', ctx.scope.unitId))
    .$if(!!f.channel, (q) => q.where('p.channel', '=', f.channel!))
    .$if(after !== null, (q) => q.where('p.id', '>', after!))
    .orderBy('p.id')
    .limit(size)
    .execute();
}
async function* paymentPages(ctx: ServiceContext, f: { year: number; channel?: string | undefined }) {
  let after: string | null = null;
  for (;;) {
    const rows = await paymentPage(ctx, f, after, 2000);
    if (rows.length) yield rows;
    if (rows.length < 2000) return;
    after = rows[rows.length - 1]!.id;
  }
}
const yuan = (v: number) => (v / 100).toFixed(2);
const shanghaiTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

export function exportPayments(ctx: ServiceContext, f: { year: number; channel?: string | undefined }): XlsxExport {
  const columns: ReadonlyArray<ExportColumn<PaymentExportRow>> = [
    { header: '到账时间', width: 20, value: (r) => shanghaiTime(r.paid_at) },
    { header: '渠道', width: 18, value: (r) => PAYMENT_CHANNEL_NAMES[r.channel] ?? r.channel },
    { header: '交易号', width: 30, value: (r) => r.transaction_id },
    { header: '单位', width: 28, value: (r) => r.unit_name },
    { header: '结算单号', width: 24, value: (r) => r.settlement_number },
    { header: '参保人', width: 12, value: (r) => r.person_name },
    { header: '证件号码', width: 22, value: (r) => (r.document_number ? maskIdNumber(r.document_number) : '') },
    // The channel names the payer where it can; an online payment is the family's own, a unit's payment the unit's.
    { header: '缴费人', width: 16, value: (r) => r.payer_name ?? (r.person_name ? '个人（线上自缴）' : (r.unit_name ?? '')) },
    { header: '金额（元）', width: 12, value: (r) => yuan(r.amount_fen) },
    { header: '已退（元）', width: 12, value: (r) => yuan(r.refunded_fen) },
  ];
  const { stream, done } = streamXlsx({ sheetName: '缴费记录', columns, pages: paymentPages(ctx, f) });
  const today = shanghaiToday(ctx.now);
  return {
    fileName: `缴费记录_${f.year}_${today}.xlsx`,
    asciiFileName: `payments_${f.year}_${today}.xlsx`,
    stream,
    done: done.then((r) => audit(ctx, { action: 'payment.exported', entityType: 'payment', after: { filter: exportFilter(f), ...r } })),
  };
}

/**
 * 代扣文件: the unit-total settlements to be deducted by one bank, awaiting payment — one line per settlement with
 * the unit's registered account. The bank answers with a result file (import kind 'deduction_result').
 */
export async function deductionFile(ctx: ServiceContext, f: { year: number; bankCode: string }): Promise<XlsxExport> {
  if (ctx.scope.unitId !== null) throw new AppError(AppErrorCode.FORBIDDEN);
  const rows = await ctx.db
    .selectFrom('settlement as s')
    .innerJoin('unit as u', (j) => j.onRef('u.region_code', '=', 's.region_code').onRef('u.id', '=', 's.unit_id'))
    .select(['s.number', 's.payable_fen', 's.paid_fen', 's.person_count', 'u.name', 'u.bank_account_number', 'u.bank_account_holder'])
    .where('s.region_code', '=', ctx.scope.regionCode)
    .where('s.insurance_year', '=', f.year)
    .where('s.payment_mode', '=', 'unit_total')
    .where('s.unit_method', '=', 'bank_deduction')
    .where('s.status', '=', 'awaiting_payment')
    .where('u.bank_code', '=', f.bankCode)
    .orderBy('s.number')
    .execute();
  type Row = (typeof rows)[number];
  const columns: ReadonlyArray<ExportColumn<Row>> = [
    { header: '结算单号', width: 24, value: (r) => r.number },
    { header: '单位名称', width: 30, value: (r) => r.name },
    { header: '账户名称', width: 30, value: (r) => r.bank_account_holder ?? r.name },
    { header: '扣款账号', width: 24, value: (r) => r.bank_account_number },
    { header: '扣款金额（元）', width: 14, value: (r) => yuan(r.payable_fen - r.paid_fen) },
    { header: '人数', width: 8, value: (r) => r.person_count },
    { header: '摘要', width: 30, value: () => `${f.year}年度城乡居民医保费` },
  ];
  async function* pages() {
    if (rows.length) yield rows;
  }
  const { stream, done } = streamXlsx({ sheetName: '代扣明细', columns, pages: pages() });
  const today = shanghaiToday(ctx.now);
  const bankName = BANK_NAMES[f.bankCode] ?? f.bankCode;
  return {
    fileName: `代扣文件_${bankName}_${f.year}_${today}.xlsx`,
    asciiFileName: `deduction_${f.bankCode}_${f.year}_${today}.xlsx`,
    stream,
    done: done.then((r) =>
      audit(ctx, { action: 'settlement.deduction_file', entityType: 'settlement', unitId: null, after: { bankCode: f.bankCode, year: f.year, settlements: rows.length, totalFen: rows.reduce((s, x) => s + x.payable_fen - x.paid_fen, 0), ...r } }),
    ),
  };
}

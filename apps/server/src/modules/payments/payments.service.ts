import { randomBytes } from 'node:crypto';
import {
  DECLARATION_STATUS_NAMES,
  maskIdNumber,
  type TChannelAck,
  type TChannelRefusal,
  type TPayDetails,
  type TPayGreeting,
  type TPayOrder,
  type TPayOrderInput,
  type TUnitPaymentInput,
  type TUnitPaymentResult,
} from '@canbao/domain';
import { sql, type Kysely } from 'kysely';
import type { RequestMeta, ServiceContext } from '../../context';
import type { LookupGuard } from './lookup-guard';
import type { DB } from '../../db/schema/index';
import { AppError, AppErrorCode } from '../../errors';
import { writeAudit, audit } from '../audit/audit.service';
import { NotificationRejected, type PaymentProvider, type VerifiedNotification } from './channels/provider';
import { scheduleReceipts } from './receipts.service';
import { applyLedger, setSystemRegion } from '../ledger/ledger.repository';
import { onCitusCoordinator } from '../../db/distribution';
import * as repo from './payments.repository';
import { lockDeclarations } from '../ledger/ledger.service';
import { familyOrderFor, markFamilyOrderPaid, splitFamilyNotification } from './family-pay.service';

export type RecordOutcome =
  | { result: 'recorded'; paymentId: string; declarationId: string; regionCode: string }
  | { result: 'already_recorded'; paymentId: string }
  | { result: 'exception'; paymentId: string; kind: 'amount_mismatch' | 'duplicate' }
  | { result: 'unknown_order' };

/**
 * Records a channel's verified payment exactly once. The fast path — the order exists and the amount is the
 * order's — is ONE statement: the payment row (ON CONFLICT on channel + transaction id does nothing, so replays
 * and 50 parallel copies count once), the order, the notice, the declaration (paid), its place in the receipt
 * queue (`receipt_due`) and an audit row, all committed together. Anything else (another amount, a declaration already paid) takes the careful path below.
 * The declaration is locked first, so a second payment of it racing this one (another order, another transaction)
 * waits, then sees it paid and becomes a 'duplicate' exception instead of a second ordinary payment.
 * Runs as system work: the caller proved itself by the channel's signature, not by a session.
 */
export async function recordChannelPayment(db: Kysely<DB>, channel: string, n: VerifiedNotification): Promise<RecordOutcome> {
  const region = await repo.findOrderRegion(db, channel, n.outTradeNo);
  const row = await repo.recordChannelPaymentStatement(db, region, channel, n);
  if (row.payment_id) return { result: 'recorded', paymentId: row.payment_id, declarationId: row.declaration_id!, regionCode: row.region_code! };
  if (row.existing_id) return { result: 'already_recorded', paymentId: row.existing_id };
  if (!row.order_found) return recordFamilyPayment(db, channel, n);
  return recordExceptionalPayment(db, channel, n, row.amount_ok ? 'duplicate' : 'amount_mismatch');
}

/**
 * A notification of a family order (为家人缴费): split into one notification per declaration, recorded together by
 * the batch statement (one commit: all of the family's payments or none), any it cannot decide (a member paid
 * another way meanwhile) one by one as exceptions. A replay derives the same transaction ids and counts once.
 */
async function recordFamilyPayment(db: Kysely<DB>, channel: string, n: VerifiedNotification): Promise<RecordOutcome> {
  const parts = await familyOrderFor(db, channel, n.outTradeNo);
  if (!parts || !parts.members.length) return { result: 'unknown_order' };
  const split = splitFamilyNotification(parts, n);
  const items = split.notifications.map((notification) => ({ channel, notification }));
  const outcomes = split.exact ? await recordChannelPayments(db, items) : items.map(() => null);
  const decided: RecordOutcome[] = [];
  for (const [i, item] of items.entries()) decided.push(outcomes[i] ?? (await recordChannelPayment(db, channel, item.notification)));
  await markFamilyOrderPaid(db, parts, n);
  return (
    decided.find((o) => o.result === 'recorded') ??
    decided.find((o) => o.result === 'exception') ??
    decided.find((o) => o.result === 'already_recorded') ?? { result: 'unknown_order' }
  );
}

export type ChannelNotification = { channel: string; notification: VerifiedNotification };

/**
 * The fast path of recordChannelPayment for many notifications in ONE statement (one transaction, one commit):
 * each payment, order, notice, declaration, receipt queue row and audit row exactly as the single statement writes them. Returns an
 * outcome per notification, in order, or null where this statement cannot decide (unknown order, another amount,
 * a declaration already paid, a second notification of one declaration in the batch, a payment committed
 * concurrently): those go through recordChannelPayment afterwards, one by one. Declarations are locked in id order,
 * so two batches sharing one never deadlock.
 */
export async function recordChannelPayments(db: Kysely<DB>, items: readonly ChannelNotification[]): Promise<Array<RecordOutcome | null>> {
  const out: Array<RecordOutcome | null> = items.map(() => null);
  // On a Citus coordinator every notification takes the single statement (docs/scale.md): Citus plans the batch's
  // INSERT … SELECT of data-modifying CTEs apart, through intermediate results it then fails to read back.
  if (await onCitusCoordinator(db)) return out;
  // One statement per region named by the order numbers (one in a city's deployment): each stays in its region.
  const byRegion = new Map<string, number[]>();
  for (const [i, item] of items.entries()) {
    const region = repo.orderRegion(item.notification.outTradeNo);
    if (region) byRegion.set(region, [...(byRegion.get(region) ?? []), i]);
  }
  for (const [region, at] of byRegion) {
    const rows = await repo.recordChannelPaymentsStatement(db, region, at.map((i) => items[i]!));
    for (const row of rows) {
      if (row.payment_id) out[at[Number(row.k) - 1]!] = { result: 'recorded', paymentId: row.payment_id, declarationId: row.declaration_id, regionCode: row.region_code };
    }
    // A notification of a known order that recorded nothing may have been recorded before (the channel sent it
    // again): looked up after the statement, so that one committed meanwhile is found too.
    const rest = rows.filter((row) => !row.payment_id);
    const found = await repo.findChannelPayments(db, region, rest.map((row) => ({ channel: row.channel, transactionId: row.transaction_id })));
    for (const row of rest) {
      const p = found.find((x) => x.channel === row.channel && x.transaction_id === row.transaction_id);
      if (p) out[at[Number(row.k) - 1]!] = { result: 'already_recorded', paymentId: p.id };
    }
  }
  return out;
}

type Waiting = ChannelNotification & { resolve: (o: RecordOutcome) => void; reject: (e: unknown) => void };

/**
 * Records notifications as they arrive, as a channel's notification endpoint does: one recording statement at a
 * time, and a second (at most `statements`) only once `overlapAt` notifications are waiting; notifications arriving
 * while statements run wait and go together in the next one (up to `batch`). A lone notification is recorded at
 * once, on its own; under a burst each commit carries many payments instead of one, and every notification is
 * answered only after the commit holding its payment. A batch that fails as a whole is retried one notification at
 * a time, so one bad notification never fails the others.
 * Measured on a 2-core server (bench:pay, 64 connections) once the statements were prepared: the database is the
 * busy side and each payment costs it less in a bigger batch (about 250 µs of PostgreSQL CPU each in batches of 12,
 * 200 µs in batches of 30). Two statements whenever anything waits made batches of ~12 (2,470–2,820/s over four
 * runs); one at a time ~17 (2,810–3,040/s, though the database's commit waits are no longer overlapped); the second
 * only past a backlog of 48, ~18 per commit (2,370–3,290/s over three runs, a shared machine: see bench:pay).
 * After the heap-only payment updates (migration 20261127T1000): a backlog of 48 gave a median of 2,808/s over seven
 * runs with PostgreSQL at 1.0 core; 16 gave 3,290/s over six (2,812–3,483, PostgreSQL 1.1–1.3 cores, ~16 per commit);
 * 8 gave ~3,120/s over four. Hence 16.
 */
export function channelPaymentRecorder(db: Kysely<DB>, options: { statements?: number; batch?: number; overlapAt?: number } = {}) {
  const statements = options.statements ?? 2;
  const limit = options.batch ?? 200;
  const overlapAt = options.overlapAt ?? 16;
  const queue: Waiting[] = [];
  let running = 0;

  const one = (w: Waiting) => recordChannelPayment(db, w.channel, w.notification).then(w.resolve, w.reject);
  async function run(batch: Waiting[]) {
    if (batch.length === 1) return one(batch[0]!);
    let outcomes: Array<RecordOutcome | null>;
    try {
      outcomes = await recordChannelPayments(db, batch);
    } catch {
      outcomes = batch.map(() => null);
    }
    // Undecided ones (and a failed batch) one by one, after the batch's commit.
    await Promise.all(batch.map((w, i) => (outcomes[i] ? w.resolve(outcomes[i]) : one(w))));
  }
  function pump() {
    while (queue.length && (running === 0 || (running < statements && queue.length >= overlapAt))) {
      const batch = queue.splice(0, limit);
      running++;
      void run(batch).finally(() => {
        running--;
        pump();
      });
    }
  }
  return (channel: string, notification: VerifiedNotification) =>
    new Promise<RecordOutcome>((resolve, reject) => {
      queue.push({ channel, notification, resolve, reject });
      pump();
    });
}

/**
 * A channel's notification, as its endpoint answers it: verified by the channel's signature, recorded once (the
 * recorder batches notifications arriving together), acknowledged only after the commit holding its payment; a
 * payment recorded (or an exception that may have paid a declaration) wakes the receipt issuer.
 */
export async function acceptNotification(
  db: Kysely<DB>,
  providers: Map<string, PaymentProvider>,
  record: (channel: string, n: VerifiedNotification) => Promise<RecordOutcome>,
  channel: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
): Promise<{ status: 200; body: TChannelAck } | { status: 400 | 404; body: TChannelRefusal }> {
  const provider = providers.get(channel);
  if (!provider) return { status: 404, body: { code: 'FAIL', message: '未知渠道' } };
  let n: VerifiedNotification;
  try {
    n = provider.verifyNotification(headers, body);
  } catch (e) {
    if (e instanceof NotificationRejected) return { status: 400, body: { code: 'FAIL', message: e.message } };
    throw e;
  }
  // Identifiers are bounded before anything is looked up (a channel's ids are at most 32–64 characters).
  if (n.transactionId.length > 64 || n.outTradeNo.length > 64 || (n.payerName?.length ?? 0) > 100) {
    return { status: 400, body: { code: 'FAIL', message: '通知内容超出长度限制' } };
  }
  const outcome = await record(provider.code, n);
  if (outcome.result === 'unknown_order') return { status: 404, body: { code: 'FAIL', message: '订单不存在' } };
  if (outcome.result === 'recorded' || outcome.result === 'exception') scheduleReceipts(db);
  return { status: 200, body: provider.ackBody };
}

/**
 * Money arrived that the single statement does not decide: another amount than ordered, or a declaration that is
 * not awaiting this payment (already paid — twice by the family, or by the tax roster first — or no longer
 * settled). It is recorded on the declaration all the same (money is never lost), the ledger decides what the
 * declaration is now (more than it needs pays it and the rest is over-paid; less leaves it owing), and an
 * exception is opened for the agency to resolve (accept, refund).
 */
async function recordExceptionalPayment(db: Kysely<DB>, channel: string, n: VerifiedNotification, kind: 'amount_mismatch' | 'duplicate'): Promise<RecordOutcome> {
  return db.transaction().execute(async (trx) => {
    const o = await trx
      .selectFrom('payment_order as po')
      .innerJoin('declaration as d', (j) => j.onRef('d.region_code', '=', 'po.region_code').onRef('d.id', '=', 'po.declaration_id'))
      .select(['po.id', 'po.region_code', 'po.notice_id', 'po.declaration_id', 'po.unit_id', 'po.amount_fen', 'd.insurance_year', 'd.settlement_id', 'd.payable_fen', 'd.paid_fen', 'd.status'])
      .where('po.region_code', '=', await repo.findOrderRegion(trx, channel, n.outTradeNo))
      .where('po.out_trade_no', '=', n.outTradeNo)
      .where('po.channel', '=', channel)
      .executeTakeFirstOrThrow();
    await setSystemRegion(trx, o.region_code);
    // The declaration first, as the single statement locks it: a notification of the same order racing this one waits.
    await lockDeclarations(trx, o.region_code, [o.declaration_id]);
    const inserted = await trx
      .insertInto('payment')
      .values({
        region_code: o.region_code,
        insurance_year: o.insurance_year,
        channel,
        transaction_id: n.transactionId,
        source: 'channel',
        declaration_id: o.declaration_id,
        settlement_id: o.settlement_id,
        notice_id: o.notice_id,
        order_id: o.id,
        unit_id: o.unit_id,
        amount_fen: n.amountFen,
        payer_name: n.payerName,
        paid_at: n.paidAt,
      })
      .onConflict((oc) => oc.constraint('payment_channel_transaction_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      const existing = await trx.selectFrom('payment').select('id').where('region_code', '=', o.region_code).where('channel', '=', channel).where('transaction_id', '=', n.transactionId).executeTakeFirstOrThrow();
      return { result: 'already_recorded' as const, paymentId: existing.id };
    }
    await trx.updateTable('payment_order').set({ status: 'paid', paid_at: n.paidAt }).where('region_code', '=', o.region_code).where('id', '=', o.id).execute();
    const before = await trx.selectFrom('declaration').select(['status', 'payable_fen', 'paid_fen']).where('region_code', '=', o.region_code).where('id', '=', o.declaration_id).executeTakeFirstOrThrow();
    const [after] = await applyLedger(trx, o.region_code, [o.declaration_id], n.paidAt);
    const owedBefore = before.status === 'settled' ? before.payable_fen - before.paid_fen : 0;
    const detail =
      kind === 'duplicate'
        ? before.status === 'paid'
          ? `该申报已缴费，本笔 ${yuan(n.amountFen)} 元为重复缴费，应退费`
          : before.status === 'settled'
            ? `该申报已另行缴纳 ${yuan(before.paid_fen)} 元，本笔 ${yuan(n.amountFen)} 元到账后多缴 ${yuan(before.paid_fen + n.amountFen - before.payable_fen)} 元，应退多缴部分`
            : `该申报当前${DECLARATION_STATUS_NAMES[before.status]}，不在缴费中，本笔 ${yuan(n.amountFen)} 元应退费`
        : `到账金额 ${yuan(n.amountFen)} 元与订单金额 ${yuan(o.amount_fen)} 元不符（${n.amountFen > owedBefore ? `多缴 ${yuan(n.amountFen - owedBefore)} 元` : `少缴 ${yuan(owedBefore - n.amountFen)} 元`}）`;
    await trx
      .insertInto('reconciliation_item')
      .values({
        region_code: o.region_code,
        kind,
        insurance_year: o.insurance_year,
        channel,
        transaction_id: n.transactionId,
        person_name: n.payerName,
        amount_fen: n.amountFen,
        expected_fen: owedBefore,
        declaration_id: o.declaration_id,
        payment_id: inserted.id,
        unit_id: o.unit_id,
        paid_at: n.paidAt,
        detail,
      })
      .onConflict((oc) => oc.constraint('reconciliation_item_line_key').doNothing())
      .execute();
    await writeAudit(trx, { regionCode: o.region_code, unitId: o.unit_id, username: `channel:${channel}` }, null, {
      action: 'payment.exception',
      entityType: 'payment',
      entityId: inserted.id,
      after: { channel, transactionId: n.transactionId, amountFen: n.amountFen, kind, declarationId: o.declaration_id, declarationStatus: after?.status ?? null },
    });
    return { result: 'exception' as const, paymentId: inserted.id, kind };
  });
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

// ── the family's pay page (码上缴社保): public, by the notice's token ────────────────────────────────────────────

async function noticeByToken(db: Kysely<DB>, token: string) {
  const n = await db
    .selectFrom('payment_notice as n')
    .innerJoin('declaration as d', (j) => j.onRef('d.region_code', '=', 'n.region_code').onRef('d.id', '=', 'n.declaration_id'))
    .innerJoin('person as p', (j) => j.onRef('p.region_code', '=', 'd.region_code').onRef('p.id', '=', 'd.person_id'))
    .innerJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'n.region_code').onRef('u.id', '=', 'n.unit_id'))
    .select([
      'n.id',
      'n.region_code',
      'n.status',
      'n.amount_fen',
      'n.paid_at',
      'n.declaration_id',
      'n.unit_id',
      'd.insurance_year',
      'd.category_name',
      'd.parts',
      'd.total_fen',
      'd.subsidy_fen',
      'd.subsidy_name',
      'd.benefit_start',
      'd.benefit_end',
      'd.status as declaration_status',
      'd.payable_fen',
      'd.paid_fen',
      'p.name',
      'p.document_number',
      'p.class_name',
      'u.name as unit_name',
    ])
    .where('n.token', '=', token)
    .executeTakeFirst();
  if (!n) throw new AppError(AppErrorCode.NOT_FOUND, { message: '缴费通知单不存在，请核对二维码或联系学校' });
  return n;
}

function maskName(name: string) {
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}

/** What anyone holding the QR code may see before confirming the child's name: the unit and year only. */
export async function noticeGreeting(db: Kysely<DB>, token: string): Promise<TPayGreeting> {
  const n = await noticeByToken(db, token);
  return { year: n.insurance_year, unitName: n.unit_name, nameHint: maskName(n.name), status: n.status };
}

function nameMatches(given: string, actual: string) {
  return given.replace(/\s+/g, '') === actual.replace(/\s+/g, '');
}

/** The child's name on a notice, with a limit of wrong names per notice (a QR code photographed is not a licence to guess). */
async function checkName(guard: LookupGuard, token: string, given: string, actual: string) {
  await guard.assertNameAttemptsLeft(token);
  if (nameMatches(given, actual)) return;
  await guard.wrongName(token);
  throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: '姓名与通知单不符，请输入孩子的姓名', details: [{ path: 'name', message: '姓名不符' }] });
}

/** After the child's name is confirmed: amount, masked identity, breakdown and status (and the receipt when paid). */
export async function noticeDetails(db: Kysely<DB>, guard: LookupGuard, token: string, name: string): Promise<TPayDetails> {
  const n = await noticeByToken(db, token);
  await checkName(guard, token, name, n.name);
  const receipt = await db.selectFrom('receipt').select(['number', 'verify_code']).where('declaration_id', '=', n.declaration_id).where('voided_at', 'is', null).executeTakeFirst();
  return {
    year: n.insurance_year,
    unitName: n.unit_name,
    personName: n.name,
    documentNumber: maskIdNumber(n.document_number),
    className: n.class_name,
    categoryName: n.category_name,
    parts: n.parts as Array<{ code: string; name: string; amountFen: number }>,
    totalFen: n.total_fen,
    subsidyFen: n.subsidy_fen,
    subsidyName: n.subsidy_name,
    amountFen: n.status === 'open' ? Math.max(0, Math.min(n.amount_fen, n.payable_fen - n.paid_fen)) : n.amount_fen,
    benefitStart: n.benefit_start,
    benefitEnd: n.benefit_end,
    status: n.status,
    paidAt: n.paid_at?.toISOString() ?? null,
    receipt: receipt ? { number: receipt.number, verifyCode: receipt.verify_code } : null,
  };
}

/** Places (or reuses) an order with the channel for an open notice and returns where to pay. */
export async function startPayment(db: Kysely<DB>, providers: Map<string, PaymentProvider>, guard: LookupGuard, meta: RequestMeta, token: string, input: TPayOrderInput): Promise<TPayOrder> {
  const provider = providers.get(input.channel);
  if (!provider) throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: `不支持的支付渠道：${input.channel}`, details: [{ path: 'channel', message: '不支持的支付渠道' }] });
  const n = await noticeByToken(db, token);
  await checkName(guard, token, input.name, n.name);
  if (n.status === 'paid') throw new AppError(AppErrorCode.CONFLICT, { message: '该通知单已缴费，无需重复缴纳' });
  if (n.status === 'cancelled' || n.declaration_status !== 'settled') throw new AppError(AppErrorCode.CONFLICT, { message: '该通知单已作废，请联系学校' });
  // What is still owed (part may have come another way, e.g. the tax bureau), never more than the notice says.
  const amountFen = Math.min(n.amount_fen, n.payable_fen - n.paid_fen);
  if (amountFen <= 0) throw new AppError(AppErrorCode.CONFLICT, { message: '该通知单已缴费，无需重复缴纳' });
  const existing = await db
    .selectFrom('payment_order')
    .select(['out_trade_no', 'pay_url'])
    .where('notice_id', '=', n.id)
    .where('channel', '=', input.channel)
    .where('status', '=', 'pending')
    .where('amount_fen', '=', amountFen)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (existing?.pay_url && (await provider.queryOrder(existing.out_trade_no)).state === 'pending') {
    return { outTradeNo: existing.out_trade_no, payUrl: existing.pay_url };
  }
  const outTradeNo = `CB${n.region_code}${Date.now()}${randomBytes(4).toString('hex').toUpperCase()}`;
  const { payUrl } = await provider.createOrder({ outTradeNo, amountFen, description: `${n.insurance_year}年度城乡居民医保 ${maskName(n.name)}` });
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('payment_order')
      .values({ region_code: n.region_code, notice_id: n.id, declaration_id: n.declaration_id, unit_id: n.unit_id, channel: input.channel, out_trade_no: outTradeNo, amount_fen: amountFen, pay_url: payUrl })
      .execute();
    await writeAudit(trx, { regionCode: n.region_code, unitId: n.unit_id, username: 'family' }, meta, {
      action: 'payment_order.created',
      entityType: 'payment_notice',
      entityId: n.id,
      after: { channel: input.channel, outTradeNo, amountFen },
    });
  });
  return { outTradeNo, payUrl };
}

/**
 * Asks the channels about a notice's pending orders — the family returned from the wallet and no notification has
 * come yet (late, lost). A paid order is recorded exactly as a notification would be.
 */
export async function refreshNotice(db: Kysely<DB>, providers: Map<string, PaymentProvider>, token: string) {
  const n = await noticeByToken(db, token);
  if (n.status !== 'open') return;
  const orders = await db.selectFrom('payment_order').select(['channel', 'out_trade_no']).where('notice_id', '=', n.id).where('status', '=', 'pending').execute();
  for (const o of orders) {
    const provider = providers.get(o.channel);
    if (!provider) continue;
    const state = await provider.queryOrder(o.out_trade_no);
    if (state.state === 'paid') {
      const outcome = await recordChannelPayment(db, o.channel, state.notification);
      if (outcome.result === 'recorded') scheduleReceipts(db);
    }
  }
}

// ── a unit's own payment of a settlement (transfer, bank draft, bank deduction result) ──────────────────────────


/**
 * Records the money a unit paid for a unit-total settlement (entered by the agency or the collector from the bank
 * statement). Keyed by method + transaction id, so entering it twice counts once. The exact total pays every
 * declaration of the settlement; any other amount becomes an exception and nothing is marked paid.
 */
export async function recordUnitPayment(ctx: ServiceContext, settlementId: string, input: TUnitPaymentInput): Promise<TUnitPaymentResult> {
  const s = await ctx.db.selectFrom('settlement').selectAll().where('id', '=', settlementId).where('region_code', '=', ctx.scope.regionCode).forUpdate().executeTakeFirst();
  if (!s) throw new AppError(AppErrorCode.NOT_FOUND, { message: '结算单不存在' });
  if (s.payment_mode !== 'unit_total') throw new AppError(AppErrorCode.CONFLICT, { message: '该结算单为逐人缴费，不能登记单位缴款' });
  if (s.status === 'cancelled') throw new AppError(AppErrorCode.CONFLICT, { message: '结算单已作废' });
  const channel = input.method === 'transfer' ? 'unit_transfer' : input.method;
  const existing = await ctx.db.selectFrom('payment').select('id').where('region_code', '=', ctx.scope.regionCode).where('channel', '=', channel).where('transaction_id', '=', input.transactionId).executeTakeFirst();
  if (existing) return { result: 'already_recorded' as const, paymentId: existing.id, settlement: s.id };
  // What the settlement still lacks, from its declarations' own ledgers (a pupil may have paid through the tax bureau).
  const due = await repo.lockSettlementOwed(ctx.db, ctx.scope.regionCode, s.id);
  const paidAt = new Date(input.paidAt);
  const payment = await ctx.db
    .insertInto('payment')
    .values({
      region_code: ctx.scope.regionCode,
      insurance_year: s.insurance_year,
      channel,
      transaction_id: input.transactionId,
      source: input.method === 'bank_deduction' ? 'bank_deduction' : 'unit_payment',
      settlement_id: s.id,
      unit_id: s.unit_id,
      amount_fen: input.amountFen,
      paid_at: paidAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Money the unit sent for a settlement already paid is recorded all the same (never lost) and becomes a
  // 'duplicate' item: the unit asks for it back through 退费, linked to this payment.
  if (s.status === 'paid' || due === 0) {
    await ctx.db
      .insertInto('reconciliation_item')
      .values({
        region_code: ctx.scope.regionCode,
        kind: 'duplicate',
        insurance_year: s.insurance_year,
        channel,
        transaction_id: input.transactionId,
        amount_fen: input.amountFen,
        expected_fen: 0,
        payment_id: payment.id,
        unit_id: s.unit_id,
        paid_at: paidAt,
        detail: `结算单 ${s.number} 已缴清，重复缴款 ${(input.amountFen / 100).toFixed(2)} 元`,
      })
      .execute();
    await audit(ctx, { action: 'payment.exception', entityType: 'payment', entityId: payment.id, unitId: s.unit_id, after: { settlement: s.number, amountFen: input.amountFen, kind: 'duplicate' } });
    return { result: 'exception' as const, paymentId: payment.id, settlement: s.id };
  }
  if (input.amountFen !== due) {
    await ctx.db
      .insertInto('reconciliation_item')
      .values({
        region_code: ctx.scope.regionCode,
        kind: 'amount_mismatch',
        insurance_year: s.insurance_year,
        channel,
        transaction_id: input.transactionId,
        amount_fen: input.amountFen,
        expected_fen: due,
        payment_id: payment.id,
        unit_id: s.unit_id,
        paid_at: paidAt,
        detail: `结算单 ${s.number} 应缴 ${(due / 100).toFixed(2)} 元，实缴 ${(input.amountFen / 100).toFixed(2)} 元`,
      })
      .execute();
    await audit(ctx, { action: 'payment.exception', entityType: 'payment', entityId: payment.id, unitId: s.unit_id, after: { settlement: s.number, amountFen: input.amountFen, expectedFen: due } });
    return { result: 'exception' as const, paymentId: payment.id, settlement: s.id };
  }
  await ctx.db.updateTable('settlement').set((eb) => ({ status: 'paid', paid_fen: eb('paid_fen', '+', input.amountFen), paid_at: paidAt })).where('region_code', '=', ctx.scope.regionCode).where('id', '=', s.id).execute();
  await repo.payUnitSettlements(ctx.db, ctx.scope.regionCode, sql`SELECT ${s.id}::uuid AS settlement_id, ${payment.id}::uuid AS payment_id, ${paidAt}::timestamptz AS paid_at`);
  await audit(ctx, { action: 'payment.recorded', entityType: 'payment', entityId: payment.id, unitId: s.unit_id, after: { settlement: s.number, channel, transactionId: input.transactionId, amountFen: input.amountFen } });
  return { result: 'recorded' as const, paymentId: payment.id, settlement: s.id };
}


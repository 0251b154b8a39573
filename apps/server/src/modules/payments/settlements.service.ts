import { randomBytes } from 'node:crypto';
import {
  PAYMENT_MODE_NAMES,
  SETTLEMENT_STATUS_NAMES,
  UNIT_METHOD_NAMES,
  maskIdNumber,
  settlementBreakdown,
  settlementNumber,
  type TNotice,
  type TNoticeStatus,
  type TNotices,
  type TPaymentMode,
  type TSettlement,
  type TSettlementBreakdown,
  type TSettlementStatus,
  type TUnitMethod,
} from '@canbao/domain';
import { sql } from 'kysely';
import type { ServiceContext } from '../../context';
import { AppError, AppErrorCode } from '../../errors';
import { audit } from '../audit/audit.service';
import { campaignProfile } from '../declarations/declarations.service';
import { assertYearWritable } from '../declarations/year-closing';
import { applyLedger } from '../ledger/ledger.repository';

function scoped(ctx: ServiceContext) {
  return ctx.db
    .selectFrom('settlement as s')
    .innerJoin('unit as u', (j) => j.onRef('u.region_code', '=', 's.region_code').onRef('u.id', '=', 's.unit_id'))
    .where('s.region_code', '=', ctx.scope.regionCode)
    .$if(ctx.scope.unitId !== null, (q) => q.where('s.unit_id', '=', ctx.scope.unitId));
}

async function loadSettlement(ctx: ServiceContext, id: string) {
  const s = await scoped(ctx).selectAll('s').select(['u.name as unit_name', 'u.bank_code', 'u.bank_account_number']).where('s.id', '=', id).executeTakeFirst();
  if (!s) throw new AppError(AppErrorCode.NOT_FOUND, { message: '结算单不存在' });
  return s;
}
type SettlementRow = Awaited<ReturnType<typeof loadSettlement>>;

async function progressOf(ctx: ServiceContext, ids: string[]) {
  if (!ids.length) return new Map<string, { paidCount: number; paidFen: number }>();
  const rows = await ctx.db
    .selectFrom('declaration')
    .select((eb) => ['settlement_id', eb.fn.countAll<number>().filterWhere('status', '=', 'paid').as('paid_count'), eb.fn.sum<number>('paid_fen').as('paid_fen')])
    .where('settlement_id', 'in', ids)
    .groupBy('settlement_id')
    .execute();
  return new Map(rows.map((r) => [r.settlement_id!, { paidCount: Number(r.paid_count), paidFen: Number(r.paid_fen ?? 0) }]));
}

function present(s: Omit<SettlementRow, 'bank_code' | 'bank_account_number'>, progress: { paidCount: number; paidFen: number } | undefined): TSettlement {
  return {
    id: s.id,
    number: s.number,
    year: s.insurance_year,
    unit: { id: s.unit_id, name: s.unit_name },
    paymentMode: s.payment_mode,
    paymentModeName: PAYMENT_MODE_NAMES[s.payment_mode],
    unitMethod: s.unit_method,
    unitMethodName: s.unit_method ? UNIT_METHOD_NAMES[s.unit_method] : null,
    status: s.status,
    statusName: SETTLEMENT_STATUS_NAMES[s.status],
    personCount: s.person_count,
    totalFen: s.total_fen,
    subsidyFen: s.subsidy_fen,
    payableFen: s.payable_fen,
    paidFen: progress?.paidFen ?? 0,
    paidCount: progress?.paidCount ?? 0,
    breakdown: s.breakdown as TSettlementBreakdown,
    createdBy: s.created_by,
    createdAt: s.created_at.toISOString(),
    paidAt: s.paid_at?.toISOString() ?? null,
  };
}

export async function getSettlement(ctx: ServiceContext, id: string): Promise<TSettlement> {
  const s = await loadSettlement(ctx, id);
  return present(s, (await progressOf(ctx, [id])).get(id));
}

export async function findSettlements(ctx: ServiceContext, f: { year: number; unitId?: string | undefined; status?: TSettlementStatus | undefined }): Promise<{ items: TSettlement[] }> {
  const rows = await scoped(ctx)
    .selectAll('s')
    .select('u.name as unit_name')
    .where('s.insurance_year', '=', f.year)
    .$if(!!f.unitId, (q) => q.where('s.unit_id', '=', f.unitId!))
    .$if(!!f.status, (q) => q.where('s.status', '=', f.status!))
    .orderBy('s.created_at', 'desc')
    .limit(500)
    .execute();
  const progress = await progressOf(ctx, rows.map((r) => r.id));
  return { items: rows.map((r) => present(r, progress.get(r.id))) };
}

export type CreateSettlementInput = {
  year: number;
  unitId?: string | undefined;
  paymentMode: TPaymentMode;
  unitMethod?: TUnitMethod | undefined;
};

/**
 * 结算单: freezes the unit's confirmed, unsettled declarations of the year, with totals by category and exemption.
 * Per-person mode creates one payment notice per person with something to pay; fully subsidised persons are paid
 * at once (nothing to collect). Row locks on the declarations make two settlements of one list impossible.
 */
export async function createSettlement(ctx: ServiceContext, input: CreateSettlementInput): Promise<TSettlement> {
  assertYearWritable(ctx, await campaignProfile(ctx, input.year), '结算');
  const unitId = ctx.scope.unitId ?? input.unitId;
  if (!unitId) throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: '请选择代办单位', details: [{ path: 'unitId', message: '请选择代办单位' }] });
  if (input.paymentMode === 'unit_total' && !input.unitMethod) {
    throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: '单位统一缴纳须选择缴款方式', details: [{ path: 'unitMethod', message: '请选择缴款方式' }] });
  }
  const unit = await ctx.db.selectFrom('unit').select(['id', 'name', 'bank_code', 'bank_account_number']).where('id', '=', unitId).where('region_code', '=', ctx.scope.regionCode).executeTakeFirst();
  if (!unit) throw new AppError(AppErrorCode.NOT_FOUND, { message: '代办单位不存在' });
  if (input.paymentMode === 'unit_total' && input.unitMethod === 'bank_deduction' && !unit.bank_account_number) {
    throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: `“${unit.name}”未登记银行代扣账户，请先在单位信息中填写`, details: [{ path: 'unitMethod', message: '单位未登记代扣账户' }] });
  }
  const lines = await ctx.db
    .selectFrom('declaration')
    .select(['id', 'category_code', 'category_name', 'subsidy_code', 'subsidy_name', 'total_fen', 'subsidy_fen', 'payable_fen'])
    .where('region_code', '=', ctx.scope.regionCode)
    .where('unit_id', '=', unitId)
    .where('insurance_year', '=', input.year)
    .where('status', '=', 'confirmed')
    .where('settlement_id', 'is', null)
    .orderBy('id')
    .forUpdate()
    .execute();
  if (!lines.length) throw new AppError(AppErrorCode.CONFLICT, { message: '没有已确认、待结算的申报；请先在“参保缴费确认”中确认名单' });
  const breakdown = settlementBreakdown(
    lines.map((l) => ({ categoryCode: l.category_code, categoryName: l.category_name, subsidyCode: l.subsidy_code, subsidyName: l.subsidy_name, totalFen: l.total_fen, subsidyFen: l.subsidy_fen, payableFen: l.payable_fen })),
  );
  const serial = await sql<{ n: string }>`SELECT nextval('settlement_number_seq')::text AS n`.execute(ctx.db);
  const allFree = breakdown.payableFen === 0;
  const settlement = await ctx.db
    .insertInto('settlement')
    .values({
      region_code: ctx.scope.regionCode,
      unit_id: unitId,
      insurance_year: input.year,
      number: settlementNumber(ctx.scope.regionCode, input.year, Number(serial.rows[0]!.n)),
      payment_mode: input.paymentMode,
      unit_method: input.paymentMode === 'unit_total' ? input.unitMethod! : null,
      status: allFree ? 'paid' : 'awaiting_payment',
      person_count: breakdown.count,
      total_fen: breakdown.totalFen,
      subsidy_fen: breakdown.subsidyFen,
      payable_fen: breakdown.payableFen,
      breakdown: JSON.stringify(breakdown),
      created_by: ctx.scope.username,
      created_at: ctx.now,
      paid_at: allFree ? ctx.now : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ids = lines.map((l) => l.id);
  const owed = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 2000) {
    const chunk = ids.slice(i, i + 2000);
    await ctx.db.updateTable('declaration').set({ settlement_id: settlement.id, status: 'settled', updated_at: ctx.now }).where('id', 'in', chunk).execute();
    // Billed now: the ledger pays at once whoever needs nothing more (fully subsidised, or paid early through the
    // tax bureau), with their receipts queued.
    for (const d of await applyLedger(ctx.db, ctx.scope.regionCode, chunk, ctx.now)) owed.set(d.id, Math.max(0, d.payableFen - d.paidFen));
  }
  let notices = 0;
  if (input.paymentMode === 'per_person') {
    const toNotify = lines.filter((l) => (owed.get(l.id) ?? 0) > 0);
    for (let i = 0; i < toNotify.length; i += 2000) {
      const chunk = toNotify.slice(i, i + 2000);
      await ctx.db
        .insertInto('payment_notice')
        .values(
          chunk.map((l) => ({
            region_code: ctx.scope.regionCode,
            settlement_id: settlement.id,
            declaration_id: l.id,
            unit_id: unitId,
            token: randomBytes(16).toString('base64url'),
            amount_fen: owed.get(l.id)!,
            created_at: ctx.now,
          })),
        )
        .execute();
      notices += chunk.length;
    }
  }
  await audit(ctx, {
    action: 'settlement.created',
    entityType: 'settlement',
    entityId: settlement.id,
    unitId,
    after: { year: input.year, paymentMode: input.paymentMode, unitMethod: input.unitMethod ?? null, count: breakdown.count, totalFen: breakdown.totalFen, subsidyFen: breakdown.subsidyFen, payableFen: breakdown.payableFen, notices },
  });
  return getSettlement(ctx, settlement.id);
}

/** Voids a settlement nobody has paid anything on: its declarations return to confirmed, its notices close. */
export async function cancelSettlement(ctx: ServiceContext, id: string, reason: string): Promise<TSettlement> {
  // Locked, so of two voids at once one takes effect and the other is told.
  await ctx.db.selectFrom('settlement').select('id').where('id', '=', id).where('region_code', '=', ctx.scope.regionCode).forUpdate().execute();
  const s = await loadSettlement(ctx, id);
  if (s.status === 'cancelled') throw new AppError(AppErrorCode.CONFLICT, { message: '结算单已作废' });
  assertYearWritable(ctx, await campaignProfile(ctx, s.insurance_year), '作废结算单');
  const paid = await ctx.db.selectFrom('payment').select('id').where('settlement_id', '=', id).limit(1).executeTakeFirst();
  if (paid) throw new AppError(AppErrorCode.CONFLICT, { message: '结算单已有缴费记录，不能作废；如需退回请申请退费' });
  await ctx.db.updateTable('settlement').set({ status: 'cancelled', cancelled_at: ctx.now }).where('id', '=', id).execute();
  const back = await ctx.db
    .updateTable('declaration')
    .set({ status: 'confirmed', settlement_id: null, updated_at: ctx.now })
    .where('settlement_id', '=', id)
    .returning('id')
    .execute();
  // No longer billed: nobody stays paid by it (money paid early stays on the declaration for the next settlement).
  await applyLedger(ctx.db, ctx.scope.regionCode, back.map((d) => d.id), ctx.now);
  await ctx.db.updateTable('payment_notice').set({ status: 'cancelled' }).where('settlement_id', '=', id).where('status', '=', 'open').execute();
  await ctx.db
    .updateTable('payment_order')
    .set({ status: 'closed' })
    .where('status', '=', 'pending')
    .where('notice_id', 'in', (eb) => eb.selectFrom('payment_notice').select('id').where('settlement_id', '=', id))
    .execute();
  await audit(ctx, { action: 'settlement.cancelled', entityType: 'settlement', entityId: id, unitId: s.unit_id, before: { status: s.status }, after: { status: 'cancelled', reason } });
  return getSettlement(ctx, id);
}

/** The notices of a settlement, for printing (A4, a class at a time) and for the unit's follow-up. */
export async function findNotices(ctx: ServiceContext, settlementId: string, f: { className?: string | undefined; status?: TNoticeStatus | undefined }): Promise<TNotices> {
  const s = await loadSettlement(ctx, settlementId);
  const rows = await ctx.db
    .selectFrom('payment_notice as n')
    .innerJoin('declaration as d', (j) => j.onRef('d.region_code', '=', 'n.region_code').onRef('d.id', '=', 'n.declaration_id'))
    .innerJoin('person as p', (j) => j.onRef('p.region_code', '=', 'd.region_code').onRef('p.id', '=', 'd.person_id'))
    .select([
      'n.id',
      'n.token',
      'n.amount_fen',
      'n.status',
      'n.paid_at',
      'p.name',
      'p.document_number',
      'p.grade_code',
      'p.class_name',
      'd.category_name',
      'd.total_fen',
      'd.subsidy_fen',
      'd.subsidy_name',
      'd.benefit_start',
      'd.benefit_end',
    ])
    .where('n.settlement_id', '=', settlementId)
    .$if(!!f.className, (q) => q.where('p.class_name', '=', f.className!))
    .$if(!!f.status, (q) => q.where('n.status', '=', f.status!))
    .orderBy('p.grade_code')
    .orderBy('p.class_name')
    .orderBy('p.name')
    .execute();
  const { profile } = await campaignProfile(ctx, s.insurance_year);
  return {
    settlement: { id: s.id, number: s.number, year: s.insurance_year, unitName: s.unit_name, payBy: profile.declarationWindow.end },
    items: rows.map(presentNotice),
  };
}

/** A notice as printed and listed: the pupil, the amounts, the pay page; the document number masked. */
export function presentNotice(r: {
  id: string;
  token: string;
  status: TNoticeStatus;
  amount_fen: number;
  paid_at: Date | null;
  name: string;
  document_number: string;
  grade_code: string | null;
  class_name: string | null;
  category_name: string;
  total_fen: number;
  subsidy_fen: number;
  subsidy_name: string | null;
  benefit_start: string;
  benefit_end: string;
}): TNotice {
  return {
    id: r.id,
    token: r.token,
    payPath: `/pay/${r.token}`,
    status: r.status,
    amountFen: r.amount_fen,
    paidAt: r.paid_at?.toISOString() ?? null,
    personName: r.name,
    documentNumber: maskIdNumber(r.document_number),
    gradeCode: r.grade_code,
    className: r.class_name,
    categoryName: r.category_name,
    totalFen: r.total_fen,
    subsidyFen: r.subsidy_fen,
    subsidyName: r.subsidy_name,
    benefitStart: r.benefit_start,
    benefitEnd: r.benefit_end,
  };
}

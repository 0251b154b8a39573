import { randomBytes } from 'node:crypto';
import { HOUSEHOLD_RELATIONS, maskIdNumber, maskName, type TFamilyDue, type TFamilyDueInput, type TFamilyOrder, type TFamilyOrderInput, type TFamilyOrderStatus, type THouseholdRelation } from '@canbao/domain';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { RequestMeta } from '../../context';
import type { DB } from '../../db/schema/index';
import { AppError, AppErrorCode } from '../../errors';
import { writeAudit } from '../audit/audit.service';
import type { PaymentProvider, VerifiedNotification } from './channels/provider';
import type { LookupGuard } from './lookup-guard';
import { checkIdentity, personsByIdentity } from './receipts.service';

/** A family order's number: the region code after the prefix, so a notification finds its region (and shard). */
const FAMILY_ORDER_NO = /^CF(\d{6})\d{13}[0-9A-F]{8}$/;
/** Persons in one family order at most (a household and a few the payer names); the input allows ten. */
const MAX_LINES = 20;

type DueLine = {
  noticeId: string;
  declarationId: string;
  unitId: string;
  personId: string;
  name: string;
  documentNumber: string;
  relation: THouseholdRelation | null;
  unitName: string;
  year: number;
  categoryName: string;
  amountFen: number;
};

export type Due = { regionCode: string; householdId: string | null; lines: DueLine[]; settledCount: number };

const sameName = (a: string, b: string) => a.replace(/\s+/g, '') === b.replace(/\s+/g, '');

/**
 * What a payer may pay for: the household of the member proved by ID number + name + a phone on file, and every
 * person named by ID number + name (each counted by the lookup guard, like every public lookup). Due is what an
 * open per-person notice still lacks by its declaration's own ledger; a declaration its unit pays as a whole has
 * no notice and is not offered. One region per order: the persons are found in the proved member's region.
 */
async function findDue(db: Kysely<DB>, guard: LookupGuard, input: TFamilyDueInput): Promise<Due | null> {
  const proved = await personsByIdentity(db, guard, { idNumber: input.idNumber, name: input.name, phone: input.phoneLast4 });
  const first = proved[0];
  if (!first) return null;
  return dueOf(db, guard, first, input.others ?? [], true);
}

/**
 * What a terminal may pay for (issue 16, item 6): the persons it names, each by ID number + name (a card read, or
 * typed at a counter), found in the first one's region; no household is opened without a phone on file.
 */
export async function findNamedDue(db: Kysely<DB>, guard: LookupGuard, persons: ReadonlyArray<{ idNumber: string; name: string }>, regionCode: string): Promise<Due | null> {
  const [head, ...others] = persons;
  if (!head) return null;
  const number = checkIdentity(head.idNumber);
  await guard.identity(number);
  const found = await db.selectFrom('person').select(['id', 'name', 'region_code']).where('region_code', '=', regionCode).where('document_number', '=', number).execute();
  const first = found.find((p) => sameName(p.name, head.name));
  if (!first) return null;
  return dueOf(db, guard, first, others, false);
}

async function dueOf(db: Kysely<DB>, guard: LookupGuard, first: { id: string; region_code: string }, others: ReadonlyArray<{ idNumber: string; name: string }>, withHousehold: boolean): Promise<Due> {
  const regionCode = first.region_code;
  const membership = withHousehold
    ? await db.selectFrom('household_member').select(['household_id']).where('region_code', '=', regionCode).where('person_id', '=', first.id).executeTakeFirst()
    : undefined;
  const relations = new Map<string, THouseholdRelation | null>([[first.id, null]]);
  if (membership) {
    const members = await db
      .selectFrom('household_member')
      .select(['person_id', 'relation'])
      .where('region_code', '=', regionCode)
      .where('household_id', '=', membership.household_id)
      .execute();
    for (const m of members) relations.set(m.person_id, m.relation);
  }
  for (const [i, other] of others.entries()) {
    const number = checkIdentity(other.idNumber);
    await guard.identity(number);
    const found = await db
      .selectFrom('person')
      .select(['id', 'name'])
      .where('region_code', '=', regionCode)
      .where('document_number', '=', number)
      .execute();
    const person = found.find((p) => sameName(p.name, other.name));
    // The same answer whether the number is unknown here or the name differs: a stranger learns nothing more.
    if (!person) {
      throw new AppError(AppErrorCode.VALIDATION_FAILED, {
        message: `第 ${i + 2} 位缴费对象的身份证号码与姓名不符，或未在本统筹区登记`,
        details: [{ path: `others.${i}.name`, message: '身份证号码与姓名不符' }],
      });
    }
    if (!relations.has(person.id)) relations.set(person.id, null);
  }
  const ids = [...relations.keys()];
  const rows = await db
    .selectFrom('payment_notice as n')
    .innerJoin('declaration as d', (j) => j.onRef('d.region_code', '=', 'n.region_code').onRef('d.id', '=', 'n.declaration_id'))
    .innerJoin('person as p', (j) => j.onRef('p.region_code', '=', 'd.region_code').onRef('p.id', '=', 'd.person_id'))
    .innerJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'n.region_code').onRef('u.id', '=', 'n.unit_id'))
    .select([
      'n.id as notice_id',
      'n.declaration_id',
      'n.unit_id',
      'd.person_id',
      'p.name',
      'p.document_number',
      'u.name as unit_name',
      'd.insurance_year',
      'd.category_name',
      sql<number>`LEAST(n.amount_fen, d.payable_fen - d.paid_fen)`.as('owed_fen'),
    ])
    .where('n.region_code', '=', regionCode)
    .where('d.person_id', 'in', ids)
    .where('n.status', '=', 'open')
    .where('d.status', '=', 'settled')
    .where(sql<boolean>`LEAST(n.amount_fen, d.payable_fen - d.paid_fen) > 0`)
    .execute();
  const order = (r: THouseholdRelation | null) => (r ? Object.keys(HOUSEHOLD_RELATIONS).indexOf(r) : 99);
  const lines = rows
    .map((r) => ({
      noticeId: r.notice_id,
      declarationId: r.declaration_id,
      unitId: r.unit_id,
      personId: r.person_id,
      name: r.name,
      documentNumber: r.document_number,
      relation: relations.get(r.person_id) ?? null,
      unitName: r.unit_name,
      year: r.insurance_year,
      categoryName: r.category_name,
      amountFen: Number(r.owed_fen),
    }))
    .sort((a, b) => order(a.relation) - order(b.relation) || a.year - b.year || a.documentNumber.localeCompare(b.documentNumber));
  const withDue = new Set(lines.map((l) => l.personId));
  return { regionCode, householdId: membership?.household_id ?? null, lines, settledCount: ids.filter((id) => !withDue.has(id)).length };
}

export async function familyDue(db: Kysely<DB>, guard: LookupGuard, input: TFamilyDueInput): Promise<TFamilyDue> {
  const due = await findDue(db, guard, input);
  if (!due) return { found: false, members: [], totalFen: 0, settledCount: 0 };
  return {
    found: true,
    members: due.lines.map((l) => ({
      maskedName: maskName(l.name),
      documentNumber: maskIdNumber(l.documentNumber),
      relationName: l.relation ? HOUSEHOLD_RELATIONS[l.relation] : null,
      unitName: l.unitName,
      year: l.year,
      categoryName: l.categoryName,
      amountFen: l.amountFen,
    })),
    totalFen: due.lines.reduce((s, l) => s + l.amountFen, 0),
    settledCount: due.settledCount,
  };
}

/**
 * Places ONE channel order for everything due (为家人缴费) and records who pays. Each declaration gets its own
 * payment_order under the family order (never sent to the channel), so the notification pays each by the ledger's
 * usual statement. Refused when the total is not the one the payer was shown (a member paid meanwhile, a notice was
 * cancelled): the payer confirms again rather than paying what they did not see. A pending order for the same
 * notices and total is handed back while the channel still holds it open, as the single notice's page does.
 */
export async function startFamilyPayment(db: Kysely<DB>, providers: Map<string, PaymentProvider>, guard: LookupGuard, meta: RequestMeta, input: TFamilyOrderInput): Promise<TFamilyOrder> {
  const provider = providers.get(input.channel);
  if (!provider) throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: `不支持的支付渠道：${input.channel}`, details: [{ path: 'channel', message: '不支持的支付渠道' }] });
  const due = await findDue(db, guard, input);
  if (!due) throw new AppError(AppErrorCode.NOT_FOUND, { message: '身份证号码、姓名与登记手机号后四位不符，或未在本地登记' });
  if (!due.lines.length) throw new AppError(AppErrorCode.CONFLICT, { message: '没有待缴费用：均已缴费，或由所在单位统一缴纳' });
  if (due.lines.length > MAX_LINES) throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: `一次最多合并缴纳 ${MAX_LINES} 笔，请分次缴费` });
  const totalFen = due.lines.reduce((s, l) => s + l.amountFen, 0);
  if (totalFen !== input.expectedTotalFen) {
    throw new AppError(AppErrorCode.CONFLICT, { message: `待缴金额已变为 ${(totalFen / 100).toFixed(2)} 元（有人已缴费或通知单已变更），请重新查询后确认` });
  }
  const notices = due.lines.map((l) => l.noticeId).sort();
  // Two relatives paying for one family at once: the second waits on the first's locks, then is handed its order.
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('family-order:' || n)) FROM unnest(${notices}::uuid[]) AS n ORDER BY n`.execute(trx);
    const pending = await trx
      .selectFrom('family_order as f')
      .select(['f.id', 'f.out_trade_no', 'f.pay_url'])
      .where('f.region_code', '=', due.regionCode)
      .where('f.channel', '=', input.channel)
      .where('f.status', '=', 'pending')
      .where('f.amount_fen', '=', totalFen)
      .where('f.member_count', '=', notices.length)
      .where(({ exists, selectFrom }) =>
        exists(selectFrom('payment_order as po').select('po.id').where('po.region_code', '=', due.regionCode).whereRef('po.family_order_id', '=', 'f.id').where('po.notice_id', '=', notices[0]!)),
      )
      .orderBy('f.created_at', 'desc')
      .execute();
    for (const f of pending) {
      const held = await trx.selectFrom('payment_order').select('notice_id').where('region_code', '=', due.regionCode).where('family_order_id', '=', f.id).execute();
      const same = held.map((h) => h.notice_id).sort().join() === notices.join();
      if (same && f.pay_url && (await provider.queryOrder(f.out_trade_no)).state === 'pending') {
        return { outTradeNo: f.out_trade_no, payUrl: f.pay_url, totalFen, count: notices.length };
      }
    }
    const outTradeNo = familyOrderNumber(due.regionCode);
    const year = Math.max(...due.lines.map((l) => l.year));
    const { payUrl } = await provider.createOrder({ outTradeNo, amountFen: totalFen, description: `${year}年度城乡居民医保 ${due.lines.length}人合并缴费` });
    await placeFamilyOrder(trx, meta, due, { channel: input.channel, outTradeNo, payUrl, payerName: input.payerName, payerRelation: input.payerRelation ?? null, terminal: null });
    return { outTradeNo, payUrl, totalFen, count: due.lines.length };
  });
}

export const familyOrderNumber = (regionCode: string) => `CF${regionCode}${Date.now()}${randomBytes(4).toString('hex').toUpperCase()}`;

/** The family order and one payment_order per declaration it pays, with its audit row, in one transaction. */
export async function placeFamilyOrder(
  db: Kysely<DB>,
  meta: RequestMeta,
  due: Due,
  input: { channel: string; outTradeNo: string; payUrl: string | null; payerName: string; payerRelation: string | null; terminal: { id: string; orderNo: string } | null },
) {
  const { outTradeNo, payUrl } = input;
  const totalFen = due.lines.reduce((s, l) => s + l.amountFen, 0);
  const inTransaction = <T>(fn: (trx: Kysely<DB>) => Promise<T>) => (db.isTransaction ? fn(db) : db.transaction().execute(fn));
  return inTransaction(async (trx) => {
    const f = await trx
      .insertInto('family_order')
      .values({
        region_code: due.regionCode,
        channel: input.channel,
        out_trade_no: outTradeNo,
        amount_fen: totalFen,
        member_count: due.lines.length,
        payer_name: input.payerName,
        payer_relation: input.payerRelation?.trim() || null,
        household_id: due.householdId,
        pay_url: payUrl,
        terminal_id: input.terminal?.id ?? null,
        terminal_order_no: input.terminal?.orderNo ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('payment_order')
      .values(
        due.lines.map((l, k) => ({
          region_code: due.regionCode,
          notice_id: l.noticeId,
          declaration_id: l.declarationId,
          unit_id: l.unitId,
          channel: input.channel,
          out_trade_no: `${outTradeNo}-${k + 1}`,
          amount_fen: l.amountFen,
          pay_url: null,
          family_order_id: f.id,
        })),
      )
      .execute();
    await writeAudit(trx, { regionCode: due.regionCode, unitId: null, username: 'family' }, meta, {
      action: 'family_order.created',
      entityType: 'family_order',
      entityId: f.id,
      after: {
        channel: input.channel,
        outTradeNo,
        amountFen: totalFen,
        count: due.lines.length,
        payerName: input.payerName,
        ...(input.terminal ? { terminalId: input.terminal.id, terminalOrderNo: input.terminal.orderNo } : {}),
        declarations: due.lines.map((l) => l.declarationId),
      },
    });
    return f.id;
  });
}

export type FamilyOrderParts = {
  regionCode: string;
  familyOrderId: string;
  amountFen: number;
  payerName: string | null;
  members: Array<{ outTradeNo: string; amountFen: number }>;
};

/** The family order a notification names, with its declarations' own orders in their fixed order; null if none. */
export async function familyOrderFor(db: Kysely<DB>, channel: string, outTradeNo: string): Promise<FamilyOrderParts | null> {
  const m = FAMILY_ORDER_NO.exec(outTradeNo);
  if (!m) return null;
  const regionCode = m[1]!;
  const f = await db
    .selectFrom('family_order')
    .select(['id', 'amount_fen', 'payer_name'])
    .where('region_code', '=', regionCode)
    .where('out_trade_no', '=', outTradeNo)
    .where('channel', '=', channel)
    .executeTakeFirst();
  if (!f) return null;
  const members = await db
    .selectFrom('payment_order')
    .select(['out_trade_no', 'amount_fen'])
    .where('region_code', '=', regionCode)
    .where('family_order_id', '=', f.id)
    .execute();
  // By the number after the dash, so the k-th derived transaction is always the same declaration's.
  members.sort((a, b) => Number(a.out_trade_no.split('-').pop()) - Number(b.out_trade_no.split('-').pop()));
  return { regionCode, familyOrderId: f.id, amountFen: f.amount_fen, payerName: f.payer_name, members: members.map((o) => ({ outTradeNo: o.out_trade_no, amountFen: o.amount_fen })) };
}

/**
 * The per-declaration notifications of one family payment: the channel's transaction id with the declaration's place
 * after a dash (`…-1`, `…-2`), so a replay derives the same ids and the payment key counts each once. A total other
 * than the order's is not split (the parts would be guesses): it is recorded whole on the first declaration, where
 * the ledger and an exception for the agency take it as any wrong amount.
 */
export function splitFamilyNotification(parts: FamilyOrderParts, n: VerifiedNotification): { exact: boolean; notifications: VerifiedNotification[] } {
  const payerName = n.payerName ?? parts.payerName;
  if (n.amountFen !== parts.amountFen) return { exact: false, notifications: [{ ...n, outTradeNo: parts.members[0]!.outTradeNo, payerName }] };
  return {
    exact: true,
    notifications: parts.members.map((m, k) => ({ ...n, outTradeNo: m.outTradeNo, transactionId: `${n.transactionId}-${k + 1}`, amountFen: m.amountFen, payerName })),
  };
}

export async function markFamilyOrderPaid(db: Kysely<DB>, parts: FamilyOrderParts, n: VerifiedNotification) {
  await db
    .updateTable('family_order')
    .set({ status: 'paid', transaction_id: n.transactionId, paid_at: n.paidAt })
    .where('region_code', '=', parts.regionCode)
    .where('id', '=', parts.familyOrderId)
    .where('status', '=', 'pending')
    .execute();
}

/** How many declarations of the family order `f` the ledger has paid (a select of a query on `family_order as f`). */
export function paidMembers(eb: ExpressionBuilder<DB & { f: DB['family_order'] }, 'f'>) {
  return eb
    .selectFrom('payment_order as po')
    .innerJoin('declaration as d', (j) => j.onRef('d.region_code', '=', 'po.region_code').onRef('d.id', '=', 'po.declaration_id'))
    .select(eb.fn.countAll<number>().as('n'))
    .whereRef('po.region_code', '=', 'f.region_code')
    .whereRef('po.family_order_id', '=', 'f.id')
    .where('d.status', '=', 'paid')
    .as('paid_count');
}

/**
 * What the payer sees back from the cashier, by the order number alone: how many, how much, paid or not. A pending
 * order is first asked of its channel (the notification may be late or lost) and recorded as a notification is.
 */
export async function familyOrderStatus(db: Kysely<DB>, providers: Map<string, PaymentProvider>, record: (channel: string, n: VerifiedNotification) => Promise<unknown>, outTradeNo: string): Promise<TFamilyOrderStatus> {
  const m = FAMILY_ORDER_NO.exec(outTradeNo);
  const read = () =>
    db
      .selectFrom('family_order as f')
      .select((eb) => [
        'f.channel',
        'f.status',
        'f.member_count',
        'f.amount_fen',
        'f.paid_at',
        paidMembers(eb),
      ])
      .where('f.region_code', '=', m?.[1] ?? '')
      .where('f.out_trade_no', '=', outTradeNo)
      .executeTakeFirst();
  let f = await read();
  if (!f) throw new AppError(AppErrorCode.NOT_FOUND, { message: '订单不存在，请返回为家人缴费页面重新查询' });
  const provider = providers.get(f.channel);
  if (f.status === 'pending' && provider) {
    const state = await provider.queryOrder(outTradeNo);
    if (state.state === 'paid') {
      await record(f.channel, state.notification);
      f = (await read())!;
    }
  }
  return { status: f.status, count: f.member_count, totalFen: f.amount_fen, paidAt: f.paid_at?.toISOString() ?? null, paidCount: Number(f.paid_count ?? 0) };
}

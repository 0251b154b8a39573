import { randomBytes } from 'node:crypto';
import {
  DECLARATION_STATUS_NAMES,
  maskIdNumber,
  normalizeVerifyCode,
  parseResidentId,
  receiptNumber,
  verifyCodeFromBytes,
  type TFamilyStatus,
  type TFamilyStatusInput,
  type TReceipt,
  type TReceiptCount,
  type TReceiptListItem,
  type TReceiptLookupInput,
  type TReceiptPayer,
} from '@canbao/domain';
import { sql, type Kysely } from 'kysely';
import type { ServiceContext } from '../../context';
import type { DB } from '../../db/schema/index';
import { AppError, AppErrorCode } from '../../errors';
import { writeAudit } from '../audit/audit.service';
import type { LookupGuard } from './lookup-guard';

const BATCH = 2000;

type DueGroup = { region_code: string; insurance_year: number };

/**
 * Issues receipts (票据) for paid declarations that have none, numbered without gaps per region and insurance
 * year in the order payments arrived. Runs apart from the payment itself, so thousands of payments per second
 * never queue on one counter row: one short transaction per region-year batch locks the counter, numbers the
 * batch and commits. Incremental: it reads the queue `receipt_due` (written by every statement that marks a
 * declaration paid), never the paid declarations at large, and empties it as it issues. Idempotent (the unique
 * index on a declaration's valid receipt, and the queue row goes in the receipt's own transaction); safe to run
 * anywhere, any time.
 */
export async function issueReceipts(db: Kysely<DB>): Promise<number> {
  let issued = 0;
  for (;;) {
    const groups = await db.selectFrom('receipt_due').select(['region_code', 'insurance_year']).distinct().execute();
    let progressed = false;
    for (const g of groups) {
      const done = await issueBatch(db, g);
      issued += done.issued;
      if (done.dequeued > 0) progressed = true;
    }
    // A queued declaration without its payment row (cannot happen by design) stays queued; it must not loop forever.
    if (!progressed) return issued;
  }
}

/** One batch of one region and year: numbers up to BATCH queued declarations and takes them off the queue. */
async function issueBatch(db: Kysely<DB>, g: DueGroup): Promise<{ issued: number; dequeued: number }> {
  return db.transaction().execute(async (trx) => {
    // Small index-driven reads: never worth compiling, whatever stale statistics estimate.
    await sql`SET LOCAL jit = off`.execute(trx);
    await trx.insertInto('receipt_counter').values({ region_code: g.region_code, insurance_year: g.insurance_year }).onConflict((oc) => oc.columns(['region_code', 'insurance_year']).doNothing()).execute();
    const counter = await trx
      .selectFrom('receipt_counter')
      .select('last_number')
      .where('region_code', '=', g.region_code)
      .where('insurance_year', '=', g.insurance_year)
      .forUpdate()
      .executeTakeFirstOrThrow();
    // The batch's declarations are locked first (a refund voiding a receipt waits for this one to commit, or this one
    // waits for the refund), then read by a statement of its own, which sees whatever committed before the lock.
    const locked = await trx
      .selectFrom('receipt_due as q')
      .innerJoin('declaration as d', (j) => j.onRef('d.region_code', '=', 'q.region_code').onRef('d.id', '=', 'q.declaration_id'))
      .select('d.id')
      .where('q.region_code', '=', g.region_code)
      .where('q.insurance_year', '=', g.insurance_year)
      .orderBy('d.paid_at')
      .orderBy('d.id')
      .limit(BATCH)
      .forShare('d')
      .execute();
    if (!locked.length) return { issued: 0, dequeued: 0 };
    const ids = locked.map((d) => d.id);
    // Each part read by the batch's ids through an index, never by a correlated subquery: with the statistics of a
    // table that grew since the last ANALYZE the planner turned "has a valid receipt" into a hash of every receipt
    // and JIT-compiled the whole query (a quarter of a second per pass, growing with the year's receipts).
    const declarations = await trx
      .selectFrom('declaration as d')
      .innerJoin('person as p', (j) => j.onRef('p.region_code', '=', 'd.region_code').onRef('p.id', '=', 'd.person_id'))
      .select(['d.id', 'd.status', 'd.person_id', 'd.unit_id', 'd.settlement_id', 'd.payable_fen', 'p.name'])
      .where('d.id', 'in', ids)
      .orderBy('d.paid_at')
      .orderBy('d.id')
      .execute();
    // The payment a receipt names: the declaration's own (the first still holding money), or the unit payment whose
    // share paid it (payment_allocation).
    const own = new Map(
      (
        await trx
          .selectFrom('payment')
          .distinctOn('declaration_id')
          .select(['declaration_id', 'id', 'payer_name'])
          .where('declaration_id', 'in', ids)
          .orderBy('declaration_id')
          .orderBy(sql`refunded_fen >= amount_fen`)
          .orderBy('paid_at')
          .execute()
      ).map((p) => [p.declaration_id, p]),
    );
    const shared = declarations.filter((d) => !own.has(d.id)).map((d) => d.id);
    const unitPaid = new Map(
      shared.length
        ? (
            await trx
              .selectFrom('payment_allocation')
              .distinctOn('declaration_id')
              .select(['declaration_id', 'payment_id'])
              .where('region_code', '=', g.region_code)
              .where('declaration_id', 'in', shared)
              .orderBy('declaration_id')
              .orderBy('created_at')
              .execute()
          ).map((p) => [p.declaration_id, p.payment_id])
        : [],
    );
    const receipted = new Set((await trx.selectFrom('receipt').select('declaration_id').where('declaration_id', 'in', ids).where('voided_at', 'is', null).execute()).map((r) => r.declaration_id));
    const due = declarations.map((d) => ({
      ...d,
      payment_id: own.get(d.id)?.id ?? unitPaid.get(d.id) ?? null,
      payer_name: own.get(d.id)?.payer_name ?? null,
      has_receipt: receipted.has(d.id),
    }));
    // Queued but no longer due (refunded as wrongful, fully subsidised since, issued by an older issuer): dequeued.
    const gone = due.filter((d) => d.status !== 'paid' || d.payable_fen <= 0 || d.has_receipt);
    const rows = due.filter((d) => d.status === 'paid' && d.payable_fen > 0 && !d.has_receipt && d.payment_id);
    let n = counter.last_number;
    if (rows.length) {
      await trx
        .insertInto('receipt')
        .values(
          rows.map((d) => ({
            region_code: g.region_code,
            insurance_year: g.insurance_year,
            number: receiptNumber(g.region_code, g.insurance_year, ++n),
            payment_id: d.payment_id!,
            declaration_id: d.id,
            person_id: d.person_id,
            unit_id: d.unit_id,
            payer_name: d.payer_name ?? d.name,
            amount_fen: d.payable_fen,
            verify_code: verifyCodeFromBytes(randomBytes(8)),
          })),
        )
        .execute();
      await trx.updateTable('receipt_counter').set({ last_number: n }).where('region_code', '=', g.region_code).where('insurance_year', '=', g.insurance_year).execute();
      await writeAudit(trx, { regionCode: g.region_code, unitId: null, username: 'receipt-issuer' }, null, {
        action: 'receipt.issued',
        entityType: 'receipt',
        after: { year: g.insurance_year, count: rows.length, from: receiptNumber(g.region_code, g.insurance_year, counter.last_number + 1), to: receiptNumber(g.region_code, g.insurance_year, n) },
      });
    }
    const dequeue = [...rows, ...gone].map((d) => d.id);
    if (dequeue.length) {
      await trx.deleteFrom('receipt_due').where('region_code', '=', g.region_code).where('insurance_year', '=', g.insurance_year).where('declaration_id', 'in', dequeue).execute();
    }
    return { issued: rows.length, dequeued: dequeue.length };
  });
}

let scheduled: NodeJS.Timeout | null = null;
let failures = 0;
let running: Promise<unknown> = Promise.resolve();

/** Runs the issuer soon after payments land (debounced); failures are retried on the next payment. */
export function scheduleReceipts(db: Kysely<DB>, delayMs = 200) {
  if (scheduled) return;
  scheduled = setTimeout(() => {
    scheduled = null;
    // A pass that fails (the database went away) leaves its queue rows: tried again after 5, 10, 20, 40 and 80 s,
    // then at the next payment or start.
    running = running
      .then(() => issueReceipts(db))
      .then(
        () => {
          failures = 0;
        },
        () => {
          if (++failures <= 5) scheduleReceipts(db, 5_000 * 2 ** (failures - 1));
        },
      );
  }, delayMs);
  scheduled.unref();
}

/** Resolves once no issuing is scheduled or running in this process (tests, shutdown). */
export async function receiptsIdle(): Promise<void> {
  for (;;) {
    const current = running;
    await current;
    if (!scheduled && current === running) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Public verification of a receipt by its number and code: what the paper or electronic receipt says. */
export async function verifyReceipt(db: Kysely<DB>, number: string, code: string): Promise<TReceipt> {
  // A receipt number starts with its region's code (receiptNumber): the lookup reads the key (region_code, number).
  const n = number.trim();
  const r = await db
    .selectFrom('receipt as r')
    .innerJoin('person as p', (j) => j.onRef('p.region_code', '=', 'r.region_code').onRef('p.id', '=', 'r.person_id'))
    .innerJoin('region as g', 'g.code', 'r.region_code')
    .leftJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'r.region_code').onRef('u.id', '=', 'r.unit_id'))
    .innerJoin('payment as pay', (j) => j.onRef('pay.region_code', '=', 'r.region_code').onRef('pay.id', '=', 'r.payment_id'))
    .select(['r.number', 'r.insurance_year', 'r.amount_fen', 'r.issued_at', 'r.verify_code', 'r.voided_at', 'r.payer_name', 'p.name', 'p.document_number', 'u.name as unit_name', 'g.agency_name', 'pay.channel', 'pay.paid_at'])
    .where('r.region_code', '=', n.slice(0, 6))
    .where('r.number', '=', n)
    .executeTakeFirst();
  if (!r || r.verify_code !== normalizeVerifyCode(code)) {
    throw new AppError(AppErrorCode.NOT_FOUND, { message: '未查到该票据：请核对票据号码和校验码' });
  }
  return {
    number: r.number,
    year: r.insurance_year,
    amountFen: r.amount_fen,
    personName: r.name,
    documentNumber: maskIdNumber(r.document_number),
    payerName: r.payer_name,
    unitName: r.unit_name,
    issuer: r.agency_name,
    channel: r.channel,
    paidAt: r.paid_at.toISOString(),
    issuedAt: r.issued_at.toISOString(),
    valid: r.voided_at === null,
    verifyCode: r.verify_code,
  };
}

export function checkIdentity(idNumber: string) {
  const v = parseResidentId(idNumber);
  if (!v.ok) throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: v.message, details: [{ path: 'idNumber', message: v.message }] });
  return v.normalized;
}

/**
 * The persons a public lookup may speak of: the ID number, the name and a phone on file (the person's or the
 * guardian's; the whole number or its last four digits) must all match. Every lookup of a number counts against
 * that number and its county, whoever asks (LookupGuard), so many addresses together cannot walk a district.
 */
export async function personsByIdentity(db: Kysely<DB>, guard: LookupGuard, input: { idNumber: string; name: string; phone: string }) {
  const normalized = checkIdentity(input.idNumber);
  await guard.identity(normalized);
  const phone = input.phone.replace(/\D/g, '');
  const persons = await db.selectFrom('person').select(['id', 'name', 'phone', 'guardian_phone', 'region_code']).where('document_number', '=', normalized).execute();
  const onFile = (v: string | null) => !!v && phone.length >= 4 && (phone.length === 4 ? v.endsWith(phone) : v === phone);
  return persons.filter((p) => p.name.replace(/\s+/g, '') === input.name.replace(/\s+/g, '') && (onFile(p.phone) || onFile(p.guardian_phone)));
}

/** Receipts by name + ID number + phone (the person's or the guardian's): all three must match. */
export async function lookupReceipts(db: Kysely<DB>, guard: LookupGuard, input: TReceiptLookupInput): Promise<{ items: TReceiptListItem[] }> {
  const persons = await personsByIdentity(db, guard, input);
  if (!persons.length) return { items: [] };
  await issueReceipts(db);
  const rows = await db
    .selectFrom('receipt')
    .select(['number', 'insurance_year', 'amount_fen', 'issued_at', 'verify_code'])
    .where('person_id', 'in', persons.map((p) => p.id))
    .where('voided_at', 'is', null)
    .orderBy('insurance_year', 'desc')
    .execute();
  return { items: rows.map((r) => ({ number: r.number, year: r.insurance_year, amountFen: r.amount_fen, issuedAt: r.issued_at.toISOString(), verifyCode: r.verify_code })) };
}

/**
 * Family status lookup by ID number + name + the last four digits of a phone on file: each year's declaration,
 * payment, benefit and waiting period. Without all three the answer is the same whether the number exists or not.
 */
export async function familyStatus(db: Kysely<DB>, guard: LookupGuard, input: TFamilyStatusInput): Promise<TFamilyStatus> {
  const persons = await personsByIdentity(db, guard, { idNumber: input.idNumber, name: input.name, phone: input.phoneLast4 });
  if (!persons.length) return { found: false, years: [] };
  const rows = await db
    .selectFrom('declaration as d')
    .leftJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'd.region_code').onRef('u.id', '=', 'd.unit_id'))
    .leftJoin('receipt as r', (j) => j.onRef('r.region_code', '=', 'd.region_code').onRef('r.declaration_id', '=', 'd.id').on('r.voided_at', 'is', null))
    .select(['d.insurance_year', 'd.status', 'd.payable_fen', 'd.paid_fen', 'd.paid_at', 'd.benefit_start', 'd.benefit_end', 'd.waiting_days', 'd.category_name', 'u.name as unit_name', 'r.number as receipt_number'])
    .where('d.person_id', 'in', persons.map((p) => p.id))
    .where('d.status', '!=', 'removed')
    .orderBy('d.insurance_year', 'desc')
    .execute();
  return {
    found: true,
    years: rows.map((r) => ({
      year: r.insurance_year,
      status: r.status,
      statusName: DECLARATION_STATUS_NAMES[r.status],
      unitName: r.unit_name,
      categoryName: r.category_name,
      payableFen: r.payable_fen,
      paidFen: r.paid_fen,
      paidAt: r.paid_at?.toISOString() ?? null,
      benefitStart: r.benefit_start,
      benefitEnd: r.benefit_end,
      waitingDays: r.waiting_days,
      covered: r.status === 'paid',
      receiptNumber: r.receipt_number,
    })),
  };
}

/** Per-unit counts of fixed-amount receipts, by amount and by who actually paid (family channel or the unit). */
export async function receiptCounts(ctx: ServiceContext, year: number): Promise<{ items: TReceiptCount[] }> {
  const rows = await ctx.db
    .selectFrom('receipt as r')
    .innerJoin('payment as p', (j) => j.onRef('p.region_code', '=', 'r.region_code').onRef('p.id', '=', 'r.payment_id'))
    .leftJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'r.region_code').onRef('u.id', '=', 'r.unit_id'))
    .select((eb) => [
      'r.unit_id',
      'u.name as unit_name',
      'r.amount_fen',
      sql<TReceiptPayer>`CASE WHEN p.source IN ('unit_payment', 'bank_deduction') THEN 'unit' ELSE 'family' END`.as('payer'),
      eb.fn.countAll<number>().as('n'),
    ])
    .where('r.region_code', '=', ctx.scope.regionCode)
    .where('r.insurance_year', '=', year)
    .where('r.voided_at', 'is', null)
    .$if(ctx.scope.unitId !== null, (q) => q.where('r.unit_id', '=', ctx.scope.unitId))
    .groupBy(['r.unit_id', 'u.name', 'r.amount_fen', sql`4`])
    .orderBy('u.name')
    .execute();
  return { items: rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, amountFen: r.amount_fen, payer: r.payer, count: Number(r.n) })) };
}

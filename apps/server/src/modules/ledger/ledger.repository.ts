import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/schema/index';
import { setLocalScope } from '../../db/database';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * The ledger's SQL: the one place that writes a declaration's money state. Set-based paths (channel
 * notifications, paid rosters, deduction results, a unit's payment) compose these fragments into their own
 * statements; every other path (refunds, settlement, removal) calls `applyLedger`, which recomputes the state of
 * the declarations named from their records. The rule itself is `canbao_ledger_status()` (migration
 * 20261201T2200), the twin of `ledgerStatus()` in packages/domain/src/ledger.
 */

/**
 * The SET list of an UPDATE of the declaration table (written as `alias` in the statement) crediting `amount`
 * received at `at`: the money goes onto the declaration and its status follows the rule. paid_at is the moment the
 * money first covered it (the payment's own time, never the statement's).
 */
export function creditDeclaration(alias: string, amount: RawBuilder<unknown>, at: RawBuilder<unknown>) {
  const d = sql.raw(alias);
  const net = sql`${d}.paid_fen + ${amount}`;
  const status = sql`canbao_ledger_status(${d}.status, ${d}.payable_fen, ${net})`;
  return sql`paid_fen = ${net}, status = ${status},
    paid_at = CASE WHEN ${d}.status <> 'paid' AND ${status} = 'paid' THEN ${at} ELSE ${d}.paid_at END, updated_at = now()`;
}

/** What an UPDATE using creditDeclaration returns for the fragments below. */
export function creditedColumns(alias: string) {
  const d = sql.raw(alias);
  return sql`${d}.id, ${d}.region_code, ${d}.insurance_year, ${d}.payable_fen, ${d}.status, ${d}.paid_at`;
}

/**
 * The receipt queue rows for the declarations a credit just made paid with something to pay (a CTE returning
 * creditedColumns). Already queued or already receipted ones are harmless: the issuer dequeues them.
 */
export function queueReceipts(credited: string) {
  return sql`INSERT INTO receipt_due (region_code, insurance_year, declaration_id)
    SELECT region_code, insurance_year, id FROM ${sql.table(credited)} WHERE status = 'paid' AND payable_fen > 0
    ON CONFLICT DO NOTHING`;
}

/**
 * The notice a channel payment came through is paid when the credit made its declaration paid: `source` is the
 * CTE of inserted payments (declaration_id, notice_id), `credited` the credit's; the notice is found by its key.
 */
export function payPaymentNotices(source: string, credited: string, region: RawBuilder<unknown>) {
  const p = sql.table(source);
  const c = sql.table(credited);
  return sql`UPDATE payment_notice SET status = 'paid', paid_at = ${c}.paid_at
    FROM ${p} JOIN ${c} ON ${c}.id = ${p}.declaration_id
    WHERE payment_notice.region_code = ${region} AND payment_notice.id = ${p}.notice_id AND ${c}.status = 'paid' AND payment_notice.status = 'open'
    RETURNING 1`;
}

/** The open notices of the declarations a credit just made paid are paid, at the moment their money arrived. */
export function payNotices(credited: string, region: RawBuilder<unknown>) {
  const c = sql.table(credited);
  return sql`UPDATE payment_notice SET status = 'paid', paid_at = ${c}.paid_at
    FROM ${c} WHERE payment_notice.region_code = ${region} AND payment_notice.declaration_id = ${c}.id AND ${c}.status = 'paid' AND NOT payment_notice.cancelled AND payment_notice.status = 'open'
    RETURNING 1`;
}

/**
 * Allocations of unit payments to the declarations of their settlements: `paid` is a CTE of
 * (settlement_id, payment_id) for settlements a payment just covered; each of their settled declarations gets
 * what it still lacks from that payment. Used by a unit's payment and by bank deduction results.
 */
export function allocateSettlements(paid: string, region: RawBuilder<unknown>) {
  const s = sql.table(paid);
  // The target's alias: Citus 13.2 deparses the RETURNING of a pushed-down INSERT … SELECT with the table's own
  // name instead of its shard's ("missing FROM-clause entry"); an alias is deparsed as written.
  return sql`INSERT INTO payment_allocation AS pa (region_code, payment_id, declaration_id, amount_fen, unit_id)
    SELECT d.region_code, ${s}.payment_id, d.id, d.payable_fen - d.paid_fen, d.unit_id
    FROM ${s} JOIN declaration d ON d.region_code = ${region} AND d.settlement_id = ${s}.settlement_id
    WHERE d.status = 'settled' AND d.payable_fen > d.paid_fen
    RETURNING pa.region_code, pa.declaration_id, pa.amount_fen, pa.payment_id`;
}

/** The money records of one declaration (in the caller's scope), for the rules of a refund. */
// canbao_declaration_money() takes the region first (migration 20261203T1400): the scope's, which these helpers run in
// (system work sets it with setSystemRegion). Every table is pinned to the region by value: on Citus the statement
// then runs on the region's shard, and the function with it (db/distribution.ts).
export async function declarationMoney(db: Db, regionCode: string, declarationId: string) {
  const r = await sql<{ id: string; status: string; payable_fen: number; received: number; refunded: number; pending: number }>`
    SELECT d.id, d.status, d.payable_fen, m.received, m.refunded, m.pending
    FROM declaration d JOIN canbao_declaration_money(${regionCode}, ARRAY[${declarationId}::uuid]) m ON m.declaration_id = d.id
    WHERE d.region_code = ${regionCode} AND d.id = ${declarationId}`.execute(db);
  const row = r.rows[0];
  return row ? { id: row.id, status: row.status, payableFen: Number(row.payable_fen), receivedFen: Number(row.received), refundedFen: Number(row.refunded), pendingFen: Number(row.pending) } : undefined;
}

/** How much of a payment is still there to return, and how much of it no declaration holds (a unit's extra transfer). */
export async function paymentMoney(db: Db, regionCode: string, paymentId: string) {
  const r = await sql<{ amount_fen: number; refunded_fen: number; pending: number; allocated: number; unallocated_refunded: number }>`
    SELECT p.amount_fen, p.refunded_fen,
           coalesce((SELECT sum(r.amount_fen) FROM refund r WHERE r.region_code = ${regionCode} AND r.payment_id = p.id AND r.status IN ('requested', 'approved')), 0) AS pending,
           coalesce((SELECT sum(a.amount_fen) FROM payment_allocation a WHERE a.region_code = ${regionCode} AND a.payment_id = p.id), 0) AS allocated,
           coalesce((SELECT sum(r.amount_fen) FROM refund r WHERE r.region_code = ${regionCode} AND r.payment_id = p.id AND r.declaration_id IS NULL AND r.status IN ('requested', 'approved', 'refunded')), 0) AS unallocated_refunded
    FROM payment p WHERE p.region_code = ${regionCode} AND p.id = ${paymentId}`.execute(db);
  const row = r.rows[0]!;
  return { amountFen: Number(row.amount_fen), refundedFen: Number(row.refunded_fen), pendingFen: Number(row.pending), allocatedFen: Number(row.allocated), unallocatedClaimedFen: Number(row.unallocated_refunded) };
}

/**
 * Recomputes the money state of these declarations from their records — payments, allocations, refunds paid out
 * — and makes everything that depends on it agree in the same transaction: the status by the rule, the valid
 * receipt (voided when no longer due or when it shows another amount than the declaration now costs, queued when
 * due and missing), the payment notice (paid, open again, or
 * cancelled with its declaration). `at` stamps a declaration that becomes paid here without a payment of its own
 * time (a fully subsidised person at settlement). The caller holds the declarations' row locks and a scope
 * (system work sets `canbao.region` with `setSystemRegion`) of `regionCode`, the declarations' region, which every
 * table of the statement is pinned to (on Citus: one shard).
 */
export async function applyLedger(db: Db, regionCode: string, ids: readonly string[], at: Date) {
  if (!ids.length) return [];
  const r = await sql<{ id: string; status: string; paid_fen: number; payable_fen: number }>`
    WITH money AS (
      SELECT d.id, d.region_code, d.insurance_year, d.payable_fen, d.status AS old_status,
             m.received - m.refunded AS net, m.last_paid_at
      FROM declaration d JOIN canbao_declaration_money(${regionCode}, ${ids as string[]}::uuid[]) m ON m.declaration_id = d.id
      WHERE d.region_code = ${regionCode}
    ),
    next AS (SELECT m.*, canbao_ledger_status(m.old_status, m.payable_fen, m.net) AS status FROM money m),
    upd AS (
      UPDATE declaration d SET paid_fen = n.net, status = n.status,
             paid_at = CASE WHEN n.status = 'paid' THEN coalesce(d.paid_at, n.last_paid_at, ${at}::timestamptz) END,
             updated_at = now()
      FROM next n WHERE d.region_code = ${regionCode} AND d.id = n.id AND (d.paid_fen <> n.net OR d.status <> n.status)
    ),
    voided AS (
      UPDATE receipt r SET voided_at = ${at}::timestamptz
      FROM next n WHERE r.region_code = ${regionCode} AND r.declaration_id = n.id AND r.voided_at IS NULL
        AND NOT (n.status = 'paid' AND n.payable_fen > 0 AND r.amount_fen = n.payable_fen)
    ),
    queued AS (
      INSERT INTO receipt_due (region_code, insurance_year, declaration_id)
      SELECT n.region_code, n.insurance_year, n.id FROM next n
      WHERE n.status = 'paid' AND n.payable_fen > 0
        AND NOT EXISTS (SELECT 1 FROM receipt r WHERE r.region_code = ${regionCode} AND r.declaration_id = n.id AND r.voided_at IS NULL AND r.amount_fen = n.payable_fen)
      ON CONFLICT DO NOTHING
    ),
    notices AS (
      UPDATE payment_notice pn SET
        status = CASE WHEN n.status = 'paid' THEN 'paid' WHEN n.status = 'settled' THEN 'open' ELSE 'cancelled' END,
        paid_at = CASE WHEN n.status = 'paid' THEN coalesce(pn.paid_at, n.last_paid_at, ${at}::timestamptz) END
      FROM next n
      WHERE pn.region_code = ${regionCode} AND pn.declaration_id = n.id AND pn.status <> 'cancelled'
        AND pn.status <> CASE WHEN n.status = 'paid' THEN 'paid' WHEN n.status = 'settled' THEN 'open' ELSE 'cancelled' END
    )
    SELECT n.id, n.status, n.net AS paid_fen, n.payable_fen FROM next n`.execute(db);
  return r.rows.map((x) => ({ id: x.id, status: x.status, paidFen: Number(x.paid_fen), payableFen: Number(x.payable_fen) }));
}

/** System work (a channel's notification) recording money in a region: the ledger's functions read the region from here. */
export async function setSystemRegion(db: Db, regionCode: string) {
  await setLocalScope(db, { regionCode });
}

/**
 * The CTEs `ud`, `un` and `rq` of a channel payment statement: the declarations of the payments in `source`
 * (a CTE with declaration_id, notice_id) credited by the rule when they await payment, their notices paid, their
 * receipts queued. `amount` and `at` are the money and the moment, per row of `source`; `region` the one region of
 * them all, named as a value so that on Citus the statement stays on the region's shard.
 */
export function creditChannelPayments(source: string, amount: RawBuilder<unknown>, at: RawBuilder<unknown>, region: RawBuilder<unknown>) {
  const p = sql.table(source);
  return sql`ud AS (
      UPDATE declaration SET ${creditDeclaration('declaration', amount, at)}
      FROM ${p} WHERE declaration.region_code = ${region} AND declaration.id = ${p}.declaration_id AND declaration.status = 'settled'
      RETURNING ${creditedColumns('declaration')}
    ),
    un AS (${payPaymentNotices(source, 'ud', region)}),
    rq AS (${queueReceipts('ud')})`;
}

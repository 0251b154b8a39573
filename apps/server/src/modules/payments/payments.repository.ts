import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { prepared } from '../../db/database';
import type { DB } from '../../db/schema/index';
import { maskPersonalText } from '@canbao/domain';
import { auditRowsSql, maskedText } from '../audit/audit.repository';
import { allocateSettlements, creditChannelPayments, creditDeclaration, creditedColumns, queueReceipts } from '../ledger/ledger.repository';
import type { VerifiedNotification } from './channels/provider';
import { orderedId, statementRowIds } from '../../db/row-ids';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * The region of a channel order number: a notice's order is `CB` + region code + …, a family's (and its members')
 * `CF` + region code + … (payments.service, family-pay.service). A notification names only the number; with its
 * region every statement below is pinned to the region's rows (on Citus: one shard, where it may lock and write).
 * Null for a number of no such form: no order has it.
 */
export function orderRegion(outTradeNo: string): string | null {
  return /^C[BF](\d{6})/.exec(outTradeNo)?.[1] ?? null;
}

/**
 * The region of an order: read off its number, or — a number of another form (an order carried over from an
 * earlier system, a channel's own numbering) — looked up by the number (a read of every region's orders, without a
 * lock: on Citus a plain multi-shard read, before the transaction writes). Null: no such order.
 */
export async function findOrderRegion(db: Db, channel: string, outTradeNo: string): Promise<string | null> {
  const parsed = orderRegion(outTradeNo);
  if (parsed) return parsed;
  const row = await db
    .selectFrom('payment_order')
    .select('region_code')
    .where('out_trade_no', '=', outTradeNo)
    .where('channel', '=', channel)
    .executeTakeFirst();
  return row?.region_code ?? null;
}

/**
 * The payment statements of the channels (one notification, or many in one statement), written with the ledger's
 * fragments: the payment (ON CONFLICT on channel + transaction id does nothing), the order, the declaration
 * credited by the ledger's rule, its notice, its place in the receipt queue and an audit row, in ONE statement.
 * The services decide what the rows mean.
 */
export async function recordChannelPaymentStatement(db: Db, region: string | null, channel: string, n: VerifiedNotification) {
  const r = await sql<{ payment_id: string | null; existing_id: string | null; order_found: boolean; amount_ok: boolean; already_paid: boolean; declaration_id: string | null; region_code: string | null }>`${prepared('canbao_record_channel_payment')}
    WITH o AS (
      SELECT po.id, po.region_code, po.notice_id, po.declaration_id, po.unit_id, po.amount_fen,
             d.insurance_year, d.settlement_id, d.status AS declaration_status, d.payable_fen - d.paid_fen AS owed_fen
      FROM payment_order po JOIN declaration d ON d.region_code = po.region_code AND d.id = po.declaration_id
      WHERE po.region_code = ${region} AND po.out_trade_no = ${n.outTradeNo} AND po.channel = ${channel}
      FOR NO KEY UPDATE OF d
    ),
    ins AS (
      INSERT INTO payment (id, region_code, insurance_year, channel, transaction_id, source, declaration_id, settlement_id,
                           notice_id, order_id, unit_id, amount_fen, payer_name, paid_at)
      SELECT ${orderedId()}::uuid, o.region_code, o.insurance_year, ${channel}, ${n.transactionId}, 'channel', o.declaration_id, o.settlement_id,
             o.notice_id, o.id, o.unit_id, ${n.amountFen}, ${n.payerName}, ${n.paidAt}
      FROM o WHERE o.amount_fen = ${n.amountFen} AND o.declaration_status = 'settled' AND ${n.amountFen} <= o.owed_fen
      ON CONFLICT (region_code, channel, transaction_id) DO NOTHING
      RETURNING id, region_code, declaration_id, notice_id, order_id, unit_id
    ),
    uo AS (UPDATE payment_order SET status = 'paid', paid_at = ${n.paidAt} FROM ins WHERE payment_order.region_code = ${region} AND payment_order.id = ins.order_id RETURNING 1),
    ${creditChannelPayments('ins', sql`${n.amountFen}::bigint`, sql`${n.paidAt}::timestamptz`, sql`${region}::text`)},
    au AS (
      ${auditRowsSql({
        from: sql`ins`,
        regionCode: sql`ins.region_code`,
        unitId: sql`ins.unit_id`,
        actor: maskedText(`channel:${channel}`),
        action: 'payment.recorded',
        entityType: 'payment',
        entityId: sql`ins.id`,
        rowKey: sql`1`,
        after: { channel: maskedText(channel), transactionId: maskedText(n.transactionId), amountFen: sql`${n.amountFen}::bigint`, declarationId: sql`ins.declaration_id`, orderNo: maskedText(n.outTradeNo) },
      })}
    )
    SELECT (SELECT id FROM ins) AS payment_id,
           (SELECT p.id FROM payment p WHERE p.region_code = ${region} AND p.channel = ${channel} AND p.transaction_id = ${n.transactionId} AND EXISTS (SELECT 1 FROM o)) AS existing_id,
           EXISTS (SELECT 1 FROM o) AS order_found,
           coalesce((SELECT o.amount_fen = ${n.amountFen} FROM o), false) AS amount_ok,
           coalesce((SELECT o.declaration_status <> 'settled' OR ${n.amountFen} > o.owed_fen FROM o), false) AS already_paid,
           (SELECT declaration_id FROM o) AS declaration_id,
           (SELECT region_code FROM o) AS region_code`.execute(db);
  return r.rows[0]!;
}

/**
 * The batch statement: every item of one region (`region`); the service groups a batch by region. A row per item
 * whose order was found (`k`: its place in `items`, from 1), with the payment it recorded, if any. The items are
 * read once, in the orders' join; a notification already recorded is looked up afterwards (findChannelPayments),
 * not joined here. Not used on a Citus coordinator (payments.service).
 */
export async function recordChannelPaymentsStatement(db: Db, region: string, items: ReadonlyArray<{ channel: string; notification: VerifiedNotification }>) {
  const r = await sql<{ k: string; payment_id: string | null; declaration_id: string; region_code: string; channel: string; transaction_id: string }>`${prepared('canbao_record_channel_payments')}
    WITH o AS (
      SELECT i.k, i.channel, i.out_trade_no, i.transaction_id, i.paid_fen, i.payer_name, i.paid_at, i.masked_transaction_id, i.masked_out_trade_no,
             po.id, po.region_code, po.notice_id, po.declaration_id, po.unit_id, po.amount_fen,
             d.insurance_year, d.settlement_id, d.status AS declaration_status, d.payable_fen - d.paid_fen AS owed_fen
      FROM unnest(${items.map((x) => x.channel)}::text[], ${items.map((x) => x.notification.outTradeNo)}::text[],
                  ${items.map((x) => x.notification.transactionId)}::text[], ${items.map((x) => x.notification.amountFen)}::bigint[],
                  ${items.map((x) => x.notification.payerName)}::text[], ${items.map((x) => x.notification.paidAt.toISOString())}::timestamptz[],
                  ${items.map((x) => maskPersonalText(x.notification.transactionId))}::text[], ${items.map((x) => maskPersonalText(x.notification.outTradeNo))}::text[])
             WITH ORDINALITY AS i(channel, out_trade_no, transaction_id, paid_fen, payer_name, paid_at, masked_transaction_id, masked_out_trade_no, k)
      JOIN payment_order po ON po.region_code = ${region} AND po.out_trade_no = i.out_trade_no AND po.channel = i.channel
      JOIN declaration d ON d.region_code = ${region} AND d.region_code = po.region_code AND d.id = po.declaration_id
      ORDER BY d.id
      FOR NO KEY UPDATE OF d
    ),
    f AS (
      SELECT DISTINCT ON (declaration_id) * FROM o
      WHERE amount_fen = paid_fen AND declaration_status = 'settled' AND paid_fen <= owed_fen
      ORDER BY declaration_id, k
    ),
    ins AS (
      INSERT INTO payment (id, region_code, insurance_year, channel, transaction_id, source, declaration_id, settlement_id,
                           notice_id, order_id, unit_id, amount_fen, payer_name, paid_at)
      SELECT ${statementRowIds().idOf(sql`k`)}, region_code, insurance_year, channel, transaction_id, 'channel', declaration_id, settlement_id,
             notice_id, id, unit_id, paid_fen, payer_name, paid_at
      FROM f
      ON CONFLICT (region_code, channel, transaction_id) DO NOTHING
      RETURNING id, region_code, channel, transaction_id, declaration_id, notice_id, order_id, unit_id, amount_fen, paid_at
    ),
    uo AS (UPDATE payment_order SET status = 'paid', paid_at = ins.paid_at FROM ins WHERE payment_order.region_code = ${region} AND payment_order.id = ins.order_id RETURNING 1),
    ${creditChannelPayments('ins', sql`ins.amount_fen`, sql`ins.paid_at`, sql`${region}::text`)},
    au AS (
      ${auditRowsSql({
        from: sql`ins JOIN f ON f.id = ins.order_id`,
        regionCode: sql`ins.region_code`,
        unitId: sql`ins.unit_id`,
        // The channel's code is one of ours ([a-z_]); the texts from outside come masked by the caller's arrays.
        actor: sql`'channel:' || ins.channel`,
        action: 'payment.recorded',
        entityType: 'payment',
        entityId: sql`ins.id`,
        rowKey: sql`f.k`,
        after: { channel: sql`ins.channel`, transactionId: sql`f.masked_transaction_id`, amountFen: sql`ins.amount_fen`, declarationId: sql`ins.declaration_id`, orderNo: sql`f.masked_out_trade_no` },
        orderBy: sql`f.k`,
      })}
    )
    SELECT o.k, ins.id AS payment_id, o.declaration_id, o.region_code, o.channel, o.transaction_id
    FROM o
    LEFT JOIN f ON f.k = o.k
    LEFT JOIN ins ON ins.order_id = f.id AND ins.transaction_id = f.transaction_id
    ORDER BY o.k`.execute(db);
  return r.rows;
}

/** Payments of `region` already recorded under these channel transaction ids (a notification sent again). */
export async function findChannelPayments(db: Db, region: string, keys: ReadonlyArray<{ channel: string; transactionId: string }>) {
  if (!keys.length) return [];
  return db
    .selectFrom('payment')
    .select(['id', 'channel', 'transaction_id'])
    .where('region_code', '=', region)
    .where('channel', 'in', [...new Set(keys.map((x) => x.channel))])
    .where('transaction_id', 'in', keys.map((x) => x.transactionId))
    .execute();
}

/**
 * Settlements a unit's payment covered pay each of their settled declarations: its share becomes an allocation of
 * the payment, credited through the ledger, and the paid ones join the receipt queue — one statement for one
 * settlement (a unit's transfer) or many (a bank's deduction result). `paid` selects (settlement_id, payment_id,
 * paid_at).
 */
/** `paid`: the (settlement_id, payment_id, paid_at) of settlements of `regionCode` a payment just covered. */
export async function payUnitSettlements(db: Db, regionCode: string, paid: RawBuilder<unknown>) {
  const region = sql`${regionCode}::text`;
  const r = await sql<{ n: number }>`
    WITH paid AS (${paid}),
    alloc AS (${allocateSettlements('paid', region)}),
    ud AS (
      UPDATE declaration SET ${creditDeclaration('declaration', sql`alloc.amount_fen`, sql`paid.paid_at`)}
      FROM alloc JOIN paid ON paid.payment_id = alloc.payment_id
      WHERE declaration.region_code = ${region} AND declaration.id = alloc.declaration_id
      RETURNING ${creditedColumns('declaration')}
    ),
    rq AS (${queueReceipts('ud')})
    SELECT count(*)::int AS n FROM ud`.execute(db);
  return r.rows[0]?.n ?? 0;
}

/** What a settlement still lacks, from its declarations' own ledgers (a pupil may have paid through the tax bureau); locks them in id order. */
export async function lockSettlementOwed(db: Db, regionCode: string, settlementId: string) {
  const owed = await sql<{ due: number | null }>`
    WITH l AS (SELECT id, payable_fen, paid_fen FROM declaration WHERE region_code = ${regionCode} AND settlement_id = ${settlementId} AND status = 'settled' ORDER BY id FOR NO KEY UPDATE)
    SELECT sum(payable_fen - paid_fen)::bigint AS due FROM l`.execute(db);
  return Number(owed.rows[0]?.due ?? 0);
}

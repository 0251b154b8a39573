import { PAID_ROSTER_COLUMNS, checkPaidRosterRow, type TPaidRosterKey } from '@canbao/domain';
import { sql } from 'kysely';
import { statementRowIds } from '../../../db/row-ids';
import { scheduleReceipts } from '../../payments/receipts.service';
import { creditDeclaration, creditedColumns, payNotices, queueReceipts } from '../../ledger/ledger.repository';
import type { ImportKind } from './kind';
import { matchRegistered } from './matching';
import { rowChange, rowError } from '../row-json';

/**
 * 已缴费名单 (Nanchong 001 paid-roster feedback, Nantong 004 channels): the tax bureau's or a bank's paid lines,
 * imported by the collector or the agency. Each line is money received, so each becomes exactly one payment keyed
 * by channel + e-tax ticket number (a second import of the same roster records nothing). A line that matches a
 * settled declaration of that person and year with the same amount pays it; every other line is recorded as well
 * and opens a reconciliation item: unmatched (nobody registered), not declared, amount mismatch, duplicate
 * (the declaration was already paid, or the same person twice in the roster).
 *
 * A bank's answer to a card deduction file (银行卡代扣, payments/card-deduction.service) comes back as a
 * roster too, with 扣款结果: a line the bank could not deduct is no money — it is listed as 'failed' (扣款失败, with
 * the bank's words) and nothing is recorded for it, so its declaration stays due for another file or channel.
 *
 * Joins on what a staged line holds read its keys out of `payload` first, in a MATERIALIZED CTE (or a sub-select
 * kept apart by OFFSET 0), and join on those columns. Under row-level security the planner may not use an index
 * with a condition that calls a function not marked leakproof, and `->>` is not: `p.transaction_id =
 * r.payload->>'ticket'` made every line read the region's payments one by one (a 413,191-line roster ran for
 * hours in validation); `p.transaction_id = l.ticket` uses the payment key (1.9 s).
 */
export const paidRosterKind: ImportKind<TPaidRosterKey> = {
  code: 'paid_roster',
  name: '税务/银行已缴费名单（对账）',
  needsUnit: false,
  collectorsMay: true,
  repeatedDocumentsAllowed: true,
  columns: PAID_ROSTER_COLUMNS,
  templateSheets: ['已缴费名单'],
  check(cells, _sheet, today) {
    return checkPaidRosterRow(cells, { today });
  },

  async validate(trx, jobId, region) {
    // The same ticket twice in one file is one payment listed twice: an error of the file, not money.
    await sql`
      WITH firsts AS (
        SELECT seq, first_value(seq) OVER (PARTITION BY payload->>'ticket', payload->>'channel' ORDER BY seq) AS first_seq
        FROM import_row WHERE region_code = ${region} AND job_id = ${jobId} AND payload IS NOT NULL AND payload->>'failed' IS NULL
      )
      UPDATE import_row r SET outcome = 'error', errors = r.errors || ${rowError('ticket', '电子税票号码', sql`'与第 ' || f.row_no::text || ' 行的电子税票号码重复'`)}
      FROM firsts d JOIN import_row f ON f.region_code = ${region} AND f.job_id = ${jobId} AND f.seq = d.first_seq
      WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.seq = d.seq AND d.seq <> d.first_seq`.execute(trx);
    // Already recorded (a roster imported again): nothing to do. The staged keys are read out first (see above),
    // so that the payment key finds each line's payment.
    await sql`
      WITH lines AS MATERIALIZED (
        SELECT region_code, seq, payload->>'channel' AS channel, payload->>'ticket' AS ticket
        FROM import_row WHERE region_code = ${region} AND job_id = ${jobId} AND outcome IS NULL AND payload->>'failed' IS NULL
      )
      UPDATE import_row r SET outcome = 'unchanged'
      FROM lines l JOIN payment p ON p.region_code = l.region_code AND p.channel = l.channel AND p.transaction_id = l.ticket
      WHERE r.region_code = l.region_code AND r.region_code = ${region} AND job_id = ${jobId} AND r.seq = l.seq`.execute(trx);
    await matchRegistered(trx, jobId, region, 'matched');
    // A failed deduction names its person (the preview shows who) and goes no further: no payment, no exception.
    await sql`
      UPDATE import_row SET outcome = 'failed'
      WHERE region_code = ${region} AND job_id = ${jobId} AND payload->>'failed' = 'true' AND (outcome IS NULL OR outcome = 'matched')`.execute(trx);
    await sql`UPDATE import_row SET outcome = 'unmatched' WHERE region_code = ${region} AND job_id = ${jobId} AND outcome IS NULL`.execute(trx);
    // Matched persons: find the year's declaration and decide what the line is.
    await sql`
      WITH staged AS MATERIALIZED (
        SELECT region_code, seq, person_id, (payload->>'year')::int AS year, (payload->>'paid_at')::timestamptz AS paid_at,
               (payload->>'amount_fen')::bigint AS amount
        FROM import_row WHERE region_code = ${region} AND job_id = ${jobId} AND outcome = 'matched'
      ),
      lines AS (
        SELECT s.seq, d.id AS declaration_id, d.status, d.payable_fen - d.paid_fen AS due,
               row_number() OVER (PARTITION BY d.id ORDER BY s.paid_at, s.seq) AS nth, s.amount
        FROM staged s
        LEFT JOIN declaration d ON d.region_code = ${region} AND d.region_code = s.region_code AND d.insurance_year = s.year AND d.person_id = s.person_id
             AND d.status <> 'removed'
      )
      UPDATE import_row r SET outcome = CASE
          WHEN l.declaration_id IS NULL THEN 'not_declared'
          WHEN l.status = 'paid' OR l.nth > 1 THEN 'duplicate'
          WHEN l.status IN ('declared', 'confirmed') THEN 'not_settled'
          WHEN l.amount <> l.due THEN 'amount_mismatch'
          ELSE 'paid' END,
        changes = ${rowChange('declaration', '申报', sql`l.status`, sql`l.declaration_id::text`)}
      FROM lines l WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.seq = l.seq`.execute(trx);
  },

  async commit(trx, job) {
    // The declarations this roster pays, locked in id order as every payment statement locks them.
    await sql`
      WITH paying AS MATERIALIZED (
        SELECT DISTINCT region_code, (changes->0->>'to')::uuid AS id
        FROM import_row WHERE region_code = ${job.region_code} AND job_id = ${job.id} AND changes->0->>'field' = 'declaration'
      )
      SELECT d.id FROM paying x JOIN declaration d ON d.region_code = ${job.region_code} AND d.region_code = x.region_code AND d.id = x.id
      ORDER BY d.id FOR NO KEY UPDATE OF d`.execute(trx);
    // Every line not already recorded is money received: one payment each, idempotent by channel + ticket. A line
    // with a declaration is that declaration's money, whatever it turns out to be (its payment, a duplicate, too
    // much or too little, early): the ledger credits it and decides the status. The payments (on
    // Citus an INSERT … SELECT on the region's shard), then in a statement of its own the credit of the payments this
    // job inserted, read back by their job (migration 20261206T0900; one statement of both crashed a Citus
    // coordinator).
    await sql`
      INSERT INTO payment AS pay (id, region_code, insurance_year, channel, transaction_id, source, declaration_id, settlement_id,
                                  unit_id, amount_fen, payer_name, paid_at, import_job_id)
      SELECT ${statementRowIds().idOf(sql`l.seq`)}, l.region_code, l.year, l.channel, l.ticket, 'reconciliation',
             d.id, d.settlement_id, coalesce(d.unit_id, p.unit_id), l.amount, l.name, l.paid_at, l.job_id
      FROM (
        SELECT region_code, job_id, seq, person_id, (changes->0->>'to')::uuid AS declaration_id, (payload->>'year')::int AS year,
               payload->>'channel' AS channel, payload->>'ticket' AS ticket, (payload->>'amount_fen')::bigint AS amount,
               payload->>'name' AS name, (payload->>'paid_at')::timestamptz AS paid_at
        FROM import_row
        WHERE region_code = ${job.region_code} AND job_id = ${job.id} AND outcome IN ('paid', 'amount_mismatch', 'duplicate', 'not_declared', 'not_settled', 'unmatched')
        OFFSET 0
      ) l
      LEFT JOIN person p ON p.region_code = ${job.region_code} AND p.region_code = l.region_code AND p.id = l.person_id
      LEFT JOIN declaration d ON d.region_code = ${job.region_code} AND d.region_code = l.region_code AND d.id = l.declaration_id
      ON CONFLICT (region_code, channel, transaction_id) DO NOTHING`.execute(trx);
    const r = await sql<{ payments: number; paid: number }>`
      WITH x AS (
        SELECT declaration_id, sum(amount_fen)::bigint AS amount, max(paid_at) AS paid_at
        FROM payment WHERE region_code = ${job.region_code} AND import_job_id = ${job.id} AND declaration_id IS NOT NULL
        GROUP BY declaration_id
      ),
      upd AS (
        UPDATE declaration d SET ${creditDeclaration('d', sql`x.amount`, sql`x.paid_at`)}
        FROM x WHERE d.region_code = ${job.region_code} AND d.id = x.declaration_id
        RETURNING ${creditedColumns('d')}
      ),
      due AS (${queueReceipts('upd')}),
      notices AS (${payNotices('upd', sql`${job.region_code}::text`)}),
      orders AS (
        UPDATE payment_order o SET status = 'closed' FROM upd
        WHERE o.region_code = ${job.region_code} AND o.declaration_id = upd.id AND upd.status = 'paid' AND o.status = 'pending' RETURNING 1
      )
      SELECT (SELECT count(*) FROM payment WHERE region_code = ${job.region_code} AND import_job_id = ${job.id})::int AS payments,
             (SELECT count(*) FROM upd WHERE status = 'paid')::int AS paid`.execute(trx);
    // The declarations are credited above: what a line was short of is what was owed before its own money. Each
    // line finds its payment by the payment key (channel + ticket, read out of the payload first, see above): a
    // join with the job's payments instead was planned on statistics that had not seen them (a nested loop of a
    // million lines by a million payments).
    await sql`
      INSERT INTO reconciliation_item (id, region_code, import_job_id, row_number, kind, insurance_year, channel, transaction_id,
                                       document_number, person_name, amount_fen, expected_fen, declaration_id, payment_id, unit_id, paid_at, detail)
      SELECT ${statementRowIds().idOf(sql`r.seq`)}, r.region_code, r.job_id, r.row_no,
             CASE WHEN r.outcome = 'not_settled' THEN 'not_declared' ELSE r.outcome END,
             (r.payload->>'year')::int, r.payload->>'channel', r.payload->>'ticket', r.document_number, r.payload->>'name',
             (r.payload->>'amount_fen')::bigint,
             CASE WHEN r.outcome = 'amount_mismatch' THEN d.payable_fen - d.paid_fen + (r.payload->>'amount_fen')::bigint WHEN r.outcome = 'duplicate' THEN 0 END,
             d.id, pay.id, pay.unit_id, (r.payload->>'paid_at')::timestamptz,
             CASE
               WHEN r.outcome = 'unmatched' THEN '本统筹区没有登记该证件号码的人员'
               WHEN r.outcome = 'not_declared' THEN (r.payload->>'year') || ' 年度没有该人员的申报（已缴费未申报）'
               WHEN r.outcome = 'not_settled' THEN '该人员的申报尚未确认结算（已缴费未结算）'
               WHEN r.outcome = 'duplicate' THEN '该申报已缴费，本笔为重复缴费，应退费'
               ELSE '实缴 ' || to_char((r.payload->>'amount_fen')::bigint / 100.0, 'FM999999990.00') || ' 元，应缴 '
                    || to_char((d.payable_fen - d.paid_fen + (r.payload->>'amount_fen')::bigint) / 100.0, 'FM999999990.00') || ' 元' END
      FROM (
        -- Searched CASEs above, not "CASE r.outcome WHEN …": a Citus 13.2 worker got that form of this pushed-down
        -- statement back as a comparison of text with boolean.
        SELECT region_code, job_id, seq, row_no, outcome, payload, document_number,
               payload->>'channel' AS channel, payload->>'ticket' AS ticket, (changes->0->>'to')::uuid AS declaration_id
        FROM import_row WHERE region_code = ${job.region_code} AND job_id = ${job.id} AND outcome IN ('amount_mismatch', 'duplicate', 'not_declared', 'not_settled', 'unmatched')
        OFFSET 0
      ) r
      JOIN payment pay ON pay.region_code = ${job.region_code} AND pay.region_code = r.region_code AND pay.channel = r.channel AND pay.transaction_id = r.ticket
      LEFT JOIN declaration d ON d.region_code = ${job.region_code} AND d.region_code = r.region_code AND d.id = r.declaration_id
      ON CONFLICT (region_code, channel, transaction_id, kind) DO NOTHING`.execute(trx);
    return { payments: r.rows[0]?.payments ?? 0, paid: r.rows[0]?.paid ?? 0 };
  },

  auditActions: {
    paid: 'payment.recorded',
    amount_mismatch: 'payment.exception',
    duplicate: 'payment.exception',
    not_declared: 'payment.exception',
    not_settled: 'payment.exception',
    failed: 'payment.deduction_failed',
  },
  // The declarations just paid get their receipts (numbered per region and year) in the background.
  afterCommit: (db) => scheduleReceipts(db),
};

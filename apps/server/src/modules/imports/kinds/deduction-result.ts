import { DEDUCTION_RESULT_COLUMNS, checkDeductionResultRow, type TDeductionResultKey } from '@canbao/domain';
import { sql } from 'kysely';
import { statementRowIds } from '../../../db/row-ids';
import { scheduleReceipts } from '../../payments/receipts.service';
import { payUnitSettlements } from '../../payments/payments.repository';
import { writeAudit } from '../../audit/audit.service';
import type { ImportKind } from './kind';
import { rowChange, rowError } from '../row-json';

/**
 * 银行代扣结果 (Beijing 002, Guangzhou 003): the bank's result file for a deduction file. A deducted line is money
 * received: one payment keyed by 'bank_deduction' + the bank's transaction number (importing the file twice records
 * nothing). The exact amount still due pays the settlement and all its declarations; another amount, or a
 * settlement already paid, is recorded and opens a reconciliation item. Failed lines are listed for the unit to
 * pay another way; nothing is written for them.
 */
export const deductionResultKind: ImportKind<TDeductionResultKey> = {
  code: 'deduction_result',
  name: '银行代扣结果',
  needsUnit: false,
  collectorsMay: true,
  columns: DEDUCTION_RESULT_COLUMNS,
  templateSheets: ['代扣结果'],
  check(cells, _sheet, today) {
    return checkDeductionResultRow(cells, { today });
  },

  async validate(trx, jobId, region) {
    // The staged keys are read out of the payload first and the joins use those columns (as the paid roster's
    // statements do: under row-level security a join on `->>` of a staged row cannot use the other table's index).
    await sql`
      WITH lines AS MATERIALIZED (
        SELECT region_code, seq, payload->>'transaction_id' AS transaction_id
        FROM import_row WHERE region_code = ${region} AND job_id = ${jobId} AND outcome IS NULL AND (payload->>'succeeded')::boolean
      )
      UPDATE import_row r SET outcome = 'unchanged'
      FROM lines l JOIN payment p ON p.region_code = ${region} AND p.region_code = l.region_code AND p.channel = 'bank_deduction' AND p.transaction_id = l.transaction_id
      WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.seq = l.seq`.execute(trx);
    await sql`
      WITH lines AS MATERIALIZED (
        SELECT region_code, seq, payload->>'settlement_number' AS number
        FROM import_row WHERE region_code = ${region} AND job_id = ${jobId} AND outcome IS NULL AND payload IS NOT NULL
      ), keyed AS MATERIALIZED (
        SELECT l.seq, st.id, st.payment_mode, st.unit_method, st.status, st.payable_fen, st.paid_fen
        FROM lines l LEFT JOIN settlement st ON st.region_code = ${region} AND st.region_code = l.region_code AND st.number = l.number
      )
      UPDATE import_row r SET outcome = CASE
          WHEN s.id IS NULL THEN 'unmatched'
          WHEN s.payment_mode <> 'unit_total' OR s.unit_method <> 'bank_deduction' THEN 'error'
          WHEN NOT (r.payload->>'succeeded')::boolean THEN 'failed'
          WHEN s.status = 'paid' THEN 'duplicate'
          WHEN s.status = 'cancelled' THEN 'cancelled'
          WHEN (r.payload->>'amount_fen')::bigint <> s.payable_fen - s.paid_fen THEN 'amount_mismatch'
          ELSE 'paid' END,
        errors = CASE WHEN s.id IS NOT NULL AND (s.payment_mode <> 'unit_total' OR s.unit_method <> 'bank_deduction')
          THEN r.errors || ${rowError('settlementNumber', '结算单号', '该结算单不是银行代扣方式')}
          ELSE r.errors END,
        changes = ${rowChange('settlement', '结算单', sql`s.status`, sql`s.id::text`)}
      FROM keyed s
      WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.seq = s.seq AND r.outcome IS NULL AND r.payload IS NOT NULL`.execute(trx);

    // A settlement deducted twice in one file: the second deduction is money to give back.
    await sql`
      WITH n AS (SELECT seq, row_number() OVER (PARTITION BY changes->0->>'to' ORDER BY seq) AS nth FROM import_row WHERE region_code = ${region} AND job_id = ${jobId} AND outcome = 'paid')
      UPDATE import_row r SET outcome = 'duplicate' FROM n WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.seq = n.seq AND n.nth > 1`.execute(trx);
  },

  async commit(trx, job) {
    const inserted = await sql<{ id: string; unit_id: string; amount_fen: number; transaction_id: string }>`
      INSERT INTO payment (id, region_code, insurance_year, channel, transaction_id, source, settlement_id, unit_id, amount_fen, paid_at, import_job_id)
      SELECT ${statementRowIds().idOf(sql`r.seq`)}, r.region_code, s.insurance_year, 'bank_deduction', r.payload->>'transaction_id', 'bank_deduction', s.id, s.unit_id,
             (r.payload->>'amount_fen')::bigint, (r.payload->>'deducted_at')::timestamptz, r.job_id
      FROM import_row r JOIN settlement s ON s.region_code = r.region_code AND s.id = (r.changes->0->>'to')::uuid
      WHERE r.region_code = ${job.region_code} AND r.job_id = ${job.id} AND r.outcome IN ('paid', 'amount_mismatch', 'duplicate', 'cancelled')
      ON CONFLICT (region_code, channel, transaction_id) DO NOTHING
      RETURNING id, unit_id, amount_fen, transaction_id`.execute(trx);
    // Each settlement the bank deducted in full is paid, through the ledger: its payment is allocated to the
    // settlement's declarations. One payment per settlement (the file's first deduction of it).
    // The lines read in a sub-select of their own: Citus refuses a STABLE cast of a column (to timestamptz) in an
    // UPDATE's SET.
    const paid = await sql<{ n: number }>`
      WITH l AS MATERIALIZED (
        SELECT (changes->0->>'to')::uuid AS settlement_id, (payload->>'amount_fen')::bigint AS amount_fen, (payload->>'deducted_at')::timestamptz AS deducted_at
        FROM import_row WHERE region_code = ${job.region_code} AND job_id = ${job.id} AND outcome = 'paid'
      ), s AS (
        UPDATE settlement s SET status = 'paid', paid_fen = s.paid_fen + l.amount_fen, paid_at = l.deducted_at
        FROM l WHERE s.region_code = ${job.region_code} AND s.id = l.settlement_id AND s.status = 'awaiting_payment'
        RETURNING s.id
      )
      SELECT count(*)::int AS n FROM s`.execute(trx);
    await payUnitSettlements(
      trx,
      job.region_code,
      sql`WITH lines AS MATERIALIZED (
            SELECT region_code, seq, (changes->0->>'to')::uuid AS settlement_id, payload->>'transaction_id' AS transaction_id
            FROM import_row WHERE region_code = ${job.region_code} AND job_id = ${job.id} AND outcome = 'paid'
          )
          SELECT DISTINCT ON (s.id) s.id AS settlement_id, p.id AS payment_id, p.paid_at
          FROM lines l JOIN settlement s ON s.region_code = l.region_code AND s.id = l.settlement_id
          JOIN payment p ON p.region_code = l.region_code AND p.channel = 'bank_deduction' AND p.transaction_id = l.transaction_id
          ORDER BY s.id, l.seq`,
    );
    await sql`
      WITH lines AS MATERIALIZED (
        SELECT region_code, job_id, seq, row_no, outcome, (changes->0->>'to')::uuid AS settlement_id,
               payload->>'transaction_id' AS transaction_id, (payload->>'amount_fen')::bigint AS amount_fen
        FROM import_row WHERE region_code = ${job.region_code} AND job_id = ${job.id} AND outcome IN ('amount_mismatch', 'duplicate', 'cancelled')
      )
      INSERT INTO reconciliation_item (id, region_code, import_job_id, row_number, kind, insurance_year, channel, transaction_id, amount_fen, expected_fen, payment_id, unit_id, paid_at, detail)
      SELECT ${statementRowIds().idOf(sql`r.seq`)}, r.region_code, r.job_id, r.row_no, CASE r.outcome WHEN 'amount_mismatch' THEN 'amount_mismatch' ELSE 'duplicate' END,
             s.insurance_year, 'bank_deduction', r.transaction_id, r.amount_fen,
             CASE WHEN r.outcome = 'amount_mismatch' THEN s.payable_fen - s.paid_fen ELSE 0 END, p.id, s.unit_id, p.paid_at,
             '结算单 ' || s.number || CASE r.outcome
               WHEN 'amount_mismatch' THEN ' 应扣 ' || to_char((s.payable_fen - s.paid_fen) / 100.0, 'FM999999990.00') || ' 元，实扣 ' || to_char(r.amount_fen / 100.0, 'FM999999990.00') || ' 元'
               WHEN 'cancelled' THEN ' 已作废，银行仍扣款，应退费'
               ELSE ' 已缴清，本次扣款重复，应退费' END
      FROM lines r JOIN settlement s ON s.region_code = r.region_code AND s.id = r.settlement_id
      JOIN payment p ON p.region_code = r.region_code AND p.channel = 'bank_deduction' AND p.transaction_id = r.transaction_id
      ON CONFLICT (region_code, channel, transaction_id, kind) DO NOTHING`.execute(trx);
    // One audit row per payment recorded, through the audit helper (no person rows here: the engine's per-person
    // audit has nothing to do). A deduction file has a line per settlement: a handful of rows.
    for (const p of inserted.rows) {
      await writeAudit(trx, { regionCode: job.region_code, unitId: p.unit_id, username: 'import' }, null, {
        action: 'payment.recorded',
        entityType: 'payment',
        entityId: p.id,
        after: { channel: 'bank_deduction', transactionId: p.transaction_id, amountFen: Number(p.amount_fen), importJobId: job.id },
      });
    }
    return { payments: inserted.rows.length, settlementsPaid: paid.rows[0]?.n ?? 0 };
  },

  auditActions: {},
  // The declarations just paid get their receipts (numbered per region and year) in the background.
  afterCommit: (db) => scheduleReceipts(db),
};

import { sql, type Kysely } from 'kysely';

/**
 * The ledger (issue 10): one rule decides whether a declaration is paid, and every path that moves money applies
 * it.
 * - `canbao_ledger_status(status, payable, net)` is the SQL twin of `ledgerStatus()` in packages/domain/src/ledger:
 *   a settled declaration is 'paid' exactly when the money on it (received − refunded) covers what it costs; every
 *   other stage keeps its status. An IMMUTABLE one-expression SQL function, so the planner inlines it into the
 *   set-based statements (channel notifications, paid rosters, deduction results) at no cost.
 * - `payment_allocation`: the share of a unit's payment (transfer, bank draft, bank deduction) that pays each
 *   declaration of its settlement. A payment names either its declaration (a family's payment, a roster line) or
 *   its settlement; with the allocations every declaration's money is a sum of records:
 *   paid_fen = Σ own payments + Σ allocations − Σ refunds paid out.
 *   Distributable from the start: region_code leads its key and its foreign key to declaration (Citus, issue 18),
 *   which needs `(region_code, id)` unique on declaration. Its foreign key to payment is on payment's own key
 *   (`id`) until issue 18 widens that key to `(region_code, id)`: a second unique index on payment beside its
 *   primary key made every payment write a random-UUID index entry more, and cut bench:pay from 3,279 to
 *   2,191 notifications/s on this machine (PostgreSQL's CPU per payment 362 → 600 µs).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION canbao_ledger_status(p_status text, p_payable bigint, p_net bigint) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE WHEN p_status IN ('settled', 'paid') THEN CASE WHEN p_net >= p_payable THEN 'paid' ELSE 'settled' END
                  ELSE p_status END
    $$`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION canbao_ledger_status(text, bigint, bigint) TO canbao_app`.execute(db);

  await sql`CREATE UNIQUE INDEX declaration_region_id_key ON declaration (region_code, id)`.execute(db);
  await sql`
    CREATE TABLE payment_allocation (
      region_code text NOT NULL,
      payment_id uuid NOT NULL,
      declaration_id uuid NOT NULL,
      amount_fen bigint NOT NULL CHECK (amount_fen > 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      unit_id uuid,
      CONSTRAINT payment_allocation_pkey PRIMARY KEY (region_code, payment_id, declaration_id),
      CONSTRAINT payment_allocation_payment_fk FOREIGN KEY (payment_id) REFERENCES payment (id),
      CONSTRAINT payment_allocation_declaration_fk FOREIGN KEY (region_code, declaration_id) REFERENCES declaration (region_code, id)
    )`.execute(db);
  await sql`CREATE INDEX refund_declaration_idx ON refund (region_code, declaration_id) WHERE declaration_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX payment_allocation_declaration_idx ON payment_allocation (region_code, declaration_id)`.execute(db);
  await sql`GRANT SELECT, INSERT ON payment_allocation TO canbao_app`.execute(db);
  await sql`ALTER TABLE payment_allocation ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY payment_allocation_scope ON payment_allocation TO canbao_app
    USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR unit_id = canbao_unit()))`.execute(db);

  // A declaration's money from its records, whoever recorded them: a unit's scope may not see a payment recorded
  // while the person was with another unit, yet its declaration's state must count it. Only for declarations the
  // caller's scope holds (no scope, nothing: system work sets the region of what it records).
  await sql`
    CREATE FUNCTION canbao_declaration_money(p_ids uuid[])
    RETURNS TABLE (declaration_id uuid, received bigint, refunded bigint, pending bigint, last_paid_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT d.id,
             (coalesce((SELECT sum(p.amount_fen) FROM payment p WHERE p.declaration_id = d.id), 0)
            + coalesce((SELECT sum(a.amount_fen) FROM payment_allocation a WHERE a.region_code = d.region_code AND a.declaration_id = d.id), 0))::bigint,
             coalesce((SELECT sum(r.amount_fen) FROM refund r WHERE r.region_code = d.region_code AND r.declaration_id = d.id AND r.status = 'refunded'), 0)::bigint,
             coalesce((SELECT sum(r.amount_fen) FROM refund r WHERE r.region_code = d.region_code AND r.declaration_id = d.id AND r.status IN ('requested', 'approved')), 0)::bigint,
             greatest((SELECT max(p.paid_at) FROM payment p WHERE p.declaration_id = d.id),
                      (SELECT max(p.paid_at) FROM payment_allocation a JOIN payment p ON p.id = a.payment_id
                       WHERE a.region_code = d.region_code AND a.declaration_id = d.id))
      FROM declaration d
      WHERE d.id = ANY(p_ids) AND d.region_code = canbao_region() AND (canbao_unit() IS NULL OR d.unit_id = canbao_unit())
    $$`.execute(db);
  await sql`REVOKE ALL ON FUNCTION canbao_declaration_money(uuid[]) FROM PUBLIC`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION canbao_declaration_money(uuid[]) TO canbao_app`.execute(db);

  // A unit settling declarations whose money is already there (a family paid the tax bureau first) queues their
  // receipts; it still never reads the queue.
  await sql`
    CREATE POLICY receipt_due_unit_insert ON receipt_due FOR INSERT TO canbao_app
    WITH CHECK (region_code = canbao_region() AND canbao_unit() IS NOT NULL
                AND canbao_unit() = (SELECT d.unit_id FROM declaration d WHERE d.id = declaration_id))`.execute(db);

  await backfillLedger(db);
}

/**
 * Brings the money state written before the ledger into agreement with its records (idempotent): allocations for
 * the unit payments that paid settlements, every declaration's money recomputed (refunds paid out used to leave a
 * declaration paid — the refund case of issue 10), its status by the rule, receipts voided when not owed and queued
 * when owed, open notices following their declarations.
 */
export async function backfillLedger(db: Kysely<unknown>): Promise<void> {
  // The money already received for unit-total settlements, as allocations (what those payments paid before).
  await sql`
    INSERT INTO payment_allocation (region_code, payment_id, declaration_id, amount_fen, unit_id)
    SELECT DISTINCT ON (d.id) d.region_code, p.id, d.id, d.paid_fen, d.unit_id
    FROM declaration d
    JOIN payment p ON p.settlement_id = d.settlement_id AND p.declaration_id IS NULL AND p.region_code = d.region_code
    JOIN settlement s ON s.id = d.settlement_id AND s.payment_mode = 'unit_total' AND s.status = 'paid'
    WHERE d.paid_fen > 0 AND NOT EXISTS (SELECT 1 FROM payment own WHERE own.declaration_id = d.id)
      AND NOT EXISTS (SELECT 1 FROM payment_allocation a WHERE a.region_code = d.region_code AND a.declaration_id = d.id)
    ORDER BY d.id, p.paid_at`.execute(db);
  // Refunds were paid out without lowering the declaration: every declaration's money becomes the sum of its records.
  await sql`
    WITH money AS (
      SELECT d.id,
            (coalesce((SELECT sum(p.amount_fen) FROM payment p WHERE p.declaration_id = d.id), 0)
           + coalesce((SELECT sum(a.amount_fen) FROM payment_allocation a WHERE a.region_code = d.region_code AND a.declaration_id = d.id), 0)
           - coalesce((SELECT sum(r.amount_fen) FROM refund r WHERE r.declaration_id = d.id AND r.status = 'refunded'), 0))::bigint AS net
      FROM declaration d
    )
    UPDATE declaration d SET paid_fen = m.net, status = canbao_ledger_status(d.status, d.payable_fen, m.net), updated_at = now()
    FROM money m WHERE d.id = m.id AND (d.paid_fen <> m.net OR d.status <> canbao_ledger_status(d.status, d.payable_fen, m.net))`.execute(db);
  await sql`
    UPDATE receipt r SET voided_at = now()
    FROM declaration d WHERE r.declaration_id = d.id AND r.voided_at IS NULL AND NOT (d.status = 'paid' AND d.payable_fen > 0)`.execute(db);
  // Paid now by money that used to be left aside (more than ordered): their receipts are owed.
  await sql`
    INSERT INTO receipt_due (region_code, insurance_year, declaration_id)
    SELECT d.region_code, d.insurance_year, d.id FROM declaration d
    WHERE d.status = 'paid' AND d.payable_fen > 0
      AND NOT EXISTS (SELECT 1 FROM receipt r WHERE r.declaration_id = d.id AND r.voided_at IS NULL)
    ON CONFLICT DO NOTHING`.execute(db);
  // Open notices follow their declarations.
  await sql`
    UPDATE payment_notice n SET status = CASE d.status WHEN 'paid' THEN 'paid' WHEN 'settled' THEN 'open' ELSE 'cancelled' END,
           paid_at = CASE WHEN d.status = 'paid' THEN coalesce(n.paid_at, d.paid_at) END
    FROM declaration d
    WHERE n.declaration_id = d.id AND n.status <> 'cancelled'
      AND n.status <> CASE d.status WHEN 'paid' THEN 'paid' WHEN 'settled' THEN 'open' ELSE 'cancelled' END`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

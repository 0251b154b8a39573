import { sql, type Kysely } from 'kysely';

/**
 * Incremental receipt issuing: `receipt_due` holds the paid declarations still waiting for a receipt, one row each.
 * Every statement that marks a declaration paid (channel notifications single and batched, a unit's payment, a
 * paid roster, a bank deduction result) adds its row in the same statement; a refund that voids the receipt of a
 * declaration still paid (subsidy granted after payment) adds it again. The issuer reads this queue — a handful of
 * rows — instead of anti-joining every paid declaration with the receipts (about 300 ms at 38,000 paid ones, on
 * every pass), and deletes the rows it issued in the transaction that writes their receipts.
 * The key leads with (region_code, insurance_year), so the issuer's groups and each group's batch are read off it;
 * region_code is the Citus distribution key, as on every table. The existing backlog is queued here.
 * `declaration_paid_idx` served only the old scan; it goes, one index entry less for every payment recorded.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE receipt_due (
      region_code text NOT NULL,
      insurance_year integer NOT NULL,
      declaration_id uuid NOT NULL REFERENCES declaration(id),
      queued_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT receipt_due_pkey PRIMARY KEY (region_code, insurance_year, declaration_id)
    )`.execute(db);
  // Payments recorded in a user's scope (a unit's payment, imports, refunds) queue as canbao_app; only the
  // region's agency-side work marks declarations paid, so units never see or write the queue (like the counter).
  await sql`GRANT SELECT, INSERT ON receipt_due TO canbao_app`.execute(db);
  await sql`ALTER TABLE receipt_due ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY receipt_due_scope ON receipt_due TO canbao_app
    USING (region_code = (SELECT canbao_region()) AND (SELECT canbao_unit()) IS NULL)`.execute(db);

  // The backlog: what the old issuer would have found by scanning.
  await sql`
    INSERT INTO receipt_due (region_code, insurance_year, declaration_id, queued_at)
    SELECT d.region_code, d.insurance_year, d.id, coalesce(d.paid_at, now())
    FROM declaration d
    WHERE d.status = 'paid' AND d.payable_fen > 0
      AND NOT EXISTS (SELECT 1 FROM receipt r WHERE r.declaration_id = d.id AND r.voided_at IS NULL)`.execute(db);
  await sql`DROP INDEX IF EXISTS declaration_paid_idx`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

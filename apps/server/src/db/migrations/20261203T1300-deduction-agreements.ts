import { sql, type Kysely } from 'kysely';

/**
 * 银行卡代扣协议 (issue 16, item 6; Nantong 004 五, channel 7): the bank account a person's contribution is deducted
 * from — the person's own, or a parent's for a child — kept in full, because the bank's deduction file needs it.
 *
 * `deduction_agreement` is keyed `(region_code, id)`, with one LIVE agreement per person by a partial unique index
 * `(region_code, person_id) WHERE revoked_at IS NULL`, rather than keyed by `(region_code, person_id)`: replacing
 * or revoking an agreement keeps the old row (which account was deducted, signed when, revoked by whom), and a
 * person may sign again after revoking. Rows are never updated except to revoke them; a replacement is a
 * revocation and a new row in one transaction.
 *
 * Distributable as issue 18 asks: region_code first in the key and the unique index, and the foreign key to person
 * composite `(region_code, person_id)`, which needs `(region_code, id)` unique on person (`person_region_id_key`,
 * as `declaration_region_id_key` did for the ledger; person is written far less often than payment).
 *
 * Scoped like the person's other records (exemptions, photo): the agency of the region, or the unit that holds the
 * person now (`canbao_unit_holds`, by primary key) — so a transferred pupil's agreement follows the pupil.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE UNIQUE INDEX person_region_id_key ON person (region_code, id)`.execute(db);
  await sql`
    CREATE TABLE deduction_agreement (
      region_code text NOT NULL REFERENCES region (code),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL,
      bank_code text NOT NULL CHECK (bank_code ~ '^[a-z]{2,12}$'),
      account_number text NOT NULL CHECK (account_number ~ '^[0-9]{12,30}$'),
      account_holder text NOT NULL CHECK (char_length(account_holder) BETWEEN 1 AND 40),
      holder_document_number text CHECK (holder_document_number ~ '^[0-9]{17}[0-9X]$'),
      signed_on date NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      revoked_by text,
      CONSTRAINT deduction_agreement_pkey PRIMARY KEY (region_code, id),
      CONSTRAINT deduction_agreement_person_fkey FOREIGN KEY (region_code, person_id) REFERENCES person (region_code, id),
      CONSTRAINT deduction_agreement_revoked_whole CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX deduction_agreement_live_key ON deduction_agreement (region_code, person_id) WHERE revoked_at IS NULL`.execute(db);
  // The deduction file of one bank: its live agreements, joined to the year's declarations by person.
  await sql`CREATE INDEX deduction_agreement_bank_idx ON deduction_agreement (region_code, bank_code, person_id) WHERE revoked_at IS NULL`.execute(db);
  // Revoking is an UPDATE of revoked_at; no row is ever deleted.
  await sql`GRANT SELECT, INSERT, UPDATE ON deduction_agreement TO canbao_app`.execute(db);
  await sql`ALTER TABLE deduction_agreement ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY deduction_agreement_scope ON deduction_agreement TO canbao_app
    USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR canbao_unit_holds(person_id)))`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

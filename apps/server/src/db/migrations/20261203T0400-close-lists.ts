import { sql, type Kysely } from 'kysely';

/**
 * The close of the campaign (issue 15, items 3 and 4):
 * - `unpaid_sign_off` (key `(region_code, insurance_year, person_id)`): a person not covered for the year was told
 *   of the transition period and when to pay, and who signed (Nantong 004 八.4); the scan of the signed sheet, checked
 *   by content, is kept beside it. Recording again replaces it (the audit row keeps what it was).
 * - `unpaid_list_submission` (key `(region_code, insurance_year, unit_id)`): the unit sent its unpaid list with
 *   reasons and sign-offs to the centre (八.6), with the figures it held when sent; sending again replaces them.
 * Distributable as issue 18 asks: region_code first in every key; references to person and unit stay by id until
 * those tables' keys are widened. Scoped by the stored unit (`unit_id = canbao_unit()`), not by a query of person
 * from the policy (which a shard cannot run).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE unpaid_sign_off (
      region_code text NOT NULL REFERENCES region (code),
      insurance_year integer NOT NULL CHECK (insurance_year BETWEEN 2000 AND 2100),
      person_id uuid NOT NULL REFERENCES person (id),
      unit_id uuid NOT NULL REFERENCES unit (id),
      told_on date NOT NULL,
      method text NOT NULL CHECK (method IN ('in_person', 'home_visit', 'phone', 'sms', 'letter')),
      signed_by text NOT NULL CHECK (char_length(signed_by) BETWEEN 1 AND 40),
      relation text CHECK (char_length(relation) <= 20),
      note text CHECK (char_length(note) <= 200),
      scan_mime text CHECK (scan_mime IN ('image/jpeg', 'image/png', 'application/pdf')),
      scan bytea,
      scan_sha256 text,
      scan_size integer CHECK (scan_size > 0 AND scan_size <= 5242880),
      scan_uploaded_at timestamptz,
      recorded_by text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT unpaid_sign_off_pkey PRIMARY KEY (region_code, insurance_year, person_id),
      CONSTRAINT unpaid_sign_off_scan_whole CHECK ((scan IS NULL) = (scan_mime IS NULL) AND (scan IS NULL) = (scan_sha256 IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX unpaid_sign_off_unit_idx ON unpaid_sign_off (region_code, insurance_year, unit_id)`.execute(db);

  await sql`
    CREATE TABLE unpaid_list_submission (
      region_code text NOT NULL REFERENCES region (code),
      insurance_year integer NOT NULL CHECK (insurance_year BETWEEN 2000 AND 2100),
      unit_id uuid NOT NULL REFERENCES unit (id),
      unpaid integer NOT NULL CHECK (unpaid >= 0),
      with_reason integer NOT NULL CHECK (with_reason >= 0),
      signed_off integer NOT NULL CHECK (signed_off >= 0),
      submission_count integer NOT NULL DEFAULT 1 CHECK (submission_count >= 1),
      submitted_by text NOT NULL,
      submitted_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT unpaid_list_submission_pkey PRIMARY KEY (region_code, insurance_year, unit_id)
    )`.execute(db);

  for (const table of ['unpaid_sign_off', 'unpaid_list_submission']) {
    await sql`GRANT SELECT, INSERT, UPDATE ON ${sql.table(table)} TO canbao_app`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY ${sql.id(`${table}_scope`)} ON ${sql.table(table)} TO canbao_app
      USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR unit_id = canbao_unit()))`.execute(db);
  }
}

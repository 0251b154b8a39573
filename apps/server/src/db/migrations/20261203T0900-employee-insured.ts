import { sql, type Kysely } from 'kysely';

/**
 * 职工医保参保人员 (issue 16, item 3): `employee_insured` (key `(region_code, document_type, document_number)`) is the
 * agency's list of persons covered by employee insurance, whether registered here or not; a declaration of one is
 * refused. Region-scoped (every unit's declaration checks it; no route lists it to a unit).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE employee_insured (
      region_code text NOT NULL REFERENCES region (code),
      document_type text NOT NULL,
      document_number text NOT NULL,
      name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 70),
      since date,
      listed_at timestamptz NOT NULL DEFAULT now(),
      listed_by text NOT NULL,
      CONSTRAINT employee_insured_pkey PRIMARY KEY (region_code, document_type, document_number)
    )`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE ON employee_insured TO canbao_app`.execute(db);
  await sql`ALTER TABLE employee_insured ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY employee_insured_scope ON employee_insured TO canbao_app USING (region_code = canbao_region())`.execute(db);
}

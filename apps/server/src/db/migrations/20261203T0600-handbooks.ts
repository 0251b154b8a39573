import { sql, type Kysely } from 'kysely';

/**
 * 就诊信息表 and 医疗保险手册 (issue 15, item 7): `handbook` (key `(region_code, insurance_year, person_id)`) marks a
 * paid person as needing care urgently (printed before the others, after the elderly) and counts the prints of the
 * person's sheets for the year (first, last, by whom). Distributable as issue 18 asks: region_code first in its
 * key; the reference to person by id until that table's key is widened. Scoped by the stored unit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE handbook (
      region_code text NOT NULL REFERENCES region (code),
      insurance_year integer NOT NULL CHECK (insurance_year BETWEEN 2000 AND 2100),
      person_id uuid NOT NULL REFERENCES person (id),
      unit_id uuid REFERENCES unit (id),
      urgent boolean NOT NULL DEFAULT false,
      urgent_note text CHECK (char_length(urgent_note) <= 100),
      urgent_marked_by text,
      urgent_marked_at timestamptz,
      printed_count integer NOT NULL DEFAULT 0 CHECK (printed_count >= 0),
      first_printed_at timestamptz,
      last_printed_at timestamptz,
      last_printed_by text,
      CONSTRAINT handbook_pkey PRIMARY KEY (region_code, insurance_year, person_id),
      CONSTRAINT handbook_printed_whole CHECK ((printed_count = 0) = (last_printed_at IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX handbook_unit_idx ON handbook (region_code, insurance_year, unit_id)`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE ON handbook TO canbao_app`.execute(db);
  await sql`ALTER TABLE handbook ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY handbook_scope ON handbook TO canbao_app
    USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR unit_id = canbao_unit()))`.execute(db);
}

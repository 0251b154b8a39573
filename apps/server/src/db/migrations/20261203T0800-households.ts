import { sql, type Kysely } from 'kysely';

/**
 * 家庭 (issue 16, item 1): `household` (key `(region_code, id)`) with its hukou type and address and the unit that
 * keeps it; `household_member` (key `(region_code, household_id, person_id)`, composite foreign key to its
 * household) with the relationship to the head. A person is in at most one household per region (unique
 * `(region_code, person_id)`), and a household has at most one head (partial unique index). Distributable as issue
 * 18 asks; the references to person and unit by id until those tables' keys are widened. Scoped by the stored unit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE household (
      region_code text NOT NULL REFERENCES region (code),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      unit_id uuid REFERENCES unit (id),
      hukou_type text NOT NULL CHECK (hukou_type IN ('local_urban', 'local_rural', 'nonlocal')),
      hukou_address text NOT NULL CHECK (char_length(hukou_address) BETWEEN 2 AND 200),
      note text CHECK (char_length(note) <= 200),
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT household_pkey PRIMARY KEY (region_code, id)
    )`.execute(db);
  await sql`CREATE INDEX household_unit_idx ON household (region_code, unit_id, created_at DESC)`.execute(db);
  await sql`
    CREATE TABLE household_member (
      region_code text NOT NULL,
      household_id uuid NOT NULL,
      person_id uuid NOT NULL REFERENCES person (id),
      unit_id uuid REFERENCES unit (id),
      relation text NOT NULL CHECK (relation IN ('head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'other')),
      joined_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT household_member_pkey PRIMARY KEY (region_code, household_id, person_id),
      CONSTRAINT household_member_household_fkey FOREIGN KEY (region_code, household_id) REFERENCES household (region_code, id),
      CONSTRAINT household_member_person_key UNIQUE (region_code, person_id)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX household_member_one_head ON household_member (region_code, household_id) WHERE relation = 'head'`.execute(db);
  for (const table of ['household', 'household_member']) {
    await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ${sql.table(table)} TO canbao_app`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY ${sql.id(`${table}_scope`)} ON ${sql.table(table)} TO canbao_app
      USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR unit_id = canbao_unit()))`.execute(db);
  }
}

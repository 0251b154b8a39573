import { sql, type Kysely } from 'kysely';

/**
 * The policies of a person's history, identities and photo asked "does the caller's unit hold this person?" with a
 * subquery on person — itself under person's row-level security, whose (region, unit) condition led the planner
 * to scan the unit's persons for every row checked: quadratic on a bulk import before statistics catch up. The
 * same question now goes through one function that looks the person up by primary key, with definer rights (the
 * caller's scope still decides the answer).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION canbao_unit_holds(p_person_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      -- By primary key only: a (region, unit) condition here would invite the planner back to the unit index.
      -- The unit belongs to the caller's region, so the unit test alone keeps other regions out.
      SELECT EXISTS (SELECT 1 FROM person WHERE id = p_person_id AND unit_id = canbao_unit())
    $$`.execute(db);
  await sql`REVOKE ALL ON FUNCTION canbao_unit_holds(uuid) FROM PUBLIC`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION canbao_unit_holds(uuid) TO canbao_app`.execute(db);
  // A unit also sees its own memberships of pupils it no longer holds: its own history, nothing of anyone else's.
  // Checked first, so writing the unit's own memberships (a bulk import) needs no lookup per row.
  await sql`DROP POLICY person_membership_scope ON person_membership`.execute(db);
  await sql`
    CREATE POLICY person_membership_scope ON person_membership TO canbao_app
    USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR unit_id = canbao_unit() OR canbao_unit_holds(person_id)))`.execute(db);
  for (const table of ['person_exemption', 'person_photo']) {
    await sql`DROP POLICY ${sql.id(`${table}_scope`)} ON ${sql.table(table)}`.execute(db);
    await sql`
      CREATE POLICY ${sql.id(`${table}_scope`)} ON ${sql.table(table)} TO canbao_app
      USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR canbao_unit_holds(person_id)))`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

import { sql, type Kysely } from 'kysely';

/**
 * A unit sees the persons it stopped (减员) this year and last, read-only, with the reason (issue 13, item 9).
 * Until now a stop set `unit_id = NULL`, so the pupil left the unit's sight at once and its 已减员 filter never
 * returned anything.
 * - `person.stopped_from_unit_id` / `stopped_on`: the unit that held the person when it was stopped, and the date of
 *   the stop. Written by `canbao_release_person(id, reason, date)` (which replaces the two-argument one), cleared when
 *   another unit takes the person over (`canbao_claim_stopped_person`, `canbao_import_claim_stopped`) or the agency
 *   moves it.
 * - `person_stopped_sight`: a SELECT-only policy beside `person_scope`. Policies are permissive, so a unit may READ a
 *   still-stopped person it let go since 1 January of last year (Asia/Shanghai); every write still passes
 *   `person_scope` alone (unit_id = the caller's unit), which a stopped person (unit_id NULL) never does. Columns of
 *   the row itself only, no sub-select: distributable as it is (issue 18).
 * The person's exemptions and photo stay with `canbao_unit_holds()`: the former unit sees the record and its own
 * memberships, not the rest.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE person ADD COLUMN stopped_from_unit_id uuid REFERENCES unit (id), ADD COLUMN stopped_on date`.execute(db);
  await sql`
    UPDATE person p SET stopped_from_unit_id = m.unit_id, stopped_on = m.ended_on
    FROM (SELECT DISTINCT ON (person_id) person_id, unit_id, ended_on FROM person_membership
          WHERE ended_on IS NOT NULL ORDER BY person_id, ended_on DESC, created_at DESC) m
    WHERE p.id = m.person_id AND p.status = 'stopped'`.execute(db);
  await sql`CREATE INDEX person_stopped_sight_idx ON person (region_code, stopped_from_unit_id) WHERE status = 'stopped'`.execute(db);

  await sql`
    CREATE FUNCTION canbao_stopped_sight_since() RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
      SELECT make_date(extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int - 1, 1, 1)
    $$`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION canbao_stopped_sight_since() TO canbao_app`.execute(db);
  await sql`
    CREATE POLICY person_stopped_sight ON person FOR SELECT TO canbao_app
    USING (region_code = canbao_region() AND canbao_unit() IS NOT NULL AND status = 'stopped'
           AND stopped_from_unit_id = canbao_unit() AND stopped_on >= canbao_stopped_sight_since())`.execute(db);

  await sql`DROP FUNCTION canbao_release_person(uuid, text)`.execute(db);
  await sql`
    CREATE FUNCTION canbao_release_person(p_person_id uuid, p_reason text, p_on date) RETURNS boolean
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      WITH released AS (
        UPDATE person SET stopped_from_unit_id = unit_id, stopped_on = p_on,
               unit_id = NULL, status = 'stopped', stop_reason = p_reason, updated_at = now()
        WHERE id = p_person_id AND region_code = canbao_region() AND status = 'active'
          AND (canbao_unit() IS NULL OR unit_id = canbao_unit())
        RETURNING id)
      SELECT EXISTS (SELECT 1 FROM released)
    $$`.execute(db);
  await sql`REVOKE ALL ON FUNCTION canbao_release_person(uuid, text, date) FROM PUBLIC`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION canbao_release_person(uuid, text, date) TO canbao_app`.execute(db);

  await sql`
    CREATE OR REPLACE FUNCTION canbao_claim_stopped_person(p_person_id uuid) RETURNS boolean
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      WITH claimed AS (
        UPDATE person SET unit_id = canbao_unit(), status = 'active', stop_reason = NULL,
               stopped_from_unit_id = NULL, stopped_on = NULL, updated_at = now()
        WHERE id = p_person_id AND region_code = canbao_region() AND status = 'stopped' AND canbao_unit() IS NOT NULL
        RETURNING id)
      SELECT EXISTS (SELECT 1 FROM claimed)
    $$`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION canbao_import_claim_stopped(p_job_id uuid) RETURNS TABLE (seq integer, person_id uuid)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      UPDATE person p SET unit_id = j.unit_id, status = 'active', stop_reason = NULL,
             stopped_from_unit_id = NULL, stopped_on = NULL, updated_at = now()
      FROM import_job j JOIN import_row r ON r.job_id = j.id
      WHERE j.id = p_job_id AND j.region_code = canbao_region() AND j.unit_id IS NOT NULL
        AND (canbao_unit() IS NULL OR j.unit_id = canbao_unit())
        AND r.outcome = 'transfer_in' AND p.id = r.person_id AND p.region_code = j.region_code AND p.status = 'stopped'
      RETURNING r.seq, p.id
    $$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

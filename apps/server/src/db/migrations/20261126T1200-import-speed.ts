import { sql, type Kysely } from 'kysely';

/**
 * Faster bulk imports (staging and commit of a 100,000-row file):
 * - import_row pages are filled to 60% (`fillfactor`): the commit marks nearly every row of a file (new → created),
 *   and with room on its page that update is mostly a heap-only one — no index entries, a small log record.
 * - the (job, document) index goes: every pass over a job's rows reads the whole job (duplicates by grouping, the
 *   holders and the commit by hash joins), so it only cost an index entry per row staged and per row updated.
 * - no statistics on the JSON columns (ANALYZE before validating and committing), the row policy's scope read once
 *   per statement.
 * - `canbao_import_create_persons(job, day)`: the enrollment commit's new persons, their memberships and their rows
 *   marked, in one statement with definer rights, for a job of the caller's scope only (region, and unit for a
 *   unit operator) that is being committed. Row-level security is not evaluated per row in there: the job decides
 *   the region and unit of everything written. When the migrating user is a superuser the function also runs with
 *   `session_replication_role = replica`, which skips the per-row foreign-key triggers (seven per person); the
 *   references are then checked and locked (KEY SHARE, as the triggers do) once per distinct value: the region, the
 *   unit, every division named. A table that gains a trigger of its own turns this off (it would be skipped).
 * - `canbao_import_audit(job, actions, actor …)`: a commit's audit rows (one per person written) the same way.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE import_row SET (fillfactor = 60)`.execute(db);
  await sql`DROP INDEX IF EXISTS import_row_job_document_idx`.execute(db);
  // No statistics of the JSON and bytes columns: nothing is planned on their values, and they were most of the
  // work of the ANALYZE the engine runs before validating and before committing a file.
  await sql`
    ALTER TABLE import_row ALTER COLUMN cells SET STATISTICS 0, ALTER COLUMN payload SET STATISTICS 0,
      ALTER COLUMN errors SET STATISTICS 0, ALTER COLUMN changes SET STATISTICS 0, ALTER COLUMN blob SET STATISTICS 0`.execute(db);
  // The same scope, asked once per statement (an InitPlan) instead of once per row: every pass over a job's rows
  // evaluated current_setting() twice per row.
  await sql`DROP POLICY import_row_scope ON import_row`.execute(db);
  await sql`
    CREATE POLICY import_row_scope ON import_row TO canbao_app
    USING (region_code = (SELECT canbao_region()) AND ((SELECT canbao_unit()) IS NULL OR unit_id = (SELECT canbao_unit())))`.execute(db);

  const su = await sql<{ rolsuper: boolean }>`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`.execute(db);
  const replica = su.rows[0]?.rolsuper ? sql`SET session_replication_role = replica` : sql``;
  await sql`
    CREATE FUNCTION canbao_import_create_persons(p_job_id uuid, p_started_on date) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp ${replica} AS $$
    DECLARE
      j import_job%ROWTYPE;
      codes text[];
      n integer;
    BEGIN
      SELECT * INTO j FROM import_job
      WHERE id = p_job_id AND status = 'committing' AND unit_id IS NOT NULL
        AND region_code = canbao_region() AND (canbao_unit() IS NULL OR unit_id = canbao_unit());
      IF NOT FOUND THEN
        RAISE EXCEPTION 'import job % is not being committed in the caller''s scope', p_job_id USING ERRCODE = 'insufficient_privilege';
      END IF;

      -- A trigger of its own on these tables would not fire under replica: then run with every trigger.
      IF current_setting('session_replication_role') = 'replica' AND EXISTS (
        SELECT 1 FROM pg_trigger WHERE tgrelid IN ('person'::regclass, 'person_membership'::regclass, 'import_row'::regclass) AND NOT tgisinternal) THEN
        PERFORM set_config('session_replication_role', 'origin', true);
      END IF;

      -- The references, once per distinct value, locked as the foreign-key triggers would lock them.
      PERFORM 1 FROM region WHERE code = j.region_code FOR KEY SHARE;
      PERFORM 1 FROM unit WHERE id = j.unit_id AND region_code = j.region_code FOR KEY SHARE;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'unit % is not of region %', j.unit_id, j.region_code USING ERRCODE = 'foreign_key_violation';
      END IF;
      SELECT array_agg(DISTINCT c) INTO codes
      FROM import_row r, LATERAL (VALUES (r.payload->>'hukou_district_code'), (r.payload->>'hukou_street_code')) v(c)
      WHERE r.job_id = j.id AND r.outcome = 'new' AND c IS NOT NULL;
      IF codes IS NOT NULL THEN
        PERFORM 1 FROM division WHERE code = ANY (codes) FOR KEY SHARE;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n <> cardinality(codes) THEN
          RAISE EXCEPTION 'a division named by import job % does not exist', j.id USING ERRCODE = 'foreign_key_violation';
        END IF;
      END IF;

      -- A number registered by someone else since validation is skipped (ON CONFLICT), its row left 'new'.
      WITH ins AS (
        INSERT INTO person (region_code, unit_id, document_type, document_number, name, gender, birth_date, ethnicity,
          hukou_type, hukou_district_code, hukou_street_code, hukou_address, residence_permit_since, grade_code, class_name,
          student_number, entry_year, expected_graduation_year, phone, guardian_name, guardian_relation, guardian_phone,
          enrolls_through_unit, not_enrolled_reason)
        SELECT j.region_code, j.unit_id, r.document_type, r.document_number, x.name, x.gender, x.birth_date, x.ethnicity,
          x.hukou_type, x.hukou_district_code, x.hukou_street_code, x.hukou_address, x.residence_permit_since, x.grade_code,
          x.class_name, x.student_number, x.entry_year, x.expected_graduation_year, x.phone, x.guardian_name,
          x.guardian_relation, x.guardian_phone, coalesce(x.enrolls_through_unit, true), x.not_enrolled_reason
        FROM import_row r CROSS JOIN LATERAL jsonb_populate_record(NULL::person, r.payload) x
        WHERE r.job_id = j.id AND r.outcome = 'new'
        ON CONFLICT (region_code, document_type, document_number) DO NOTHING
        RETURNING id, document_type, document_number
      ), mem AS (
        INSERT INTO person_membership (region_code, person_id, unit_id, started_on)
        SELECT j.region_code, ins.id, j.unit_id, p_started_on FROM ins
      ), upd AS (
        UPDATE import_row r SET person_id = ins.id, outcome = 'created'
        FROM ins WHERE r.job_id = j.id AND r.outcome = 'new' AND r.document_type = ins.document_type AND r.document_number = ins.document_number
        RETURNING 1
      ) SELECT count(*) INTO n FROM upd;
      RETURN n;
    END $$`.execute(db);
  await sql`REVOKE ALL ON FUNCTION canbao_import_create_persons(uuid, date) FROM PUBLIC`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION canbao_import_create_persons(uuid, date) TO canbao_app`.execute(db);

  // The audit rows of a commit, one per person written, for a job of the caller's scope being committed: the action
  // by the row's outcome (`p_actions`: outcome → action). audit_log's own trigger refuses updates and deletes only.
  await sql`
    CREATE FUNCTION canbao_import_audit(p_job_id uuid, p_actions jsonb, p_actor_user_id uuid, p_actor_username text,
      p_actor_role text, p_request_id text, p_ip text) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp ${replica} AS $$
    DECLARE
      j import_job%ROWTYPE;
      n integer;
    BEGIN
      SELECT * INTO j FROM import_job
      WHERE id = p_job_id AND status = 'committing'
        AND region_code = canbao_region() AND (canbao_unit() IS NULL OR unit_id = canbao_unit());
      IF NOT FOUND THEN
        RAISE EXCEPTION 'import job % is not being committed in the caller''s scope', p_job_id USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF current_setting('session_replication_role') = 'replica' AND EXISTS (
        SELECT 1 FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal AND tgtype & 4 <> 0) THEN
        PERFORM set_config('session_replication_role', 'origin', true);
      END IF;
      PERFORM 1 FROM region WHERE code = j.region_code FOR KEY SHARE;

      INSERT INTO audit_log (region_code, unit_id, actor_user_id, actor_username, actor_role, action, entity_type, entity_id, after, request_id, ip)
      SELECT j.region_code, r.unit_id, p_actor_user_id, p_actor_username, p_actor_role, p_actions ->> r.outcome, 'person', r.person_id::text,
             jsonb_build_object('importJobId', r.job_id, 'sheet', r.sheet, 'row', r.row_no), p_request_id, p_ip
      FROM import_row r WHERE r.job_id = j.id AND r.person_id IS NOT NULL AND p_actions ->> r.outcome IS NOT NULL;
      GET DIAGNOSTICS n = ROW_COUNT;
      RETURN n;
    END $$`.execute(db);
  await sql`REVOKE ALL ON FUNCTION canbao_import_audit(uuid, jsonb, uuid, text, text, text, text) FROM PUBLIC`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION canbao_import_audit(uuid, jsonb, uuid, text, text, text, text) TO canbao_app`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

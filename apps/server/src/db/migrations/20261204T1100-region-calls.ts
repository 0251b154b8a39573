import { sql, type Kysely } from 'kysely';

/**
 * Definer functions that run where the region's rows are (issue 18, item 2). On Citus the app's calls of them are
 * executed on the region's worker: a call on its own is delegated there (a distributed function, db/distribution.ts
 * `distributeOnCitus`), a call inside a larger statement goes with the statement into the region's shard. There
 * every statement of a function must name the region as a value: a subquery correlated on `d.region_code` alone
 * cannot be pinned to a shard and would be sent to every worker from inside a worker's task. So:
 *
 * - `canbao_roster_stages` and `canbao_declaration_money` compare their subqueries with `p_region` (same answers:
 *   the outer rows are of `p_region` already).
 * - `canbao_import_stage(region, job, rows)` stages a batch of a file's rows (the JSON the reader sent, unpacked by
 *   `jsonb_to_recordset`) for a job of the caller's scope that is being read. As the scope's own INSERT … SELECT it
 *   was refused on Citus: an INSERT from a set-returning function is copied into the shard (COPY), which row-level
 *   security forbids. The function writes what the policy allowed — the job's region and unit, only for a job the
 *   caller sees — and nothing else.
 * - `canbao_import_audit` (and `canbao_import_create_persons`, migration 20261204T1000) check a referenced region
 *   or division without a row lock on Citus: a row lock on a reference table is taken on every node, which a call
 *   running on one worker may not do. Regions and divisions are never deleted while the app runs; on PostgreSQL and
 *   PGlite the lock is kept, as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION canbao_import_stage(p_region text, p_job_id uuid, p_rows jsonb) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      j import_job%ROWTYPE;
      n integer;
    BEGIN
      SELECT * INTO j FROM import_job
      WHERE region_code = p_region AND id = p_job_id AND status = 'reading'
        AND p_region = canbao_region() AND (canbao_unit() IS NULL OR unit_id = canbao_unit());
      IF NOT FOUND THEN
        RAISE EXCEPTION 'import job % is not being read in the caller''s scope', p_job_id USING ERRCODE = 'insufficient_privilege';
      END IF;
      INSERT INTO import_row (job_id, region_code, unit_id, seq, sheet, row_no, cells, document_type, document_number, payload, errors, outcome, blob)
      SELECT j.id, j.region_code, j.unit_id, x.seq, x.sheet, x.row_no, x.cells, x.document_type, x.document_number, x.payload, x.errors,
             x.outcome, decode(x.blob, 'base64')
      FROM jsonb_to_recordset(p_rows) AS x(seq int, sheet text, row_no int, cells jsonb, document_type text, document_number text,
           payload jsonb, errors jsonb, outcome text, blob text);
      GET DIAGNOSTICS n = ROW_COUNT;
      RETURN n;
    END $$`.execute(db);
  await sql`REVOKE ALL ON FUNCTION canbao_import_stage(text, uuid, jsonb) FROM PUBLIC`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION canbao_import_stage(text, uuid, jsonb) TO canbao_app`.execute(db);

  await sql`
    CREATE OR REPLACE FUNCTION canbao_roster_stages(p_region text, p_unit uuid, p_year integer)
    RETURNS TABLE (person_id uuid, declaration_id uuid, status text, notice_sent_at timestamptz)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      v_unit uuid := canbao_unit();
    BEGIN
      IF p_region IS NULL OR p_region IS DISTINCT FROM canbao_region() THEN RETURN; END IF;
      IF p_unit IS NOT NULL THEN
        -- A unit only for itself.
        IF v_unit IS NOT NULL AND v_unit <> p_unit THEN RETURN; END IF;
        RETURN QUERY
          SELECT d.person_id, d.id, d.status,
                 (SELECT n.created_at FROM payment_notice n WHERE n.region_code = p_region AND n.declaration_id = d.id AND NOT n.cancelled ORDER BY n.created_at DESC LIMIT 1)
          FROM person p
          JOIN declaration d ON d.region_code = p.region_code AND d.insurance_year = p_year AND d.person_id = p.id
          WHERE p.region_code = p_region AND p.unit_id = p_unit AND p.status = 'active';
      ELSIF v_unit IS NOT NULL THEN
        RETURN QUERY
          SELECT d.person_id, d.id, d.status,
                 (SELECT n.created_at FROM payment_notice n WHERE n.region_code = p_region AND n.declaration_id = d.id AND NOT n.cancelled ORDER BY n.created_at DESC LIMIT 1)
          FROM person p
          JOIN declaration d ON d.region_code = p.region_code AND d.insurance_year = p_year AND d.person_id = p.id
          WHERE p.region_code = p_region AND p.unit_id = v_unit AND p.status = 'active';
      ELSE
        RETURN QUERY
          SELECT d.person_id, d.id, d.status,
                 (SELECT n.created_at FROM payment_notice n WHERE n.region_code = p_region AND n.declaration_id = d.id AND NOT n.cancelled ORDER BY n.created_at DESC LIMIT 1)
          FROM person p
          JOIN declaration d ON d.region_code = p.region_code AND d.insurance_year = p_year AND d.person_id = p.id
          WHERE p.region_code = p_region AND p.unit_id IS NOT NULL AND p.status = 'active';
      END IF;
    END $$`.execute(db);

  await sql`
    CREATE OR REPLACE FUNCTION canbao_declaration_money(p_region text, p_ids uuid[])
    RETURNS TABLE (declaration_id uuid, received bigint, refunded bigint, pending bigint, last_paid_at timestamptz)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      IF p_region IS DISTINCT FROM canbao_region() THEN RETURN; END IF;
      RETURN QUERY
        SELECT d.id,
               (coalesce((SELECT sum(p.amount_fen) FROM payment p WHERE p.region_code = p_region AND p.declaration_id = d.id), 0)
              + coalesce((SELECT sum(a.amount_fen) FROM payment_allocation a WHERE a.region_code = p_region AND a.declaration_id = d.id), 0))::bigint,
               coalesce((SELECT sum(r.amount_fen) FROM refund r WHERE r.region_code = p_region AND r.declaration_id = d.id AND r.status = 'refunded'), 0)::bigint,
               coalesce((SELECT sum(r.amount_fen) FROM refund r WHERE r.region_code = p_region AND r.declaration_id = d.id AND r.status IN ('requested', 'approved')), 0)::bigint,
               greatest((SELECT max(p.paid_at) FROM payment p WHERE p.region_code = p_region AND p.declaration_id = d.id),
                        (SELECT max(p.paid_at) FROM payment_allocation a JOIN payment p ON p.region_code = a.region_code AND p.id = a.payment_id
                         WHERE a.region_code = p_region AND a.declaration_id = d.id))
        FROM declaration d
        WHERE d.region_code = p_region AND d.id = ANY (p_ids) AND (canbao_unit() IS NULL OR d.unit_id = canbao_unit());
    END $$`.execute(db);

  const su = await sql<{ rolsuper: boolean }>`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`.execute(db);
  const replica = su.rows[0]?.rolsuper ? sql`SET session_replication_role = replica` : sql``;
  await sql`
    CREATE OR REPLACE FUNCTION canbao_import_audit(p_region text, p_job_id uuid, p_actions jsonb, p_actor_user_id uuid, p_actor_username text,
      p_actor_role text, p_request_id text, p_ip text) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp ${replica} AS $$
    DECLARE
      j import_job%ROWTYPE;
      n integer;
    BEGIN
      SELECT * INTO j FROM import_job
      WHERE region_code = p_region AND id = p_job_id AND status = 'committing'
        AND p_region = canbao_region() AND (canbao_unit() IS NULL OR unit_id = canbao_unit());
      IF NOT FOUND THEN
        RAISE EXCEPTION 'import job % is not being committed in the caller''s scope', p_job_id USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF current_setting('session_replication_role') = 'replica' AND EXISTS (
        SELECT 1 FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal AND tgtype & 4 <> 0) THEN
        PERFORM set_config('session_replication_role', 'origin', true);
      END IF;
      IF to_regclass('pg_catalog.pg_dist_partition') IS NULL THEN
        PERFORM 1 FROM region WHERE code = j.region_code FOR KEY SHARE;
      END IF;

      INSERT INTO audit_log (region_code, unit_id, actor_user_id, actor_username, actor_role, action, entity_type, entity_id, after, request_id, ip)
      SELECT j.region_code, r.unit_id, p_actor_user_id, p_actor_username, p_actor_role, p_actions ->> r.outcome, 'person', r.person_id::text,
             jsonb_build_object('importJobId', r.job_id, 'sheet', r.sheet, 'row', r.row_no), p_request_id, p_ip
      FROM import_row r WHERE r.region_code = j.region_code AND r.job_id = j.id AND r.person_id IS NOT NULL AND p_actions ->> r.outcome IS NOT NULL;
      GET DIAGNOSTICS n = ROW_COUNT;
      RETURN n;
    END $$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

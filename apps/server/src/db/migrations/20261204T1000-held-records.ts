import { sql, type Kysely } from 'kysely';

/**
 * The last two policy functions that read a table go (issue 18, item 2). `canbao_unit_holds(region, person)` (the
 * policies of memberships, exemptions, photos, 未参保原因 and 代扣协议) and `canbao_unit_declares(region,
 * declaration)` (a unit queuing a receipt) looked a row up by primary key with definer rights. On Citus a policy
 * is evaluated inside the shard's query on the worker, and a query of a distributed table from there is refused
 * ("cannot execute a distributed query from a query on a shard"); Citus refuses a sub-select in a policy anyway.
 * So the answer is stored in the row, and the database keeps it true:
 *
 * - `holder_unit_id` on `person_membership`, `person_exemption`, `person_photo`, `uninsured_reason` and
 *   `deduction_agreement`: the unit holding the person now (`person.unit_id`, NULL for a stopped person). A
 *   BEFORE INSERT / UPDATE OF person_id, holder_unit_id trigger sets it from the person whatever the writer sent,
 *   and an AFTER UPDATE OF unit_id trigger on person moves it on every record of a person who changes hands
 *   (transfer, take-over, release, an import's claim). The policies compare it with `canbao_unit()`: the same rows
 *   as before, for every reader and writer — a unit still cannot write a record of a person it does not hold (the
 *   trigger writes the real holder, the policy's check refuses it). On Citus a trigger on a shard may read and
 *   write the colocated shards of its own worker (one region's person and records share a shard group).
 * - `receipt_due.unit_id`: written by the same kind of trigger, from the declaration, when a unit's scope queues a
 *   receipt (the trigger does not fire for system work and the agency, which queue for every payment: no lookup is
 *   added to the notification's statement); `receipt_due_unit_insert` checks it is the caller's unit. Units never
 *   read or change the queue, so it is not moved later.
 *
 * `canbao_claim_removed_declaration` asked `canbao_unit_holds` too: it reads the person itself now. The enrollment
 * commit (`canbao_import_create_persons`) writes its memberships' holder itself — its persons are new and held by
 * the job's unit — so these triggers do not take it out of `session_replication_role = replica` (migration
 * 20261126T1200); everything else of it is as in migration 20261203T1400, but for the reference rows it checks
 * without a lock on Citus (migration 20261204T1100 says why).
 */

const HELD = ['person_membership', 'person_exemption', 'person_photo', 'uninsured_reason', 'deduction_agreement'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION canbao_record_holder() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      SELECT p.unit_id INTO NEW.holder_unit_id FROM person p WHERE p.region_code = NEW.region_code AND p.id = NEW.person_id;
      RETURN NEW;
    END $$`.execute(db);
  await sql`REVOKE ALL ON FUNCTION canbao_record_holder() FROM PUBLIC`.execute(db);
  for (const table of HELD) {
    await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN holder_unit_id uuid`.execute(db);
    await sql`
      UPDATE ${sql.table(table)} t SET holder_unit_id = p.unit_id
      FROM person p WHERE p.region_code = t.region_code AND p.id = t.person_id AND p.unit_id IS NOT NULL`.execute(db);
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_holder`)} BEFORE INSERT OR UPDATE OF person_id, holder_unit_id ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION canbao_record_holder()`.execute(db);
  }

  // Definer rights: a unit releasing its pupil moves the records out of its own sight.
  await sql`
    CREATE FUNCTION canbao_person_moved() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      UPDATE person_membership SET holder_unit_id = NEW.unit_id WHERE region_code = NEW.region_code AND person_id = NEW.id;
      UPDATE person_exemption SET holder_unit_id = NEW.unit_id WHERE region_code = NEW.region_code AND person_id = NEW.id;
      UPDATE person_photo SET holder_unit_id = NEW.unit_id WHERE region_code = NEW.region_code AND person_id = NEW.id;
      UPDATE uninsured_reason SET holder_unit_id = NEW.unit_id WHERE region_code = NEW.region_code AND person_id = NEW.id;
      UPDATE deduction_agreement SET holder_unit_id = NEW.unit_id WHERE region_code = NEW.region_code AND person_id = NEW.id;
      RETURN NULL;
    END $$`.execute(db);
  await sql`REVOKE ALL ON FUNCTION canbao_person_moved() FROM PUBLIC`.execute(db);
  await sql`
    CREATE TRIGGER person_holder_moved AFTER UPDATE OF unit_id ON person
    FOR EACH ROW WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id) EXECUTE FUNCTION canbao_person_moved()`.execute(db);

  // The policies calling canbao_unit_holds (found in the catalog, as migration 20261203T1400 found them).
  const { rows } = await sql<{ tbl: string; name: string; permissive: string; roles: string[]; cmd: string; qual: string | null; with_check: string | null }>`
    SELECT tablename AS tbl, policyname AS name, permissive, roles::text[] AS roles, cmd, qual, with_check
    FROM pg_policies
    WHERE schemaname = 'public' AND (qual LIKE '%canbao_unit_holds(%' OR with_check LIKE '%canbao_unit_holds(%')
    ORDER BY 1, 2`.execute(db);
  const stored = (e: string | null) => (e === null ? null : e.replace(/canbao_unit_holds\(region_code, person_id\)/g, '(holder_unit_id = canbao_unit())'));
  for (const p of rows) {
    const using = stored(p.qual);
    const check = stored(p.with_check);
    if (`${using ?? ''} ${check ?? ''}`.includes('canbao_unit_holds(')) throw new Error(`policy ${p.name} on ${p.tbl}: an unexpected canbao_unit_holds() call`);
    await sql`DROP POLICY ${sql.id(p.name)} ON ${sql.table(p.tbl)}`.execute(db);
    await sql`
      CREATE POLICY ${sql.id(p.name)} ON ${sql.table(p.tbl)} AS ${sql.raw(p.permissive)} FOR ${sql.raw(p.cmd)}
      TO ${sql.join(p.roles.map((r) => sql.id(r)))}
      ${using === null ? sql`` : sql`USING (${sql.raw(using)})`} ${check === null ? sql`` : sql`WITH CHECK (${sql.raw(check)})`}`.execute(db);
  }

  // The receipt queue: the declaring unit, stored when a unit queues.
  await sql`ALTER TABLE receipt_due ADD COLUMN unit_id uuid`.execute(db);
  await sql`
    CREATE FUNCTION canbao_receipt_due_unit() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      SELECT d.unit_id INTO NEW.unit_id FROM declaration d WHERE d.region_code = NEW.region_code AND d.id = NEW.declaration_id;
      RETURN NEW;
    END $$`.execute(db);
  await sql`REVOKE ALL ON FUNCTION canbao_receipt_due_unit() FROM PUBLIC`.execute(db);
  await sql`
    CREATE TRIGGER receipt_due_unit BEFORE INSERT OR UPDATE OF declaration_id, unit_id ON receipt_due
    FOR EACH ROW WHEN (canbao_unit() IS NOT NULL) EXECUTE FUNCTION canbao_receipt_due_unit()`.execute(db);
  await sql`DROP POLICY receipt_due_unit_insert ON receipt_due`.execute(db);
  await sql`
    CREATE POLICY receipt_due_unit_insert ON receipt_due FOR INSERT TO canbao_app
    WITH CHECK (region_code = canbao_region() AND canbao_unit() IS NOT NULL AND unit_id = canbao_unit())`.execute(db);

  await sql`
    CREATE OR REPLACE FUNCTION canbao_claim_removed_declaration(p_region text, p_person_id uuid, p_year integer) RETURNS uuid
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      v_id uuid;
    BEGIN
      IF p_region IS DISTINCT FROM canbao_region() OR canbao_unit() IS NULL THEN RETURN NULL; END IF;
      UPDATE declaration d SET unit_id = canbao_unit(), updated_at = now()
      WHERE d.region_code = p_region AND d.person_id = p_person_id AND d.insurance_year = p_year AND d.status = 'removed'
        AND EXISTS (SELECT 1 FROM person p WHERE p.region_code = p_region AND p.id = p_person_id AND p.unit_id = canbao_unit())
      RETURNING d.id INTO v_id;
      RETURN v_id;
    END $$`.execute(db);
  await sql`DROP FUNCTION canbao_unit_holds(text, uuid)`.execute(db);
  await sql`DROP FUNCTION canbao_unit_declares(text, uuid)`.execute(db);

  await importCreatePersons(db);
}

/** As in migration 20261203T1400, but the memberships carry their holder and the holder triggers keep replica on. */
async function importCreatePersons(db: Kysely<unknown>) {
  const su = await sql<{ rolsuper: boolean }>`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`.execute(db);
  const replica = su.rows[0]?.rolsuper ? sql`SET session_replication_role = replica` : sql``;
  await sql`
    CREATE OR REPLACE FUNCTION canbao_import_create_persons(p_region text, p_job_id uuid, p_started_on date) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp ${replica} AS $$
    DECLARE
      j import_job%ROWTYPE;
      codes text[];
      n integer;
    BEGIN
      SELECT * INTO j FROM import_job
      WHERE region_code = p_region AND id = p_job_id AND status = 'committing' AND unit_id IS NOT NULL
        AND p_region = canbao_region() AND (canbao_unit() IS NULL OR unit_id = canbao_unit());
      IF NOT FOUND THEN
        RAISE EXCEPTION 'import job % is not being committed in the caller''s scope', p_job_id USING ERRCODE = 'insufficient_privilege';
      END IF;

      -- A trigger of its own on these tables would not fire under replica: then run with every trigger. The holder
      -- triggers' work is done here (new persons, memberships held by the job's unit).
      IF current_setting('session_replication_role') = 'replica' AND EXISTS (
        SELECT 1 FROM pg_trigger WHERE tgrelid IN ('person'::regclass, 'person_membership'::regclass, 'import_row'::regclass) AND NOT tgisinternal
          AND tgname NOT IN ('person_holder_moved', 'person_membership_holder')) THEN
        PERFORM set_config('session_replication_role', 'origin', true);
      END IF;

      -- The references, once per distinct value, locked as the foreign-key triggers would lock them (on Citus the
      -- reference tables' rows are checked without a lock: migration 20261204T1100).
      IF to_regclass('pg_catalog.pg_dist_partition') IS NULL THEN
        PERFORM 1 FROM region WHERE code = j.region_code FOR KEY SHARE;
      END IF;
      PERFORM 1 FROM unit WHERE region_code = j.region_code AND id = j.unit_id FOR KEY SHARE;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'unit % is not of region %', j.unit_id, j.region_code USING ERRCODE = 'foreign_key_violation';
      END IF;
      SELECT array_agg(DISTINCT c) INTO codes
      FROM import_row r, LATERAL (VALUES (r.payload->>'hukou_district_code'), (r.payload->>'hukou_street_code')) v(c)
      WHERE r.region_code = j.region_code AND r.job_id = j.id AND r.outcome = 'new' AND c IS NOT NULL;
      IF codes IS NOT NULL AND to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL THEN
        PERFORM 1 FROM division WHERE code = ANY (codes);
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n <> cardinality(codes) THEN
          RAISE EXCEPTION 'a division named by import job % does not exist', j.id USING ERRCODE = 'foreign_key_violation';
        END IF;
      ELSIF codes IS NOT NULL THEN
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
        WHERE r.region_code = j.region_code AND r.job_id = j.id AND r.outcome = 'new'
        ON CONFLICT (region_code, document_type, document_number) DO NOTHING
        RETURNING id, document_type, document_number
      ), mem AS (
        INSERT INTO person_membership (region_code, person_id, unit_id, started_on, holder_unit_id)
        SELECT j.region_code, ins.id, j.unit_id, p_started_on, j.unit_id FROM ins
      ), upd AS (
        UPDATE import_row r SET person_id = ins.id, outcome = 'created'
        FROM ins WHERE r.region_code = j.region_code AND r.job_id = j.id AND r.outcome = 'new'
          AND r.document_type = ins.document_type AND r.document_number = ins.document_number
        RETURNING 1
      ) SELECT count(*) INTO n FROM upd;
      RETURN n;
    END $$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

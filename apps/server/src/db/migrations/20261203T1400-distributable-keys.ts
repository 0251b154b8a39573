import { sql, type Kysely } from 'kysely';

/**
 * The schema follows the rules Citus distributes by (issue 18, item 1), for the data already there as much as for
 * what comes: every region table (one with `region_code`, except the reference tables below) distributes by
 * `region_code`, colocated with all the others. db/distribution.ts lists the reference and local tables and
 * db/distribution.test.ts holds the migrated catalog to the rules; docs/scale.md explains them.
 *
 * Keys. Every primary key and unique constraint of a region table that did not start with `region_code` gets it in
 * front (`PRIMARY KEY (region_code, id)`, `UNIQUE (region_code, token)`, same names); the four unique indexes the
 * same (`person_membership_open_key`, `payment_notice_open_declaration_key`, `receipt_declaration_key` keep their
 * predicates; `app_user_username_key` becomes `(region_code, lower(username))`). Where a `(region_code, id)` unique
 * index already existed beside the old key (`declaration_region_id_key` of the ledger, `person_region_id_key` of
 * the deduction agreements) it becomes the primary key itself (`PRIMARY KEY USING INDEX`): one index fewer, and
 * the foreign keys built on it stay as they are. Found in the catalog, not listed, so no key is forgotten; the
 * migration fails if any is left.
 *
 * Foreign keys. Every foreign key between two region tables that did not match `region_code` to `region_code`
 * (`person_id → person(id)`, `unit_id → unit(id)`, …) is dropped before the keys change and added again after, as
 * `(region_code, x_id) REFERENCES t (region_code, id)` under its own name, with its ON DELETE / ON UPDATE actions,
 * deferrability and validation as they were (all NO ACTION today but three ON DELETE CASCADE: an import job's rows
 * and file chunks, a user's sessions). A row whose region differs from the row it references fails the migration:
 * every path writes the region of what it references, so there is none. A nullable reference (`unit_id` NULL) stays
 * unchecked, as before (MATCH SIMPLE).
 *
 * Lookups without the region. A scoped request reads every table under its region's policy, whose
 * `region_code = canbao_region()` makes the new keys usable as they are. System work (login and the session of
 * every request, the public pay page, channel notifications, receipts, public lookups) and the definer functions
 * read by the old columns alone; so the old columns keep a plain index where they are read that way, and only
 * there (each plain index is an entry more per row written):
 * - `unit (id)`, `app_user (id)`, `session (id)`, `person (id)`, `declaration (id)`, `payment_notice (id)`,
 *   `payment_order (id)`: joined and updated by id in those paths (declaration and person keep as many indexes as
 *   before: their `(region_code, id)` index became the key);
 * - `app_user (lower(username))` for the login, `payment_notice (token)` for the pay page, `payment_order
 *   (out_trade_no)` for the notification, `payment_notice (declaration_id) WHERE NOT cancelled` and `receipt
 *   (declaration_id) WHERE voided_at IS NULL` for the ledger's and the issuer's system paths.
 * `payment` gets none: written by every notification, where an index more cost a third of bench:pay (migration
 * 20261201T2200); the one public read of it by id alone (the receipt check) names the region now.
 *
 * What stays unique across regions, and how:
 * - Usernames: globally unique (one login page for every region; the login looks a name up without a region).
 *   `login_name` (a reference table: username, region) holds every name of every region, unique by
 *   `lower(username)`; each account references its name (`(region_code, username) → login_name`), so no account
 *   exists without its claim on the name. An account is created with its name in one transaction
 *   (users.repository insertUser); a name another region holds answers 409 like one of the own region.
 * - Session ids (the hash of the cookie's 256 random bits): unique per region by the key, globally by construction.
 * - Payment notice tokens (the QR code's 128 random bits): unique per region `(region_code, token)`, globally by
 *   construction; the pay page finds a token without a region.
 * - Channel order numbers: `payment_order.out_trade_no` unique per region; the number starts with `CB` and the
 *   region code, so per region is globally. `family_order.out_trade_no` was already so.
 * - Receipt numbers (region code, year, serial), terminal ids and settlement numbers were already unique per region,
 *   the first two starting with the region code; a receipt's verification code was never unique (checked with its
 *   number). A channel's transaction id is unique per region and channel (as before).
 *
 * Policies. Citus refuses every policy of a distributed or reference table that holds a sub-select — any SubLink,
 * whatever it reads, `(SELECT canbao_region())` included — so the four that had one are rewritten:
 * - `import_row_scope` and `receipt_due_scope` call `canbao_region()` / `canbao_unit()` directly again (the
 *   sub-selects only evaluated the settings once per statement, migration 20261126T1200: now it is once per row,
 *   about 1 µs; a 100,000-row enrollment import measured 12.7 s instead of 12.0 s on PostgreSQL here);
 * - `receipt_due_unit_insert` asks `canbao_unit_declares(region, declaration)` (definer rights, by primary key)
 *   instead of selecting the declaration: the same answer, the unit's own declaration;
 * - `audit_sample_scope`: a unit sees the samples holding one of its items through the sample's own
 *   `item_unit_ids`, written with the draw (a sample and its items never change) instead of a query of the items.
 * The policies calling `canbao_unit_holds(person)` pass the row's region now (found in the catalog).
 *
 * Definer functions. Every SECURITY DEFINER function is PL/pgSQL and takes the region first (`p_region text`),
 * joins on the region and answers nothing for another region than the caller's (`canbao_region()`): Citus plans
 * their statements on the region (the SQL-language ones failed with "could not create distributed plan") and can
 * delegate a call to the region's worker. Same answers, same checks; the app passes its scope's region.
 *
 * Not here (docs/scale.md): audit_log's append-only trigger needs `citus.enable_unsafe_triggers` on Citus.
 */

/** Tables with region_code that are not distributed (db/distribution.ts REFERENCE_TABLES, as of this migration). */
const REFERENCE_TABLES = ['region', 'division', 'policy_profile', 'login_name'];
const ACTIONS: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

const list = (names: readonly string[]) => sql.join(names.map((n) => sql.id(n)));

async function regionTables(db: Kysely<unknown>): Promise<Set<string>> {
  const { rows } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'region_code' AND NOT a.attisdropped
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')`.execute(db);
  return new Set(rows.map((r) => r.name).filter((n) => !REFERENCE_TABLES.includes(n)));
}

type ForeignKey = {
  name: string;
  src: string;
  dst: string;
  cols: string[];
  refcols: string[];
  del_set_cols: string[];
  del: string;
  upd: string;
  match: string;
  deferrable: boolean;
  deferred: boolean;
  validated: boolean;
};

async function foreignKeys(db: Kysely<unknown>): Promise<ForeignKey[]> {
  const names = (rel: string, keys: string) => sql.raw(`ARRAY(SELECT a.attname::text FROM unnest(con.${keys}) WITH ORDINALITY k(n, i)
      JOIN pg_attribute a ON a.attrelid = con.${rel} AND a.attnum = k.n ORDER BY k.i)`);
  const { rows } = await sql<ForeignKey>`
    SELECT con.conname AS name, src.relname AS src, dst.relname AS dst,
           ${names('conrelid', 'conkey')} AS cols, ${names('confrelid', 'confkey')} AS refcols,
           ${names('conrelid', 'confdelsetcols')} AS del_set_cols,
           con.confdeltype::text AS del, con.confupdtype::text AS upd, con.confmatchtype::text AS match,
           con.condeferrable AS deferrable, con.condeferred AS deferred, con.convalidated AS validated
    FROM pg_constraint con
    JOIN pg_class src ON src.oid = con.conrelid
    JOIN pg_class dst ON dst.oid = con.confrelid
    WHERE con.contype = 'f' AND con.connamespace = 'public'::regnamespace
    ORDER BY con.conname`.execute(db);
  return rows;
}

/** The foreign key again with region_code matched first, every property kept. */
function compositeForeignKey(f: ForeignKey) {
  if (f.match === 'f') throw new Error(`${f.name}: MATCH FULL cannot take region_code in front (a NULL reference would violate it)`);
  const setCols = f.del === 'n' || f.del === 'd' ? (f.del_set_cols.length ? f.del_set_cols : f.cols) : [];
  const onDelete = setCols.length ? sql`${sql.raw(ACTIONS[f.del]!)} (${list(setCols)})` : sql.raw(ACTIONS[f.del]!);
  const deferrable = f.deferrable ? sql.raw(f.deferred ? ' DEFERRABLE INITIALLY DEFERRED' : ' DEFERRABLE INITIALLY IMMEDIATE') : sql``;
  return sql`ALTER TABLE ${sql.table(f.src)} ADD CONSTRAINT ${sql.id(f.name)}
    FOREIGN KEY (region_code, ${list(f.cols)}) REFERENCES ${sql.table(f.dst)} (region_code, ${list(f.refcols)})
    ON DELETE ${onDelete} ON UPDATE ${sql.raw(ACTIONS[f.upd]!)}${deferrable}${f.validated ? sql`` : sql` NOT VALID`}`;
}

/** Unique indexes (of constraints or not) of region tables whose first column is not region_code. */
async function offendingKeys(db: Kysely<unknown>, tables: Set<string>) {
  const { rows } = await sql<{ tbl: string; index_name: string; constraint_name: string | null; contype: string | null; cols: string[]; deferrable: boolean | null; deferred: boolean | null }>`
    SELECT c.relname AS tbl, i.relname AS index_name, con.conname AS constraint_name, con.contype::text AS contype,
           ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(n, o)
                 JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n ORDER BY k.o) AS cols,
           con.condeferrable AS deferrable, con.condeferred AS deferred
    FROM pg_index x
    JOIN pg_class c ON c.oid = x.indrelid
    JOIN pg_class i ON i.oid = x.indexrelid
    LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u')
    WHERE x.indisunique AND c.relnamespace = 'public'::regnamespace
      AND x.indkey[0] IS DISTINCT FROM (SELECT a.attnum FROM pg_attribute a WHERE a.attrelid = x.indrelid AND a.attname = 'region_code')
    ORDER BY 1, 2`.execute(db);
  return rows.filter((r) => tables.has(r.tbl));
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const tables = await regionTables(db);

  // 1. The foreign keys between region tables that do not match region_code, dropped before the keys change.
  const rekeyed = (await foreignKeys(db)).filter((f) => {
    if (!tables.has(f.src) || !tables.has(f.dst)) return false;
    const at = f.cols.indexOf('region_code');
    return at < 0 || f.refcols[at] !== 'region_code';
  });
  for (const f of rekeyed) await sql`ALTER TABLE ${sql.table(f.src)} DROP CONSTRAINT ${sql.id(f.name)}`.execute(db);

  // 2. Primary keys and unique constraints: region_code in front, same names.
  const { rows: plainUnique } = await sql<{ tbl: string; index_name: string; cols: string[] }>`
    SELECT c.relname AS tbl, i.relname AS index_name,
           ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(n, o)
                 JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n ORDER BY k.o) AS cols
    FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
    WHERE x.indisunique AND x.indpred IS NULL AND x.indexprs IS NULL AND c.relnamespace = 'public'::regnamespace
      AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x'))`.execute(db);
  for (const k of await offendingKeys(db, tables)) {
    if (k.contype === 'p') {
      const wanted = ['region_code', ...k.cols].join(',');
      const existing = plainUnique.find((u) => u.tbl === k.tbl && u.cols.join(',') === wanted);
      await sql`ALTER TABLE ${sql.table(k.tbl)} DROP CONSTRAINT ${sql.id(k.constraint_name!)}`.execute(db);
      if (existing) {
        await sql`ALTER TABLE ${sql.table(k.tbl)} ADD CONSTRAINT ${sql.id(k.constraint_name!)} PRIMARY KEY USING INDEX ${sql.id(existing.index_name)}`.execute(db);
      } else {
        await sql`ALTER TABLE ${sql.table(k.tbl)} ADD CONSTRAINT ${sql.id(k.constraint_name!)} PRIMARY KEY (region_code, ${list(k.cols)})`.execute(db);
      }
    } else if (k.contype === 'u') {
      const deferrable = k.deferrable ? sql.raw(k.deferred ? ' DEFERRABLE INITIALLY DEFERRED' : ' DEFERRABLE INITIALLY IMMEDIATE') : sql``;
      await sql`ALTER TABLE ${sql.table(k.tbl)} DROP CONSTRAINT ${sql.id(k.constraint_name!)},
        ADD CONSTRAINT ${sql.id(k.constraint_name!)} UNIQUE (region_code, ${list(k.cols)})${deferrable}`.execute(db);
    }
  }

  // 3. The unique indexes with expressions or predicates, one by one.
  await sql`DROP INDEX app_user_username_key`.execute(db);
  await sql`CREATE UNIQUE INDEX app_user_username_key ON app_user (region_code, lower(username))`.execute(db);
  await sql`DROP INDEX person_membership_open_key`.execute(db);
  await sql`CREATE UNIQUE INDEX person_membership_open_key ON person_membership (region_code, person_id) WHERE ended_on IS NULL`.execute(db);
  await sql`DROP INDEX payment_notice_open_declaration_key`.execute(db);
  await sql`CREATE UNIQUE INDEX payment_notice_open_declaration_key ON payment_notice (region_code, declaration_id) WHERE NOT cancelled`.execute(db);
  await sql`DROP INDEX receipt_declaration_key`.execute(db);
  await sql`CREATE UNIQUE INDEX receipt_declaration_key ON receipt (region_code, declaration_id) WHERE voided_at IS NULL`.execute(db);

  const left = await offendingKeys(db, tables);
  if (left.length) throw new Error(`unique keys not starting with region_code: ${left.map((k) => `${k.tbl}.${k.index_name}`).join(', ')}`);

  // 4. The foreign keys again, composite.
  for (const f of rekeyed) await compositeForeignKey(f).execute(db);

  // 5. Plain indexes for the lookups by the old columns alone (see above).
  await sql`CREATE INDEX unit_id_idx ON unit (id)`.execute(db);
  await sql`CREATE INDEX app_user_id_idx ON app_user (id)`.execute(db);
  await sql`CREATE INDEX app_user_username_idx ON app_user (lower(username))`.execute(db);
  await sql`CREATE INDEX session_id_idx ON session (id)`.execute(db);
  await sql`CREATE INDEX person_id_idx ON person (id)`.execute(db);
  await sql`CREATE INDEX declaration_id_idx ON declaration (id)`.execute(db);
  await sql`CREATE INDEX payment_notice_id_idx ON payment_notice (id)`.execute(db);
  await sql`CREATE INDEX payment_notice_token_idx ON payment_notice (token)`.execute(db);
  await sql`CREATE INDEX payment_notice_declaration_idx ON payment_notice (declaration_id) WHERE NOT cancelled`.execute(db);
  await sql`CREATE INDEX payment_order_id_idx ON payment_order (id)`.execute(db);
  await sql`CREATE INDEX payment_order_out_trade_no_idx ON payment_order (out_trade_no)`.execute(db);
  await sql`CREATE INDEX receipt_declaration_idx ON receipt (declaration_id) WHERE voided_at IS NULL`.execute(db);

  // 6. Usernames across regions.
  await sql`
    CREATE TABLE login_name (
      region_code text NOT NULL REFERENCES region (code),
      username text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT login_name_pkey PRIMARY KEY (region_code, username)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX login_name_lower_key ON login_name (lower(username))`.execute(db);
  await sql`INSERT INTO login_name (region_code, username, created_at) SELECT region_code, username, created_at FROM app_user`.execute(db);
  await sql`ALTER TABLE app_user ADD CONSTRAINT app_user_login_name_fkey FOREIGN KEY (region_code, username) REFERENCES login_name (region_code, username)`.execute(db);
  // An agency creates its region's accounts in its scope; nobody reads the names of other regions.
  await sql`GRANT INSERT ON login_name TO canbao_app`.execute(db);
  await sql`ALTER TABLE login_name ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY login_name_insert ON login_name FOR INSERT TO canbao_app
    WITH CHECK (region_code = canbao_region() AND canbao_unit() IS NULL)`.execute(db);

  await definerFunctions(db);
  await policies(db);
}

async function grant(db: Kysely<unknown>, signature: string) {
  await sql`REVOKE ALL ON FUNCTION ${sql.raw(signature)} FROM PUBLIC`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION ${sql.raw(signature)} TO canbao_app`.execute(db);
}

/** Every definer function again in PL/pgSQL, the region first; the old signatures go. */
async function definerFunctions(db: Kysely<unknown>) {
  // Policies: does the caller's unit hold the person / own the declaration? By primary key, in the row's region.
  await sql`
    CREATE FUNCTION canbao_unit_holds(p_region text, p_person_id uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      RETURN p_region = canbao_region() AND EXISTS (
        SELECT 1 FROM person p WHERE p.region_code = p_region AND p.id = p_person_id AND p.unit_id = canbao_unit());
    END $$`.execute(db);
  await grant(db, 'canbao_unit_holds(text, uuid)');
  await sql`
    CREATE FUNCTION canbao_unit_declares(p_region text, p_declaration_id uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      RETURN p_region = canbao_region() AND EXISTS (
        SELECT 1 FROM declaration d WHERE d.region_code = p_region AND d.id = p_declaration_id AND d.unit_id = canbao_unit());
    END $$`.execute(db);
  await grant(db, 'canbao_unit_declares(text, uuid)');

  await sql`DROP FUNCTION canbao_person_holder(text, text)`.execute(db);
  await sql`
    CREATE FUNCTION canbao_person_holder(p_region text, p_document_type text, p_document_number text)
    RETURNS TABLE (person_id uuid, unit_id uuid, unit_name text, person_name text, status text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      IF p_region IS DISTINCT FROM canbao_region() THEN RETURN; END IF;
      RETURN QUERY
        SELECT p.id, p.unit_id, u.name, p.name, p.status
        FROM person p LEFT JOIN unit u ON u.region_code = p.region_code AND u.id = p.unit_id
        WHERE p.region_code = p_region AND p.document_type = p_document_type AND p.document_number = p_document_number;
    END $$`.execute(db);
  await grant(db, 'canbao_person_holder(text, text, text)');

  await sql`DROP FUNCTION canbao_claim_stopped_person(uuid)`.execute(db);
  await sql`
    CREATE FUNCTION canbao_claim_stopped_person(p_region text, p_person_id uuid) RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      IF p_region IS DISTINCT FROM canbao_region() OR canbao_unit() IS NULL THEN RETURN false; END IF;
      UPDATE person p SET unit_id = canbao_unit(), status = 'active', stop_reason = NULL,
             stopped_from_unit_id = NULL, stopped_on = NULL, updated_at = now()
      WHERE p.region_code = p_region AND p.id = p_person_id AND p.status = 'stopped';
      RETURN FOUND;
    END $$`.execute(db);
  await grant(db, 'canbao_claim_stopped_person(text, uuid)');

  await sql`DROP FUNCTION canbao_release_person(uuid, text, date)`.execute(db);
  await sql`
    CREATE FUNCTION canbao_release_person(p_region text, p_person_id uuid, p_reason text, p_on date) RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      IF p_region IS DISTINCT FROM canbao_region() THEN RETURN false; END IF;
      UPDATE person p SET stopped_from_unit_id = p.unit_id, stopped_on = p_on,
             unit_id = NULL, status = 'stopped', stop_reason = p_reason, updated_at = now()
      WHERE p.region_code = p_region AND p.id = p_person_id AND p.status = 'active'
        AND (canbao_unit() IS NULL OR p.unit_id = canbao_unit());
      RETURN FOUND;
    END $$`.execute(db);
  await grant(db, 'canbao_release_person(text, uuid, text, date)');

  await sql`DROP FUNCTION canbao_import_holders(uuid)`.execute(db);
  await sql`
    CREATE FUNCTION canbao_import_holders(p_region text, p_job_id uuid)
    RETURNS TABLE (seq integer, person_id uuid, unit_id uuid, unit_name text, status text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      IF p_region IS DISTINCT FROM canbao_region() THEN RETURN; END IF;
      RETURN QUERY
        SELECT r.seq, p.id, p.unit_id, u.name, p.status
        FROM import_job j
        JOIN import_row r ON r.region_code = j.region_code AND r.job_id = j.id
        JOIN person p ON p.region_code = r.region_code AND p.document_type = r.document_type AND p.document_number = r.document_number
        LEFT JOIN unit u ON u.region_code = p.region_code AND u.id = p.unit_id
        WHERE j.region_code = p_region AND j.id = p_job_id AND (canbao_unit() IS NULL OR j.unit_id = canbao_unit());
    END $$`.execute(db);
  await grant(db, 'canbao_import_holders(text, uuid)');

  await sql`DROP FUNCTION canbao_import_claim_stopped(uuid)`.execute(db);
  await sql`
    CREATE FUNCTION canbao_import_claim_stopped(p_region text, p_job_id uuid) RETURNS TABLE (seq integer, person_id uuid)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      IF p_region IS DISTINCT FROM canbao_region() THEN RETURN; END IF;
      RETURN QUERY
        WITH claimed AS (
          UPDATE person p SET unit_id = j.unit_id, status = 'active', stop_reason = NULL,
                 stopped_from_unit_id = NULL, stopped_on = NULL, updated_at = now()
          FROM import_job j JOIN import_row r ON r.region_code = j.region_code AND r.job_id = j.id
          WHERE j.region_code = p_region AND j.id = p_job_id AND j.unit_id IS NOT NULL
            AND (canbao_unit() IS NULL OR j.unit_id = canbao_unit())
            AND r.outcome = 'transfer_in' AND p.region_code = j.region_code AND p.id = r.person_id AND p.status = 'stopped'
          RETURNING r.seq, p.id)
        SELECT c.seq, c.id FROM claimed c;
    END $$`.execute(db);
  await grant(db, 'canbao_import_claim_stopped(text, uuid)');

  // The import's set-based writers keep their settings (session_replication_role = replica when the migrating
  // user is a superuser, migration 20261126T1200).
  const su = await sql<{ rolsuper: boolean }>`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`.execute(db);
  const replica = su.rows[0]?.rolsuper ? sql`SET session_replication_role = replica` : sql``;
  await sql`DROP FUNCTION canbao_import_create_persons(uuid, date)`.execute(db);
  await sql`
    CREATE FUNCTION canbao_import_create_persons(p_region text, p_job_id uuid, p_started_on date) RETURNS integer
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

      -- A trigger of its own on these tables would not fire under replica: then run with every trigger.
      IF current_setting('session_replication_role') = 'replica' AND EXISTS (
        SELECT 1 FROM pg_trigger WHERE tgrelid IN ('person'::regclass, 'person_membership'::regclass, 'import_row'::regclass) AND NOT tgisinternal) THEN
        PERFORM set_config('session_replication_role', 'origin', true);
      END IF;

      -- The references, once per distinct value, locked as the foreign-key triggers would lock them.
      PERFORM 1 FROM region WHERE code = j.region_code FOR KEY SHARE;
      PERFORM 1 FROM unit WHERE region_code = j.region_code AND id = j.unit_id FOR KEY SHARE;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'unit % is not of region %', j.unit_id, j.region_code USING ERRCODE = 'foreign_key_violation';
      END IF;
      SELECT array_agg(DISTINCT c) INTO codes
      FROM import_row r, LATERAL (VALUES (r.payload->>'hukou_district_code'), (r.payload->>'hukou_street_code')) v(c)
      WHERE r.region_code = j.region_code AND r.job_id = j.id AND r.outcome = 'new' AND c IS NOT NULL;
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
        WHERE r.region_code = j.region_code AND r.job_id = j.id AND r.outcome = 'new'
        ON CONFLICT (region_code, document_type, document_number) DO NOTHING
        RETURNING id, document_type, document_number
      ), mem AS (
        INSERT INTO person_membership (region_code, person_id, unit_id, started_on)
        SELECT j.region_code, ins.id, j.unit_id, p_started_on FROM ins
      ), upd AS (
        UPDATE import_row r SET person_id = ins.id, outcome = 'created'
        FROM ins WHERE r.region_code = j.region_code AND r.job_id = j.id AND r.outcome = 'new'
          AND r.document_type = ins.document_type AND r.document_number = ins.document_number
        RETURNING 1
      ) SELECT count(*) INTO n FROM upd;
      RETURN n;
    END $$`.execute(db);
  await grant(db, 'canbao_import_create_persons(text, uuid, date)');

  await sql`DROP FUNCTION canbao_import_audit(uuid, jsonb, uuid, text, text, text, text)`.execute(db);
  await sql`
    CREATE FUNCTION canbao_import_audit(p_region text, p_job_id uuid, p_actions jsonb, p_actor_user_id uuid, p_actor_username text,
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
      PERFORM 1 FROM region WHERE code = j.region_code FOR KEY SHARE;

      INSERT INTO audit_log (region_code, unit_id, actor_user_id, actor_username, actor_role, action, entity_type, entity_id, after, request_id, ip)
      SELECT j.region_code, r.unit_id, p_actor_user_id, p_actor_username, p_actor_role, p_actions ->> r.outcome, 'person', r.person_id::text,
             jsonb_build_object('importJobId', r.job_id, 'sheet', r.sheet, 'row', r.row_no), p_request_id, p_ip
      FROM import_row r WHERE r.region_code = j.region_code AND r.job_id = j.id AND r.person_id IS NOT NULL AND p_actions ->> r.outcome IS NOT NULL;
      GET DIAGNOSTICS n = ROW_COUNT;
      RETURN n;
    END $$`.execute(db);
  await grant(db, 'canbao_import_audit(text, uuid, jsonb, uuid, text, text, text, text)');

  await sql`DROP FUNCTION canbao_declaration_holder(uuid, integer)`.execute(db);
  await sql`
    CREATE FUNCTION canbao_declaration_holder(p_region text, p_person_id uuid, p_year integer)
    RETURNS TABLE (unit_name text, status text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      IF p_region IS DISTINCT FROM canbao_region() THEN RETURN; END IF;
      RETURN QUERY
        SELECT coalesce(u.name, '个人（家庭）申报'), d.status
        FROM declaration d LEFT JOIN unit u ON u.region_code = d.region_code AND u.id = d.unit_id
        WHERE d.region_code = p_region AND d.person_id = p_person_id AND d.insurance_year = p_year;
    END $$`.execute(db);
  await grant(db, 'canbao_declaration_holder(text, uuid, integer)');

  await sql`DROP FUNCTION canbao_claim_removed_declaration(uuid, integer)`.execute(db);
  await sql`
    CREATE FUNCTION canbao_claim_removed_declaration(p_region text, p_person_id uuid, p_year integer) RETURNS uuid
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      v_id uuid;
    BEGIN
      IF p_region IS DISTINCT FROM canbao_region() OR canbao_unit() IS NULL THEN RETURN NULL; END IF;
      UPDATE declaration d SET unit_id = canbao_unit(), updated_at = now()
      WHERE d.region_code = p_region AND d.person_id = p_person_id AND d.insurance_year = p_year
        AND d.status = 'removed' AND canbao_unit_holds(p_region, p_person_id)
      RETURNING d.id INTO v_id;
      RETURN v_id;
    END $$`.execute(db);
  await grant(db, 'canbao_claim_removed_declaration(text, uuid, integer)');

  await sql`DROP FUNCTION canbao_declaration_money(uuid[])`.execute(db);
  await sql`
    CREATE FUNCTION canbao_declaration_money(p_region text, p_ids uuid[])
    RETURNS TABLE (declaration_id uuid, received bigint, refunded bigint, pending bigint, last_paid_at timestamptz)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      IF p_region IS DISTINCT FROM canbao_region() THEN RETURN; END IF;
      RETURN QUERY
        SELECT d.id,
               (coalesce((SELECT sum(p.amount_fen) FROM payment p WHERE p.region_code = d.region_code AND p.declaration_id = d.id), 0)
              + coalesce((SELECT sum(a.amount_fen) FROM payment_allocation a WHERE a.region_code = d.region_code AND a.declaration_id = d.id), 0))::bigint,
               coalesce((SELECT sum(r.amount_fen) FROM refund r WHERE r.region_code = d.region_code AND r.declaration_id = d.id AND r.status = 'refunded'), 0)::bigint,
               coalesce((SELECT sum(r.amount_fen) FROM refund r WHERE r.region_code = d.region_code AND r.declaration_id = d.id AND r.status IN ('requested', 'approved')), 0)::bigint,
               greatest((SELECT max(p.paid_at) FROM payment p WHERE p.region_code = d.region_code AND p.declaration_id = d.id),
                        (SELECT max(p.paid_at) FROM payment_allocation a JOIN payment p ON p.region_code = a.region_code AND p.id = a.payment_id
                         WHERE a.region_code = d.region_code AND a.declaration_id = d.id))
        FROM declaration d
        WHERE d.region_code = p_region AND d.id = ANY (p_ids) AND (canbao_unit() IS NULL OR d.unit_id = canbao_unit());
    END $$`.execute(db);
  await grant(db, 'canbao_declaration_money(text, uuid[])');

  await sql`DROP FUNCTION canbao_roster_stages(uuid, integer)`.execute(db);
  await sql`
    CREATE FUNCTION canbao_roster_stages(p_region text, p_unit uuid, p_year integer)
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
                 (SELECT n.created_at FROM payment_notice n WHERE n.region_code = d.region_code AND n.declaration_id = d.id AND NOT n.cancelled ORDER BY n.created_at DESC LIMIT 1)
          FROM person p
          JOIN declaration d ON d.region_code = p.region_code AND d.insurance_year = p_year AND d.person_id = p.id
          WHERE p.region_code = p_region AND p.unit_id = p_unit AND p.status = 'active';
      ELSIF v_unit IS NOT NULL THEN
        RETURN QUERY
          SELECT d.person_id, d.id, d.status,
                 (SELECT n.created_at FROM payment_notice n WHERE n.region_code = d.region_code AND n.declaration_id = d.id AND NOT n.cancelled ORDER BY n.created_at DESC LIMIT 1)
          FROM person p
          JOIN declaration d ON d.region_code = p.region_code AND d.insurance_year = p_year AND d.person_id = p.id
          WHERE p.region_code = p_region AND p.unit_id = v_unit AND p.status = 'active';
      ELSE
        RETURN QUERY
          SELECT d.person_id, d.id, d.status,
                 (SELECT n.created_at FROM payment_notice n WHERE n.region_code = d.region_code AND n.declaration_id = d.id AND NOT n.cancelled ORDER BY n.created_at DESC LIMIT 1)
          FROM person p
          JOIN declaration d ON d.region_code = p.region_code AND d.insurance_year = p_year AND d.person_id = p.id
          WHERE p.region_code = p_region AND p.unit_id IS NOT NULL AND p.status = 'active';
      END IF;
    END $$`.execute(db);
  await grant(db, 'canbao_roster_stages(text, uuid, integer)');
}

/** The policies Citus refuses, rewritten; the ones calling canbao_unit_holds(person) pass the row's region. */
async function policies(db: Kysely<unknown>) {
  await sql`DROP POLICY import_row_scope ON import_row`.execute(db);
  await sql`
    CREATE POLICY import_row_scope ON import_row TO canbao_app
    USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR unit_id = canbao_unit()))`.execute(db);
  await sql`DROP POLICY receipt_due_scope ON receipt_due`.execute(db);
  await sql`
    CREATE POLICY receipt_due_scope ON receipt_due TO canbao_app
    USING (region_code = canbao_region() AND canbao_unit() IS NULL)`.execute(db);
  await sql`DROP POLICY receipt_due_unit_insert ON receipt_due`.execute(db);
  await sql`
    CREATE POLICY receipt_due_unit_insert ON receipt_due FOR INSERT TO canbao_app
    WITH CHECK (region_code = canbao_region() AND canbao_unit() IS NOT NULL AND canbao_unit_declares(region_code, declaration_id))`.execute(db);

  // The units holding an item of a sample, written with the draw; a sample and its items never change.
  await sql`ALTER TABLE audit_sample ADD COLUMN item_unit_ids uuid[] NOT NULL DEFAULT '{}'`.execute(db);
  await sql`
    UPDATE audit_sample s SET item_unit_ids = i.units
    FROM (SELECT region_code, sample_id, array_agg(DISTINCT unit_id ORDER BY unit_id) AS units FROM audit_sample_item GROUP BY 1, 2) i
    WHERE i.region_code = s.region_code AND i.sample_id = s.id`.execute(db);
  await sql`DROP POLICY audit_sample_scope ON audit_sample`.execute(db);
  await sql`
    CREATE POLICY audit_sample_scope ON audit_sample TO canbao_app
    USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR canbao_unit() = ANY (item_unit_ids)))`.execute(db);

  const { rows } = await sql<{ tbl: string; name: string; permissive: string; roles: string[]; cmd: string; qual: string | null; with_check: string | null }>`
    SELECT tablename AS tbl, policyname AS name, permissive, roles::text[] AS roles, cmd, qual, with_check
    FROM pg_policies
    WHERE schemaname = 'public' AND (qual LIKE '%canbao_unit_holds(%' OR with_check LIKE '%canbao_unit_holds(%')
    ORDER BY 1, 2`.execute(db);
  const widen = (e: string | null) => (e === null ? null : e.replace(/canbao_unit_holds\(/g, 'canbao_unit_holds(region_code, '));
  for (const p of rows) {
    const using = widen(p.qual);
    const check = widen(p.with_check);
    await sql`DROP POLICY ${sql.id(p.name)} ON ${sql.table(p.tbl)}`.execute(db);
    await sql`
      CREATE POLICY ${sql.id(p.name)} ON ${sql.table(p.tbl)} AS ${sql.raw(p.permissive)} FOR ${sql.raw(p.cmd)}
      TO ${sql.join(p.roles.map((r) => sql.id(r)))}
      ${using === null ? sql`` : sql`USING (${sql.raw(using)})`} ${check === null ? sql`` : sql`WITH CHECK (${sql.raw(check)})`}`.execute(db);
  }
  await sql`DROP FUNCTION canbao_unit_holds(uuid)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

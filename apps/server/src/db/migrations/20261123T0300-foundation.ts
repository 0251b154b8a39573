import { sql, type Kysely } from 'kysely';

/**
 * Foundation: regions, divisions, units, accounts, sessions, login throttling, audit trail, and the row-level
 * security that scopes every request to its region and (for unit operators) its unit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // The non-superuser role each scoped request switches to. Roles are cluster-wide on PostgreSQL, so several
  // databases (tests, other cities) share it; creating it twice at once is not an error.
  await sql`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'canbao_app') THEN
        CREATE ROLE canbao_app NOLOGIN NOSUPERUSER NOINHERIT NOBYPASSRLS;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`.execute(db);
  // The connecting user must be allowed to SET ROLE canbao_app; a superuser always is.
  await sql`
    DO $$
    BEGIN
      IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT canbao_app TO %I', current_user);
      END IF;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE WARNING 'could not grant canbao_app to %: grant it as a superuser', current_user;
    END $$`.execute(db);

  await sql`
    CREATE FUNCTION canbao_region() RETURNS text LANGUAGE sql STABLE AS
      $$ SELECT nullif(current_setting('canbao.region', true), '') $$`.execute(db);
  await sql`
    CREATE FUNCTION canbao_unit() RETURNS uuid LANGUAGE sql STABLE AS
      $$ SELECT nullif(current_setting('canbao.unit', true), '')::uuid $$`.execute(db);

  await db.schema
    .createTable('region')
    .addColumn('code', 'text', (c) => c.primaryKey().check(sql`code ~ '^[0-9]{6}$'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('agency_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('division')
    .addColumn('code', 'text', (c) => c.primaryKey().check(sql`code ~ '^[0-9]{6}([0-9]{3})?$'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level IN ('province','city','district','street')`))
    .addColumn('parent_code', 'text', (c) => c.references('division.code'))
    .execute();
  await db.schema.createIndex('division_parent_code_idx').on('division').column('parent_code').execute();

  await db.schema
    .createTable('unit')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('region_code', 'text', (c) => c.notNull().references('region.code'))
    .addColumn('district_code', 'text', (c) => c.notNull().references('division.code'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('address', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('unit_region_name_key', ['region_code', 'name'])
    .addCheckConstraint(
      'unit_kind_check',
      sql`kind IN ('primary','middle','high','vocational','university','kindergarten','community_office','street_office','village_committee','welfare_home')`,
    )
    .execute();

  await db.schema
    .createTable('app_user')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('region_code', 'text', (c) => c.notNull().references('region.code'))
    .addColumn('unit_id', 'uuid', (c) => c.references('unit.id'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('is_disabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('must_change_password', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('failed_login_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('last_login_at', 'timestamptz')
    .addColumn('password_changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('app_user_role_check', sql`role IN ('agency_admin','unit_operator','collector','viewer')`)
    .addCheckConstraint('app_user_unit_check', sql`(role = 'unit_operator') = (unit_id IS NOT NULL)`)
    .execute();
  // Usernames are unique regardless of case, so 'School1' cannot shadow 'school1'.
  await sql`CREATE UNIQUE INDEX app_user_username_key ON app_user (lower(username))`.execute(db);
  await db.schema.createIndex('app_user_region_unit_idx').on('app_user').columns(['region_code', 'unit_id']).execute();

  await db.schema
    .createTable('session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('region_code', 'text', (c) => c.notNull().references('region.code'))
    .addColumn('unit_id', 'uuid', (c) => c.references('unit.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('session_user_id_idx').on('session').column('user_id').execute();
  await db.schema.createIndex('session_expires_at_idx').on('session').column('expires_at').execute();

  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('locked_until', 'timestamptz')
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('region_code', 'text', (c) => c.notNull().references('region.code'))
    .addColumn('unit_id', 'uuid')
    .addColumn('actor_user_id', 'uuid')
    .addColumn('actor_username', 'text')
    .addColumn('actor_role', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('request_id', 'text')
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('audit_log_region_at_idx').on('audit_log').columns(['region_code', 'at desc']).execute();
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity_type', 'entity_id']).execute();
  await sql`
    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_log_append_only_trg BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);

  // Grants: what a scoped request may touch at all. Row-level security below decides which rows.
  await sql`GRANT USAGE ON SCHEMA public TO canbao_app`.execute(db);
  await sql`GRANT SELECT ON region, division TO canbao_app`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE ON unit, app_user TO canbao_app`.execute(db);
  await sql`GRANT SELECT, DELETE ON session TO canbao_app`.execute(db);
  await sql`GRANT SELECT, INSERT ON audit_log TO canbao_app`.execute(db);
  await sql`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO canbao_app`.execute(db);

  await sql`ALTER TABLE region ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY region_scope ON region TO canbao_app USING (code = canbao_region())`.execute(db);

  await sql`ALTER TABLE unit ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY unit_scope ON unit TO canbao_app
    USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR id = canbao_unit()))`.execute(db);

  for (const table of ['app_user', 'session', 'audit_log']) {
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY ${sql.id(`${table}_scope`)} ON ${sql.table(table)} TO canbao_app
      USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR unit_id = canbao_unit()))`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

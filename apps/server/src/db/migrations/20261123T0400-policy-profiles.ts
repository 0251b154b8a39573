import { sql, type Kysely } from 'kysely';

/**
 * Policy profiles: each region's rules for one insurance year as versioned JSON (validated by the domain's
 * ZPolicyProfile). A change never overwrites: it adds the next version. Anyone may read (the public fee quote);
 * only the agency of the profile's region may add versions.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('policy_profile')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('profile_key', 'text', (c) => c.notNull())
    .addColumn('insurance_year', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'uuid')
    .addColumn('created_by_username', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('policy_profile_key_version_key', ['profile_key', 'version'])
    .addCheckConstraint('policy_profile_version_check', sql`version >= 1`)
    .execute();
  await db.schema.createIndex('policy_profile_region_year_idx').on('policy_profile').columns(['region_code', 'insurance_year']).execute();

  await sql`GRANT SELECT, INSERT ON policy_profile TO canbao_app`.execute(db);
  await sql`ALTER TABLE policy_profile ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY policy_profile_read ON policy_profile FOR SELECT TO canbao_app USING (true)`.execute(db);
  await sql`
    CREATE POLICY policy_profile_write ON policy_profile FOR INSERT TO canbao_app
    WITH CHECK (region_code = canbao_region() AND canbao_unit() IS NULL)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

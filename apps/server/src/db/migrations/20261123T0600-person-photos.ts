import { sql, type Kysely } from 'kysely';

/** Person photos for card production (Suzhou: children aged 7 and over need one). One current photo per person. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('person_photo')
    .addColumn('person_id', 'uuid', (c) => c.primaryKey().references('person.id'))
    .addColumn('region_code', 'text', (c) => c.notNull().references('region.code'))
    .addColumn('mime', 'text', (c) => c.notNull().check(sql`mime IN ('image/jpeg','image/png')`))
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('uploaded_by', 'uuid')
    .execute();
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON person_photo TO canbao_app`.execute(db);
  await sql`ALTER TABLE person_photo ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY person_photo_scope ON person_photo TO canbao_app
    USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR EXISTS (
      SELECT 1 FROM person p WHERE p.id = person_id AND p.unit_id = canbao_unit())))`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

import { sql, type Kysely } from 'kysely';

/**
 * The uploaded file itself, in 1 MB chunks, so that reading it is a background job any instance can run, a page
 * reload does not interrupt, and a job that failed can be read again. Kept until the job is committed or cancelled.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('import_file_chunk')
    .addColumn('job_id', 'uuid', (c) => c.notNull().references('import_job.id').onDelete('cascade'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'uuid')
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_file_chunk_pkey', ['job_id', 'seq'])
    .execute();
  await sql`GRANT SELECT, INSERT, DELETE ON import_file_chunk TO canbao_app`.execute(db);
  await sql`ALTER TABLE import_file_chunk ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY import_file_chunk_scope ON import_file_chunk TO canbao_app
    USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR unit_id = canbao_unit()))`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

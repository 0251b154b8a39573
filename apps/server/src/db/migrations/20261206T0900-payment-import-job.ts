import { sql, type Kysely } from 'kysely';

/**
 * The payments an import recorded, found by their job (issue 18, the paid roster's commit on Citus). The roster's
 * commit wrote its payments and credited their declarations in one statement of data-modifying CTEs; a Citus
 * 13.2 coordinator crashed planning it. It is two statements now: the payments (an INSERT … SELECT on the region's
 * shard), then the credit of what this job inserted, read back by `import_job_id` — an index of the region's
 * import payments (a roster of a million lines credits from the index, not from a scan of the year's payments).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX payment_import_job_idx ON payment (region_code, import_job_id) WHERE import_job_id IS NOT NULL`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

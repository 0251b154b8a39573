import { sql, type Kysely } from 'kysely';

/**
 * The audit trail's key is a uuid the app gives (db/row-ids.ts), not an identity (issue 18). Citus pushes an
 * INSERT … SELECT down to the region's shard only when no column comes from a volatile expression, and an
 * identity's next value is one: the audit rows a set-based statement writes (a batch of payments, an import's
 * rows) went through the coordinator as COPY, which row-level security refuses on the worker. The app's ids are
 * time-ordered, so `ORDER BY at, id` still reads the trail in the order it was written; the rows written before
 * this migration keep their number (as the low digits of a uuid that sorts before every new one).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE audit_log ALTER COLUMN id DROP IDENTITY`.execute(db);
  await sql`ALTER TABLE audit_log ALTER COLUMN id TYPE uuid USING lpad(to_hex(id), 32, '0')::uuid`.execute(db);
  // A row written without an id (by hand, by a function of an earlier migration): a random one.
  await sql`ALTER TABLE audit_log ALTER COLUMN id SET DEFAULT gen_random_uuid()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

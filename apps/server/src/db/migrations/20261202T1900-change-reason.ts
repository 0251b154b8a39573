import { sql, type Kysely } from 'kysely';

/**
 * The reason the agency gave for changing a closed insurance year (issue 15, item 1): kept on every audit row the
 * change wrote. A new nullable column without a default: no table rewrite, nothing to backfill.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE audit_log ADD COLUMN reason text CHECK (char_length(reason) <= 200)`.execute(db);
}

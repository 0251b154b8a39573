import { sql, type Kysely } from 'kysely';

/**
 * Marking a declaration, its notice and its order paid becomes a heap-only (HOT) update: the new row version stays
 * on its page and no index gets a new entry — for every payment recorded, three rows updated and nine index entries
 * fewer to write (and later to vacuum).
 * - An update is HOT only when no indexed column changes (predicates count) and the page has room:
 *   - `declaration_unit_year_idx` loses `status` (the lists read a unit's year and filter the status from its few
 *     hundred rows);
 *   - `payment_notice_open_key` ("one open notice per declaration") reads a stored generated column `cancelled`
 *     instead of `status`, which moves open → paid at every payment but never changes `cancelled`;
 *   - the three tables keep 15% of each page free (`fillfactor`). That applies to pages written from now on; an
 *     existing large table gets it by a rewrite in a maintenance window (VACUUM FULL or pg_repack).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX declaration_unit_year_idx`.execute(db);
  await sql`CREATE INDEX declaration_unit_year_idx ON declaration (region_code, unit_id, insurance_year)`.execute(db);

  await sql`ALTER TABLE payment_notice ADD COLUMN cancelled boolean GENERATED ALWAYS AS (status = 'cancelled') STORED`.execute(db);
  await sql`CREATE UNIQUE INDEX payment_notice_open_declaration_key ON payment_notice (declaration_id) WHERE NOT cancelled`.execute(db);
  await sql`DROP INDEX payment_notice_open_key`.execute(db);

  for (const table of ['declaration', 'payment_notice', 'payment_order']) {
    await sql`ALTER TABLE ${sql.table(table)} SET (fillfactor = 85)`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

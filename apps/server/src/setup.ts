import { sql, type Kysely } from 'kysely';
import { migrateToLatest, type Database } from './db/database';
import type { DB } from './db/schema/index';
import { readDivisions } from './modules/divisions/divisions.data';
import { countDivisions, upsertDivisions } from './modules/divisions/divisions.repository';
import { syncReadyProfiles } from './modules/policies/policies.service';

/**
 * Brings a database up to date: migrations, then the built-in reference data — administrative divisions and the
 * ready policy profiles. Each step is idempotent and cheap when nothing is missing.
 * `streetProvinces` loads streets of those provinces only (tests: a fast database with real codes).
 */
export async function prepareDatabase(db: Kysely<DB>, options: { streetProvinces?: string[] } = {}): Promise<string | null> {
  const migration = await migrateToLatest(db);
  const divisions = readDivisions(options);
  if ((await countDivisions(db)) < divisions.length) {
    await db.transaction().execute((trx) => upsertDivisions(trx, divisions));
  }
  await syncReadyProfiles(db);
  return migration;
}

/**
 * Runs the start-up work (migrations, reference data, demo data) of one instance at a time: instances started
 * together on one PostgreSQL wait for each other here, so the second finds the database prepared (and seeded) by the
 * first instead of seeding it twice. A session-level advisory lock held on a connection of its own; the work uses the
 * pool. PGlite is one process's own database: nothing to wait for.
 */
export async function whileStartingAlone<T>(database: Pick<Database, 'db' | 'kind'>, work: () => Promise<T>): Promise<T> {
  if (database.kind !== 'postgres') return work();
  return database.db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(hashtext('canbao:startup'))`.execute(conn);
    try {
      return await work();
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtext('canbao:startup'))`.execute(conn);
    }
  });
}

import { sql, type Kysely } from 'kysely';
import { migrateToLatest, type Database } from './db/database';
import { distributeOnCitus, isCitusCoordinator } from './db/distribution';
import type { DB } from './db/schema/index';
import { readDivisions } from './modules/divisions/divisions.data';
import { countDivisions, upsertDivisions } from './modules/divisions/divisions.repository';
import { syncReadyProfiles } from './modules/policies/policies.service';

/**
 * Brings a database up to date: migrations, then the built-in reference data — administrative divisions and the
 * ready policy profiles, and on a Citus coordinator the placement of every table. Each step is idempotent and cheap
 * when nothing is missing.
 * `streetProvinces` loads streets of those provinces only (tests: a fast database with real codes).
 */
export async function prepareDatabase(db: Kysely<DB>, options: { streetProvinces?: string[] } = {}): Promise<string | null> {
  const migration = await migrateToLatest(db);
  // On a Citus coordinator: what the migrations created and is not placed yet is distributed before any data is
  // loaded into it (docs/scale.md).
  if (await isCitusCoordinator(db)) await distributeOnCitus(db);
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

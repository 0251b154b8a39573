import type { Kysely } from 'kysely';
import { migrateToLatest } from './db/database';
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

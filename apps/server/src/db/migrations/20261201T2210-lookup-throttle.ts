import { sql, type Kysely } from 'kysely';

/**
 * Counters for the public lookups (issue 11): the family status and receipt lookups are limited per identity looked
 * up and per region of the number as well as per client address, and a payment notice's name check per notice, so
 * that many addresses together cannot walk the numbers of a district. Keys are keyed hashes (never a number in
 * clear). Like login_throttle it is not a region's data: a local table of the coordinator in a distributed
 * deployment, written by system work only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE lookup_throttle (
      key text PRIMARY KEY,
      hits integer NOT NULL,
      window_started_at timestamptz NOT NULL
    )`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

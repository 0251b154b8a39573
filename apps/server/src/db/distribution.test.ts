import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/build-test-app';
import type { Database } from './database';
import { DISTRIBUTION_COLUMN, LOCAL_TABLES, REFERENCE_TABLES, distributionOffenders } from './distribution';

// The migrated catalog follows the rules Citus distributes by (issue 18): see db/distribution.ts and docs/scale.md.
let database: Database & { drop(): Promise<void> };

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('[Citus] the schema distributes by region', () => {
  it('breaks none of the rules: keys, foreign keys, listed tables, policies, definer functions', async () => {
    expect(await distributionOffenders(database.db)).toEqual([]);
  });

  it('has region tables to distribute, every one of them colocated by the same column', async () => {
    const { rows } = await sql<{ name: string }>`
      SELECT c.relname AS name FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = ${DISTRIBUTION_COLUMN}
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' ORDER BY 1`.execute(database.db);
    const region = rows.map((r) => r.name).filter((n) => !(REFERENCE_TABLES as readonly string[]).includes(n));
    expect(region.length).toBeGreaterThanOrEqual(40);
    expect(region).toEqual(expect.arrayContaining(['person', 'declaration', 'payment', 'unit', 'app_user', 'session', 'audit_log', 'import_row']));
    expect(region).not.toEqual(expect.arrayContaining([...LOCAL_TABLES]));
  });

  it('can fail: each kind of offence is reported', async () => {
    // In a transaction rolled back at the end: one offender of every rule, then nothing of it is kept.
    const seen = await database.db
      .transaction()
      .execute(async (trx) => {
        await sql`CREATE TABLE dist_probe (region_code text NOT NULL, id uuid PRIMARY KEY, person_id uuid, parent_id uuid, token text UNIQUE)`.execute(trx);
        await sql`CREATE UNIQUE INDEX dist_probe_token_lower_key ON dist_probe (lower(token))`.execute(trx);
        await sql`ALTER TABLE dist_probe ADD CONSTRAINT dist_probe_parent_fkey FOREIGN KEY (parent_id) REFERENCES dist_probe (id)`.execute(trx);
        await sql`CREATE TABLE dist_probe_global (key text PRIMARY KEY)`.execute(trx);
        await sql`ALTER TABLE dist_probe ENABLE ROW LEVEL SECURITY`.execute(trx);
        await sql`CREATE POLICY dist_probe_scope ON dist_probe USING (region_code = (SELECT canbao_region()) AND EXISTS (SELECT 1 FROM person p WHERE p.id = person_id))`.execute(trx);
        await sql`CREATE POLICY dist_probe_fn ON dist_probe FOR SELECT USING (md5(token) = 'x' AND canbao_grade_for(token, 1, 1, 1) IS NULL)`.execute(trx);
        await sql`CREATE FUNCTION dist_probe_definer(p_id uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$ SELECT true $$`.execute(trx);
        const offenders = await distributionOffenders(trx);
        throw Object.assign(new Error('rollback'), { offenders });
      })
      .catch((e: { offenders?: string[] }) => {
        if (!e.offenders) throw e;
        return e.offenders;
      });
    expect(seen).toEqual(
      expect.arrayContaining([
        'dist_probe: primary key dist_probe_pkey does not start with region_code',
        'dist_probe: unique constraint dist_probe_token_key does not start with region_code',
        'dist_probe: unique index dist_probe_token_lower_key does not start with region_code',
        'dist_probe.dist_probe_parent_fkey → dist_probe: does not match region_code to region_code (a foreign key between region tables)',
        'dist_probe_global: no region_code and not listed as a reference or local table',
        'dist_probe: policy dist_probe_scope holds a sub-select (reading person)',
        'dist_probe: policy dist_probe_fn calls canbao_grade_for(), not a listed policy function',
        'dist_probe_definer(uuid): a SECURITY DEFINER function in LANGUAGE sql',
        'dist_probe_definer(uuid): a SECURITY DEFINER function not taking the region first (p_region text)',
      ]),
    );
    expect(await sql`SELECT to_regclass('dist_probe') AS t`.execute(database.db)).toMatchObject({ rows: [{ t: null }] });
  });
});

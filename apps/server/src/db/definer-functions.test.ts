import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUnitWithOperator } from '../test/factories';
import { createTestDatabase } from '../test/build-test-app';
import { inScope, type Database, type Scope } from './database';

// Definer functions run with their owner's rights; they must never read a table the caller put in its way.
let database: Database & { drop(): Promise<void> };
let scope: Scope;

beforeAll(async () => {
  database = await createTestDatabase();
  const A = await buildUnitWithOperator(database.db, { name: '定义者甲' });
  scope = { userId: A.operator.id, username: A.operator.username, role: 'unit_operator', regionCode: '320500', unitId: A.unit.id };
});
afterAll(() => database.drop());

describe('[RLS] SECURITY DEFINER functions', () => {
  it('every one searches public first and the temporary schema last', async () => {
    const { rows } = await sql<{ name: string; config: string[] | null }>`
      SELECT p.oid::regprocedure::text AS name, p.proconfig AS config
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE p.prosecdef AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      ORDER BY 1`.execute(database.db);
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const f of rows) {
      const path = (f.config ?? []).find((c) => c.startsWith('search_path='));
      expect(path, f.name).toBeDefined();
      expect(path!.replace(/\s+/g, ''), f.name).toMatch(/^search_path=(public|"public"),pg_temp$/);
    }
  });

  it("does not read a caller's temporary table named like its own", async () => {
    const found = await inScope(database.db, scope, async (trx) => {
      await sql`CREATE TEMP TABLE person (id uuid, unit_id uuid, name text, status text, region_code text, document_type text,
        document_number text) ON COMMIT DROP`.execute(trx);
      await sql`INSERT INTO person VALUES (gen_random_uuid(), NULL, '伪造的人', 'active', '320500', '01', '320508201805010011')`.execute(trx);
      const mine = await sql<{ n: number }>`SELECT count(*)::int AS n FROM person`.execute(trx);
      expect(mine.rows[0]!.n).toBe(1); // the caller's own query does see its table
      return (await sql<{ person_name: string }>`SELECT person_name FROM canbao_person_holder('320500', '01', '320508201805010011')`.execute(trx)).rows;
    });
    expect(found).toEqual([]);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/build-test-app';
import type { Database } from './database';
import { MAX_ROW_KEY, orderedId, statementRowIds } from './row-ids';

// A set-based statement's ids are SQL of its rows' keys (db/row-ids.ts): unique, in the keys' order, after every
// id made before the statement and before every id made after it.
let database: Database & { drop(): Promise<void> };
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const idsOf = async (keys: string) => {
  const ids = statementRowIds();
  const r = await sql<{ id: string }>`SELECT ${ids.idOf(sql`k`)} AS id FROM (VALUES ${sql.raw(keys)}) AS v(k) ORDER BY k`.execute(database.db);
  return r.rows.map((x) => x.id);
};

describe('statement row ids', () => {
  it('are distinct, in key order, between the ids made before and after the statement', async () => {
    const before = orderedId();
    const ids = await idsOf(Array.from({ length: 2000 }, (_, i) => `(${i + 1})`).join(','));
    const after = orderedId();
    expect(new Set(ids).size).toBe(2000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]! > before).toBe(true);
    expect(ids.at(-1)! < after).toBe(true);
  });

  it('of two statements with the same keys do not meet', async () => {
    const a = await idsOf('(1),(2),(3)');
    const b = await idsOf('(1),(2),(3)');
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    expect(b[0]! > a.at(-1)!).toBe(true);
  });

  it('hold keys up to 2^40 - 1', async () => {
    const [low, high] = await idsOf(`(0),(${MAX_ROW_KEY})`);
    expect(low).toMatch(/-[0-9a-f]{2}0{10}$/);
    expect(high).toMatch(/-[0-9a-f]{2}f{10}$/);
  });
});

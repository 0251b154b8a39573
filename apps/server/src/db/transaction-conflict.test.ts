import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { createTestDatabase } from '../test/build-test-app';
import { isTransactionConflict } from './database';

// Two requests that lock the same rows in opposite orders: the database cancels one of them whole (a deadlock; on
// Citus also one across workers). Its caller gets a 409 in Chinese, never a 500, and nothing of it is written.
const onPostgres = process.env.TEST_DB === 'postgres';

describe('isTransactionConflict', () => {
  it('knows a deadlock and a serialization failure, and nothing else', () => {
    expect(isTransactionConflict(Object.assign(new Error('deadlock detected'), { code: '40P01' }))).toBe(true);
    expect(isTransactionConflict(Object.assign(new Error('could not serialize access'), { code: '40001' }))).toBe(true);
    for (const err of [Object.assign(new Error('duplicate key'), { code: '23505' }), new Error('deadlock'), null, '40P01']) expect(isTransactionConflict(err)).toBe(false);
  });
});

describe.skipIf(!onPostgres)('[RUNTIME] a transaction the database cancels for a deadlock', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    await sql`CREATE TABLE deadlock_probe (k int PRIMARY KEY, v int NOT NULL)`.execute(database.db);
    await sql`INSERT INTO deadlock_probe VALUES (1, 0), (2, 0)`.execute(database.db);
    app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', DATA_DIR: 'memory://', LOG_LEVEL: 'silent' }), database, now: () => new Date() });
    // Outside /api/v1 (no contract entry needed): each call updates both rows, in the order it is given, with a
    // pause between them so that two calls at once hold one row each and wait for the other's.
    app.post<{ Querystring: { first: string } }>('/__test/deadlock', async (request) => {
      const first = Number(request.query.first);
      await database.db.transaction().execute(async (trx) => {
        await sql`UPDATE deadlock_probe SET v = v + 1 WHERE k = ${first}`.execute(trx);
        await sql`SELECT pg_sleep(0.3)`.execute(trx);
        await sql`UPDATE deadlock_probe SET v = v + 1 WHERE k = ${3 - first}`.execute(trx);
      });
      return { ok: true };
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('is answered 409 with a Chinese message, and the other commits', async () => {
    const [a, b] = await Promise.all([
      app.inject({ method: 'POST', url: '/__test/deadlock?first=1' }),
      app.inject({ method: 'POST', url: '/__test/deadlock?first=2' }),
    ]);
    const statuses = [a.statusCode, b.statusCode].sort();
    expect(statuses).toEqual([200, 409]);
    const refused = a.statusCode === 409 ? a : b;
    expect(refused.json().error).toMatchObject({ code: 'CONFLICT', message: '有其他操作同时在处理相同的数据，本次操作未生效，请刷新后重试' });
    // The cancelled one wrote nothing: each row was raised once, by the one that committed.
    const rows = await sql<{ k: number; v: number }>`SELECT k, v FROM deadlock_probe ORDER BY k`.execute(database.db);
    expect(rows.rows).toEqual([{ k: 1, v: 1 }, { k: 2, v: 1 }]);
  });
});

import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../app';
import { loadConfig, type AppConfig } from '../config';
import { openDatabase, type Database } from '../db/database';
import { prepareDatabase } from '../setup';

/** A clock the test moves by hand: expiry and lockout without waiting. */
export class TestClock {
  private t = new Date('2026-11-23T02:00:00Z').getTime();
  now = () => new Date(this.t);
  advanceMinutes(m: number) {
    this.t += m * 60_000;
  }
}

export type TestApp = {
  app: FastifyInstance;
  database: Database;
  config: AppConfig;
  clock: TestClock;
  close(): Promise<void>;
};

const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A fresh, migrated database per test file — in-memory PGlite, or a new database on the PostgreSQL server when
 * TEST_DB=postgres — and the app built on it.
 */
export async function createTestDatabase(): Promise<Database & { drop(): Promise<void> }> {
  if (process.env.TEST_DB !== 'postgres') {
    const database = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
    await prepareDatabase(database.db, { streetProvinces: ['32'] });
    return { ...database, drop: () => database.close() };
  }
  const name = `canbao_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl: POSTGRES_URL, dataDir: '', poolSize: 1 });
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 5 });
  await prepareDatabase(database.db, { streetProvinces: ['32'] });
  return {
    ...database,
    drop: async () => {
      await database.close();
      await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
      await admin.close();
    },
  };
}

export async function buildTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: 'memory://', LOG_LEVEL: 'silent', ...env });
  const clock = new TestClock();
  const app = await buildApp({ config, database, now: clock.now });
  await app.ready();
  return {
    app,
    database,
    config,
    clock,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** A logged-in client: cookie and CSRF token applied to every request. */
export type Client = {
  cookie: string;
  csrfToken: string;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
};

export async function login(app: FastifyInstance, username: string, password: string, ip = '10.9.8.7'): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress: ip });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'canbao_session');
  if (!cookie) throw new Error('no session cookie');
  const csrfToken = res.json().csrfToken as string;
  const client: Client = {
    cookie: `canbao_session=${cookie.value}`,
    csrfToken,
    request: (method, url, body, headers = {}) =>
      app.inject({
        method: method as 'GET',
        url,
        remoteAddress: ip,
        headers: { cookie: client.cookie, 'x-csrf-token': client.csrfToken, ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
  return client;
}

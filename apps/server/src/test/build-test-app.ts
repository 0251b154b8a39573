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
 * With TEST_DB=postgres, `host:port,host:port` of Citus workers: TEST_DATABASE_URL is then their coordinator, and
 * each file's database is made on every node and distributed (docs/scale.md). Used by hand where Citus runs.
 */
const CITUS_WORKERS = (process.env.TEST_CITUS_WORKERS ?? '').split(',').map((w) => w.trim()).filter(Boolean);
/** The suite runs on a Citus coordinator (TEST_CITUS_WORKERS): a test of a path Citus never takes is skipped. */
export const ON_CITUS = process.env.TEST_DB === 'postgres' && CITUS_WORKERS.length > 0;

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
  if (CITUS_WORKERS.length > 0) return createCitusTestDatabase(name);
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

/** A URL of the same login on another node or database. */
function nodeUrl(node: string | null, database: string): string {
  const url = new URL(POSTGRES_URL);
  if (node) url.host = node;
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * The file's database on a Citus coordinator (TEST_DATABASE_URL) and every worker: the extension on each, the nodes
 * registered in the coordinator's copy, migrated and reference data loaded there, then distributed. The app role
 * must log in on the workers (Citus connects to them as the current role); roles belong to a whole cluster, so the
 * grant is made on every node.
 */
async function createCitusTestDatabase(name: string): Promise<Database & { drop(): Promise<void> }> {
  const nodes = [null, ...CITUS_WORKERS];
  const admins = await Promise.all(nodes.map((node) => openDatabase({ databaseUrl: nodeUrl(node, 'postgres'), dataDir: '', poolSize: 1 })));
  const dropAll = async () => {
    // The coordinator first: its maintenance daemon keeps connections to the workers' copies.
    for (const admin of admins) await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
    await Promise.all(admins.map((admin) => admin.close()));
  };
  // One file's setup at a time: two coordinators' copies adding the same workers at once fail now and then
  // ("failure on connection marked as essential"). A session lock on the coordinator's one admin connection.
  const lock = admins[0]!.db;
  await sql`SELECT pg_advisory_lock(hashtext('canbao:citus-test-setup'))`.execute(lock);
  for (const [i, node] of nodes.entries()) {
    await sql`CREATE DATABASE ${sql.id(name)}`.execute(admins[i]!.db);
    const created = await openDatabase({ databaseUrl: nodeUrl(node, name), dataDir: '', poolSize: 1 });
    await sql`CREATE EXTENSION IF NOT EXISTS citus`.execute(created.db);
    await created.close();
  }
  const setup = await openDatabase({ databaseUrl: nodeUrl(null, name), dataDir: '', poolSize: 1 });
  const coordinator = new URL(POSTGRES_URL);
  await sql`SELECT citus_set_coordinator_host(${coordinator.hostname}, ${Number(coordinator.port || 5432)})`.execute(setup.db);
  for (const worker of CITUS_WORKERS) {
    const [host, port] = worker.split(':');
    await sql`SELECT citus_add_node(${host}, ${Number(port || 5432)})`.execute(setup.db);
  }
  await sql`SELECT pg_advisory_unlock(hashtext('canbao:citus-test-setup'))`.execute(lock);
  // Migrated, distributed (prepareDatabase on a coordinator), reference data loaded.
  await prepareDatabase(setup.db, { streetProvinces: ['32'] });
  await setup.close();
  for (const admin of admins) {
    await sql`DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'canbao_app' AND NOT rolcanlogin) THEN ALTER ROLE canbao_app LOGIN; END IF; END $$`.execute(admin.db);
  }
  // The app's connections are opened after the distribution: none remembers the tables or functions as they were.
  const database = await openDatabase({ databaseUrl: nodeUrl(null, name), dataDir: '', poolSize: 5 });
  return {
    ...database,
    drop: async () => {
      await database.close();
      await dropAll();
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

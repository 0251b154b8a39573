import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, sql, type MigrationProvider, type Transaction } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { TRole } from '@canbao/domain';
import { migrations } from './migrations/index';
import type { DB } from './schema/index';

export type DatabaseKind = 'pglite' | 'postgres';

export type Database = {
  db: Kysely<DB>;
  kind: DatabaseKind;
  close(): Promise<void>;
};

/** The pool of the scoped transactions, by the system database they belong to (see openDatabase). */
const scopedDatabases = new WeakMap<Kysely<DB>, Kysely<DB>>();

function openPool(connectionString: string, max = 10) {
  // A server that does not answer at all (a failover in progress, a dropped route) fails a request after 30 s — a
  // 503 — instead of holding it for ever (pg counts the wait for a free pooled connection in the same 30 s, far
  // beyond any wait seen under load); TCP keep-alive finds connections that died silently.
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 30_000, keepAlive: true });
  // A connection can be cut by the server at any time (restart, failover, pg_terminate_backend, a dropped test
  // database): idle in the pool or checked out by a request between two queries. pg then emits 'error' on the
  // client — the pool listens only while the client is idle — and an 'error' event nobody listens to kills the
  // process. So every client gets its own listener for its whole life: the query in flight fails on its own
  // (the request answers 503), the dead client is dropped on release and the pool opens new ones.
  pool.on('error', connectionLost);
  pool.on('connect', (client) => {
    client.on('error', connectionLost);
    usePreparedStatements(client);
  });
  return pool;
}

const DATE_OID = 1082;
const INT8_OID = 20;

/** DATE stays a 'YYYY-MM-DD' string: calendar dates have no time zone and must not shift. */
const parseDate = (v: string) => v;
/** bigint counts and fen sums fit safely in a JS number far beyond any city's totals; refuse if one does not. */
const parseInt8 = (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${v} exceeds the safe integer range`);
  return n;
};

/**
 * Opens the database: a PostgreSQL server when a URL is given, else PGlite (in-process PostgreSQL) persisted in
 * `dataDir` ('memory://' for a throw-away one). This is the only place that knows which.
 */
export async function openDatabase(options: {
  databaseUrl: string | null;
  /**
   * Optional second login for the scoped (row-level-security) transactions of requests: a role that can only
   * `SET ROLE canbao_app` and holds nothing itself (scripts/production-roles.sql), so that a `RESET ROLE` inside a
   * request's transaction gains nothing. Without it those transactions use `databaseUrl` too.
   */
  scopedDatabaseUrl?: string | null;
  dataDir: string;
  poolSize?: number;
}): Promise<Database> {
  if (options.databaseUrl) {
    pg.types.setTypeParser(DATE_OID, parseDate);
    pg.types.setTypeParser(INT8_OID, parseInt8);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: openPool(options.databaseUrl, options.poolSize) }) });
    const scoped = options.scopedDatabaseUrl
      ? new Kysely<DB>({ dialect: new PostgresDialect({ pool: openPool(options.scopedDatabaseUrl, options.poolSize) }) })
      : null;
    if (scoped) scopedDatabases.set(db, scoped);
    return {
      db,
      kind: 'postgres',
      close: async () => {
        await scoped?.destroy();
        await db.destroy();
      },
    };
  }
  // PGlite gets its own folder: DATA_DIR also holds other files (the generated session secret, later uploads).
  const dir = options.dataDir === 'memory://' ? options.dataDir : path.join(options.dataDir, 'pglite');
  if (dir !== 'memory://') mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create(dir, {
    parsers: { [DATE_OID]: parseDate, [INT8_OID]: parseInt8 },
  });
  const query = pglite.query.bind(pglite);
  pglite.query = ((text: string, params?: unknown[], options?: never) =>
    text.startsWith(STATEMENTS) && !params?.length
      ? pglite.exec(text, options).then(() => ({ rows: [], fields: [], affectedRows: 0 }))
      : query(text, params, options)) as typeof pglite.query;
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01', // admin_shutdown: the server is stopping or pg_terminate_backend
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '53300', // too_many_connections
]);
const UNAVAILABLE_MESSAGES = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Connection ended unexpectedly)/;

/**
 * Whether an error means the database cannot be reached right now (refused, cut, restarting) rather than that the
 * statement was wrong: such a request is answered 503 and may simply be tried again.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code))) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  // Node reports a refused connection to a name with several addresses as an AggregateError of each attempt.
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

/**
 * Whether the database refused a value itself rather than the statement: too long for a btree index entry (54000)
 * or a varchar column (22001), a NUL or otherwise unstorable character (22021, 22P05). The caller sent it; it is
 * a 400, never a 500.
 */
export function isUnstorableInput(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '54000' || code === '22001' || code === '22021' || code === '22P05';
}

/**
 * Whether the database cancelled the transaction because another ran into it at the same moment: a deadlock
 * (40P01; on Citus also one across workers, which its distributed deadlock detection cancels) or a serialization
 * failure (40001). Nothing of it was written; the caller is told the data changed under it and may simply try
 * again — a 409, never a 500.
 */
export function isTransactionConflict(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/** Once per outage, not once per pooled connection: a restart cuts every connection at the same moment. */
let lastLossWarning = 0;
function connectionLost(err: Error) {
  const now = Date.now();
  if (now - lastLossWarning < 10_000) return;
  lastLossWarning = now;
  console.warn(`postgres: connection lost (${(err as { code?: string }).code ?? err.message}); the pool reconnects on demand`);
}

const PREPARED = /^\/\* prepared:([a-z_]+) \*\//;

/**
 * Marks a hot statement of fixed text (parameters only) to be prepared once per pooled PostgreSQL connection and
 * then only bound and executed: put `${prepared('name')}` first in its sql template. Parsing, analysing and planning
 * a long statement with data-modifying CTEs cost more than executing it for a dozen rows (the notification batch:
 * about 2 ms of 5 per batch of 12). PostgreSQL re-plans a prepared statement by itself when a table it reads
 * changes. PGlite sees a comment.
 */
export function prepared(name: string) {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`prepared statement name ${name}: lowercase letters and _ only`);
  return sql.raw(`/* prepared:${name} */ `);
}

/** Kysely sends `query(text, values)`; a text marked by prepared() goes as a named (prepared) statement instead. */
function usePreparedStatements(client: pg.PoolClient) {
  const query = client.query.bind(client) as (config: unknown, values?: unknown, callback?: unknown) => unknown;
  Object.assign(client, {
    query: (config: unknown, values?: unknown, callback?: unknown) => {
      const name = typeof config === 'string' ? PREPARED.exec(config)?.[1] : undefined;
      return name ? query({ name, text: config, values }, callback) : query(config, values, callback);
    },
  });
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Runs every pending migration; returns the name of the newest applied one. */
export async function migrateToLatest(db: Kysely<DB>): Promise<string | null> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String((error as Error)?.message ?? error)}`);
  }
  return currentMigration(db);
}

export async function currentMigration(db: Kysely<DB>): Promise<string | null> {
  const migrator = new Migrator({ db, provider });
  const all = await migrator.getMigrations();
  const executed = all.filter((m) => m.executedAt);
  return executed.at(-1)?.name ?? null;
}

/** Who a request acts as: derived from the session, never from input. */
export type Scope = {
  userId: string;
  username: string;
  role: TRole;
  regionCode: string;
  /** Set for unit operators: they see only their own unit's data. */
  unitId: string | null;
};

/**
 * Runs `fn` in one transaction as the non-superuser role `canbao_app` with the scope's region and unit set for
 * row-level security. A query in here that forgets its filter still sees nothing of another unit. With a scoped
 * login (`scopedDatabaseUrl`) the transaction runs on its pool: a `RESET ROLE` in here returns to a role that can
 * do nothing by itself, instead of the connecting user of the system work.
 */
export async function inScope<T>(db: Kysely<DB>, scope: Scope, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return (scopedDatabases.get(db) ?? db).transaction().execute(async (trx) => {
    await setLocalScope(trx, { regionCode: scope.regionCode, unitId: scope.unitId ?? '', role: 'canbao_app' });
    return fn(trx);
  });
}

const REGION_CODE = /^\d{6}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Sets, for the rest of the transaction, what row-level security reads: the region, the unit ('' = none) and the
 * role, each with `SET LOCAL`. `set_config(…, true)` means the same on one server, but a Citus coordinator passes
 * only SET LOCAL on to its workers (`citus.propagate_set_commands = 'local'`), so a function call there would leave
 * the workers' policies without a region (they would then see nothing). SET takes no parameters: the values are
 * checked to be a region code and a UUID before they are written into the statement.
 */
export async function setLocalScope(
  trx: Kysely<DB>,
  scope: { regionCode?: string; unitId?: string; role?: 'canbao_app' | 'none' },
): Promise<void> {
  const statements: string[] = [];
  if (scope.regionCode !== undefined) {
    if (!REGION_CODE.test(scope.regionCode)) throw new Error('scope: a region code has six digits');
    statements.push(`SET LOCAL canbao.region = '${scope.regionCode}'`);
  }
  if (scope.unitId !== undefined) {
    if (scope.unitId !== '' && !UUID.test(scope.unitId)) throw new Error('scope: a unit is named by its UUID');
    statements.push(`SET LOCAL canbao.unit = '${scope.unitId}'`);
  }
  if (scope.role === 'canbao_app') statements.push('SET LOCAL ROLE canbao_app');
  else if (scope.role === 'none') statements.push('SET LOCAL ROLE NONE');
  if (statements.length > 0) await sql.raw(`${STATEMENTS}${statements.join('; ')}`).execute(trx);
}

/**
 * Marks a text of several statements without parameters: a server runs it as one simple query (one round trip);
 * PGlite's `query` takes a single statement, so there it goes to `exec` (see `openDatabase`).
 */
const STATEMENTS = '/* statements */ ';

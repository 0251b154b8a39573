import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  addDays,
  factsFromPerson,
  parseResidentId,
  safeQuoteFee,
  wrongPathReason,
  type TPolicyProfile,
  type TRegisteredExemption,
  type TUnitKind,
} from '@canbao/domain';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AppConfig } from '../../apps/server/src/config';
import type { DB } from '../../apps/server/src/db/schema/index';
import { hashPassword } from '../../apps/server/src/modules/auth/password';
import { findRegionProfiles } from '../../apps/server/src/modules/declarations/declarations.repository';
import { adoptTemplateForRegion } from '../../apps/server/src/modules/policies/policies.service';
import { insertUser } from '../../apps/server/src/modules/users/users.repository';
import { DEMO_PASSWORD, DEMO_REGION, demoCampaignYear, ensureDemoCampaign, isEmptyDatabase, seedDemo } from '../../apps/server/src/seed/demo';
import { shanghaiToday } from '../../apps/server/src/time';
import {
  BOY_NAMES,
  CERTIFICATES,
  CHANNELS_COMMUNITY,
  CHANNELS_SCHOOL,
  ELSEWHERE,
  ETHNICITIES,
  GIRL_NAMES,
  IDENTITY_WEIGHTS,
  MAN_NAMES,
  MOBILE_PREFIXES,
  OLD_MAN_NAMES,
  OLD_WOMAN_NAMES,
  ONLINE_CHANNELS,
  OTHER_IDENTITY_WEIGHT,
  ROADS,
  SURNAMES,
  UNINSURED_REASON_WEIGHTS,
  WOMAN_NAMES,
} from './names';
import { HOUSEHOLD_MEMBERS, generator, planCity, type CityPlan, type District, type PlanUnit } from './plan';
import { residentIdCheckSql, uniformSql } from './sql';

/** See bench/city.ts for what the city holds and why. */
export type CityOptions = {
  persons: number;
  units: number;
  seed: number;
  regionCode: string;
  now: Date;
  config: AppConfig;
  /** Seed the demo (its logins and named units) first when the database has no accounts: as `npm start` would. */
  demo?: boolean;
  log?: (line: string) => void;
  /** Log every statement that took longer than this (ms). */
  traceMs?: number;
  /** Which database (for the CPU accounting of a local PostgreSQL). */
  kind?: 'postgres' | 'pglite';
};

/** A phase: wall time, rows written per table, and — when the PostgreSQL server runs on this machine — its backend's CPU time. */
export type PhaseReport = { phase: string; seconds: number; rows: Record<string, number>; backendCpuSeconds?: number };
export type CityLogin = { username: string; role: string; unit: string | null };
export type CityReport = {
  regionCode: string;
  year: number;
  lastYear: number;
  phases: PhaseReport[];
  seconds: number;
  logins: CityLogin[];
  password: string;
  checks: Array<{ check: string; ok: boolean; detail: string }>;
  summary: Record<string, number | string>;
};

type Conn = Kysely<DB>;
const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
const arr = (xs: readonly string[]) => sql.raw(`ARRAY[${xs.map(q).join(',')}]::text[]`);
const lit = (v: string | number) => sql.lit(v);
const n = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0n);
/** A timestamp in Asia/Shanghai (fixed +08:00) as ISO text. */
const at = (date: string, hour = 9, minute = 0) => `${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`;
const minIso = (a: string, b: string) => (Date.parse(a) <= Date.parse(b) ? a : b);

/**
 * Generates the city into `db` (migrated and prepared): the demo region's campaign (seeded when the database is
 * empty), then units, persons, households and two insurance years of work, set-based, one transaction per phase,
 * on one connection (temporary tables hold the plan between phases). Returns per-phase timings, the logins it
 * made and the consistency checks.
 */
export async function generateCity(db: Kysely<DB>, o: CityOptions): Promise<CityReport> {
  const log = o.log ?? (() => {});
  const started = performance.now();
  const phases: PhaseReport[] = [];
  const setupStarted = performance.now();
  const setup = await ensureCampaign(db, o);
  phases.push({ phase: 'setup (demo, campaign, profiles)', seconds: (performance.now() - setupStarted) / 1000, rows: setup.rows });
  log(`setup: region ${o.regionCode}, insurance years ${setup.lastYear} and ${setup.year}${setup.rows.demo ? ', demo seeded' : ''} in ${phases[0]!.seconds.toFixed(1)} s`);
  const plan = planCity({
    seed: o.seed,
    persons: o.persons,
    units: o.units,
    regionCode: o.regionCode,
    cityName: setup.cityName,
    districts: setup.districts,
    takenNames: setup.takenNames,
    takenUsernames: setup.takenUsernames,
    schoolYear: setup.year - 1,
    lastWindow: setup.lastWindow,
    thisWindow: setup.thisWindow,
    today: shanghaiToday(o.now),
  });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // On a PostgreSQL server a second connection writes the audit trail of each phase while the next one runs, and
  // shares the analyze and the checks: two cores. PGlite has one connection: the trail is a phase of its own.
  const body = async (conn: Conn, second: Conn | null): Promise<CityReport> => {
    const c = new City(conn, second, o, setup, plan, passwordHash, phases, log);
    await c.session(true);
    try {
      const money = ['declaration', 'settlement', 'payment_notice', 'payment_order', 'payment', 'payment_allocation', 'refund', 'reconciliation_item', 'import_job', 'import_row'];
      await c.phase('units and accounts', () => c.units());
      await c.phase('persons, households, exemptions', () => c.persons(), ['person', 'person_membership', 'person_exemption', 'household', 'household_member', 'import_job', 'import_row']);
      await c.phase(`last year (${setup.lastYear}): declared, settled, paid`, () => c.year(setup.lastYear), money);
      await c.phase(`this year (${setup.year}): part-way`, () => c.year(setup.year), money);
      await c.phase('receipts, reasons', () => c.receipts(), ['receipt', 'uninsured_reason']);
      // The second connection still writes the last rows and builds audit_log's indexes: the main one starts the
      // analyze and the checks meanwhile, and the second joins in once its transaction committed.
      if (!second) await c.phase('audit trail', () => c.auditTrail(), ['audit_log']);
      const trail = second ? c.finishAuditTrail() : Promise.resolve();
      trail.catch(() => undefined);
      const helper = second ? trail.then(() => second) : null;
      const ta = performance.now();
      await c.analyze(helper);
      phases.push({ phase: 'analyze', seconds: (performance.now() - ta) / 1000, rows: {} });
      log(`analyze: ${((performance.now() - ta) / 1000).toFixed(1)} s`);
      const tc = performance.now();
      const checks = await c.check(helper);
      await trail;
      phases.push({ phase: 'checks', seconds: (performance.now() - tc) / 1000, rows: {} });
      log(`checks: ${((performance.now() - tc) / 1000).toFixed(1)} s`);
      return {
        regionCode: o.regionCode,
        year: setup.year,
        lastYear: setup.lastYear,
        phases,
        seconds: (performance.now() - started) / 1000,
        logins: c.logins(),
        password: DEMO_PASSWORD,
        checks,
        summary: await c.summary(),
      };
    } finally {
      await c.abandonAuditTrail();
      await c.session(false).catch(() => undefined);
      await c.dropTemp().catch(() => undefined);
    }
  };
  if (o.kind === 'postgres') return db.connection().execute((a) => db.connection().execute((b) => body(a, b)));
  return db.connection().execute((a) => body(a, null));
}

/** The secondary indexes of `tables`: none that backs a constraint or serves a foreign key. */
async function secondaryIndexes(conn: Conn, tables: readonly string[]) {
  const r = await sql<{ name: string; def: string }>`
    SELECT quote_ident(ci.relname) AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ci ON ci.oid = i.indexrelid
    WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY(${tables as string[]}::text[])
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
    ORDER BY ci.relname`.execute(conn);
  return r.rows;
}

/** Runs tasks on the connections (each as soon as it is free), each connection taking the next task as it finishes one. */
async function lanes<T>(conns: ReadonlyArray<Conn | Promise<Conn>>, tasks: ReadonlyArray<(conn: Conn) => Promise<T>>): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    conns.map(async (pending) => {
      const conn = await pending;
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]!(conn);
      }
    }),
  );
  return out;
}

type Setup = Awaited<ReturnType<typeof ensureCampaign>>;

/** The region, its campaign of last year and this year (profiles), the agency's and the collector's accounts. */
async function ensureCampaign(db: Kysely<DB>, o: CityOptions) {
  const rows: Record<string, number> = {};
  if (o.demo !== false && (await isEmptyDatabase(db))) {
    await seedDemo(db, { config: o.config, now: o.now });
    rows.demo = 1;
  }
  await ensureDemoCampaign(db, o.now);
  const year = demoCampaignYear(o.now);
  const R = o.regionCode;
  const division = await db.selectFrom('division').select(['name']).where('code', '=', R).executeTakeFirst();
  let region = await db.selectFrom('region').select(['code', 'name']).where('code', '=', R).executeTakeFirst();
  if (!region) {
    const name = R === DEMO_REGION.code ? DEMO_REGION.name : `${division?.name ?? `统筹区${R}`}区`;
    await db.insertInto('region').values({ code: R, name, agency_name: `${division?.name ?? name}医疗保障基金管理中心` }).execute();
    region = { code: R, name };
  }
  // The campaign profile of a year, as campaignProfile() finds it: the newest version of the region's own profile.
  const campaign = async (y: number) => {
    const row = (await findRegionProfiles(db, R)).find((r) => r.insurance_year === y && !(r.body as TPolicyProfile).template);
    return row ? { key: row.profile_key, version: row.version, year: row.insurance_year, profile: row.body as TPolicyProfile } : null;
  };
  const profiles: Record<number, NonNullable<Awaited<ReturnType<typeof campaign>>>> = {};
  for (const y of [year - 1, year]) {
    let p = await campaign(y);
    if (!p) {
      await adoptTemplateForRegion(db, { regionCode: R, regionName: region.name, year: y, key: `city-${R}-${y}` });
      p = (await campaign(y))!;
    }
    profiles[y] = p;
  }
  const previous = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM audit_log WHERE region_code = ${R} AND action = 'system.demo_seeded' AND after->>'generator' = 'city'`.execute(db);
  if (previous.rows[0]!.n > 0) throw new Error(`region ${R} already holds a generated city: run again with --fresh (drops the database's schema) or use another database`);
  const ensureUser = async (role: 'agency_admin' | 'collector', username: string, displayName: string) => {
    const found = await db.selectFrom('app_user').select(['id', 'username']).where('region_code', '=', R).where('role', '=', role).where('is_disabled', '=', false).orderBy('created_at').executeTakeFirst();
    if (found) return { ...found, created: false };
    const row = await insertUser(db, { region_code: R, unit_id: null, username, display_name: displayName, role, password_hash: await hashPassword(DEMO_PASSWORD) });
    return { id: row.id, username, created: true };
  };
  const admin = await ensureUser('agency_admin', `admin-${R}`, `${region.name}经办机构管理员`);
  const collector = await ensureUser('collector', `collector-${R}`, `${region.name}税务征收员`);

  // Districts and their streets from the division data; a region named …市区 leaves out the county-level cities and
  // counties (GB/T 2260 county part 21–69 and 81–99), which pool on their own.
  const urban = region.name.endsWith('市区');
  const districtRows = await db.selectFrom('division').select(['code', 'name']).where('parent_code', '=', R).where('level', '=', 'district').orderBy('code').execute();
  const kept = districtRows.filter((d) => !urban || !/^(2\d|[3-6]\d|8\d|9\d)$/.test(d.code.slice(4)));
  if (!kept.length) throw new Error(`region ${R} has no districts in the division data`);
  const streetRows = await db.selectFrom('division').select(['code', 'name', 'parent_code']).where('level', '=', 'street').where('parent_code', 'in', kept.map((d) => d.code)).orderBy('code').execute();
  const districts: District[] = kept.map((d) => ({ code: d.code, name: d.name, streets: streetRows.filter((s) => s.parent_code === d.code).map((s) => ({ code: s.code, name: s.name })) }));
  const takenNames = new Set((await db.selectFrom('unit').select('name').where('region_code', '=', R).execute()).map((u) => u.name));
  const takenUsernames = new Set((await db.selectFrom('app_user').select('username').execute()).map((u) => u.username.toLowerCase()));
  const windowOf = (p: TPolicyProfile) => ({ start: p.declarationWindow.start, end: p.declarationWindow.end });
  return {
    rows,
    year,
    lastYear: year - 1,
    regionName: region.name,
    cityName: division?.name ?? region.name,
    profiles,
    admin,
    collector,
    districts,
    takenNames,
    takenUsernames,
    lastWindow: windowOf(profiles[year - 1]!.profile),
    thisWindow: windowOf(profiles[year]!.profile),
  };
}

/** Salts of the pseudo-random columns (one stream per decision). */
const SALT = {
  person: 1000,
  household: 2000,
  lastYear: 3000,
  thisYear: 4000,
  reasons: 5000,
} as const;

class City {
  private readonly R: string;
  private readonly Y: number;
  private readonly L: number;
  private readonly S: number;
  private readonly today: string;
  private readonly nowIso: string;
  private replica = false;
  private readonly madeLogins: CityLogin[] = [];

  constructor(
    private readonly c: Conn,
    private readonly b: Conn | null,
    private readonly o: CityOptions,
    private readonly setup: Setup,
    private readonly plan: CityPlan,
    private readonly passwordHash: string,
    private readonly phases: PhaseReport[],
    private readonly log: (line: string) => void,
  ) {
    this.R = o.regionCode;
    this.Y = setup.year;
    this.L = setup.lastYear;
    this.S = setup.year - 1;
    this.today = shanghaiToday(o.now);
    this.nowIso = o.now.toISOString();
  }

  /** This run's id prefix: the milliseconds of its start, as in a version 7 UUID. */
  private readonly idPrefix = Date.now().toString(16).padStart(12, '0').slice(-12);

  /**
   * An id of table `tag` for the integer SQL expression `k`: a version 7 UUID (RFC 9562, so the API's z.uuid()
   * accepts it) of this run's start, the table and k, ordered by k. Rows written in k order append to their
   * primary key and to the indexes on the ids they reference, instead of landing all over them (gen_random_uuid).
   */
  private uid(tag: number, k: string): RawBuilder<string> {
    return sql.raw(`(${q(this.idPrefix)} || '7' || ${q(tag.toString(16).padStart(3, '0'))} || '8' || lpad(to_hex((${k})::bigint), 15, '0'))::uuid`);
  }
  private yearTag(base: number, yr: number) {
    return base + (yr % 16);
  }

  /** A uniform [0, 1) column of `k` for a salt (the seed is the run's). */
  private u(k: string, salt: number): RawBuilder<number> {
    return sql.raw(uniformSql(k, salt, this.o.seed));
  }
  private get now() {
    return sql.raw(`${q(this.nowIso)}::timestamptz`);
  }

  private async exec(query: RawBuilder<unknown>, conn: Conn = this.c): Promise<number> {
    const t0 = performance.now();
    const rows = n(await query.execute(conn));
    this.trace(query, t0, conn);
    return rows;
  }

  private trace(query: RawBuilder<unknown>, t0: number, conn: Conn = this.c) {
    const ms = performance.now() - t0;
    if (this.o.traceMs !== undefined && ms >= this.o.traceMs) {
      const text = query.compile(this.c).sql.replace(/\s+/g, ' ').slice(0, 110);
      this.log(`    ${conn === this.c ? '' : '[2] '}${(ms / 1000).toFixed(2)} s  ${text}`);
    }
  }

  /** Runs a statement whose row count does not matter (temporary tables), traced like exec. */
  private async run(query: RawBuilder<unknown>): Promise<void> {
    const t0 = performance.now();
    await query.execute(this.c);
    this.trace(query, t0);
  }

  private async count(query: RawBuilder<{ n: number }>): Promise<number> {
    return Number((await query.execute(this.c)).rows[0]?.n ?? 0);
  }

  /** Session settings of the bulk work: commits need not wait for the disk; without per-row foreign-key triggers when allowed. */
  /** The staging tables' schema, this run's own (dropped at the end); the session's search path leads with it. */
  private readonly stage = `city_stage_${Date.now().toString(36)}`;

  async session(on: boolean) {
    if (on) await sql`CREATE SCHEMA ${sql.id(this.stage)}`.execute(this.c);
    for (const conn of this.b ? [this.c, this.b] : [this.c]) await this.configure(conn, on);
  }

  /** Each connection's search path before the run, put back at the end (PGlite's RESET would not give it back). */
  private readonly searchPaths = new Map<Conn, string>();

  private async configure(conn: Conn, on: boolean) {
    if (on) {
      const before = await sql<{ path: string }>`SELECT current_setting('search_path') AS path`.execute(conn);
      this.searchPaths.set(conn, before.rows[0]!.path);
      await sql`SET search_path = ${sql.id(this.stage)}, public`.execute(conn);
      await sql`SET synchronous_commit = off`.execute(conn);
      await sql`SET work_mem = '256MB'`.execute(conn);
      await sql`SET maintenance_work_mem = '512MB'`.execute(conn);
      await sql`SET jit = off`.execute(conn);
      // The session's own staging tables live in its temporary buffers (8 MB by default: they would spill to disk).
      if (this.o.kind === 'postgres') await sql`SET temp_buffers = '1GB'`.execute(conn).catch(() => undefined);
      // Calendar dates of timestamps are taken as (t + 8 hours)::date: Asia/Shanghai, whatever the server's zone.
      await sql`SET TIME ZONE 'UTC'`.execute(conn);
      const su = await sql<{ rolsuper: boolean }>`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`.execute(conn);
      // As the import commit does (migration 20261126T1200): a superuser skips the foreign-key triggers; the
      // generator writes parents before children and checks every foreign key of what it wrote at the end.
      this.replica = !!su.rows[0]?.rolsuper;
      if (this.replica) await sql`SET session_replication_role = replica`.execute(conn);
      // Full-page images after each checkpoint are most of the WAL of a bulk load into indexed tables.
      if (this.replica) await sql`SET wal_compression = on`.execute(conn).catch(() => undefined);
    } else {
      await sql`RESET session_replication_role`.execute(conn);
      if (this.replica) await sql`RESET wal_compression`.execute(conn).catch(() => undefined);
      await sql`RESET synchronous_commit`.execute(conn);
      await sql`RESET jit`.execute(conn);
      await sql`RESET TIME ZONE`.execute(conn);
    }
  }

  private readonly backendPids: { a: number | null; b: number | null } = { a: null, b: null };

  /** CPU seconds of a connection's PostgreSQL backend so far (a local server: /proc), else null. */
  private backendCpu(which: 'a' | 'b' = 'a'): number | null {
    const pid = this.backendPids[which];
    if (!pid) return null;
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return null;
    }
  }

  async phase(name: string, fn: () => Promise<Record<string, number>>, rebuild: readonly string[] = []) {
    if (this.backendPids.a === null && this.o.kind === 'postgres') {
      this.backendPids.a = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(this.c)).rows[0]!.pid;
      if (this.b) this.backendPids.b = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(this.b)).rows[0]!.pid;
    }
    const cpu0 = this.backendCpu();
    const t0 = performance.now();
    await sql`BEGIN`.execute(this.c);
    let rows: Record<string, number>;
    try {
      rows = rebuild.length ? await this.withoutIndexes(rebuild, fn) : await fn();
      await sql`COMMIT`.execute(this.c);
      this.flushAudits();
    } catch (e) {
      await sql`ROLLBACK`.execute(this.c).catch(() => undefined);
      throw e;
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = this.backendCpu();
    const backendCpuSeconds = cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : undefined;
    this.phases.push({ phase: name, seconds, rows, ...(backendCpuSeconds !== undefined ? { backendCpuSeconds } : {}) });
    const shown = Object.entries(rows).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ');
    this.log(`${name}: ${seconds.toFixed(1)} s${backendCpuSeconds !== undefined ? ` (PostgreSQL CPU ${backendCpuSeconds.toFixed(1)} s)` : ''} — ${shown}`);
  }

  /** Audit rows are written together in the last phase (audit_log's indexes built once), from the staged tables. */
  private readonly audits: RawBuilder<unknown>[] = [];
  private later(query: RawBuilder<unknown>) {
    this.audits.push(query);
  }

  /** PGlite: the trail is a phase of its own, after the others. */
  async auditTrail() {
    let n = 0;
    for (const q of this.audits.splice(0)) n += await this.exec(q);
    return { audit_log: n };
  }

  /**
   * PostgreSQL: the second connection writes the trail in one transaction of its own, with audit_log's secondary
   * indexes dropped, taking each phase's rows as soon as the phase committed (from the staging tables only, which
   * the main connection's index rebuilds never lock), while the main connection runs the next phase.
   */
  private writer: Promise<void> | null = null;
  private readonly trail = { rows: 0, started: 0, open: false, cpu0: null as number | null, indexes: [] as Array<{ name: string; def: string }> };

  private flushAudits() {
    const b = this.b;
    if (!b) return;
    const batch = this.audits.splice(0);
    if (!batch.length) return;
    const start = async () => {
      this.trail.started = performance.now();
      this.trail.cpu0 = this.backendCpu('b');
      await sql`BEGIN`.execute(b);
      this.trail.open = true;
      this.trail.indexes = await secondaryIndexes(b, ['audit_log']);
      for (const x of this.trail.indexes) await sql`DROP INDEX ${sql.raw(x.name)}`.execute(b);
    };
    this.writer = (this.writer ?? start()).then(async () => {
      for (const query of batch) this.trail.rows += await this.exec(query, b);
    });
    this.writer.catch(() => undefined);
  }

  async finishAuditTrail() {
    const b = this.b!;
    this.flushAudits();
    await this.writer;
    for (const x of this.trail.indexes) await this.exec(sql.raw(x.def), b);
    await sql`COMMIT`.execute(b);
    this.trail.open = false;
    const seconds = (performance.now() - this.trail.started) / 1000;
    const cpu = this.backendCpu('b');
    const backendCpuSeconds = cpu !== null && this.trail.cpu0 !== null ? cpu - this.trail.cpu0 : undefined;
    const name = 'audit trail (second connection, beside the phases from persons on)';
    this.phases.push({ phase: name, seconds, rows: { audit_log: this.trail.rows }, ...(backendCpuSeconds !== undefined ? { backendCpuSeconds } : {}) });
    this.log(`${name}: ${seconds.toFixed(1)} s${backendCpuSeconds !== undefined ? ` (PostgreSQL CPU ${backendCpuSeconds.toFixed(1)} s)` : ''} — audit_log ${this.trail.rows.toLocaleString('en-US')}`);
  }

  /** After a failure: the trail's transaction is rolled back (its indexes come back with it). */
  async abandonAuditTrail() {
    if (!this.b || !this.trail.open) return;
    await this.writer?.catch(() => undefined);
    await sql`ROLLBACK`.execute(this.b).catch(() => undefined);
    this.trail.open = false;
  }

  /**
   * The secondary indexes of `tables` — none that backs a constraint or a foreign key — dropped before a bulk load
   * and built again after it, in the same transaction (as pg_restore loads data before its indexes): a sort per
   * index instead of a random insert per row into indexes larger than the server's buffers. If the phase fails, its
   * rollback brings the indexes back with everything else.
   */
  private async withoutIndexes<T>(tables: readonly string[], fn: () => Promise<T>): Promise<T> {
    const indexes = await secondaryIndexes(this.c, tables);
    for (const x of indexes) await sql`DROP INDEX ${sql.raw(x.name)}`.execute(this.c);
    const out = await fn();
    for (const x of indexes) await this.run(sql.raw(x.def));
    return out;
  }

  async dropTemp() {
    await sql`DROP SCHEMA IF EXISTS ${sql.id(this.stage)} CASCADE`.execute(this.c);
    const temp = await sql<{ relname: string }>`
      SELECT c.relname FROM pg_class c WHERE c.relnamespace = pg_my_temp_schema() AND c.relkind = 'r' AND c.relname LIKE 'city\\_%'`.execute(this.c);
    for (const t of temp.rows) await sql`DROP TABLE IF EXISTS pg_temp.${sql.id(t.relname)}`.execute(this.c);
    for (const conn of this.b ? [this.c, this.b] : [this.c]) {
      await sql`SELECT set_config('search_path', ${this.searchPaths.get(conn) ?? 'public'}, false)`.execute(conn);
    }
  }

  logins(): CityLogin[] {
    return this.madeLogins;
  }

  // ── units ──────────────────────────────────────────────────────────────────────────────────────────────────────

  private unitTimes(u: PlanUnit) {
    const r = generator(this.o.seed * 31 + u.k * 7 + 3);
    const lastEnd = at(this.setup.lastWindow.end, 18);
    const last = {
      confirmed: at(addDays(u.last.declaredOn, 1 + r.int(3)), 9 + r.int(8), r.int(60)),
      settled: at(addDays(u.last.declaredOn, 5 + r.int(8)), 9 + r.int(8), r.int(60)),
      unitPaid: '',
    };
    last.unitPaid = minIso(at(addDays(last.settled.slice(0, 10), 3 + r.int(20)), 10 + r.int(6), r.int(60)), lastEnd);
    const cap = (iso: string) => minIso(iso, this.nowIso);
    const d = u.now.declaredOn;
    const now = {
      confirmed: cap(at(addDays(d, 1 + r.int(2)), 9 + r.int(8), r.int(60))),
      settled: cap(at(addDays(d, 3 + r.int(4)), 9 + r.int(8), r.int(60))),
      unitPaid: null as string | null,
    };
    // A unit that finished and pays as a whole has mostly paid already (one in twenty waits for its transfer).
    if (u.now.stage === 'finished' && u.now.mode === 'unit_total' && r.next() < 0.95) now.unitPaid = cap(at(addDays(now.settled.slice(0, 10), 2 + r.int(8)), 10 + r.int(6), r.int(60)));
    const imports = (u.kind !== 'community_office') && r.next() < 0.5;
    return { last, now, imports, importAt: cap(at(`${this.S}-09-${String(1 + r.int(9)).padStart(2, '0')}`, 10 + r.int(6), r.int(60))) };
  }

  async units() {
    const R = this.R;
    const districtIndex = new Map(this.setup.districts.map((d, i) => [d.code, i]));
    const rows = this.plan.units.map((u) => {
      const t = this.unitTimes(u);
      return {
        k: u.k,
        kind: u.kind,
        district_code: u.districtCode,
        district_i: districtIndex.get(u.districtCode)!,
        street_code: u.streetCode,
        name: u.name,
        address: u.address,
        contact_name: u.contactName,
        contact_phone: u.contactPhone,
        uscc: u.uscc,
        organisation_code: u.organisationCode,
        school_code: u.schoolCode,
        bank_code: u.bankCode,
        bank_account: u.bankAccount,
        operator: u.operator,
        last_mode: u.last.mode,
        last_method: u.last.method,
        last_lapsed: u.last.lapsed,
        last_declared_on: u.last.declaredOn,
        last_confirmed_at: t.last.confirmed,
        last_settled_at: t.last.settled,
        last_unit_paid_at: t.last.unitPaid,
        last_pay_rate: u.last.payRate,
        now_stage: u.now.stage,
        now_mode: u.now.mode,
        now_method: u.now.method,
        now_declared_on: u.now.declaredOn <= this.today ? u.now.declaredOn : this.today,
        now_confirmed_at: t.now.confirmed,
        now_settled_at: t.now.settled,
        now_unit_paid_at: t.now.unitPaid,
        now_share: u.now.share,
        now_pay_rate: u.now.payRate,
        imports: t.imports,
        import_at: t.importAt,
      };
    });
    await this.run(sql`
      CREATE UNLOGGED TABLE city_unit (
        k int PRIMARY KEY, id uuid, operator_id uuid,
        kind text, district_code text, district_i int, street_code text, name text, address text, contact_name text, contact_phone text,
        uscc text, organisation_code text, school_code text, bank_code text, bank_account text, operator text,
        last_mode text, last_method text, last_lapsed bool, last_declared_on date, last_confirmed_at timestamptz, last_settled_at timestamptz,
        last_unit_paid_at timestamptz, last_pay_rate float8,
        now_stage text, now_mode text, now_method text, now_declared_on date, now_confirmed_at timestamptz, now_settled_at timestamptz,
        now_unit_paid_at timestamptz, now_share float8, now_pay_rate float8, imports bool, import_at timestamptz)`);
    await sql`
      INSERT INTO city_unit (k, kind, district_code, district_i, street_code, name, address, contact_name, contact_phone, uscc, organisation_code, school_code,
                             bank_code, bank_account, operator, last_mode, last_method, last_lapsed, last_declared_on, last_confirmed_at, last_settled_at,
                             last_unit_paid_at, last_pay_rate, now_stage, now_mode, now_method, now_declared_on, now_confirmed_at, now_settled_at,
                             now_unit_paid_at, now_share, now_pay_rate, imports, import_at)
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(
        k int, kind text, district_code text, district_i int, street_code text, name text, address text, contact_name text, contact_phone text,
        uscc text, organisation_code text, school_code text, bank_code text, bank_account text, operator text,
        last_mode text, last_method text, last_lapsed bool, last_declared_on date, last_confirmed_at timestamptz, last_settled_at timestamptz,
        last_unit_paid_at timestamptz, last_pay_rate float8, now_stage text, now_mode text, now_method text, now_declared_on date,
        now_confirmed_at timestamptz, now_settled_at timestamptz, now_unit_paid_at timestamptz, now_share float8, now_pay_rate float8,
        imports bool, import_at timestamptz)`.execute(this.c);
    await sql`UPDATE city_unit SET id = ${this.uid(0x010, 'k')}, operator_id = ${this.uid(0x020, 'k')}`.execute(this.c);
    const unitsMadeAt = `${this.L - 3}-06-01T09:00:00+08:00`;
    const units = await this.exec(sql`
      INSERT INTO unit (id, region_code, district_code, name, kind, contact_name, contact_phone, address, street_code, uscc, organisation_code,
                        school_code, bank_code, bank_account_number, bank_account_holder, created_at, updated_at)
      SELECT id, ${lit(R)}, district_code, name, kind, contact_name, contact_phone, address, street_code, uscc, organisation_code,
             school_code, bank_code, bank_account, CASE WHEN bank_account IS NOT NULL THEN name END, ${lit(unitsMadeAt)}::timestamptz, ${lit(unitsMadeAt)}::timestamptz
      FROM city_unit ORDER BY k`);
    // Every account holds its name across regions in login_name, where the schema has it (issue 18).
    const loginNames = await this.count(sql<{ n: number }>`SELECT (to_regclass('login_name') IS NOT NULL)::int AS n`);
    if (loginNames) {
      await this.exec(sql`INSERT INTO ${sql.table('login_name')} (region_code, username, created_at) SELECT ${lit(R)}, operator, ${lit(unitsMadeAt)}::timestamptz FROM city_unit ORDER BY k`);
    }
    const accounts = await this.exec(sql`
      INSERT INTO app_user (id, region_code, unit_id, username, display_name, role, password_hash, created_at, updated_at, password_changed_at)
      SELECT operator_id, ${lit(R)}, id, operator, regexp_replace(name, '^.*?(区|市)', '') || '经办员', 'unit_operator', ${this.passwordHash},
             ${lit(unitsMadeAt)}::timestamptz, ${lit(unitsMadeAt)}::timestamptz, ${lit(unitsMadeAt)}::timestamptz
      FROM city_unit ORDER BY k`);
    const admin = this.setup.admin;
    this.later(sql`
      INSERT INTO audit_log (region_code, unit_id, actor_user_id, actor_username, actor_role, at, action, entity_type, entity_id, after)
      SELECT ${lit(R)}, NULL, ${admin.id}::uuid, ${admin.username}, 'agency_admin', ${lit(unitsMadeAt)}::timestamptz, a.action, a.entity, a.entity_id, a.after
      FROM city_unit u CROSS JOIN LATERAL (VALUES
        ('unit.created', 'unit', u.id::text, jsonb_build_object('name', u.name, 'kind', u.kind, 'districtCode', u.district_code)),
        ('user.created', 'user', u.operator_id::text, jsonb_build_object('username', u.operator, 'role', 'unit_operator', 'unitId', u.id))) a(action, entity, entity_id, after)
      ORDER BY u.k`);

    // The plan's other parts: districts and streets, member templates, classes, households, identities, elsewhere.
    await sql`CREATE UNLOGGED TABLE city_district (i int PRIMARY KEY, code text, name text, streets text[], street_names text[])`.execute(this.c);
    await sql`
      INSERT INTO city_district SELECT * FROM jsonb_to_recordset(${JSON.stringify(
        this.setup.districts.map((d, i) => ({ i, code: d.code, name: d.name, streets: d.streets.map((s) => s.code), street_names: d.streets.map((s) => s.name) })),
      )}::jsonb) AS x(i int, code text, name text, streets text[], street_names text[])`.execute(this.c);
    await sql`CREATE UNLOGGED TABLE city_elsewhere (i int PRIMARY KEY, code text, place text)`.execute(this.c);
    await sql`INSERT INTO city_elsewhere SELECT * FROM jsonb_to_recordset(${JSON.stringify(ELSEWHERE.map((e, i) => ({ i, ...e })))}::jsonb) AS x(i int, code text, place text)`.execute(this.c);
    await sql`CREATE UNLOGGED TABLE city_member (type int, no int, relation text, age text, PRIMARY KEY (type, no))`.execute(this.c);
    await sql`INSERT INTO city_member SELECT * FROM jsonb_to_recordset(${JSON.stringify(HOUSEHOLD_MEMBERS)}::jsonb) AS x(type int, no int, relation text, age text)`.execute(this.c);
    await sql`CREATE UNLOGGED TABLE city_class (unit_k int, grade_code text, class_name text, entry_year int, graduation_year int, cohort_start date, n int, start int)`.execute(this.c);
    await sql`
      INSERT INTO city_class SELECT * FROM jsonb_to_recordset(${JSON.stringify(
        this.plan.classes.map((x) => ({ unit_k: x.unitK, grade_code: x.gradeCode, class_name: x.className, entry_year: x.entryYear, graduation_year: x.graduationYear, cohort_start: x.cohortStart, n: x.n, start: x.start })),
      )}::jsonb) AS x(unit_k int, grade_code text, class_name text, entry_year int, graduation_year int, cohort_start date, n int, start int)`.execute(this.c);
    await sql`CREATE UNLOGGED TABLE city_household (hh int PRIMARY KEY, id uuid, unit_k int, type int, size int, start int, head_age int, head_male bool, address text)`.execute(this.c);
    await sql`
      INSERT INTO city_household (hh, id, unit_k, type, size, start, head_age, head_male, address)
      SELECT x.hh, ${this.uid(0x030, 'x.hh')}, x.unit_k, x.type, x.size, x.start, x.head_age, x.head_male, x.address FROM jsonb_to_recordset(${JSON.stringify(
        this.plan.households.map((x) => ({ hh: x.hh, unit_k: x.unitK, type: x.type, size: x.size, start: x.start, head_age: x.headAge, head_male: x.headMale, address: x.address })),
      )}::jsonb) AS x(hh int, unit_k int, type int, size int, start int, head_age int, head_male bool, address text)`.execute(this.c);
    await sql`CREATE UNLOGGED TABLE city_identity (minor bool, lo float8, hi float8, code text, name text, department text, certificate text)`.execute(this.c);
    await sql`INSERT INTO city_identity SELECT * FROM jsonb_to_recordset(${JSON.stringify(this.identityBands())}::jsonb) AS x(minor bool, lo float8, hi float8, code text, name text, department text, certificate text)`.execute(this.c);
    for (const t of ['city_unit', 'city_class', 'city_household', 'city_district']) await sql`ANALYZE ${sql.table(t)}`.execute(this.c);
    for (const u of this.plan.units.filter((x, i, all) => all.findIndex((y) => y.kind === x.kind) === i)) this.madeLogins.push({ username: u.operator, role: 'unit_operator', unit: u.name });
    this.madeLogins.push({ username: this.setup.admin.username, role: 'agency_admin', unit: null }, { username: this.setup.collector.username, role: 'collector', unit: null });
    return { unit: units, app_user: accounts, 'plan:classes': this.plan.classes.length, 'plan:households': this.plan.households.length };
  }

  /** The exemption identities of this year's profile as bands of [0, 1) per age group, weighted by IDENTITY_WEIGHTS. */
  private identityBands() {
    const identities = (this.setup.profiles[this.Y]!.profile as TPolicyProfile).identities.filter((i) => i.subsidy.kind !== 'none');
    const out: Array<{ minor: boolean; lo: number; hi: number; code: string; name: string; department: string; certificate: string }> = [];
    for (const minor of [true, false]) {
      const weights = identities.map((i) => (IDENTITY_WEIGHTS[i.code] ?? OTHER_IDENTITY_WEIGHT)[minor ? 'minor' : 'adult']);
      const total = weights.reduce((s, w) => s + w, 0);
      let lo = 0;
      identities.forEach((i, k) => {
        if (!weights[k]) return;
        const hi = lo + weights[k]! / total;
        out.push({ minor, lo, hi: k === identities.length - 1 ? 1.000001 : hi, code: i.code, name: i.name, department: i.certifyingDepartment, certificate: CERTIFICATES[i.code] ?? `${i.name}证明` });
        lo = hi;
      });
      if (out.length && out.at(-1)!.minor === minor) out.at(-1)!.hi = 1.000001;
    }
    return out;
  }

  // ── persons ────────────────────────────────────────────────────────────────────────────────────────────────────

  async persons() {
    const R = this.R;
    const S = this.S;
    const thisStart = lit(this.setup.thisWindow.start);
    const lastStart = lit(this.setup.lastWindow.start);
    const P = SALT.person;
    const H = SALT.household;
    const u = (i: number) => this.u('s.g', P + i);
    const hu = (i: number) => this.u('s.hh', H + i);
    const nSur = [...SURNAMES].length;
    const pick = (list: readonly string[], r: RawBuilder<number>) => sql`(${arr(list)})[1 + floor(${r} * ${lit(list.length)})::int]`;
    const surname = (r: RawBuilder<number>) => sql`substr(${lit(SURNAMES)}, 1 + floor(power(${r}, 1.6) * ${lit(nSur)})::int, 1)`;
    const mobile = (a: RawBuilder<number>, b: RawBuilder<number>) => sql`'1' || ${pick(MOBILE_PREFIXES, a)} || lpad(floor(${b} * 100000000)::bigint::text, 8, '0')`;

    // Who each seat (every pupil of every class, every member of every household) is: age, gender, hukou, names,
    // contacts, identity — each decision its own pseudo-random stream; one statement, so nothing wide is written twice.
    const famSurname = surname(sql.raw('b.h7'));
    const wifeSurname = surname(sql.raw('b.h8'));
    const manGiven = sql`CASE WHEN b.head_age >= 58 THEN ${pick(OLD_MAN_NAMES, sql.raw('b.h9'))} ELSE ${pick(MAN_NAMES, sql.raw('b.h9'))} END`;
    const womanGiven = sql`CASE WHEN b.head_age >= 58 THEN ${pick(OLD_WOMAN_NAMES, sql.raw('b.h10'))} ELSE ${pick(WOMAN_NAMES, sql.raw('b.h10'))} END`;
    const manName = sql`(${famSurname} || ${manGiven})`;
    const womanName = sql`(${wifeSurname} || ${womanGiven})`;
    const childGiven = sql`CASE WHEN b.male THEN ${pick(BOY_NAMES, sql.raw('b.r11'))} ELSE ${pick(GIRL_NAMES, sql.raw('b.r11'))} END`;
    const manPhone = mobile(sql.raw('b.h11'), sql.raw('b.h12'));
    const womanPhone = mobile(sql.raw('b.h13'), sql.raw('b.h14'));
    await this.run(sql`
      CREATE TEMP TABLE city_n AS
      WITH seat AS (
      SELECT g, c.unit_k, CASE WHEN c.grade_code = '00' THEN 'kinder' ELSE 'pupil' END AS role, c.grade_code, c.class_name, c.entry_year,
             c.graduation_year, c.cohort_start, NULL::int AS hh, NULL::int AS member_no, NULL::text AS relation, NULL::text AS age_kind,
             NULL::int AS head_age, NULL::bool AS head_male, NULL::text AS haddress
      FROM city_class c CROSS JOIN LATERAL generate_series(c.start, c.start + c.n - 1) AS g
      UNION ALL
      SELECT h.start + m.no - 1, h.unit_k, 'resident', NULL, NULL, NULL, NULL, NULL, h.hh, m.no, m.relation, m.age, h.head_age, h.head_male, h.address
      FROM city_household h JOIN city_member m ON m.type = h.type AND m.no <= h.size
      ),
      x AS (
        SELECT s.*, cu.id AS unit_id, cu.kind AS unit_kind, cu.district_code AS unit_district, cu.district_i AS unit_district_i, cu.street_code AS unit_street,
               cu.operator, cu.operator_id, cu.imports, cu.import_at, cu.last_declared_on,
               ${u(1)} AS r1, ${u(2)} AS r2, ${u(3)} AS r3, ${u(4)} AS r4, ${u(5)} AS r5, ${u(6)} AS r6, ${u(7)} AS r7, ${u(8)} AS r8,
               ${u(9)} AS r9, ${u(10)} AS r10, ${u(11)} AS r11, ${u(12)} AS r12, ${u(13)} AS r13, ${u(14)} AS r14, ${u(15)} AS r15,
               ${u(16)} AS r16, ${u(17)} AS r17, ${u(18)} AS r18, ${u(19)} AS r19, ${u(20)} AS r20, ${u(21)} AS r21, ${u(22)} AS r22,
               ${hu(1)} AS h1, ${hu(2)} AS h2, ${hu(3)} AS h3, ${hu(4)} AS h4, ${hu(5)} AS h5, ${hu(6)} AS h6, ${hu(7)} AS h7, ${hu(8)} AS h8,
               ${hu(9)} AS h9, ${hu(10)} AS h10, ${hu(11)} AS h11, ${hu(12)} AS h12, ${hu(13)} AS h13, ${hu(14)} AS h14
        FROM seat s JOIN city_unit cu ON cu.k = s.unit_k
      ),
      y AS (
        SELECT x.*,
          CASE x.age_kind WHEN 'head' THEN x.head_age
                          WHEN 'spouse' THEN greatest(20, x.head_age + floor(x.r1 * 9)::int - 5)
                          WHEN 'parent' THEN least(95, x.head_age + 24 + floor(x.r1 * 9)::int)
                          WHEN 'adult_child' THEN 18 + floor(x.r1 * 7)::int END AS age_years,
          CASE WHEN x.role <> 'resident' THEN x.r2 < 0.52
               WHEN x.relation = 'head' THEN x.head_male
               WHEN x.relation = 'spouse' THEN NOT x.head_male
               WHEN x.relation = 'parent' THEN x.r2 < 0.45
               ELSE x.r2 < 0.51 END AS male,
          CASE WHEN coalesce(x.h1, x.r4) < CASE WHEN x.role = 'resident' THEN 0.72 ELSE 0.70 END THEN 'local_urban'
               WHEN coalesce(x.h1, x.r4) < CASE WHEN x.role = 'resident' THEN 0.85 ELSE 0.82 END THEN 'local_rural'
               ELSE 'nonlocal' END AS hukou_type,
          CASE WHEN coalesce(x.h2, x.r5) < 0.85 THEN x.unit_district_i
               ELSE floor(coalesce(x.h3, x.r6) * (SELECT count(*) FROM city_district))::int END AS district_i,
          floor(coalesce(x.h6, x.r9) * (SELECT count(*) FROM city_elsewhere))::int AS elsewhere_i
        FROM x
      ),
      z AS (
        SELECT y.*, d.code AS d_code, d.name AS d_name,
          CASE WHEN d.code = y.unit_district AND coalesce(y.h4, y.r7) < 0.7 THEN y.unit_street
               ELSE d.streets[1 + floor(coalesce(y.h5, y.r8) * cardinality(d.streets))::int] END AS street_code,
          e.code AS e_code, e.place AS e_place,
          CASE WHEN y.role <> 'resident' THEN y.cohort_start + floor(y.r3 * 365)::int
               WHEN y.age_kind = 'infant' THEN ${thisStart}::date - 150 - floor(y.r3 * ${lit(3 * 365 - 150)})::int
               ELSE (${thisStart}::date - make_interval(years => y.age_years))::date - 1 - floor(y.r3 * 364)::int END AS birth_date
        FROM y JOIN city_district d ON d.i = y.district_i JOIN city_elsewhere e ON e.i = y.elsewhere_i
      ),
      b AS (
      SELECT z.g, ${this.uid(0x040, 'z.g')} AS id, z.unit_k, z.unit_id, z.unit_kind, z.operator, z.operator_id, z.role, z.hh, z.member_no, z.relation,
        z.grade_code, z.class_name, z.entry_year, z.graduation_year, z.birth_date,
        CASE WHEN z.male THEN 'male' ELSE 'female' END AS gender, z.male,
        extract(year FROM age(${thisStart}::date, z.birth_date))::int AS age_now,
        z.hukou_type,
        CASE WHEN z.hukou_type = 'nonlocal' THEN z.e_code ELSE z.d_code END AS area,
        CASE WHEN z.hukou_type <> 'nonlocal' THEN z.d_code END AS hukou_district_code,
        CASE WHEN z.hukou_type <> 'nonlocal' THEN z.street_code END AS hukou_street_code,
        CASE WHEN z.hukou_type = 'nonlocal' THEN z.e_place || ${pick(ROADS, this.u('z.g', P + 30))} || (1 + floor(${this.u('z.g', P + 31)} * 200))::int || '号'
             WHEN z.role = 'resident' AND z.d_code = z.unit_district THEN z.haddress
             ELSE z.d_name || ${pick(ROADS, this.u('z.g', P + 30))} || (1 + floor(${this.u('z.g', P + 31)} * 400))::int || '号' END AS hukou_address,
        CASE WHEN z.hukou_type = 'nonlocal' THEN greatest(z.birth_date + 30, ${lastStart}::date - 120 - floor(z.r10 * 1500)::int) END AS residence_permit_since,
        CASE WHEN z.role <> 'resident' THEN ${surname(sql.raw('z.r10'))} ELSE NULL END AS pupil_surname,
        z.r11, z.r12, z.r13, z.r14, z.r15, z.r16, z.r17, z.r18, z.r19, z.r20, z.r21, z.r22, z.r1, z.r2, z.r3,
        z.h7, z.h8, z.h9, z.h10, z.h11, z.h12, z.h13, z.h14, z.head_age, z.head_male, z.age_years, z.haddress,
        z.imports, z.import_at, z.last_declared_on
      FROM z
      ),
      bb AS (SELECT *, (role = 'resident' AND relation = 'child' AND age_years IS NULL) AS age_kind_infant FROM b)
      -- Only what the next steps read: the wide pseudo-random columns stay behind.
      SELECT b.g, b.id, b.unit_k, b.unit_id, b.unit_kind, b.operator, b.operator_id, b.role, b.hh, b.member_no, b.relation, b.grade_code, b.class_name, b.entry_year, b.graduation_year, b.birth_date, b.gender, b.male, b.age_now, b.hukou_type, b.area, b.hukou_district_code, b.hukou_street_code, b.hukou_address, b.residence_permit_since, b.imports, b.import_at, b.last_declared_on, b.r2, b.r15, b.r16, b.r20,
        CASE WHEN b.role <> 'resident' THEN b.pupil_surname || ${childGiven}
             WHEN b.relation IN ('head', 'spouse') THEN CASE WHEN b.male THEN ${manName} ELSE ${womanName} END
             WHEN b.relation = 'child' THEN ${famSurname} || ${childGiven}
             ELSE CASE WHEN b.male THEN CASE WHEN b.head_male THEN ${famSurname} ELSE ${wifeSurname} END || ${pick(OLD_MAN_NAMES, sql.raw('b.r12'))}
                       ELSE ${surname(sql.raw('b.r13'))} || ${pick(OLD_WOMAN_NAMES, sql.raw('b.r12'))} END END AS name,
        CASE WHEN b.r21 < 0.97 THEN '汉族' ELSE ${pick(ETHNICITIES, sql.raw('b.r22'))} END AS ethnicity,
        CASE WHEN b.role = 'resident' AND b.relation IN ('head', 'spouse') THEN CASE WHEN b.male THEN ${manPhone} ELSE ${womanPhone} END
             WHEN b.role = 'resident' AND b.age_years IS NOT NULL THEN ${mobile(sql.raw('b.r14'), sql.raw('b.r15'))} END AS phone,
        CASE WHEN b.role <> 'resident' THEN CASE WHEN b.r12 < 0.58 THEN '父亲' WHEN b.r12 < 0.93 THEN '母亲' WHEN b.r12 < 0.97 THEN '祖父' ELSE '祖母' END
             WHEN b.age_kind_infant THEN CASE WHEN b.r12 < 0.7 THEN '父亲' ELSE '母亲' END END AS guardian_relation,
        CASE WHEN b.role <> 'resident' THEN CASE WHEN b.r12 < 0.58 THEN b.pupil_surname || ${pick(MAN_NAMES, sql.raw('b.r13'))}
                                                 WHEN b.r12 < 0.93 THEN ${surname(sql.raw('b.r14'))} || ${pick(WOMAN_NAMES, sql.raw('b.r13'))}
                                                 WHEN b.r12 < 0.97 THEN b.pupil_surname || ${pick(OLD_MAN_NAMES, sql.raw('b.r13'))}
                                                 ELSE ${surname(sql.raw('b.r14'))} || ${pick(OLD_WOMAN_NAMES, sql.raw('b.r13'))} END
             WHEN b.age_kind_infant THEN CASE WHEN b.r12 < 0.7 THEN ${manName} ELSE ${womanName} END END AS guardian_name,
        CASE WHEN b.role <> 'resident' THEN ${mobile(sql.raw('b.r15'), sql.raw('b.r16'))}
             WHEN b.age_kind_infant THEN CASE WHEN b.r12 < 0.7 THEN ${manPhone} ELSE ${womanPhone} END END AS guardian_phone,
        CASE WHEN b.r1 < CASE WHEN b.age_now < 3 THEN 0.35 WHEN b.age_now < 7 THEN 0.7 ELSE 0.85 END THEN 'issued'
             WHEN b.r1 < 0.95 THEN 'none' ELSE 'unknown' END AS card_status,
        CASE WHEN b.role = 'pupil' AND b.entry_year < ${lit(S)} AND b.r19 < 0.003 THEN 'left_summer'
             WHEN b.role = 'pupil' AND b.entry_year < ${lit(S)} AND b.r19 < 0.0036 THEN 'left_autumn' END AS stop_kind,
        CASE WHEN b.r17 < 0.03 THEN b.r18 END AS ex_roll
      FROM bb b`);
    // The serial of each number: its rank within (area, birth date, gender), counted on the few columns it needs.
    await this.run(sql`
      CREATE TEMP TABLE city_rank AS
      SELECT g, row_number() OVER (PARTITION BY area, birth_date, male ORDER BY g) AS rank_in_day,
             row_number() OVER (PARTITION BY unit_k, entry_year ORDER BY g) AS rank_in_year
      FROM city_n`);

    await this.run(sql`
      CREATE TEMP TABLE city_p AS
      WITH k AS (
        SELECT n.*, r.rank_in_day, r.rank_in_year,
               n.area || to_char(n.birth_date, 'YYYYMMDD') || lpad((CASE WHEN n.male THEN 999 ELSE 998 END - 2 * (r.rank_in_day - 1))::text, 3, '0') AS body
        FROM city_n n JOIN city_rank r ON r.g = n.g
      )
      SELECT k.g, k.id, k.unit_k, k.unit_id, k.unit_kind, k.operator, k.operator_id, k.role, k.hh, k.member_no, k.relation,
             k.grade_code, k.class_name, k.entry_year, k.graduation_year, k.birth_date, k.gender, k.male, k.age_now, k.hukou_type, k.hukou_district_code,
             k.hukou_street_code, k.hukou_address, k.residence_permit_since, k.name, k.ethnicity, k.phone, k.guardian_name, k.guardian_relation,
             k.guardian_phone, k.card_status, k.stop_kind, k.rank_in_day, k.rank_in_year, k.area,
             k.body || ${residentIdCheckSql('k.body')} AS document_number,
             CASE WHEN k.role <> 'resident' THEN k.entry_year::text || lpad(k.rank_in_year::text, 4, '0') END AS student_number,
             CASE k.stop_kind WHEN 'left_summer' THEN make_date(${lit(S)}, 7, 1) + floor(k.r20 * 40)::int
                              WHEN 'left_autumn' THEN k.last_declared_on + 30 + floor(k.r20 * 20)::int END AS stopped_on,
             -- Registered: pupils in September of their entry year (this year's entrants by the school's import when it
             -- imports), residents years before last year's campaign, babies a month or two after birth.
             least(${this.now},
               CASE WHEN k.role <> 'resident' AND k.entry_year = ${lit(S)} AND k.imports THEN k.import_at
                    ELSE (CASE WHEN k.role <> 'resident' THEN make_date(k.entry_year, 9, 1) + floor(k.r20 * 14)::int
                               WHEN k.birth_date > ${lastStart}::date - 150 THEN k.birth_date + 30 + floor(k.r20 * 60)::int
                               ELSE least(${lastStart}::date - 200, greatest(k.birth_date + 30, ${lastStart}::date - 200 - floor(k.r20 * 1800)::int)) END
                          + make_interval(hours => 1, secs => floor(k.r2 * 28800))) AT TIME ZONE 'UTC' END) AS created_at,
             (k.role <> 'resident' AND k.entry_year = ${lit(S)} AND k.imports) AS imported,
             i.code AS ex_code, i.name AS ex_name, i.department AS ex_department, i.certificate AS ex_certificate,
             CASE WHEN i.code IS NOT NULL THEN CASE WHEN k.r16 < 0.6 THEN 'department_list' ELSE 'document' END END AS ex_source,
             CASE WHEN i.code IS NOT NULL THEN make_date(${lit(this.L - 2)}, 1, 1) + floor(k.r15 * 480)::int END AS ex_valid_from
      FROM k LEFT JOIN city_identity i ON k.ex_roll IS NOT NULL AND i.minor = (k.age_now < 18) AND k.ex_roll >= i.lo AND k.ex_roll < i.hi`);
    await sql`ALTER TABLE city_p ADD PRIMARY KEY (g)`.execute(this.c);
    await sql`ANALYZE city_p`.execute(this.c);
    for (const t of ['city_n', 'city_rank']) await sql`DROP TABLE ${sql.table(t)}`.execute(this.c);

    const overflow = await this.count(sql<{ n: number }>`SELECT count(*)::int AS n FROM city_p WHERE rank_in_day > 500`);
    if (overflow) throw new Error(`${overflow} persons share an area, birth date and gender beyond the 500 serial numbers of a day: use fewer persons`);
    const clash = await this.count(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM city_p c JOIN person p ON p.region_code = ${lit(R)} AND p.document_type = '01' AND p.document_number = c.document_number`);
    if (clash) throw new Error(`${clash} generated ID numbers are already registered in region ${R} (the serials 999 downwards were taken): use --fresh or another seed`);

    const rows: Record<string, number> = {};
    rows.person = await this.exec(sql`
      INSERT INTO person (id, region_code, document_type, document_number, name, gender, birth_date, ethnicity, hukou_type, hukou_district_code,
                          hukou_street_code, hukou_address, residence_permit_since, phone, guardian_name, guardian_relation, guardian_phone,
                          unit_id, grade_code, class_name, student_number, entry_year, expected_graduation_year, card_status, status,
                          stop_reason, stopped_from_unit_id, stopped_on, created_at, updated_at)
      SELECT id, ${lit(R)}, '01', document_number, name, gender, birth_date, ethnicity, hukou_type, hukou_district_code,
             hukou_street_code, hukou_address, residence_permit_since, phone, guardian_name, guardian_relation, guardian_phone,
             CASE WHEN stop_kind IS NULL THEN unit_id END, grade_code, class_name, student_number, entry_year, graduation_year, card_status,
             CASE WHEN stop_kind IS NULL THEN 'active' ELSE 'stopped' END,
             CASE stop_kind WHEN 'left_summer' THEN 'moved_away' WHEN 'left_autumn' THEN 'other' END,
             CASE WHEN stop_kind IS NOT NULL THEN unit_id END, stopped_on, created_at,
             CASE WHEN stopped_on IS NOT NULL THEN greatest(created_at, (stopped_on::timestamp + interval '1 hour') AT TIME ZONE 'UTC') ELSE created_at END
      FROM city_p ORDER BY g`);
    rows.person_membership = await this.exec(sql`
      INSERT INTO person_membership (id, region_code, person_id, unit_id, started_on, ended_on, end_reason, created_at)
      SELECT ${this.uid(0x050, 'g')}, ${lit(R)}, id, unit_id, (created_at + interval '8 hours')::date, stopped_on,
             CASE stop_kind WHEN 'left_summer' THEN 'moved_away' WHEN 'left_autumn' THEN 'transferred' END, created_at
      FROM city_p ORDER BY g`);
    rows.household = await this.exec(sql`
      INSERT INTO household (region_code, id, unit_id, hukou_type, hukou_address, created_by, created_at, updated_at)
      SELECT ${lit(R)}, h.id, p.unit_id, p.hukou_type, h.address, p.operator, p.created_at, p.created_at
      FROM city_household h JOIN city_p p ON p.hh = h.hh AND p.member_no = 1 ORDER BY h.hh`);
    rows.household_member = await this.exec(sql`
      INSERT INTO household_member (region_code, household_id, person_id, unit_id, relation, joined_at)
      SELECT ${lit(R)}, h.id, p.id, p.unit_id, p.relation, p.created_at
      FROM city_p p JOIN city_household h ON h.hh = p.hh ORDER BY p.g`);
    rows.person_exemption = await this.exec(sql`
      INSERT INTO person_exemption (id, region_code, person_id, category_code, category_name, certifying_department, certificate_name, certificate_number,
                                    valid_from, valid_to, source, created_at)
      SELECT ${this.uid(0x060, 'g')}, ${lit(R)}, id, ex_code, ex_name, ex_department,
             CASE WHEN ex_source = 'document' THEN ex_certificate END,
             CASE WHEN ex_source = 'document' THEN coalesce(hukou_district_code, area) || to_char(ex_valid_from, 'YYYY') || lpad((g % 100000)::text, 5, '0') END,
             ex_valid_from, CASE WHEN ex_source = 'document' THEN make_date(${lit(this.Y + 1)}, 12, 31) END, ex_source,
             greatest(created_at, (ex_valid_from::timestamp + interval '10 hours') AT TIME ZONE 'UTC')
      FROM city_p WHERE ex_code IS NOT NULL ORDER BY g`);

    // This year's entrants of half the schools came in by the school's enrollment import (批量参保模板).
    await this.run(sql`
      CREATE UNLOGGED TABLE city_ij AS
      SELECT p.unit_k, ${this.uid(0x070, 'p.unit_k')} AS id, u.id AS unit_id, u.name, u.operator, u.operator_id, u.import_at, count(*)::int AS n
      FROM city_p p JOIN city_unit u ON u.k = p.unit_k WHERE p.imported GROUP BY p.unit_k, u.id, u.name, u.operator, u.operator_id, u.import_at`);
    const headers = ['姓名', '证件类型', '证件号码', '户籍类型', '户籍所在地代码', '年级', '班级', '学号', '入学年份', '监护人姓名', '与监护人关系', '监护人电话'];
    const keys = ['name', 'documentType', 'documentNumber', 'hukouType', 'hukouDivisionCode', 'gradeCode', 'className', 'studentNumber', 'entryYear', 'guardianName', 'guardianRelation', 'guardianPhone'];
    const sheets = JSON.stringify([{ name: '参保学生', headerRowNo: 1, headers, indexOf: Object.fromEntries(keys.map((k, i) => [k, i])) }]);
    rows.import_job = await this.exec(sql`
      INSERT INTO import_job (id, region_code, unit_id, kind, status, file_name, file_format, file_sha256, file_bytes, rows_total, rows_done, counts, sheets,
                              created_by, created_by_username, created_at, phase_started_at, finished_at, updated_at)
      SELECT id, ${lit(R)}, unit_id, 'enrollment', 'committed', ${lit(`${S}级新生参保登记`)} || '.xlsx', 'xlsx', encode(sha256(convert_to(id::text, 'UTF8')), 'hex'),
             9000 + n * 160, n, n, jsonb_build_object('created', n), ${sheets}::jsonb, operator_id, operator,
             import_at - interval '3 minutes', import_at - interval '1 minute', import_at, import_at
      FROM city_ij ORDER BY unit_k`);
    const hukouName = sql`CASE p.hukou_type WHEN 'local_urban' THEN '本市城镇' WHEN 'local_rural' THEN '本市农村' ELSE '外地' END`;
    rows.import_row = await this.exec(sql`
      INSERT INTO import_row (job_id, region_code, unit_id, seq, sheet, row_no, cells, document_type, document_number, payload, outcome, person_id)
      SELECT j.id, ${lit(R)}, p.unit_id, row_number() OVER (PARTITION BY j.id ORDER BY p.g)::int, '参保学生', 1 + row_number() OVER (PARTITION BY j.id ORDER BY p.g)::int,
             jsonb_build_array(p.name, '01', p.document_number, ${hukouName}, coalesce(p.hukou_street_code, p.hukou_district_code, ''), p.grade_code, p.class_name,
                               p.student_number, p.entry_year::text, p.guardian_name, p.guardian_relation, p.guardian_phone),
             '01', p.document_number,
             jsonb_strip_nulls(jsonb_build_object('name', p.name, 'gender', p.gender, 'birth_date', p.birth_date, 'hukou_type', p.hukou_type,
               'hukou_district_code', p.hukou_district_code, 'hukou_street_code', p.hukou_street_code, 'hukou_address', p.hukou_address,
               'residence_permit_since', p.residence_permit_since, 'grade_code', p.grade_code, 'class_name', p.class_name, 'student_number', p.student_number,
               'entry_year', p.entry_year, 'expected_graduation_year', p.graduation_year, 'guardian_name', p.guardian_name,
               'guardian_relation', p.guardian_relation, 'guardian_phone', p.guardian_phone)),
             'created', p.id
      FROM city_p p JOIN city_ij j ON j.unit_k = p.unit_k WHERE p.imported`);

    // Audit: a registration per person (an imported one names its job, sheet and row, as canbao_import_audit writes),
    // the imports, the households, the identities recorded, the persons stopped — read back from what was written
    // (the persons' staging table is this connection's own).
    this.later(sql`
      INSERT INTO audit_log (region_code, unit_id, actor_user_id, actor_username, actor_role, at, action, entity_type, entity_id, after)
      SELECT ${lit(R)}, u.id, u.operator_id, u.operator, 'unit_operator', p.created_at, 'person.registered', 'person', p.id::text,
             CASE WHEN j.id IS NOT NULL THEN jsonb_build_object('importJobId', j.id, 'sheet', '参保学生', 'row', 1 + substr(p.student_number, 5)::int)
                  ELSE jsonb_build_object('name', p.name, 'documentNumber', left(p.document_number, 4) || '**********' || right(p.document_number, 4),
                                          'gender', p.gender, 'birthDate', p.birth_date, 'unitId', u.id) END
      FROM person p JOIN city_unit u ON u.id = coalesce(p.unit_id, p.stopped_from_unit_id)
      LEFT JOIN city_ij j ON j.unit_id = u.id AND p.grade_code IS NOT NULL AND p.entry_year = ${lit(S)}
      WHERE p.region_code = ${lit(R)} ORDER BY p.id`);
    this.later(sql`
      INSERT INTO audit_log (region_code, unit_id, actor_user_id, actor_username, actor_role, at, action, entity_type, entity_id, after)
      SELECT ${lit(R)}, j.unit_id, j.operator_id, j.operator, 'unit_operator', j.import_at - a.before_commit, a.action, 'import_job', j.id::text, a.after
      FROM city_ij j CROSS JOIN LATERAL (VALUES
        ('import.created', interval '3 minutes', jsonb_build_object('kind', 'enrollment', 'fileName', ${lit(`${S}级新生参保登记.xlsx`)})),
        ('import.committed', interval '0 minutes', jsonb_build_object('kind', 'enrollment', 'fileName', ${lit(`${S}级新生参保登记.xlsx`)}, 'counts', jsonb_build_object('created', j.n)))) a(action, before_commit, after)
      ORDER BY j.unit_k`);
    this.later(sql`
      INSERT INTO audit_log (region_code, unit_id, actor_user_id, actor_username, actor_role, at, action, entity_type, entity_id, after)
      SELECT ${lit(R)}, h.unit_id, NULL, h.created_by, 'unit_operator', h.created_at, 'household.created', 'household', h.id::text,
             jsonb_build_object('hukouType', h.hukou_type, 'hukouAddress', h.hukou_address,
                                'members', (SELECT jsonb_agg(jsonb_build_object('personId', m.person_id, 'relation', m.relation) ORDER BY m.joined_at, m.relation)
                                            FROM household_member m WHERE m.region_code = h.region_code AND m.household_id = h.id))
      FROM household h JOIN city_household ch ON ch.id = h.id WHERE h.region_code = ${lit(R)} ORDER BY ch.hh`);
    const admin = this.setup.admin;
    this.later(sql`
      INSERT INTO audit_log (region_code, unit_id, actor_user_id, actor_username, actor_role, at, action, entity_type, entity_id, after)
      SELECT ${lit(R)}, u.id, CASE WHEN e.source = 'document' THEN u.operator_id ELSE ${admin.id}::uuid END,
             CASE WHEN e.source = 'document' THEN u.operator ELSE ${admin.username} END,
             CASE WHEN e.source = 'document' THEN 'unit_operator' ELSE 'agency_admin' END,
             e.created_at, 'person.exemption_added', 'person', p.id::text,
             jsonb_build_object('categoryCode', e.category_code, 'certifyingDepartment', e.certifying_department, 'source', e.source, 'validFrom', e.valid_from)
      FROM person_exemption e JOIN person p ON p.id = e.person_id JOIN city_unit u ON u.id = coalesce(p.unit_id, p.stopped_from_unit_id)
      WHERE e.region_code = ${lit(R)} ORDER BY e.id`);
    this.later(sql`
      INSERT INTO audit_log (region_code, unit_id, actor_user_id, actor_username, actor_role, at, action, entity_type, entity_id, before, after)
      SELECT ${lit(R)}, u.id, u.operator_id, u.operator, 'unit_operator', (p.stopped_on::timestamp + interval '2 hours') AT TIME ZONE 'UTC', 'person.stopped', 'person', p.id::text,
             jsonb_build_object('unitId', u.id, 'status', 'active'),
             jsonb_build_object('status', 'stopped', 'reason', p.stop_reason, 'date', p.stopped_on,
                                'note', CASE p.stop_reason WHEN 'moved_away' THEN '随父母迁往外地就读' ELSE '开学后转学离校' END)
      FROM person p JOIN city_unit u ON u.id = p.stopped_from_unit_id WHERE p.region_code = ${lit(R)} AND p.status = 'stopped' ORDER BY p.id`);
    return rows;
  }

  // ── one insurance year ─────────────────────────────────────────────────────────────────────────────────────────

  async year(yr: number) {
    const R = this.R;
    const last = yr === this.L;
    const salt = last ? SALT.lastYear : SALT.thisYear;
    const u = (k: string, i: number) => this.u(k, salt + i);
    const campaign = this.setup.profiles[yr]!;
    const profile = campaign.profile;
    const rows: Record<string, number> = {};
    const t = `_${yr}`;
    const table = (name: string) => sql.table(`city_${name}${t}`);
    const window = last ? this.setup.lastWindow : this.setup.thisWindow;
    const endIso = last ? at(window.end, 18) : this.nowIso;
    const end = sql.raw(`${q(endIso)}::timestamptz`);
    // The unit's work of this year: its columns in city_unit.
    const col = (name: string) => sql.raw(`cu.${last ? 'last' : 'now'}_${name}`);

    // Candidates: who the unit declares. Last year: everyone then at the unit (not this September's entrants, not
    // babies born since), one in seventeen left out (not insured); this year: the active roster of the units that
    // started, a share of it where the unit has only begun.
    const ageRef = profile.ageReference.on === 'period_start' ? sql.raw(`${q(`${yr}-01-01`)}::date`) : sql.raw('c.declared_on');
    await this.run(sql`
      CREATE TEMP TABLE ${table('c')} AS
      SELECT c.*, concat_ws('|', c.unit_kind, coalesce(c.grade_code, '-'), c.hukou_type, coalesce(c.ex_code, '-'), coalesce(c.ex_source, '-'),
                            extract(year FROM age(${ageRef}, c.birth_date))::int, c.gender, c.hist) AS qk
      FROM (
        SELECT p.g, p.id AS person_id, p.unit_k, p.unit_id, p.unit_kind, p.grade_code, p.hukou_type, p.ex_code, p.ex_source, p.birth_date, p.gender, p.stop_kind,
               least(${lit(this.today)}::date, greatest(${col('declared_on')}, (p.created_at + interval '8 hours')::date)) AS declared_on,
               ${last ? sql`'none'` : sql`CASE WHEN d.status = 'paid' THEN 'paid' WHEN d.status IS NOT NULL AND d.status <> 'removed' THEN 'unpaid' ELSE 'none' END`} AS hist
        FROM city_p p JOIN city_unit cu ON cu.k = p.unit_k
        ${last ? sql`` : sql`LEFT JOIN city_d_${sql.raw(String(this.L))} d ON d.g = p.g`}
        WHERE ${
          last
            ? sql`(p.role = 'resident' OR p.entry_year < ${lit(this.S)}) AND p.birth_date <= ${lit(window.start)}::date - 150
                  AND ${u('p.g', 1)} >= ${lit(1 / 17)} AND (p.created_at + interval '8 hours')::date <= ${lit(window.end)}::date`
            : sql`p.stop_kind IS NULL AND cu.now_stage <> 'not_started' AND (cu.now_stage <> 'declared' OR ${u('p.g', 2)} < cu.now_share)`
        }
      ) c`);
    rows['plan:candidates'] = await this.count(sql<{ n: number }>`SELECT count(*)::int AS n FROM ${table('c')}`);

    // Each group of persons the policy engine would read alike is priced by quoting one of them with the region's
    // profile of the year, exactly as a declaration does (factsFromPerson + quoteFee, the path the unit may serve).
    const reps = await sql<{
      qk: string; declared_on: string; birth_date: string; gender: 'male' | 'female'; hukou_type: 'local_urban' | 'local_rural' | 'nonlocal';
      hukou_district_code: string | null; residence_permit_since: string | null; grade_code: string | null; unit_kind: TUnitKind;
      ex_code: string | null; ex_source: 'department_list' | 'document' | null; ex_valid_from: string | null; document_number: string; hist: string;
    }>`
      SELECT DISTINCT ON (c.qk) c.qk, c.declared_on::text, p.birth_date::text, p.gender, p.hukou_type, p.hukou_district_code, p.residence_permit_since::text,
             p.grade_code, p.unit_kind, p.ex_code, p.ex_source, p.ex_valid_from::text, p.document_number, c.hist
      FROM ${table('c')} c JOIN city_p p ON p.g = c.g ORDER BY c.qk, c.g`.execute(this.c);
    const quotes = reps.rows.map((r) => {
      const exemptions: TRegisteredExemption[] = r.ex_code
        ? [{ categoryCode: r.ex_code, validFrom: r.ex_valid_from!, validTo: r.ex_source === 'document' ? `${this.Y + 1}-12-31` : null, certificateName: null, certificateNumber: null, source: r.ex_source! }]
        : [];
      const history = r.hist === 'none' ? [] : [{ year: this.L, enrolled: true, paid: r.hist === 'paid', inWindow: true }];
      const facts = factsFromPerson(
        { documentType: '01', documentNumber: r.document_number, birthDate: r.birth_date, gender: r.gender, hukouType: r.hukou_type, hukouDistrictCode: r.hukou_district_code, residencePermitSince: r.residence_permit_since, gradeCode: r.grade_code, pointsEligibility: null, unitKind: r.unit_kind },
        exemptions,
        history,
        r.declared_on,
      );
      const result = safeQuoteFee(profile, facts);
      if (!result.ok) return { qk: r.qk, ok: false };
      const x = result.quote;
      const ok = x.eligible && x.allowed && !wrongPathReason(x, r.unit_kind);
      return {
        qk: r.qk,
        ok,
        window_kind: x.window,
        path_code: x.path.code,
        category_code: x.category.code,
        category_name: x.category.name,
        parts: x.parts,
        total_fen: x.totalFen,
        subsidy_fen: x.subsidyFen,
        subsidy_code: x.subsidy?.code ?? null,
        subsidy_name: x.subsidy?.name ?? null,
        payable_fen: x.payableFen,
        benefit_start: x.benefitStart,
        benefit_end: x.benefitEnd,
        waiting_days: x.waitingDays,
        reasons: x.reasons,
      };
    });
    await this.run(sql`
      CREATE TEMP TABLE ${table('q')} AS
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(quotes)}::jsonb) AS x(
        qk text, ok bool, window_kind text, path_code text, category_code text, category_name text, parts jsonb, total_fen bigint, subsidy_fen bigint,
        subsidy_code text, subsidy_name text, payable_fen bigint, benefit_start date, benefit_end date, waiting_days int, reasons jsonb)`);
    rows['plan:quotes'] = quotes.length;
    rows['plan:refused'] = await this.count(sql<{ n: number }>`SELECT count(*)::int AS n FROM ${table('c')} c JOIN ${table('q')} x ON x.qk = c.qk WHERE NOT x.ok`);

    // The plan of each declaration: how far it got, how it was paid (or not), and when.
    const channels = (list: ReadonlyArray<readonly [string, number]>, r: string) => {
      const total = list.reduce((s, [, w]) => s + w, 0);
      let acc = 0;
      const arms = list.map(([ch, w]) => {
        acc += w;
        return `WHEN ${r} < ${acc / total} THEN ${q(ch)}`;
      });
      return sql.raw(`CASE ${arms.join(' ')} ELSE ${q(list.at(-1)![0])} END`);
    };
    const online = sql.raw(`ARRAY[${[...ONLINE_CHANNELS].map(q).join(',')}]::text[]`);
    await this.run(sql`
      CREATE UNLOGGED TABLE ${table('d')} AS
      WITH base AS (
        SELECT c.g, ${this.uid(this.yearTag(0x100, yr), 'c.g')} AS id, c.person_id, c.unit_k, c.unit_id, c.unit_kind, c.declared_on, c.stop_kind,
               x.qk, x.window_kind, x.category_code, x.category_name, x.subsidy_code, x.subsidy_name, x.total_fen, x.subsidy_fen, x.payable_fen,
               ${col('mode')} AS mode, ${col('method')} AS method, ${col('pay_rate')} AS pay_rate,
               ${last ? sql`cu.last_lapsed` : sql`cu.now_unit_paid_at IS NULL`} AS unit_unpaid,
               least(${this.now}, greatest(${col('confirmed_at')}, (c.declared_on::timestamp + interval '3 hours') AT TIME ZONE 'UTC')) AS confirmed_at,
               ${col('settled_at')} AS settled_at, ${col('unit_paid_at')} AS unit_paid_at,
               -- A person registered after the unit confirmed its list waits, declared, for the next settlement.
               CASE WHEN (c.declared_on::timestamp AT TIME ZONE 'UTC') > ${col('confirmed_at')} THEN 'declared'
                    ${last ? sql`ELSE 'settled'` : sql`WHEN cu.now_stage IN ('finished', 'settled') THEN 'settled' ELSE cu.now_stage`} END AS stage,
               cu.operator, cu.operator_id,
               ${u('c.g', 10)} AS r_pay, ${u('c.g', 11)} AS r_channel, ${u('c.g', 12)} AS r_delay, ${u('c.g', 13)} AS r_dup, ${u('c.g', 14)} AS r_dup_delay
        FROM ${table('c')} c JOIN ${table('q')} x ON x.qk = c.qk AND x.ok JOIN city_unit cu ON cu.k = c.unit_k
      ),
      plan AS (
        SELECT b.*,
               (${last ? sql`b.stop_kind = 'left_autumn'` : sql`false`} AND b.stage = 'settled' AND b.mode = 'per_person' AND b.payable_fen > 0) AS wrongful,
               CASE WHEN b.mode = 'per_person' THEN
                 CASE WHEN ${last ? sql`b.stop_kind = 'left_autumn'` : sql`false`} THEN 'wechat'
                      WHEN b.unit_kind = 'community_office' THEN ${channels(CHANNELS_COMMUNITY, 'b.r_channel')}
                      ELSE ${channels(CHANNELS_SCHOOL, 'b.r_channel')} END
                 ELSE CASE b.method WHEN 'transfer' THEN 'unit_transfer' ELSE b.method END END AS channel,
               CASE WHEN ${last ? sql`b.stop_kind = 'left_autumn'` : sql`false`} AND b.mode = 'per_person' THEN b.settled_at + interval '1 day'
                    WHEN b.mode = 'per_person' THEN least(${end}, b.settled_at + (${end} - b.settled_at) * (b.r_delay * b.r_delay) * 0.8)
                    ELSE b.unit_paid_at END AS money_at
        FROM base b
      ),
      paid AS (
        SELECT p.*,
               CASE WHEN p.stage <> 'settled' THEN NULL
                    WHEN p.payable_fen = 0 THEN 'free'
                    WHEN p.mode = 'unit_total' THEN CASE WHEN p.unit_unpaid THEN NULL ELSE 'unit' END
                    WHEN p.wrongful OR p.r_pay < p.pay_rate THEN CASE WHEN p.channel = ANY(${online}) THEN 'channel' ELSE 'roster' END END AS paid_by,
               (p.stage = 'settled' AND p.mode = 'per_person' AND p.payable_fen > 0 AND NOT p.wrongful AND p.r_pay < p.pay_rate AND p.r_dup < 0.002) AS dup
        FROM plan p
      )
      SELECT d.*,
             CASE d.paid_by WHEN 'free' THEN d.settled_at WHEN 'unit' THEN d.unit_paid_at WHEN 'channel' THEN d.money_at WHEN 'roster' THEN d.money_at END AS pay_at,
             CASE WHEN d.dup THEN least(${this.now}, d.money_at + make_interval(days => 2 + floor(d.r_dup_delay * 8)::int)) END AS dup_at,
             CASE WHEN d.wrongful THEN least(${this.now}, greatest((p.stopped_on::timestamp + interval '2 days 3 hours') AT TIME ZONE 'UTC', d.money_at + interval '10 days'))
                  WHEN d.dup AND ${last ? sql`true` : sql`false`} THEN least(${this.now}, d.money_at + make_interval(days => 15 + floor(d.r_dup_delay * 10)::int)) END AS refund_at,
             CASE WHEN d.stage = 'declared' THEN 'declared' WHEN d.stage = 'confirmed' THEN 'confirmed'
                  WHEN d.wrongful THEN 'removed' WHEN d.paid_by IS NOT NULL THEN 'paid' ELSE 'settled' END AS status,
             p.name AS person_name, p.document_number, coalesce(p.guardian_name, p.name) AS payer_name
      FROM paid d JOIN city_p p ON p.g = d.g`);
    await sql`CREATE INDEX ON ${table('d')} (g)`.execute(this.c);
    await sql`ANALYZE ${table('d')}`.execute(this.c);

    // Settlements: one per unit whose list was settled, with its totals by category and by exemption.
    await this.run(sql`
      CREATE UNLOGGED TABLE ${table('s')} AS
      WITH t AS (
        SELECT d.unit_k, count(*)::int AS n, sum(d.total_fen)::bigint AS total, sum(d.subsidy_fen)::bigint AS subsidy, sum(d.payable_fen)::bigint AS payable,
               min(d.mode) AS mode, min(d.method) AS method, min(d.settled_at) AS settled_at, min(d.unit_paid_at) AS unit_paid_at, bool_or(d.unit_unpaid) AS unit_unpaid,
               min(d.operator) AS operator, min(d.operator_id::text)::uuid AS operator_id
        FROM ${table('d')} d WHERE d.stage = 'settled' GROUP BY d.unit_k
      ),
      cat AS (
        SELECT unit_k, jsonb_agg(jsonb_build_object('code', code, 'name', name, 'count', n, 'totalFen', total, 'subsidyFen', subsidy, 'payableFen', payable) ORDER BY code COLLATE "C") AS groups
        FROM (SELECT unit_k, category_code AS code, min(category_name) AS name, count(*)::int AS n, sum(total_fen)::bigint AS total, sum(subsidy_fen)::bigint AS subsidy, sum(payable_fen)::bigint AS payable
              FROM ${table('d')} WHERE stage = 'settled' GROUP BY unit_k, category_code) g GROUP BY unit_k
      ),
      ex AS (
        SELECT unit_k, jsonb_agg(jsonb_build_object('code', code, 'name', name, 'count', n, 'totalFen', total, 'subsidyFen', subsidy, 'payableFen', payable) ORDER BY code COLLATE "C") AS groups
        FROM (SELECT unit_k, coalesce(subsidy_code, 'none') AS code, coalesce(min(subsidy_name), '无减免') AS name, count(*)::int AS n, sum(total_fen)::bigint AS total,
                     sum(subsidy_fen)::bigint AS subsidy, sum(payable_fen)::bigint AS payable
              FROM ${table('d')} WHERE stage = 'settled' GROUP BY unit_k, coalesce(subsidy_code, 'none')) g GROUP BY unit_k
      )
      SELECT t.*, ${this.uid(this.yearTag(0x200, yr), 't.unit_k')} AS id,
             'JS' || ${lit(R)} || ${lit(String(yr))} || '-' || lpad(nextval('settlement_number_seq')::text, 7, '0') AS number,
             CASE WHEN t.payable = 0 OR (t.mode = 'unit_total' AND NOT t.unit_unpaid) THEN 'paid' ELSE 'awaiting_payment' END AS status,
             CASE WHEN t.mode = 'unit_total' AND NOT t.unit_unpaid AND t.payable > 0 THEN t.unit_paid_at WHEN t.payable = 0 THEN t.settled_at END AS paid_at,
             jsonb_build_object('count', t.n, 'totalFen', t.total, 'subsidyFen', t.subsidy, 'payableFen', t.payable, 'byCategory', cat.groups, 'byExemption', ex.groups) AS breakdown
      FROM t JOIN cat USING (unit_k) JOIN ex USING (unit_k)`);
    rows.settlement = await this.exec(sql`
      INSERT INTO settlement (id, region_code, unit_id, insurance_year, number, payment_mode, unit_method, status, person_count, total_fen, subsidy_fen,
                              payable_fen, paid_fen, breakdown, created_by, created_at, paid_at)
      SELECT s.id, ${lit(R)}, cu.id, ${lit(yr)}, s.number,
             s.mode, CASE WHEN s.mode = 'unit_total' THEN s.method END, s.status, s.n, s.total, s.subsidy, s.payable,
             CASE WHEN s.mode = 'unit_total' AND s.status = 'paid' THEN s.payable ELSE 0 END, s.breakdown, s.operator, s.settled_at, s.paid_at
      FROM ${table('s')} s JOIN city_unit cu ON cu.k = s.unit_k ORDER BY s.unit_k`);

    rows.declaration = await this.exec(sql`
      INSERT INTO declaration (id, region_code, insurance_year, person_id, unit_id, status, profile_key, profile_version, window_kind, path_code,
                               category_code, category_name, parts, total_fen, subsidy_fen, subsidy_code, subsidy_name, payable_fen, paid_fen,
                               benefit_start, benefit_end, waiting_days, reasons, declared_on, declared_by, confirmed_at, confirmed_by, settlement_id,
                               paid_at, removed_at, removed_reason, created_at, updated_at)
      SELECT d.id, ${lit(R)}, ${lit(yr)}, d.person_id, d.unit_id, d.status, ${lit(campaign.key)}, ${lit(campaign.version)}, d.window_kind, x.path_code,
             d.category_code, d.category_name, x.parts, d.total_fen, d.subsidy_fen, d.subsidy_code, d.subsidy_name, d.payable_fen,
             CASE WHEN d.status = 'paid' AND d.paid_by <> 'free' THEN d.payable_fen * CASE WHEN d.dup AND d.refund_at IS NULL THEN 2 ELSE 1 END ELSE 0 END,
             x.benefit_start, x.benefit_end, x.waiting_days, x.reasons, d.declared_on, d.operator,
             CASE WHEN d.stage <> 'declared' THEN d.confirmed_at END, CASE WHEN d.stage <> 'declared' THEN d.operator END,
             s.id, CASE WHEN d.status = 'paid' THEN d.pay_at END,
             CASE WHEN d.wrongful THEN d.refund_at END, CASE WHEN d.wrongful THEN '已离校，退回错收的保费' END,
             (d.declared_on::timestamp + interval '2 hours') AT TIME ZONE 'UTC',
             greatest((d.declared_on::timestamp + interval '2 hours') AT TIME ZONE 'UTC', d.confirmed_at, d.settled_at, d.pay_at, d.dup_at, d.refund_at)
      FROM ${table('d')} d JOIN ${table('q')} x ON x.qk = d.qk LEFT JOIN ${table('s')} s ON s.unit_k = d.unit_k AND d.stage = 'settled'
      ORDER BY d.g`);

    // Notices for everyone of a per-person settlement with something to pay; an order for each online payment.
    await this.run(sql`
      CREATE UNLOGGED TABLE ${table('n')} AS
      SELECT d.g, ${this.uid(this.yearTag(0x300, yr), 'd.g')} AS notice_id, CASE WHEN d.paid_by = 'channel' THEN ${this.uid(this.yearTag(0x400, yr), 'd.g')} END AS order_id,
             CASE WHEN d.paid_by = 'channel' THEN ${this.uid(this.yearTag(0x500, yr), 'd.g')} END AS payment_id,
             CASE WHEN d.paid_by = 'channel' THEN 'CB' || ${lit(R)} || ${lit(String(yr))} || (extract(epoch FROM d.pay_at) * 1000)::bigint::text || upper(lpad(to_hex(d.g), 8, '0')) END AS out_trade_no,
             CASE WHEN d.paid_by = 'channel' THEN
               CASE d.channel WHEN 'wechat' THEN '42000' || to_char(d.pay_at + interval '8 hours', 'YYYYMMDD') || lpad((d.g * 7 + 1)::text, 15, '0')
                              WHEN 'alipay' THEN to_char(d.pay_at + interval '8 hours', 'YYYYMMDD') || '2200' || lpad((d.g * 7 + 2)::text, 16, '0')
                              ELSE upper(d.channel) || to_char(d.pay_at + interval '8 hours', 'YYYYMMDD') || lpad((d.g * 7 + 3)::text, 12, '0') END END AS transaction_id,
             CASE WHEN d.paid_by = 'channel' THEN d.pay_at - make_interval(secs => 60 + floor(d.r_delay * 600)) END AS ordered_at
      FROM ${table('d')} d WHERE d.stage = 'settled' AND d.mode = 'per_person' AND d.payable_fen > 0`);
    await sql`CREATE INDEX ON ${table('n')} (g)`.execute(this.c);
    rows.payment_notice = await this.exec(sql`
      INSERT INTO payment_notice (id, region_code, settlement_id, declaration_id, unit_id, token, amount_fen, status, created_at, paid_at)
      SELECT n.notice_id, ${lit(R)}, s.id, d.id, d.unit_id,
             translate(rtrim(encode(uuid_send(gen_random_uuid()), 'base64'), '='), '+/', '-_'), d.payable_fen,
             CASE d.status WHEN 'paid' THEN 'paid' WHEN 'removed' THEN 'cancelled' ELSE 'open' END, d.settled_at,
             CASE WHEN d.status = 'paid' THEN d.pay_at END
      FROM ${table('n')} n JOIN ${table('d')} d ON d.g = n.g JOIN ${table('s')} s ON s.unit_k = d.unit_k ORDER BY d.g`);
    rows.payment_order = await this.exec(sql`
      INSERT INTO payment_order (id, region_code, notice_id, declaration_id, unit_id, channel, out_trade_no, amount_fen, status, created_at, paid_at)
      SELECT n.order_id, ${lit(R)}, n.notice_id, d.id, d.unit_id, d.channel, n.out_trade_no, d.payable_fen, 'paid', n.ordered_at, d.pay_at
      FROM ${table('n')} n JOIN ${table('d')} d ON d.g = n.g WHERE n.order_id IS NOT NULL ORDER BY d.g`);

    // Paid rosters: the tax bureau's and the banks' lines, imported weekly by the collector, one job per channel and week.
    const dupChannel = 'tax';
    await this.run(sql`
      CREATE TEMP TABLE ${table('rl')} AS
      SELECT d.g, d.id AS declaration_id, d.person_id, d.unit_id, d.channel, d.pay_at AS paid_at, d.payable_fen AS amount, 'paid' AS outcome, d.person_name, d.document_number, d.payer_name, 0 AS nth
      FROM ${table('d')} d WHERE d.paid_by = 'roster'
      UNION ALL
      SELECT d.g, d.id, d.person_id, d.unit_id, ${lit(dupChannel)}, d.dup_at, d.payable_fen, 'duplicate', d.person_name, d.document_number, d.payer_name, 1
      FROM ${table('d')} d WHERE d.dup
      ${last ? sql`` : sql`
      UNION ALL
      SELECT NULL, NULL, NULL, NULL, 'tax', ${this.now} - make_interval(days => 1 + i % 20), 40000, 'unmatched', x.name, x.body || ${residentIdCheckSql('x.body')}, x.name, 2 + 3 * i
      FROM generate_series(1, ${lit(Math.max(1, Math.round(this.o.persons / 200000)))}) i
      CROSS JOIN LATERAL (SELECT '11010119850' || lpad((100 + i % 900)::text, 6, '0') AS body, (${arr([...SURNAMES].slice(0, 20))})[1 + i % 20] || '晓明' AS name) x`}`);
    await this.run(sql`
      CREATE UNLOGGED TABLE ${table('rj')} AS
      SELECT ${this.uid(this.yearTag(0x800, yr), "row_number() OVER (ORDER BY channel, date_trunc('week', min(paid_at) + interval '8 hours'))")} AS id, channel, date_trunc('week', paid_at + interval '8 hours')::date AS week, count(*)::int AS n,
             count(*) FILTER (WHERE outcome = 'paid')::int AS paid, count(*) FILTER (WHERE outcome = 'duplicate')::int AS duplicate,
             count(*) FILTER (WHERE outcome = 'unmatched')::int AS unmatched,
             least(${this.now}, max(paid_at) + interval '1 day') AS imported_at,
             CASE channel WHEN 'tax' THEN '税务' WHEN 'bank_counter' THEN '银行柜面' WHEN 'pos' THEN 'POS' WHEN 'kiosk' THEN '自助终端'
                          WHEN 'card_deduction' THEN '银行卡代扣' WHEN 'app' THEN '手机APP' ELSE channel END
               || '已缴费名单' || to_char(date_trunc('week', min(paid_at) + interval '8 hours'), 'YYYYMMDD') || '.xlsx' AS file_name,
             jsonb_strip_nulls(jsonb_build_object('paid', nullif(count(*) FILTER (WHERE outcome = 'paid'), 0), 'duplicate', nullif(count(*) FILTER (WHERE outcome = 'duplicate'), 0),
                                                  'unmatched', nullif(count(*) FILTER (WHERE outcome = 'unmatched'), 0))) AS counts
      FROM ${table('rl')} GROUP BY channel, date_trunc('week', paid_at + interval '8 hours')::date`);
    await this.run(sql`
      CREATE UNLOGGED TABLE ${table('rr')} AS
      SELECT l.*, j.id AS job_id, j.imported_at, row_number() OVER (PARTITION BY j.id ORDER BY l.paid_at, l.g, l.nth)::int AS seq,
             ${this.uid(this.yearTag(0x500, yr), '1099511627776 + coalesce(l.g, 99000000) * 3 + l.nth')} AS payment_id,
             CASE l.channel WHEN 'tax' THEN '3' || ${lit(R.slice(0, 2))} || ${lit(String(yr))} || lpad((coalesce(l.g, 99000000) * 3 + l.nth)::text, 11, '0')
                            ELSE upper(left(l.channel, 3)) || to_char(l.paid_at + interval '8 hours', 'YYYYMMDD') || lpad((coalesce(l.g, 99000000) * 3 + l.nth)::text, 10, '0') END AS ticket
      FROM ${table('rl')} l JOIN ${table('rj')} j ON j.channel = l.channel AND j.week = date_trunc('week', l.paid_at + interval '8 hours')::date`);
    const collector = this.setup.collector;
    const rosterSheets = JSON.stringify([{ name: '已缴费名单', headerRowNo: 1, headers: ['电子税票号码', '姓名', '证件类型', '证件号码', '费款所属期', '缴费金额', '缴费日期', '缴费渠道'], indexOf: { ticket: 0, name: 1, documentType: 2, documentNumber: 3, period: 4, amount: 5, paidAt: 6, channel: 7 } }]);
    rows.import_job = await this.exec(sql`
      INSERT INTO import_job (id, region_code, unit_id, kind, status, file_name, file_format, file_sha256, file_bytes, rows_total, rows_done, counts, sheets,
                              created_by, created_by_username, created_at, phase_started_at, finished_at, updated_at)
      SELECT j.id, ${lit(R)}, NULL, 'paid_roster', 'committed', j.file_name, 'xlsx',
             encode(sha256(convert_to(j.id::text, 'UTF8')), 'hex'), 8000 + j.n * 120, j.n, j.n, j.counts,
             ${rosterSheets}::jsonb, ${collector.id}::uuid, ${collector.username},
             j.imported_at - interval '5 minutes', j.imported_at - interval '2 minutes', j.imported_at, j.imported_at
      FROM ${table('rj')} j ORDER BY j.channel, j.week`);
    rows.import_row = await this.exec(sql`
      INSERT INTO import_row (job_id, region_code, unit_id, seq, sheet, row_no, cells, document_type, document_number, payload, outcome, person_id, changes)
      SELECT r.job_id, ${lit(R)}, NULL, r.seq, '已缴费名单', r.seq + 1,
             jsonb_build_array(r.ticket, r.person_name, '01', coalesce(r.document_number, ''), ${lit(String(yr))}, to_char(r.amount / 100.0, 'FM999999990.00'),
                               to_char(r.paid_at + interval '8 hours', 'YYYY-MM-DD'), r.channel),
             '01', r.document_number,
             jsonb_build_object('name', r.person_name, 'ticket', r.ticket, 'year', ${lit(yr)}, 'amount_fen', r.amount, 'subsidy_fen', 0, 'paid_at', r.paid_at, 'channel', r.channel),
             r.outcome, r.person_id,
             CASE WHEN r.declaration_id IS NOT NULL THEN jsonb_build_array(jsonb_build_object('field', 'declaration', 'header', '申报',
               'from', CASE r.outcome WHEN 'duplicate' THEN 'paid' ELSE 'settled' END, 'to', r.declaration_id::text)) END
      FROM ${table('rr')} r ORDER BY r.job_id, r.seq`);

    // Unit payments: one transfer, draft or bank deduction per settlement paid as a whole; a deduction result file per year.
    await this.run(sql`
      CREATE UNLOGGED TABLE ${table('up')} AS
      SELECT s.unit_k, s.id AS settlement_id, cu.id AS unit_id, s.payable, s.paid_at, ${this.uid(this.yearTag(0x500, yr), '2199023255552 + s.unit_k')} AS payment_id,
             CASE s.method WHEN 'transfer' THEN 'unit_transfer' ELSE s.method END AS channel,
             CASE s.method WHEN 'transfer' THEN 'TR' WHEN 'bank_draft' THEN 'HP' ELSE 'DK' END || ${lit(String(yr))} || lpad(s.unit_k::text, 6, '0') AS transaction_id
      FROM ${table('s')} s JOIN city_unit cu ON cu.k = s.unit_k
      WHERE s.mode = 'unit_total' AND s.status = 'paid' AND s.payable > 0`);
    const deductions = await this.count(sql<{ n: number }>`SELECT count(*)::int AS n FROM ${table('up')} WHERE channel = 'bank_deduction'`);
    const deductionJob = deductions ? randomUUID() : null;
    if (deductionJob) {
      const dSheets = JSON.stringify([{ name: '代扣结果', headerRowNo: 1, headers: ['结算单号', '交易流水号', '扣款金额', '扣款日期', '扣款结果'], indexOf: { settlementNumber: 0, transactionId: 1, amount: 2, deductedAt: 3, result: 4 } }]);
      rows.import_job += await this.exec(sql`
        INSERT INTO import_job (id, region_code, unit_id, kind, status, file_name, file_format, file_sha256, file_bytes, rows_total, rows_done, counts, sheets,
                                created_by, created_by_username, created_at, phase_started_at, finished_at, updated_at)
        SELECT ${deductionJob}::uuid, ${lit(R)}, NULL, 'deduction_result', 'committed', ${lit(`银行代扣结果${yr}.xlsx`)}, 'xlsx',
               encode(sha256(convert_to(${deductionJob}::text, 'UTF8')), 'hex'), 6000 + count(*) * 90, count(*), count(*), jsonb_build_object('paid', count(*)),
               ${dSheets}::jsonb, ${collector.id}::uuid, ${collector.username}, max(paid_at) + interval '1 hour', max(paid_at) + interval '1 hour', max(paid_at) + interval '2 hours', max(paid_at) + interval '2 hours'
        FROM ${table('up')} WHERE channel = 'bank_deduction'`);
      rows.import_row += await this.exec(sql`
        INSERT INTO import_row (job_id, region_code, unit_id, seq, sheet, row_no, cells, payload, outcome, changes)
        SELECT ${deductionJob}::uuid, ${lit(R)}, NULL, row_number() OVER (ORDER BY up.unit_k)::int, '代扣结果', 1 + row_number() OVER (ORDER BY up.unit_k)::int,
               jsonb_build_array(s.number, up.transaction_id, to_char(up.payable / 100.0, 'FM999999990.00'), to_char(up.paid_at + interval '8 hours', 'YYYY-MM-DD'), '成功'),
               jsonb_build_object('settlement_number', s.number, 'transaction_id', up.transaction_id, 'amount_fen', up.payable, 'deducted_at', up.paid_at, 'succeeded', true),
               'paid', jsonb_build_array(jsonb_build_object('field', 'settlement', 'header', '结算单', 'from', 'awaiting_payment', 'to', up.settlement_id::text))
        FROM ${table('up')} up JOIN ${table('s')} s ON s.id = up.settlement_id WHERE up.channel = 'bank_deduction'`);
    }

    // Payments: online ones by their orders, roster lines by their import, unit payments by settlement.
    rows.payment = await this.exec(sql`
      INSERT INTO payment (id, region_code, insurance_year, channel, transaction_id, source, declaration_id, settlement_id, notice_id, order_id, unit_id,
                           amount_fen, refunded_fen, payer_name, paid_at, import_job_id, created_at)
      SELECT n.payment_id, ${lit(R)}, ${lit(yr)}, d.channel, n.transaction_id, 'channel', d.id, s.id, n.notice_id, n.order_id, d.unit_id, d.payable_fen, CASE WHEN d.wrongful THEN d.payable_fen ELSE 0 END,
             d.payer_name, d.pay_at, NULL, d.pay_at
      FROM ${table('d')} d JOIN ${table('n')} n ON n.g = d.g JOIN ${table('s')} s ON s.unit_k = d.unit_k
      WHERE d.paid_by = 'channel' ORDER BY d.g`);
    rows.payment += await this.exec(sql`
      INSERT INTO payment (id, region_code, insurance_year, channel, transaction_id, source, declaration_id, settlement_id, unit_id, amount_fen, refunded_fen,
                           payer_name, paid_at, import_job_id, created_at)
      SELECT r.payment_id, ${lit(R)}, ${lit(yr)}, r.channel, r.ticket, 'reconciliation', r.declaration_id, s.id, r.unit_id, r.amount,
             CASE WHEN r.outcome = 'duplicate' AND ${last ? sql`true` : sql`false`} THEN r.amount ELSE 0 END, r.payer_name, r.paid_at, r.job_id, r.imported_at
      FROM ${table('rr')} r LEFT JOIN ${table('d')} d ON d.g = r.g LEFT JOIN ${table('s')} s ON s.unit_k = d.unit_k ORDER BY r.job_id, r.seq`);
    rows.payment += await this.exec(sql`
      INSERT INTO payment (id, region_code, insurance_year, channel, transaction_id, source, settlement_id, unit_id, amount_fen, paid_at, import_job_id, created_at)
      SELECT up.payment_id, ${lit(R)}, ${lit(yr)}, up.channel, up.transaction_id, CASE WHEN up.channel = 'bank_deduction' THEN 'bank_deduction' ELSE 'unit_payment' END,
             up.settlement_id, up.unit_id, up.payable, up.paid_at, CASE WHEN up.channel = 'bank_deduction' THEN ${deductionJob}::uuid END,
             up.paid_at + CASE WHEN up.channel = 'bank_deduction' THEN interval '2 hours' ELSE interval '4 hours' END
      FROM ${table('up')} up ORDER BY up.unit_k`);
    rows.payment_allocation = await this.exec(sql`
      INSERT INTO payment_allocation (region_code, payment_id, declaration_id, amount_fen, unit_id, created_at)
      SELECT ${lit(R)}, up.payment_id, d.id, d.payable_fen, d.unit_id, up.paid_at + interval '4 hours'
      FROM ${table('d')} d JOIN ${table('up')} up ON up.unit_k = d.unit_k WHERE d.paid_by = 'unit' AND d.payable_fen > 0 ORDER BY d.g`);

    // Refunds: last year's duplicates returned and the pupils wrongly charged after they left; this year's duplicates asked for.
    const admin = this.setup.admin;
    await this.run(sql`
      CREATE UNLOGGED TABLE ${table('f')} AS
      SELECT d.g, ${this.uid(this.yearTag(0x700, yr), 'd.g')} AS id, CASE WHEN d.wrongful THEN n.payment_id ELSE r.payment_id END AS payment_id,
             d.id AS declaration_id, d.unit_id, d.operator, d.operator_id, CASE WHEN d.wrongful THEN 'wrongful' ELSE 'duplicate' END AS reason,
             CASE WHEN d.wrongful THEN '学生开学后已转学离校' ELSE '家长通过税务和线上各缴一次' END AS note, d.payable_fen AS amount_fen,
             CASE WHEN d.refund_at IS NOT NULL THEN 'refunded' ELSE 'requested' END AS status,
             coalesce(d.refund_at - interval '5 days', least(${this.now}, d.dup_at + interval '1 day')) AS requested_at,
             d.refund_at - interval '2 days' AS decided_at, CASE WHEN d.refund_at IS NOT NULL THEN '同意退费' END AS decision_note,
             CASE WHEN d.refund_at IS NOT NULL THEN 'RF' || ${lit(String(yr))} || lpad(d.g::text, 10, '0') END AS channel_refund_id, d.refund_at AS refunded_at
      FROM ${table('d')} d LEFT JOIN ${table('n')} n ON n.g = d.g LEFT JOIN ${table('rr')} r ON r.g = d.g AND r.outcome = 'duplicate'
      WHERE d.wrongful OR d.dup`);
    rows.refund = await this.exec(sql`
      INSERT INTO refund (id, region_code, payment_id, declaration_id, unit_id, reason, note, amount_fen, status, requested_by, requested_at,
                          decided_by, decided_at, decision_note, channel_refund_id, refunded_at)
      SELECT f.id, ${lit(R)}, f.payment_id, f.declaration_id, f.unit_id, f.reason, f.note, f.amount_fen, f.status, f.operator, f.requested_at,
             CASE WHEN f.decided_at IS NOT NULL THEN ${admin.username} END, f.decided_at, f.decision_note, f.channel_refund_id, f.refunded_at
      FROM ${table('f')} f ORDER BY f.g`);
    rows.reconciliation_item = await this.exec(sql`
      INSERT INTO reconciliation_item (id, region_code, import_job_id, row_number, kind, insurance_year, channel, transaction_id, document_number, person_name,
                                       amount_fen, expected_fen, declaration_id, payment_id, unit_id, paid_at, detail, status, resolution, resolution_note,
                                       resolved_by, resolved_at, created_at)
      SELECT ${this.uid(this.yearTag(0x900, yr), '1099511627776 + coalesce(r.g, 99000000) * 3 + r.nth')}, ${lit(R)}, r.job_id, r.seq + 1, r.outcome, ${lit(yr)}, r.channel, r.ticket, r.document_number, r.person_name, r.amount,
             CASE WHEN r.outcome = 'duplicate' THEN 0 END, r.declaration_id, r.payment_id, r.unit_id, r.paid_at,
             CASE r.outcome WHEN 'duplicate' THEN '该申报已缴费，本笔为重复缴费，应退费' ELSE '本统筹区没有登记该证件号码的人员' END,
             CASE WHEN d.refund_at IS NOT NULL THEN 'resolved' ELSE 'open' END, CASE WHEN d.refund_at IS NOT NULL THEN 'refund' END,
             CASE WHEN d.refund_at IS NOT NULL THEN '已退回重复缴纳的保费' END, CASE WHEN d.refund_at IS NOT NULL THEN ${admin.username} END,
             d.refund_at - interval '5 days', r.imported_at
      FROM ${table('rr')} r LEFT JOIN ${table('d')} d ON d.g = r.g WHERE r.outcome IN ('duplicate', 'unmatched') ORDER BY r.job_id, r.seq`);

    // Audit: declared, confirmed, settled, orders placed, payments recorded (channel, roster lines by the import, unit
    // payments), imports, refunds and their decisions.
    const declaredAfter = sql`jsonb_build_object('personId', d.person_id, 'year', ${lit(yr)}, 'profile', ${lit(`${campaign.key}@${campaign.version}`)}, 'category', d.category_code,
      'categoryName', d.category_name, 'totalFen', d.total_fen, 'subsidyFen', d.subsidy_fen, 'payableFen', d.payable_fen, 'window', d.window_kind)`;
    this.later(sql`
      INSERT INTO audit_log (region_code, unit_id, actor_user_id, actor_username, actor_role, at, action, entity_type, entity_id, before, after)
      SELECT ${lit(R)}, d.unit_id, d.operator_id, d.operator, 'unit_operator', a.at, a.action, 'declaration', d.id::text, a.before, a.after
      FROM ${table('d')} d CROSS JOIN LATERAL (
        SELECT (d.declared_on::timestamp + interval '2 hours') AT TIME ZONE 'UTC', 'declaration.declared', NULL::jsonb, ${declaredAfter}
        UNION ALL
        SELECT d.confirmed_at, 'declaration.confirmed', '{"status":"declared"}'::jsonb, '{"status":"confirmed"}'::jsonb WHERE d.stage <> 'declared'
      ) a(at, action, before, after) ORDER BY d.g`);
    this.later(sql`
      INSERT INTO audit_log (region_code, unit_id, actor_user_id, actor_username, actor_role, at, action, entity_type, entity_id, after)
      SELECT ${lit(R)}, cu.id, s.operator_id, s.operator, 'unit_operator', s.settled_at, 'settlement.created', 'settlement', s.id::text,
             jsonb_build_object('year', ${lit(yr)}, 'paymentMode', s.mode, 'unitMethod', CASE WHEN s.mode = 'unit_total' THEN s.method END, 'count', s.n,
                                'totalFen', s.total, 'subsidyFen', s.subsidy, 'payableFen', s.payable,
                                'notices', coalesce(nc.n, 0))
      FROM ${table('s')} s JOIN city_unit cu ON cu.k = s.unit_k
      LEFT JOIN (SELECT d.unit_k, count(*)::int AS n FROM ${table('n')} n JOIN ${table('d')} d ON d.g = n.g GROUP BY d.unit_k) nc ON nc.unit_k = s.unit_k
      ORDER BY s.unit_k`);
    this.later(sql`
      INSERT INTO audit_log (region_code, unit_id, actor_username, actor_role, at, action, entity_type, entity_id, after)
      SELECT ${lit(R)}, d.unit_id, a.actor, a.role, a.at, a.action, a.entity, a.entity_id, a.after
      FROM ${table('n')} n JOIN ${table('d')} d ON d.g = n.g
      CROSS JOIN LATERAL (
        SELECT 'family', NULL, n.ordered_at, 'payment_order.created', 'payment_notice', n.notice_id::text,
               jsonb_build_object('channel', d.channel, 'outTradeNo', left(n.out_trade_no, 8) || '****' || right(n.out_trade_no, 4), 'amountFen', d.payable_fen)
        UNION ALL
        SELECT 'channel:' || d.channel, 'system', d.pay_at, 'payment.recorded', 'payment', n.payment_id::text,
               jsonb_build_object('channel', d.channel, 'transactionId', left(n.transaction_id, 4) || '****' || right(n.transaction_id, 4), 'amountFen', d.payable_fen,
                                  'declarationId', d.id, 'orderNo', left(n.out_trade_no, 8) || '****' || right(n.out_trade_no, 4))
      ) a(actor, role, at, action, entity, entity_id, after)
      WHERE n.order_id IS NOT NULL ORDER BY d.pay_at`);
    this.later(sql`
      INSERT INTO audit_log (region_code, unit_id, actor_user_id, actor_username, actor_role, at, action, entity_type, entity_id, after)
      SELECT ${lit(R)}, r.unit_id, ${collector.id}::uuid, ${collector.username}, 'collector', r.imported_at,
             CASE r.outcome WHEN 'paid' THEN 'payment.recorded' ELSE 'payment.exception' END, 'person', r.person_id::text,
             jsonb_build_object('importJobId', r.job_id, 'sheet', '已缴费名单', 'row', r.seq + 1)
      FROM ${table('rr')} r WHERE r.person_id IS NOT NULL ORDER BY r.job_id, r.seq`);
    this.later(sql`
      INSERT INTO audit_log (region_code, unit_id, actor_user_id, actor_username, actor_role, at, action, entity_type, entity_id, after)
      SELECT ${lit(R)}, NULL, ${collector.id}::uuid, ${collector.username}, 'collector', j.imported_at - a.before_end, a.action, 'import_job', j.id::text,
             jsonb_build_object('kind', 'paid_roster', 'fileName', j.file_name) || CASE WHEN a.action = 'import.committed' THEN jsonb_build_object('counts', j.counts) ELSE '{}'::jsonb END
      FROM ${table('rj')} j CROSS JOIN LATERAL (VALUES ('import.created', interval '5 minutes'), ('import.committed', interval '0 minutes')) a(action, before_end)
      ORDER BY j.imported_at`);
    if (deductionJob) {
      this.later(sql`
        INSERT INTO audit_log (region_code, unit_id, actor_user_id, actor_username, actor_role, at, action, entity_type, entity_id, after)
        SELECT ${lit(R)}, NULL, ${collector.id}::uuid, ${collector.username}, 'collector', max(up.paid_at) + a.after_paid, a.action, 'import_job', ${deductionJob}::text,
               jsonb_build_object('kind', 'deduction_result', 'fileName', ${lit(`银行代扣结果${yr}.xlsx`)})
               || CASE WHEN a.action = 'import.committed' THEN jsonb_build_object('counts', jsonb_build_object('paid', count(*))) ELSE '{}'::jsonb END
        FROM ${table('up')} up CROSS JOIN (VALUES ('import.created', interval '1 hour'), ('import.committed', interval '2 hours')) a(action, after_paid)
        WHERE up.channel = 'bank_deduction' GROUP BY a.action, a.after_paid`);
    }
    this.later(sql`
      INSERT INTO audit_log (region_code, unit_id, actor_user_id, actor_username, actor_role, at, action, entity_type, entity_id, after)
      SELECT ${lit(R)}, up.unit_id, CASE WHEN up.channel = 'bank_deduction' THEN NULL ELSE ${collector.id}::uuid END,
             CASE WHEN up.channel = 'bank_deduction' THEN 'import' ELSE ${collector.username} END, CASE WHEN up.channel = 'bank_deduction' THEN NULL ELSE 'collector' END,
             up.paid_at + interval '4 hours', 'payment.recorded', 'payment', up.payment_id::text,
             jsonb_build_object('settlement', s.number, 'channel', up.channel, 'transactionId', up.transaction_id, 'amountFen', up.payable)
      FROM ${table('up')} up JOIN ${table('s')} s ON s.id = up.settlement_id ORDER BY up.unit_k`);
    this.later(sql`
      INSERT INTO audit_log (region_code, unit_id, actor_user_id, actor_username, actor_role, at, action, entity_type, entity_id, before, after)
      SELECT ${lit(R)}, f.unit_id, a.user_id, a.actor, a.role, a.at, a.action, 'refund', f.id::text, a.before, a.after
      FROM ${table('f')} f
      CROSS JOIN LATERAL (
        SELECT f.operator_id, f.operator, 'unit_operator', f.requested_at, 'refund.requested', NULL::jsonb,
               jsonb_build_object('paymentId', f.payment_id, 'declarationId', f.declaration_id, 'reason', f.reason, 'amountFen', f.amount_fen, 'status', 'requested')
        UNION ALL
        SELECT ${admin.id}::uuid, ${admin.username}, 'agency_admin', f.decided_at, 'refund.approved', '{"status":"requested"}'::jsonb, jsonb_build_object('status', 'approved', 'note', f.decision_note)
        WHERE f.decided_at IS NOT NULL
        UNION ALL
        SELECT ${admin.id}::uuid, ${admin.username}, 'agency_admin', f.refunded_at, 'refund.refunded', '{"status":"approved"}'::jsonb,
               jsonb_build_object('status', 'refunded', 'channelRefundId', f.channel_refund_id, 'amountFen', f.amount_fen)
        WHERE f.refunded_at IS NOT NULL
      ) a(user_id, actor, role, at, action, before, after)
      ORDER BY f.requested_at`);
    if (deductions) {
      this.later(sql`
        INSERT INTO audit_log (region_code, unit_id, actor_user_id, actor_username, actor_role, at, action, entity_type, after)
        SELECT ${lit(R)}, NULL, ${collector.id}::uuid, ${collector.username}, 'collector', min(up.paid_at) - interval '1 day', 'settlement.deduction_file', 'settlement',
               jsonb_build_object('year', ${lit(yr)}, 'settlements', count(*), 'totalFen', sum(up.payable))
        FROM ${table('up')} up WHERE up.channel = 'bank_deduction'`);
    }
    for (const x of ['c', 'q', 'rl']) await sql`DROP TABLE ${table(x)}`.execute(this.c);
    return rows;
  }

  // ── receipts, reasons ──────────────────────────────────────────────────────────────────────────────────────────

  async receipts() {
    const R = this.R;
    const rows = { receipt: 0, receipt_counter: 0, uninsured_reason: 0 };
    for (const yr of [this.L, this.Y]) {
      const d = sql.table(`city_d_${yr}`);
      const n = sql.table(`city_n_${yr}`);
      const rr = sql.table(`city_rr_${yr}`);
      const up = sql.table(`city_up_${yr}`);
      // A region whose counter already ran (the demo's receipts issued by a server) continues after it.
      const base = await this.count(sql<{ n: number }>`SELECT coalesce(max(last_number), 0)::int AS n FROM receipt_counter WHERE region_code = ${lit(R)} AND insurance_year = ${lit(yr)}`);
      // Numbered without gaps per region and year in the order the money arrived, as the issuer numbers its queue;
      // the receipt names the declaration's own payment, or the unit payment whose share paid it.
      await sql`
        CREATE UNLOGGED TABLE ${sql.table(`city_r_${yr}`)} AS
        SELECT d.g, d.id AS declaration_id, d.person_id, d.unit_id, d.payable_fen, d.pay_at, d.refund_at, d.wrongful,
               coalesce(nn.payment_id, r.payment_id, up.payment_id) AS payment_id, CASE WHEN d.paid_by = 'unit' THEN d.person_name ELSE d.payer_name END AS payer_name,
               CASE d.paid_by WHEN 'channel' THEN d.pay_at WHEN 'roster' THEN r.imported_at ELSE up.paid_at + interval '4 hours' END AS recorded_at,
               ${lit(base)} + row_number() OVER (ORDER BY d.pay_at, d.g) AS serial
        FROM ${d} d
        LEFT JOIN ${n} nn ON nn.g = d.g AND nn.order_id IS NOT NULL
        LEFT JOIN ${rr} r ON r.g = d.g AND r.outcome = 'paid'
        LEFT JOIN ${up} up ON up.unit_k = d.unit_k AND d.paid_by = 'unit'
        WHERE d.payable_fen > 0 AND (d.status = 'paid' OR d.wrongful)`.execute(this.c);
      rows.receipt += await this.exec(sql`
        INSERT INTO receipt (id, region_code, insurance_year, number, payment_id, declaration_id, person_id, unit_id, payer_name, amount_fen, verify_code, issued_at, voided_at)
        SELECT ${this.uid(this.yearTag(0x600, yr), 'r.serial')}, ${lit(R)}, ${lit(yr)}, ${lit(R)} || ${lit(String(yr))} || lpad(r.serial::text, 8, '0'), r.payment_id, r.declaration_id, r.person_id, r.unit_id,
               r.payer_name, r.payable_fen,
               ${sql.raw(Array.from({ length: 8 }, (_, i) => `substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + get_byte(b.bytes, ${i}) % 32, 1)`).join(' || '))},
               least(${this.now}, greatest(r.recorded_at, r.pay_at) + interval '2 minutes'), CASE WHEN r.wrongful THEN r.refund_at END
        FROM ${sql.table(`city_r_${yr}`)} r CROSS JOIN LATERAL (SELECT uuid_send(gen_random_uuid()) AS bytes) b ORDER BY r.serial`);
      rows.receipt_counter += await this.exec(sql`
        INSERT INTO receipt_counter (region_code, insurance_year, last_number)
        SELECT ${lit(R)}, ${lit(yr)}, coalesce(max(serial), ${lit(base)}) FROM ${sql.table(`city_r_${yr}`)}
        ON CONFLICT (region_code, insurance_year) DO UPDATE SET last_number = excluded.last_number`);
      // The issuer's audit row per batch of 2,000.
      this.later(sql`
        INSERT INTO audit_log (region_code, unit_id, actor_username, at, action, entity_type, after)
        SELECT ${lit(R)}, NULL, 'receipt-issuer', least(${this.now}, max(greatest(r.recorded_at, r.pay_at)) + interval '2 minutes'), 'receipt.issued', 'receipt',
               jsonb_build_object('year', ${lit(yr)}, 'count', count(*), 'from', ${lit(R)} || ${lit(String(yr))} || lpad(min(r.serial)::text, 8, '0'),
                                  'to', ${lit(R)} || ${lit(String(yr))} || lpad(max(r.serial)::text, 8, '0'))
        FROM ${sql.table(`city_r_${yr}`)} r GROUP BY (r.serial - 1) / 2000 ORDER BY min(r.serial)`);
    }
    // Counters of a region that already had receipts (the demo's) continue after them: renumber onto the counter.
    // (A fresh city has none; the demo's own receipts are issued by the server from its queue at start.)

    // This year's unpaid and undeclared, with the reason the unit recorded for some of them (the chase's follow-up).
    const y = sql.table(`city_d_${this.Y}`);
    const total = UNINSURED_REASON_WEIGHTS.reduce((s, [, w]) => s + w, 0);
    let acc = 0;
    const r = uniformSql('p.g', SALT.reasons + 1, this.o.seed);
    const codeArms = UNINSURED_REASON_WEIGHTS.map(([code, w]) => `WHEN ${r} < ${(acc += w) / total} THEN ${q(code)}`).join(' ');
    const noteArms = UNINSURED_REASON_WEIGHTS.filter(([, , note]) => note).map(([code, , note]) => `WHEN ${q(code)} THEN ${q(note!)}`).join(' ');
    await this.run(sql`
      CREATE UNLOGGED TABLE city_reason AS
      SELECT p.g, p.id AS person_id, p.unit_id, p.operator, p.operator_id, ${sql.raw(`CASE ${codeArms} ELSE 'other' END`)} AS code,
             least(${this.now}, greatest(cu.now_settled_at, (cu.now_declared_on::timestamp + interval '3 hours') AT TIME ZONE 'UTC') + make_interval(days => 3 + floor(${this.u('p.g', SALT.reasons + 2)} * 20)::int)) AS recorded_at
      FROM city_p p JOIN city_unit cu ON cu.k = p.unit_k LEFT JOIN ${y} d ON d.g = p.g
      WHERE p.stop_kind IS NULL AND cu.now_stage <> 'not_started'
        AND ((d.status = 'settled' AND ${this.u('p.g', SALT.reasons + 3)} < 0.4) OR (d.g IS NULL AND ${this.u('p.g', SALT.reasons + 3)} < 0.25))`);
    rows.uninsured_reason = await this.exec(sql`
      INSERT INTO uninsured_reason (region_code, insurance_year, person_id, unit_id, code, note, recorded_at, recorded_by)
      SELECT ${lit(R)}, ${lit(this.Y)}, r.person_id, r.unit_id, r.code, ${sql.raw(noteArms ? `CASE r.code ${noteArms} END` : 'NULL')}, r.recorded_at, r.operator
      FROM city_reason r ORDER BY r.g`);
    this.later(sql`
      INSERT INTO audit_log (region_code, unit_id, actor_user_id, actor_username, actor_role, at, action, entity_type, entity_id, after)
      SELECT ${lit(R)}, r.unit_id, r.operator_id, r.operator, 'unit_operator', r.recorded_at, 'uninsured_reason.recorded', 'uninsured_reason', r.person_id::text,
             jsonb_build_object('year', ${lit(this.Y)}, 'code', r.code)
      FROM city_reason r ORDER BY r.g`);
    // The generation itself, as the demo seed records itself (so a second run into the same region is refused).
    this.later(sql`
      INSERT INTO audit_log (region_code, unit_id, actor_username, at, action, entity_type, entity_id, after)
      VALUES (${lit(R)}, NULL, 'system', ${this.now}, 'system.demo_seeded', 'region', ${lit(R)},
              ${JSON.stringify({ generator: 'city', seed: this.o.seed, persons: this.o.persons, units: this.plan.units.length, years: [this.L, this.Y] })}::jsonb)`);
    return rows;
  }

  async analyze(helper: Promise<Conn> | null) {
    const tables = ['unit', 'app_user', 'person', 'person_membership', 'person_exemption', 'household', 'household_member', 'declaration', 'settlement',
      'payment_notice', 'payment_order', 'payment', 'payment_allocation', 'refund', 'reconciliation_item', 'receipt', 'receipt_counter', 'import_job',
      'import_row', 'uninsured_reason', 'audit_log'];
    // One table at a time on each connection (both, on PostgreSQL), the biggest first; audit_log last (the second
    // connection's transaction holds it until its indexes are built).
    const order = ['declaration', 'person', 'person_membership', 'receipt', 'payment_notice', 'payment', ...tables.filter((t) => t !== 'audit_log'), 'audit_log'];
    const unique = [...new Set(order)];
    await lanes(this.conns(helper), unique.map((t) => async (conn: Conn) => void (await this.exec(sql`ANALYZE ${sql.table(t)}`, conn))));
    return unique.length;
  }

  private conns(helper: Promise<Conn> | null): Array<Conn | Promise<Conn>> {
    return helper ? [this.c, helper] : [this.c];
  }

  // ── checks ─────────────────────────────────────────────────────────────────────────────────────────────────────

  /** The consistency checks, as independent queries shared out over the connections (both, on PostgreSQL). */
  async check(helper: Promise<Conn> | null) {
    const R = lit(this.R);
    const one = async <T extends Record<string, unknown>>(conn: Conn, query: RawBuilder<T>) => {
      const t0 = performance.now();
      const row = (await query.execute(conn)).rows[0]!;
      this.trace(query, t0, conn);
      return row;
    };
    type Result = { check: string; ok: boolean; detail: string };
    const tasks: Array<(conn: Conn) => Promise<Result[]>> = [];

    tasks.push(async (conn) => {
      const x = await one(conn, sql<{ persons: number; units: number; members: number; distinct_members: number; bad_heads: number; bad_units: number }>`
        SELECT (SELECT count(*)::int FROM person p JOIN city_unit u ON u.id = coalesce(p.unit_id, p.stopped_from_unit_id)) AS persons,
               (SELECT count(*)::int FROM unit WHERE id IN (SELECT id FROM city_unit)) AS units,
               (SELECT count(*)::int FROM household_member WHERE region_code = ${R}) AS members,
               (SELECT count(DISTINCT person_id)::int FROM household_member WHERE region_code = ${R}) AS distinct_members,
               (SELECT count(*)::int FROM household h LEFT JOIN (SELECT household_id, count(*) AS n FROM household_member WHERE region_code = ${R} AND relation = 'head' GROUP BY 1) m
                  ON m.household_id = h.id WHERE h.region_code = ${R} AND coalesce(m.n, 0) <> 1) AS bad_heads,
               (SELECT count(*)::int FROM household_member m JOIN person p ON p.id = m.person_id WHERE m.region_code = ${R} AND p.unit_id IS DISTINCT FROM m.unit_id) AS bad_units`);
      return [
        { check: 'persons generated = --persons', ok: x.persons === this.o.persons, detail: `${x.persons} of ${this.o.persons}` },
        { check: 'units generated = --units', ok: x.units === this.plan.units.length, detail: `${x.units} of ${this.o.units}` },
        { check: 'no person in two households', ok: x.members === x.distinct_members, detail: `${x.members} memberships, ${x.distinct_members} persons` },
        { check: 'every household has one head, members held by its unit', ok: x.bad_heads === 0 && x.bad_units === 0, detail: `${x.bad_heads} without one head, ${x.bad_units} members elsewhere` },
      ];
    });
    tasks.push(async (conn) => {
      // The number's birth date and gender are the person's (all of them); the whole number, check character
      // included, through the validator the server uses (parseResidentId) on a sample.
      const x = await one(conn, sql<{ bad: number }>`
        SELECT count(*)::int AS bad FROM person p JOIN city_unit u ON u.id = coalesce(p.unit_id, p.stopped_from_unit_id)
        WHERE substr(p.document_number, 7, 8) <> to_char(p.birth_date, 'YYYYMMDD') OR (substr(p.document_number, 17, 1)::int % 2 = 1) <> (p.gender = 'male')`);
      const sample = await sql<{ document_number: string; birth_date: string; gender: string }>`
        SELECT p.document_number, p.birth_date::text, p.gender FROM person p JOIN city_unit u ON u.id = coalesce(p.unit_id, p.stopped_from_unit_id)
        ORDER BY md5(p.document_number) LIMIT 5000`.execute(conn);
      const badSample = sample.rows.filter((p) => {
        const r = parseResidentId(p.document_number, { today: this.today });
        return !r.ok || r.birthDate !== p.birth_date || r.gender !== p.gender;
      });
      return [{ check: 'ID numbers: GB 11643 check character, birth date and gender agree', ok: x.bad === 0 && badSample.length === 0, detail: `${x.bad} birth dates or genders differ; parseResidentId on ${sample.rows.length}: ${badSample.length} refused` }];
    });
    tasks.push(async (conn) => {
      const x = await one(conn, sql<{ bad: number }>`
        SELECT count(*)::int AS bad FROM person p
        LEFT JOIN (SELECT person_id, unit_id, count(*) AS n FROM person_membership WHERE region_code = ${R} AND ended_on IS NULL GROUP BY person_id, unit_id) m
          ON m.person_id = p.id AND m.unit_id = p.unit_id
        WHERE p.region_code = ${R} AND p.status = 'active' AND coalesce(m.n, 0) <> 1`);
      return [{ check: 'every active person has one open membership of its unit', ok: x.bad === 0, detail: `${x.bad} without` }];
    });
    tasks.push(async (conn) => {
      const x = await one(conn, sql<{ declarations: number; money: number; status: number; paid_short: number; paid_over: number; unclaimed: number }>`
        WITH p AS (SELECT declaration_id, sum(amount_fen) AS fen FROM payment WHERE region_code = ${R} AND declaration_id IS NOT NULL GROUP BY 1),
        a AS (SELECT declaration_id, sum(amount_fen) AS fen FROM payment_allocation WHERE region_code = ${R} GROUP BY 1),
        r AS (SELECT declaration_id, sum(amount_fen) AS fen FROM refund WHERE region_code = ${R} AND declaration_id IS NOT NULL AND status = 'refunded' GROUP BY 1),
        claimed AS (SELECT declaration_id FROM reconciliation_item WHERE region_code = ${R} AND declaration_id IS NOT NULL
                    UNION SELECT declaration_id FROM refund WHERE region_code = ${R} AND declaration_id IS NOT NULL),
        m AS (
          SELECT d.id, d.status, d.payable_fen, d.paid_fen, (coalesce(p.fen, 0) + coalesce(a.fen, 0))::bigint AS received, coalesce(r.fen, 0)::bigint AS refunded,
                 c.declaration_id IS NOT NULL AS claimed
          FROM declaration d LEFT JOIN p ON p.declaration_id = d.id LEFT JOIN a ON a.declaration_id = d.id LEFT JOIN r ON r.declaration_id = d.id
          LEFT JOIN claimed c ON c.declaration_id = d.id
          WHERE d.region_code = ${R}
        )
        SELECT count(*)::int AS declarations,
               count(*) FILTER (WHERE paid_fen <> received - refunded)::int AS money,
               count(*) FILTER (WHERE status <> canbao_ledger_status(status, payable_fen, received - refunded))::int AS status,
               count(*) FILTER (WHERE status = 'paid' AND received - refunded < payable_fen)::int AS paid_short,
               count(*) FILTER (WHERE status = 'paid' AND received - refunded > payable_fen)::int AS paid_over,
               count(*) FILTER (WHERE status = 'paid' AND received - refunded > payable_fen AND NOT claimed)::int AS unclaimed
        FROM m`);
      return [
        { check: 'ledger: every declaration holds the sum of its records', ok: x.money === 0, detail: `${x.money} of ${x.declarations} differ` },
        { check: "ledger: every status is the rule's (paid iff settled and covered)", ok: x.status === 0, detail: `${x.status} differ` },
        {
          check: 'every paid declaration: its payments sum to its payable (over-payments have an item or a refund)',
          ok: x.paid_short === 0 && x.unclaimed === 0,
          detail: `${x.paid_short} short, ${x.paid_over} over-paid (${x.unclaimed} of them unclaimed)`,
        },
      ];
    });
    tasks.push(async (conn) => {
      const x = await one(conn, sql<{ missing: number; wrong: number; extra: number; gaps: number }>`
        WITH v AS (SELECT declaration_id, count(*) AS n, min(amount_fen) AS fen FROM receipt WHERE region_code = ${R} AND voided_at IS NULL GROUP BY 1),
        q AS (SELECT declaration_id FROM receipt_due WHERE region_code = ${R}),
        d AS (
          SELECT d.status = 'paid' AND d.payable_fen > 0 AS owed, d.payable_fen, v.n, v.fen, q.declaration_id IS NOT NULL AS queued
          FROM declaration d LEFT JOIN v ON v.declaration_id = d.id LEFT JOIN q ON q.declaration_id = d.id WHERE d.region_code = ${R}
        )
        SELECT count(*) FILTER (WHERE owed AND coalesce(n, 0) <> 1 AND NOT queued)::int AS missing,
               count(*) FILTER (WHERE n = 1 AND fen <> payable_fen)::int AS wrong,
               count(*) FILTER (WHERE n IS NOT NULL AND NOT owed)::int AS extra,
               (SELECT count(*)::int FROM receipt_counter c
                  LEFT JOIN (SELECT insurance_year, count(*) AS n FROM receipt WHERE region_code = ${R} GROUP BY 1) r ON r.insurance_year = c.insurance_year
                WHERE c.region_code = ${R} AND c.last_number <> coalesce(r.n, 0)) AS gaps
        FROM d`);
      return [{
        check: 'receipts: one valid receipt per paid declaration with something to pay, for what it costs; numbered without gaps',
        ok: x.missing === 0 && x.wrong === 0 && x.extra === 0 && x.gaps === 0,
        detail: `${x.missing} missing (not queued), ${x.wrong} wrong amount, ${x.extra} not owed, ${x.gaps} counters off`,
      }];
    });
    tasks.push(async (conn) => {
      const x = await one(conn, sql<{ bad: number }>`
        SELECT count(*)::int AS bad FROM payment_notice n JOIN declaration d ON d.id = n.declaration_id
        WHERE n.region_code = ${R} AND n.status <> CASE d.status WHEN 'paid' THEN 'paid' WHEN 'settled' THEN 'open' ELSE 'cancelled' END`);
      return [{ check: 'notices follow their declarations', ok: x.bad === 0, detail: `${x.bad} differ` }];
    });
    tasks.push(async (conn) => {
      const x = await one(conn, sql<{ bad: number; alloc: number; refunds: number }>`
        WITH d AS (SELECT settlement_id, count(*)::int AS n, sum(payable_fen) AS fen FROM declaration WHERE region_code = ${R} AND settlement_id IS NOT NULL GROUP BY 1),
        a AS (SELECT p.settlement_id, sum(a.amount_fen) AS fen FROM payment p JOIN payment_allocation a ON a.payment_id = p.id
              WHERE p.region_code = ${R} AND p.declaration_id IS NULL AND p.settlement_id IS NOT NULL GROUP BY 1)
        SELECT (SELECT count(*)::int FROM settlement s LEFT JOIN d ON d.settlement_id = s.id
                WHERE s.region_code = ${R} AND (s.person_count <> coalesce(d.n, 0) OR s.payable_fen <> coalesce(d.fen, 0))) AS bad,
               (SELECT count(*)::int FROM settlement s LEFT JOIN a ON a.settlement_id = s.id
                WHERE s.region_code = ${R} AND s.payment_mode = 'unit_total' AND s.status = 'paid' AND s.payable_fen > 0 AND s.payable_fen <> coalesce(a.fen, 0)) AS alloc,
               (SELECT count(*)::int FROM payment p
                LEFT JOIN (SELECT payment_id, sum(amount_fen) AS fen FROM refund WHERE region_code = ${R} AND status = 'refunded' GROUP BY 1) r ON r.payment_id = p.id
                WHERE p.region_code = ${R} AND p.refunded_fen <> coalesce(r.fen, 0)) AS refunds`);
      return [
        { check: 'settlements: totals are their declarations; a unit payment is allocated in full', ok: x.bad === 0 && x.alloc === 0, detail: `${x.bad} totals differ, ${x.alloc} allocations differ` },
        { check: "payments: refunded amount is their refunds'", ok: x.refunds === 0, detail: `${x.refunds} differ` },
      ];
    });
    const fkChecks: Array<{ name: string; n: number }> = [];
    let fkCount = 0;
    if (this.replica) {
      // The foreign-key triggers were off: every foreign key of every table written is checked here instead.
      const fks = await sql<{ child: string; parent: string; cols: string[]; refs: string[]; name: string }>`
        SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent, c.conname AS name,
               (SELECT array_agg(a.attname::text ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS cols,
               (SELECT array_agg(a.attname::text ORDER BY k.n) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS refs
        FROM pg_constraint c
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace AND c.conrelid::regclass::text = ANY(${[
          'unit', 'app_user', 'person', 'person_membership', 'person_exemption', 'household', 'household_member', 'declaration', 'settlement', 'payment_notice',
          'payment_order', 'payment', 'payment_allocation', 'refund', 'reconciliation_item', 'receipt', 'receipt_counter', 'import_job', 'import_row', 'uninsured_reason', 'audit_log',
        ]}::text[])
        ORDER BY c.conrelid::regclass::text = 'audit_log', c.conname`.execute(this.c);
      fkCount = fks.rows.length;
      for (const fk of fks.rows) {
        tasks.push(async (conn) => {
          const notNull = fk.cols.map((col) => `c.${col} IS NOT NULL`).join(' AND ');
          const match = fk.cols.map((col, i) => `p.${fk.refs[i]} = c.${col}`).join(' AND ');
          const x = await one(conn, sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.raw(fk.child)} c WHERE ${sql.raw(notNull)} AND NOT EXISTS (SELECT 1 FROM ${sql.raw(fk.parent)} p WHERE ${sql.raw(match)})`);
          if (x.n) fkChecks.push({ name: fk.name, n: x.n });
          return [];
        });
      }
    }
    const out = (await lanes(this.conns(helper), tasks)).flat();
    if (this.replica) {
      out.push({
        check: 'every foreign key of the tables written holds (checked here: written without the per-row triggers)',
        ok: fkChecks.length === 0,
        detail: `${fkCount} foreign keys${fkChecks.length ? `; broken: ${fkChecks.map((f) => `${f.name} ${f.n}`).join(', ')}` : ''}`,
      });
    }
    return out;
  }

  async summary() {
    const R = lit(this.R);
    const r = await sql<Record<string, number>>`
      SELECT (SELECT count(*)::int FROM person WHERE region_code = ${R}) AS region_persons,
             (SELECT count(*)::int FROM city_p) AS generated_persons,
             (SELECT count(*)::int FROM city_p WHERE role = 'pupil') AS pupils,
             (SELECT count(*)::int FROM city_p WHERE role = 'kinder') AS kindergarteners,
             (SELECT count(*)::int FROM city_p WHERE role = 'resident') AS residents,
             (SELECT count(*)::int FROM city_p WHERE ex_code IS NOT NULL) AS exempt,
             (SELECT count(*)::int FROM city_p WHERE stop_kind IS NOT NULL) AS stopped,
             (SELECT count(*)::int FROM city_household) AS households,
             (SELECT count(*)::int FROM ${sql.table(`city_d_${this.L}`)}) AS last_declared,
             (SELECT count(*)::int FROM ${sql.table(`city_d_${this.L}`)} WHERE status = 'paid') AS last_paid,
             (SELECT count(*)::int FROM ${sql.table(`city_d_${this.Y}`)}) AS this_declared,
             (SELECT count(*)::int FROM ${sql.table(`city_d_${this.Y}`)} WHERE status = 'paid') AS this_paid,
             (SELECT count(*)::int FROM city_unit WHERE now_stage = 'finished') AS units_finished,
             (SELECT count(*)::int FROM city_unit WHERE now_stage IN ('declared', 'confirmed', 'settled')) AS units_partly,
             (SELECT count(*)::int FROM city_unit WHERE now_stage = 'not_started') AS units_not_started`.execute(this.c);
    const s = r.rows[0]! as Record<string, number>;
    const share = (a: number | undefined, b: number | undefined) => (b ? `${((100 * (a ?? 0)) / b).toFixed(1)}%` : '-');
    return {
      ...s,
      last_paid_share: share(s.last_paid, s.last_declared),
      this_paid_share: share(s.this_paid, s.this_declared),
    };
  }
}

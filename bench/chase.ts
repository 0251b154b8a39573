/**
 * npm run bench:chase — the chase on a city (issue 14, item 8), on PostgreSQL:
 *   - a fresh database canbao_bench_chase_<random> on DATABASE_URL (else postgres://postgres@127.0.0.1:5432/postgres),
 *     dropped at the end; migrated and prepared as `npm start` does;
 *   - a city built set-based in SQL: region 320500 on the national template, --units primary schools over the
 *     region's districts, --persons pupils spread over them (grades 一 to 六 by entry year, eight classes each, valid
 *     GB 11643 numbers), and this year's declarations: 60% paid, 10% settled, 5% confirmed, 5% declared, 20% not
 *     declared; ANALYZE;
 *   - the app in process (buildApp on that database, as the server runs it), a school operator's and the agency's
 *     sessions, and through Fastify's inject: one school's 未参保人员 list (its first page, then filtered to a class)
 *     and the region's progress board by unit — each --runs times after a warm-up, p50/p95/max; the board's first
 *     call (a full count, kept as the region's snapshot) is reported as boardCountMs;
 * and merges bench/results.json {"chase": {...}} (other keys kept). Targets: the school's list p95 < 50 ms, the board
 * by unit p95 < 300 ms. A benchmark, never a timed test.
 *
 * Options: --persons N (default 1000000), --units U (default 1500), --runs R (default 40), --keep.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { factsFromPerson, quoteFee, type TPolicyProfile } from '@canbao/domain';
import { sql, type Kysely } from 'kysely';
import { buildApp } from '../apps/server/src/app';
import { loadConfig } from '../apps/server/src/config';
import { openDatabase } from '../apps/server/src/db/database';
import type { DB } from '../apps/server/src/db/schema/index';
import { prepareDatabase } from '../apps/server/src/setup';
import { TEST_PASSWORD, buildCampaign, buildUser } from '../apps/server/src/test/factories';
import { residentIdCheckSql } from './city/sql';
import { postgresUrl } from './postgres-url';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const PERSONS = arg('--persons', 1_000_000);
const UNITS = arg('--units', 1_500);
const RUNS = arg('--runs', 40);
const YEAR = 2027;
const REGION = '320500';

async function createDatabase(baseUrl: string) {
  const name = `canbao_bench_chase_${randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl: baseUrl, dataDir: '', poolSize: 1 });
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 8 });
  const drop = async () => {
    await database.close().catch(() => undefined);
    if (args.includes('--keep')) console.log(`kept database ${name}`);
    else await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
    await admin.close();
  };
  return { database, drop };
}

async function buildCity(db: Kysely<DB>) {
  const started = performance.now();
  await buildCampaign(db, YEAR, REGION);
  const row = await db.selectFrom('policy_profile').select(['profile_key', 'version', 'body']).where('region_code', '=', REGION).where('insurance_year', '=', YEAR).orderBy('version', 'desc').executeTakeFirstOrThrow();
  const person = { documentType: '01', documentNumber: '320508201803010011', birthDate: '2018-03-01', gender: 'male' as const, hukouType: 'local_urban' as const, hukouDistrictCode: '320508', residencePermitSince: null, gradeCode: '03', pointsEligibility: null, unitKind: 'primary' as const };
  const q = quoteFee(row.body as TPolicyProfile, factsFromPerson(person, [], [], `${YEAR - 1}-10-15`));
  if (!q.allowed || q.payableFen <= 0) throw new Error(`the campaign profile does not price a pupil: ${JSON.stringify(q.reasons)}`);
  const districts = (await db.selectFrom('division').select('code').where('parent_code', '=', REGION).where('level', '=', 'district').orderBy('code').execute()).map((d) => d.code);
  await sql`
    INSERT INTO unit (region_code, district_code, name, kind, contact_name, contact_phone)
    SELECT ${REGION}, (${districts}::text[])[1 + g % ${districts.length}], '压测小学' || lpad(g::text, 4, '0'), 'primary', '联系人', '13800001111'
    FROM generate_series(0, ${UNITS - 1}) g`.execute(db);
  // Pupil g: unit g % UNITS; entry year 2021–2026 (一 to 六年级 in 2026–27), class 1–8; a valid number, unique.
  await sql`
    WITH u AS (SELECT id, district_code, row_number() OVER (ORDER BY name) - 1 AS k FROM unit WHERE region_code = ${REGION}),
    g AS (
      SELECT g, u.id AS unit_id, u.district_code, 2021 + (g / ${UNITS}) % 6 AS entry,
             -- Birth day g % 360 of year 2014 + (g / 360) % 6, sequence g / 2160: distinct for every g below 2,160,000.
             u.district_code || to_char(make_date(2014 + (g / 360) % 6, 1, 1) + (g % 360), 'YYYYMMDD') || lpad(((g / 2160) % 1000)::text, 3, '0') AS body
      FROM generate_series(0, ${PERSONS - 1}) g JOIN u ON u.k = g % ${UNITS}
    )
    INSERT INTO person (region_code, document_type, document_number, name, gender, birth_date, hukou_type, hukou_district_code, unit_id, grade_code, class_name, entry_year, guardian_name, guardian_phone)
    SELECT ${REGION}, '01',
           body || ${residentIdCheckSql('body')},
           substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗', 1 + g % 20, 1) || substr('子涵欣怡梓萱诗涵一诺依诺雨桐可馨语桐思琪浩然宇轩', 1 + (g / 20) % 30, 1),
           CASE WHEN g % 2 = 1 THEN 'male' ELSE 'female' END, to_date(substr(body, 7, 8), 'YYYYMMDD'), 'local_urban', district_code, unit_id,
           lpad((2026 - entry + 1)::text, 2, '0'), (1 + (g / 7) % 8) || '班', entry, '家长', '13912345678'
    FROM g`.execute(db);
  await sql`
    INSERT INTO declaration (region_code, insurance_year, person_id, unit_id, status, profile_key, profile_version, window_kind, path_code,
                             category_code, category_name, parts, total_fen, subsidy_fen, payable_fen, paid_fen, paid_at,
                             benefit_start, benefit_end, waiting_days, reasons, declared_on, declared_by, confirmed_at)
    SELECT ${REGION}, ${YEAR}, p.id, p.unit_id, s.status, ${row.profile_key}, ${row.version}, 'declaration', ${q.path.code},
           ${q.category.code}, ${q.category.name}, ${JSON.stringify(q.parts)}::jsonb, ${q.totalFen}::bigint, 0, ${q.totalFen}::bigint,
           CASE WHEN s.status = 'paid' THEN ${q.totalFen}::bigint ELSE 0 END, CASE WHEN s.status = 'paid' THEN now() END,
           ${q.benefitStart}::date, ${q.benefitEnd}::date, 0, '[]'::jsonb, date '2026-10-15' + (h % 40), 'bench',
           CASE WHEN s.status <> 'declared' THEN now() END
    FROM (SELECT id, unit_id, abs(hashtext(id::text)) % 100 AS h FROM person WHERE region_code = ${REGION}) p
    CROSS JOIN LATERAL (SELECT CASE WHEN p.h < 60 THEN 'paid' WHEN p.h < 70 THEN 'settled' WHEN p.h < 75 THEN 'confirmed' WHEN p.h < 80 THEN 'declared' END AS status) s
    WHERE s.status IS NOT NULL`.execute(db);
  await sql`ANALYZE`.execute(db);
  const n = await sql<{ persons: number; declarations: number }>`SELECT (SELECT count(*)::int FROM person) AS persons, (SELECT count(*)::int FROM declaration) AS declarations`.execute(db);
  console.log(`city: ${UNITS} units, ${n.rows[0]!.persons.toLocaleString()} persons, ${n.rows[0]!.declarations.toLocaleString()} declarations in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return n.rows[0]!;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 10) / 10;
};

async function main() {
  const base = await postgresUrl();
  if (!base) throw new Error('bench:chase needs PostgreSQL (DATABASE_URL or 127.0.0.1:5432)');
  const { database, drop } = await createDatabase(base);
  try {
    await prepareDatabase(database.db);
    const city = await buildCity(database.db);
    const config = loadConfig({ ...process.env, NODE_ENV: 'production', DATABASE_URL: base, LOG_LEVEL: 'warn', PAYMENT_SANDBOX: 'false', SESSION_SECRET: randomBytes(32).toString('hex') });
    const app = await buildApp({ config, database });
    await app.ready();
    const loginAs = async (username: string) => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: TEST_PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`login: ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'canbao_session')!;
      return { cookie: `canbao_session=${cookie.value}` };
    };
    const schoolUnit = await database.db.selectFrom('unit').select('id').where('name', '=', '压测小学0007').executeTakeFirstOrThrow();
    const operator = await buildUser(database.db, { role: 'unit_operator', unitId: schoolUnit.id });
    const agency = await buildUser(database.db, { role: 'agency_admin' });
    const school = await loginAs(operator.username);
    const staff = await loginAs(agency.username);
    const time = async (who: { cookie: string }, url: string) => {
      const times: number[] = [];
      let first = 0;
      let body = '';
      for (let i = 0; i < RUNS + 5; i++) {
        const t0 = performance.now();
        const res = await app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
        const ms = performance.now() - t0;
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        if (i === 0) first = ms;
        if (i >= 5) times.push(ms);
        body = res.body;
      }
      return { firstMs: Math.round(first), p50Ms: pct(times, 50), p95Ms: pct(times, 95), maxMs: pct(times, 100), body };
    };
    const list = await time(school, `/api/v1/uninsured?year=${YEAR}`);
    const listed = JSON.parse(list.body) as { total: number; counts: { undeclared: number; unpaid: number } };
    const cls = await time(school, `/api/v1/uninsured?year=${YEAR}&gradeCode=03&className=${encodeURIComponent('2班')}`);
    const board = await time(staff, `/api/v1/progress?year=${YEAR}&groupBy=unit`);
    const rows = (JSON.parse(board.body) as { rows: unknown[] }).rows.length;
    await app.close();
    const result = {
      persons: city.persons,
      units: UNITS,
      declarations: city.declarations,
      runs: RUNS,
      schoolRoster: Math.round(city.persons / UNITS),
      schoolUninsured: listed.total,
      schoolListP50Ms: list.p50Ms,
      schoolListP95Ms: list.p95Ms,
      classListP95Ms: cls.p95Ms,
      boardRows: rows,
      // The first call counts the region and keeps its snapshot; the others read it while a recount runs beside them
      // every PROGRESS_MAX_AGE_SECONDS (15 s).
      boardCountMs: board.firstMs,
      boardP50Ms: board.p50Ms,
      boardP95Ms: board.p95Ms,
      boardMaxMs: board.maxMs,
      database: 'postgres',
      machine: `${os.cpus().length} cores`,
    };
    console.log(JSON.stringify(result, null, 2));
    console.log(`targets: school list p95 ${result.schoolListP95Ms} ms (< 50), board p95 ${result.boardP95Ms} ms (< 300)`);
    const file = path.join(root, 'bench/results.json');
    const all = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
    all.chase = result;
    writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
  } finally {
    await drop();
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

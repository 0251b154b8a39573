/**
 * npm run city -- --persons N --units U [--seed S] [--region R] [--fresh] [--no-demo]
 *
 * Fills a database with a realistic city (issue 17, item 1): PostgreSQL when DATABASE_URL is set, else the embedded
 * PGlite in DATA_DIR (./data) — the same choice `npm start` makes. It migrates and prepares the database as the
 * server does, seeds the demo on an empty database (its logins and five named units, as `npm start` would), makes
 * sure the region's campaign of last year and this year exists (its policy profiles), then generates the city
 * set-based — INSERT … SELECT over generate_series and plan tables, one transaction per phase, nothing per row from
 * here — and prints each phase's time and rows, the consistency checks and the logins it made.
 *
 *   --persons N   persons (default 100000)          --units U   units (default 1500)
 *   --seed S      same seed, same city (default 1)  --region R  pooling region (default the demo's 320500, 苏州市区)
 *   --fresh       drop and recreate the database's schema first
 *   --no-demo     do not seed the demo on an empty database (an agency admin and a collector are made instead)
 *
 * What the city holds (bench/city/plan.ts and generate.ts; the shares are of --units and --persons):
 *   - districts and streets of the region from the division data (a …市区 region without its county-level cities);
 *     units spread over the streets, named as the notices name them, with GB 32100 credit codes and school codes;
 *   - units: 60% schools (two thirds primary, grades 1–6 = 01–06; one third junior middle, grades 7–9 = 11–13,
 *     2–8 classes per grade, ~40 pupils a class: 72% of the persons), 15% kindergartens (小/中/大班, ~30 a class: 8%),
 *     25% community offices (社区社保工作站) holding households of adults and minors not in school (20%): young
 *     families with infants, three generations, elderly couples, elderly living alone, middle-aged families with an
 *     adult child, single adults — 户主/配偶/子女/父母, one head each, one household per person;
 *   - persons: GB 11643 numbers (region of birth or hukou, the birth date, a serial counted down from 999 so the
 *     demo's serials are never met, odd for men, the check character), names by common surnames, hukou 70% local
 *     urban, 12–13% local rural, 15–18% elsewhere with a residence permit; guardians and phones; a card status;
 *     0.3% of pupils left in the summer and 0.06% in the autumn after being declared (stopped, read by their school);
 *   - ~3% hold an exemption identity of the region's profile (低保, 特困, 孤儿 for minors, 监测对象 …), 60% from a
 *     department's list, 40% with certificate name, number and validity;
 *   - last year (this insurance year − 1): everyone then at the unit declared (not this September's entrants, not
 *     babies born since, one in seventeen not insured), priced by the policy engine — each group of persons the
 *     engine reads alike is quoted once with the profile (factsFromPerson + quoteFee, the unit's path checked), its
 *     quote stored on every declaration of the group — confirmed and settled by every unit: schools 55% per-person
 *     notices, 45% unit total (transfer 60%, bank deduction 25%, bank draft 15%; 4% of those never paid);
 *     kindergartens 70/30; community offices per person. Families paid 88–99.5% (communities 80–95%) through
 *     wechat, alipay, app, mini-program (an order per notice), tax, bank counter, POS, kiosk, card deduction (the
 *     tax bureau's and banks' paid rosters, imported weekly as import jobs with their rows); ~0.2% paid twice
 *     (refunded), pupils charged after leaving refunded and removed; exempt persons paid at settlement;
 *   - this year: 30% of units finished (declared, confirmed, settled, mostly paid), 40% part-way (declared a share
 *     of the roster / confirmed / settled per person and partly paid), 30% not started; half the schools imported
 *     their entrants (enrollment import jobs and rows); duplicates this year await their refund; a few paid-roster
 *     lines for nobody open as reconciliation items; reasons recorded for some of the unpaid (未参保原因);
 *   - receipts for every paid declaration with something to pay, numbered without gaps per year in payment order,
 *     counters set; audit rows for every write (registrations, households, identities, declarations, confirmations,
 *     settlements, orders, payments, imports, refunds, receipts, reasons);
 *   - an operator account for every generated unit (password canbao-demo), the first of each kind printed.
 * Everything except ids, notice tokens and receipt verification codes (random, as the server makes them) follows
 * from the seed. Afterwards the checks: counts, the ledger (money = records, status = rule, receipts, notices),
 * households, ID numbers, memberships, settlements, refunds, and every foreign key of the tables written.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../apps/server/src/config';
import { openDatabase } from '../apps/server/src/db/database';
import { prepareDatabase } from '../apps/server/src/setup';
import { generateCity } from './city/generate';

const args = process.argv.slice(2);

/** Creates the database DATABASE_URL names when the server has no such database yet (a new machine). */
async function ensureDatabase(url: string) {
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    return;
  } catch (e) {
    if ((e as { code?: string }).code !== '3D000') throw e;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: target.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    console.log(`created database ${name}`);
  } finally {
    await admin.end();
  }
}
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const text = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? String(args[i + 1]) : fallback;
};

async function main() {
  const persons = arg('--persons', 100_000);
  const units = arg('--units', 1_500);
  const seed = arg('--seed', 1);
  const regionCode = text('--region', '320500');
  if (!Number.isInteger(persons) || persons < 1 || !Number.isInteger(units) || units < 4 || !Number.isInteger(seed) || !/^\d{6}$/.test(regionCode)) {
    throw new Error('usage: npm run city -- --persons N (≥ 1) --units U (≥ 4) [--seed S] [--region 320500] [--fresh] [--no-demo]');
  }
  // The server's own configuration (DATABASE_URL, DATA_DIR); a session secret of its own so nothing is written beside the data.
  const config = loadConfig({ ...process.env, SESSION_SECRET: process.env.SESSION_SECRET ?? randomBytes(32).toString('hex') });
  if (config.databaseUrl) await ensureDatabase(config.databaseUrl);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  const where = database.kind === 'postgres' ? `PostgreSQL ${new URL(config.databaseUrl!).pathname.slice(1)}` : `PGlite in ${path.relative(process.cwd(), config.dataDir) || '.'}`;
  console.log(`city: ${persons.toLocaleString('en-US')} persons, ${units} units, seed ${seed}, region ${regionCode} → ${where}`);
  const started = performance.now();
  try {
    if (args.includes('--fresh')) {
      const t0 = performance.now();
      await sql`DROP SCHEMA IF EXISTS public CASCADE`.execute(database.db);
      await sql`CREATE SCHEMA public`.execute(database.db);
      // PostgreSQL's default for the public schema: everyone may use it (the app role reads through it).
      await sql`GRANT USAGE ON SCHEMA public TO PUBLIC`.execute(database.db);
      console.log(`fresh: schema dropped and recreated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const t1 = performance.now();
    const migration = await prepareDatabase(database.db);
    console.log(`prepare: migrated to ${migration}, divisions and ready profiles in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    const report = await generateCity(database.db, {
      persons,
      units,
      seed,
      regionCode,
      now: new Date(),
      config,
      demo: !args.includes('--no-demo'),
      kind: database.kind,
      log: (line) => console.log(`  ${line}`),
      ...(args.includes('--trace') ? { traceMs: arg('--trace-ms', 500) } : {}),
    });
    console.log('');
    console.table(
      report.phases.map((p) => ({
        phase: p.phase,
        seconds: Number(p.seconds.toFixed(1)),
        ...(p.backendCpuSeconds !== undefined ? { 'PostgreSQL CPU s': Number(p.backendCpuSeconds.toFixed(1)) } : {}),
        'rows written': Object.entries(p.rows).filter(([k]) => !k.includes(':')).reduce((s, [, x]) => s + x, 0),
      })),
    );
    console.log(`machine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`generated in ${report.seconds.toFixed(1)} s (total with prepare ${((performance.now() - started) / 1000).toFixed(1)} s); insurance years ${report.lastYear} and ${report.year}`);
    console.table(report.summary);
    console.log('checks:');
    for (const c of report.checks) console.log(`  ${c.ok ? '✓' : '✗'} ${c.check} — ${c.detail}`);
    console.log(`logins (password ${report.password}; every generated unit has an operator, p/m/k/c + number):`);
    for (const l of report.logins) console.log(`  ${l.username.padEnd(18)} ${l.role.padEnd(14)} ${l.unit ?? ''}`);
    if (report.checks.some((c) => !c.ok)) process.exitCode = 1;
  } finally {
    await database.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

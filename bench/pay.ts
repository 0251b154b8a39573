/**
 * npm run bench:pay — signed channel payment notifications against the real server on PostgreSQL (issue 6):
 *   - a fresh database canbao_bench_pay_<random> on DATABASE_URL (else postgres://postgres@127.0.0.1:5432/postgres),
 *     dropped at the end; migrated and prepared as `npm start` does;
 *   - a campaign built set-based in SQL: region 320500 on the national template, units, N persons, N declarations
 *     in status 'settled' priced by the policy engine (a plain pupil, every 10th a dibao pupil with a subsidy) under
 *     one per-person settlement per unit, N payment notices and N sandbox orders;
 *   - the built server (apps/server/dist/main.js, rebuilt first) in a child process, NODE_ENV=production with the
 *     sandbox channel on a known key, so the load generator never shares its event loop;
 *   - autocannon on 127.0.0.1: a distinct notification per order, signed (HMAC over timestamp and body, exactly as
 *     the SandboxProvider signs) the moment it is sent; a warm-up, then the measured run bounded by an amount of
 *     orders estimated to last --duration seconds (so no order is notified twice and every response is counted);
 *     then replays of already-recorded notifications (must record nothing) and a few forged ones (must be refused);
 *   - SQL checks afterwards: one payment per acknowledged notification, no duplicates, every declaration, order and
 *     notice of a payment paid, one audit row per payment, no reconciliation items;
 *   - the ceiling: a bare Fastify route (same body, no work) in its own child process, same connections;
 * and merges bench/results.json {"pay": {...}} (the other keys are kept). Target: ≥ 3,000 notifications/s with
 * p99 < 50 ms. A benchmark, never a timed test.
 *
 * Options: --persons N (default 120000), --connections C (default 64), --duration S (default 15),
 *          --bare-duration S (default 5), --keep (do not drop the database), --cpu-prof (profile the server into
 *          bench/tmp), --bare-child PORT (internal).
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { factsFromPerson, quoteFee, type TPolicyProfile } from '@canbao/domain';
import type autocannon from 'autocannon';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../apps/server/src/db/database';
import type { DB } from '../apps/server/src/db/schema/index';
import { SANDBOX_SIGNATURE_HEADER, SandboxProvider } from '../apps/server/src/modules/payments/channels/sandbox';
import { prepareDatabase } from '../apps/server/src/setup';
import { buildCampaign } from '../apps/server/src/test/factories';
import { SERVER_NODE_FLAGS } from '../scripts/node-flags.mjs';
import { cannon, freePort, machineCpu, postgresCpu, postgresCpuSince, processCpuSec, run, startChild, stopChild } from './harness';
import { residentIdCheckSql } from './city/sql';
import { postgresUrl } from './postgres-url';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const PERSONS = arg('--persons', 120_000);
const CONNECTIONS = arg('--connections', 64);
const DURATION = arg('--duration', 15);
const BARE_DURATION = arg('--bare-duration', 5);
const WARMUP = Math.min(5_000, Math.floor(PERSONS / 10));
const REPLAYS = Math.min(2_000, Math.floor(PERSONS / 20));
const YEAR = 2027;
const REGION = '320500';
const KEY = 'canbao-bench-sandbox-pay-key-0123456789';
const NOTIFY_PATH = '/api/v1/payments/notify/sandbox';

// ── the bare route, in its own process (--bare-child PORT) ─────────────────────────────────────────────────────

async function bareChild(port: number) {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.post('/api/v1/payments/notify/:channel', async () => ({ code: 'SUCCESS' }));
  await app.listen({ host: '127.0.0.1', port });
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

// ── database ───────────────────────────────────────────────────────────────────────────────────────────────────

async function createDatabase(baseUrl: string) {
  const name = `canbao_bench_pay_${randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl: baseUrl, dataDir: '', poolSize: 1 });
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 4 });
  const drop = async () => {
    await database.close().catch(() => undefined);
    if (args.includes('--keep')) console.log(`kept database ${name}`);
    else await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
    await admin.close();
  };
  return { name, url: url.toString(), db: database.db, drop };
}

/** Prices the two kinds of pupils of the data set with the region's campaign profile, as a declaration would. */
async function priceArchetypes(db: Kysely<DB>) {
  const row = await db.selectFrom('policy_profile').select(['profile_key', 'version', 'body']).where('region_code', '=', REGION).where('insurance_year', '=', YEAR).orderBy('version', 'desc').executeTakeFirstOrThrow();
  const profile = row.body as TPolicyProfile;
  const person = { documentType: '01', documentNumber: '320508201803010011', birthDate: '2018-03-01', gender: 'male' as const, hukouType: 'local_urban' as const, hukouDistrictCode: '320508', residencePermitSince: null, gradeCode: '03', pointsEligibility: null, unitKind: 'primary' as const };
  const applyDate = `${YEAR - 1}-10-15`;
  const plain = quoteFee(profile, factsFromPerson(person, [], [], applyDate));
  const dibao = quoteFee(profile, factsFromPerson(person, [{ categoryCode: 'dibao', validFrom: `${YEAR - 1}-01-01`, validTo: null, certificateName: null, certificateNumber: null, source: 'department_list' }], [], applyDate));
  for (const q of [plain, dibao]) if (!q.eligible || !q.allowed || q.payableFen <= 0) throw new Error(`the campaign profile does not price a pupil: ${JSON.stringify(q.reasons)}`);
  return { key: row.profile_key, version: row.version, plain, dibao, applyDate };
}

/** The campaign's data, set-based. Returns the orders to notify, in order. */
async function buildDataSet(db: Kysely<DB>, persons: number) {
  const started = performance.now();
  await buildCampaign(db, YEAR, REGION);
  const p = await priceArchetypes(db);
  const districts = (await db.selectFrom('division').select('code').where('parent_code', '=', REGION).where('level', '=', 'district').orderBy('code').execute()).map((d) => d.code);
  const units = Math.max(1, Math.ceil(persons / 1000));
  await sql`
    INSERT INTO unit (region_code, district_code, name, kind, contact_name, contact_phone)
    SELECT ${REGION}, (${districts}::text[])[1 + g % ${districts.length}], '压测实验小学' || lpad(g::text, 4, '0'), 'primary', '联系人', '13800001111'
    FROM generate_series(0, ${units - 1}) g`.execute(db);
  // Valid GB 11643 numbers: district + birth date + serial, the check character computed as the validators do.
  await sql`
    WITH u AS (SELECT id, district_code, row_number() OVER (ORDER BY name) - 1 AS k FROM unit WHERE region_code = ${REGION}),
    g AS (
      SELECT g, u.id AS unit_id, u.district_code, date '2018-01-01' + (g / 1000) AS birth,
             u.district_code || to_char(date '2018-01-01' + (g / 1000), 'YYYYMMDD') || lpad((g % 1000)::text, 3, '0') AS body
      FROM generate_series(0, ${persons - 1}) g JOIN u ON u.k = g % ${units}
    )
    INSERT INTO person (region_code, document_type, document_number, name, gender, birth_date, hukou_type, hukou_district_code, unit_id, grade_code, class_name, student_number, guardian_name, guardian_phone)
    SELECT ${REGION}, '01',
           body || ${residentIdCheckSql('body')},
           substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗', 1 + g % 20, 1) || substr('子涵欣怡梓萱诗涵一诺依诺雨桐可馨语桐思琪浩然宇轩', 1 + (g / 20) % 30, 1) || substr('明红刚华强丽军平', 1 + (g / 600) % 8, 1),
           CASE WHEN g % 2 = 1 THEN 'male' ELSE 'female' END, birth, 'local_urban', district_code, unit_id, '03', (1 + g % 8) || '班', 'S' || g, '家长', '13912345678'
    FROM g`.execute(db);
  await sql`
    INSERT INTO settlement (region_code, unit_id, insurance_year, number, payment_mode, status, person_count, total_fen, subsidy_fen, payable_fen, breakdown, created_by)
    SELECT ${REGION}, id, ${YEAR}, 'JS' || ${REGION} || ${YEAR} || '-' || lpad(nextval('settlement_number_seq')::text, 7, '0'), 'per_person', 'awaiting_payment', 0, 0, 0, 0, '{}'::jsonb, 'bench'
    FROM unit WHERE region_code = ${REGION}`.execute(db);
  const q = (x: typeof p.plain) => ({
    path: x.path.code,
    code: x.category.code,
    name: x.category.name,
    parts: JSON.stringify(x.parts),
    total: x.totalFen,
    subsidy: x.subsidyFen,
    subsidyCode: x.subsidy?.code ?? null,
    subsidyName: x.subsidy?.name ?? null,
    payable: x.payableFen,
    start: x.benefitStart,
    end: x.benefitEnd,
    waiting: x.waitingDays,
    reasons: JSON.stringify(x.reasons),
  });
  const a = q(p.plain);
  const b = q(p.dibao);
  // Every 10th person (by document number) is a dibao pupil with the subsidy.
  await sql`
    WITH src AS (
      SELECT pe.id AS person_id, pe.unit_id, s.id AS settlement_id, (row_number() OVER (ORDER BY pe.document_number)) % 10 = 0 AS dibao
      FROM person pe JOIN settlement s ON s.unit_id = pe.unit_id AND s.insurance_year = ${YEAR}
      WHERE pe.region_code = ${REGION}
    )
    INSERT INTO declaration (region_code, insurance_year, person_id, unit_id, status, profile_key, profile_version, window_kind, path_code,
                             category_code, category_name, parts, total_fen, subsidy_fen, subsidy_code, subsidy_name, payable_fen,
                             benefit_start, benefit_end, waiting_days, reasons, declared_on, declared_by, confirmed_at, confirmed_by, settlement_id)
    SELECT ${REGION}, ${YEAR}, person_id, unit_id, 'settled', ${p.key}, ${p.version}, 'declaration',
           CASE WHEN dibao THEN ${b.path} ELSE ${a.path} END, CASE WHEN dibao THEN ${b.code} ELSE ${a.code} END, CASE WHEN dibao THEN ${b.name} ELSE ${a.name} END,
           CASE WHEN dibao THEN ${b.parts}::jsonb ELSE ${a.parts}::jsonb END,
           CASE WHEN dibao THEN ${b.total}::bigint ELSE ${a.total}::bigint END, CASE WHEN dibao THEN ${b.subsidy}::bigint ELSE ${a.subsidy}::bigint END,
           CASE WHEN dibao THEN ${b.subsidyCode}::text ELSE ${a.subsidyCode}::text END, CASE WHEN dibao THEN ${b.subsidyName}::text ELSE ${a.subsidyName}::text END,
           CASE WHEN dibao THEN ${b.payable}::bigint ELSE ${a.payable}::bigint END,
           CASE WHEN dibao THEN ${b.start}::date ELSE ${a.start}::date END, CASE WHEN dibao THEN ${b.end}::date ELSE ${a.end}::date END,
           CASE WHEN dibao THEN ${b.waiting}::int ELSE ${a.waiting}::int END, CASE WHEN dibao THEN ${b.reasons}::jsonb ELSE ${a.reasons}::jsonb END,
           ${p.applyDate}::date, 'bench', now(), 'bench', settlement_id
    FROM src`.execute(db);
  await sql`
    UPDATE settlement s SET person_count = x.n, total_fen = x.total, subsidy_fen = x.subsidy, payable_fen = x.payable,
           breakdown = jsonb_build_object('count', x.n, 'totalFen', x.total, 'subsidyFen', x.subsidy, 'payableFen', x.payable, 'byCategory', '[]'::jsonb, 'byExemption', '[]'::jsonb)
    FROM (SELECT settlement_id, count(*) AS n, sum(total_fen) AS total, sum(subsidy_fen) AS subsidy, sum(payable_fen) AS payable FROM declaration GROUP BY settlement_id) x
    WHERE s.id = x.settlement_id`.execute(db);
  await sql`
    INSERT INTO payment_notice (region_code, settlement_id, declaration_id, unit_id, token, amount_fen)
    SELECT region_code, settlement_id, id, unit_id, md5(id::text || random()::text), payable_fen FROM declaration WHERE region_code = ${REGION}`.execute(db);
  await sql`
    INSERT INTO payment_order (region_code, notice_id, declaration_id, unit_id, channel, out_trade_no, amount_fen, pay_url)
    SELECT n.region_code, n.id, n.declaration_id, n.unit_id, 'sandbox', 'CB' || n.region_code || 'B' || lpad((row_number() OVER (ORDER BY n.declaration_id))::text, 9, '0'), n.amount_fen,
           '/sandbox-pay/CB' || n.region_code || 'B' || lpad((row_number() OVER (ORDER BY n.declaration_id))::text, 9, '0')
    FROM payment_notice n`.execute(db);
  await sql`VACUUM ANALYZE`.execute(db);
  const orders = await db.selectFrom('payment_order').select(['out_trade_no', 'amount_fen']).orderBy('out_trade_no').execute();
  console.log(`data set: ${units} units, ${persons.toLocaleString()} persons, declarations settled, notices and sandbox orders in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return orders.map((o) => ({ outTradeNo: o.out_trade_no, amountFen: o.amount_fen }));
}

// ── processes ──────────────────────────────────────────────────────────────────────────────────────────────────

type Order = { outTradeNo: string; amountFen: number };
type Phase = { label: string; sent: number; ok: number; rejected: number; other: Map<number, number>; acked: string[]; result: autocannon.Result; wallSec: number; serverCpu: number; postgresCpu: number; benchCpu: number; machineBusy: number };

/**
 * One autocannon run over `orders` (each notified once), `transactionIds` fixed per order so a replay phase can
 * resend exactly the same payment. `forge` signs with the wrong key (must be refused).
 */
async function fire(label: string, port: number, orders: Order[], opts: { connections: number; serverPid?: number; database?: string; forge?: boolean; path?: string; maxSec?: number }): Promise<Phase> {
  const wallet = new SandboxProvider(opts.forge ? `${KEY}-forged` : KEY);
  let next = 0;
  const acked: string[] = [];
  const other = new Map<number, number>();
  let ok = 0;
  let rejected = 0;
  type Ctx = { order?: Order };
  const cpu0 = opts.serverPid ? processCpuSec(opts.serverPid) : NaN;
  const m0 = machineCpu();
  const pg0 = opts.database ? postgresCpu(opts.database) : new Map<string, number>();
  const self0 = process.cpuUsage();
  const started = performance.now();
  const result = await cannon({
    url: `http://127.0.0.1:${port}`,
    connections: Math.min(opts.connections, orders.length),
    amount: orders.length,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: opts.path ?? NOTIFY_PATH,
        setupRequest: (req, context) => {
          const order = orders[next++ % orders.length]!;
          (context as Ctx).order = order;
          const body = wallet.notificationBody({ outTradeNo: order.outTradeNo, transactionId: `SBX${order.outTradeNo}`, amountFen: order.amountFen, paidAt: new Date(), payerName: null });
          return { ...req, body, headers: { 'content-type': 'application/json', [SANDBOX_SIGNATURE_HEADER]: wallet.sign(body) } };
        },
        onResponse: (status, _body, context) => {
          const order = (context as Ctx).order;
          if (status === 200) {
            ok++;
            if (order) acked.push(order.outTradeNo);
          } else if (status === 400) rejected++;
          else other.set(status, (other.get(status) ?? 0) + 1);
        },
      },
    ],
  }, opts.maxSec);
  const wallSec = (performance.now() - started) / 1000;
  const m1 = machineCpu();
  const serverCpu = opts.serverPid ? (processCpuSec(opts.serverPid) - cpu0) / wallSec : NaN;
  const pgCpu = opts.database ? postgresCpuSince(pg0, opts.database) / wallSec : NaN;
  const self = process.cpuUsage(self0);
  const benchCpu = (self.user + self.system) / 1e6 / wallSec;
  return { label, sent: next, ok, rejected, other, acked, result, wallSec, serverCpu, postgresCpu: pgCpu, benchCpu, machineBusy: 1 - (m1.idle - m0.idle) / (m1.total - m0.total) };
}

function describe(p: Phase) {
  const r = p.result;
  return {
    phase: p.label,
    requests: r.requests.total,
    '200': p.ok,
    '400': p.rejected,
    other: [...p.other].map(([s, n]) => `${s}×${n}`).join(' ') || '-',
    errors: r.errors + r.timeouts,
    'req/s': Math.round(r.requests.total / p.wallSec),
    'p50 ms': r.latency.p50,
    'p99 ms': r.latency.p99,
    'max ms': r.latency.max,
    'server CPU': Number.isNaN(p.serverCpu) ? '-' : `${Math.round(p.serverCpu * 100)}%`,
    'postgres CPU': Number.isNaN(p.postgresCpu) ? '-' : `${Math.round(p.postgresCpu * 100)}%`,
    'CPU ms/req': Number.isNaN(p.serverCpu) ? '-' : (((p.serverCpu + p.postgresCpu) * p.wallSec * 1000) / Math.max(1, p.result.requests.total)).toFixed(2),
    'autocannon CPU': `${Math.round(p.benchCpu * 100)}%`,
    'machine busy': `${Math.round(p.machineBusy * 100)}%`,
  };
}

// ── verification ───────────────────────────────────────────────────────────────────────────────────────────────

async function verify(db: Kysely<DB>, expected: number, acked: string[]) {
  const n = (q: Promise<{ rows: Array<{ n: number | string }> }>) => q.then((r) => Number(r.rows[0]!.n));
  const c = {
    payments: await n(sql<{ n: number }>`SELECT count(*) AS n FROM payment WHERE channel = 'sandbox'`.execute(db)),
    distinctTransactions: await n(sql<{ n: number }>`SELECT count(DISTINCT transaction_id) AS n FROM payment WHERE channel = 'sandbox'`.execute(db)),
    distinctDeclarations: await n(sql<{ n: number }>`SELECT count(DISTINCT declaration_id) AS n FROM payment WHERE channel = 'sandbox'`.execute(db)),
    declarationsPaid: await n(sql<{ n: number }>`SELECT count(*) AS n FROM declaration WHERE status = 'paid'`.execute(db)),
    declarationsPaidInFull: await n(sql<{ n: number }>`SELECT count(*) AS n FROM declaration d JOIN payment p ON p.declaration_id = d.id WHERE d.status = 'paid' AND d.paid_fen = d.payable_fen AND p.amount_fen = d.payable_fen AND d.paid_at IS NOT NULL`.execute(db)),
    ordersPaid: await n(sql<{ n: number }>`SELECT count(*) AS n FROM payment_order o JOIN payment p ON p.order_id = o.id WHERE o.status = 'paid'`.execute(db)),
    noticesPaid: await n(sql<{ n: number }>`SELECT count(*) AS n FROM payment_notice t JOIN payment p ON p.notice_id = t.id WHERE t.status = 'paid'`.execute(db)),
    auditRows: await n(sql<{ n: number }>`SELECT count(*) AS n FROM audit_log WHERE action = 'payment.recorded' AND entity_type = 'payment'`.execute(db)),
    paymentsWithOneAudit: await n(
      sql<{ n: number }>`SELECT count(*) AS n FROM payment p WHERE p.channel = 'sandbox' AND (SELECT count(*) FROM audit_log a WHERE a.entity_type = 'payment' AND a.entity_id = p.id::text AND a.action = 'payment.recorded') = 1`.execute(db),
    ),
    reconciliationItems: await n(sql<{ n: number }>`SELECT count(*) AS n FROM reconciliation_item`.execute(db)),
    ackedRecorded: await n(sql<{ n: number }>`SELECT count(*) AS n FROM payment_order o JOIN payment p ON p.order_id = o.id WHERE o.out_trade_no = ANY(${acked}::text[])`.execute(db)),
  };
  const checks: Array<[string, boolean]> = [
    [`payments (${c.payments}) = notifications acknowledged 200 (${expected})`, c.payments === expected],
    [`every acknowledged notification has its payment (${c.ackedRecorded}/${acked.length})`, c.ackedRecorded === acked.length],
    ['no duplicate payment (distinct transactions = distinct declarations = payments)', c.distinctTransactions === c.payments && c.distinctDeclarations === c.payments],
    [`declarations paid (${c.declarationsPaid}) = payments, each in full`, c.declarationsPaid === c.payments && c.declarationsPaidInFull === c.payments],
    [`orders paid (${c.ordersPaid}) and notices paid (${c.noticesPaid}) = payments`, c.ordersPaid === c.payments && c.noticesPaid === c.payments],
    [`one audit row per payment (${c.auditRows} rows, ${c.paymentsWithOneAudit} payments with exactly one)`, c.auditRows === c.payments && c.paymentsWithOneAudit === c.payments],
    [`no reconciliation items (${c.reconciliationItems})`, c.reconciliationItems === 0],
  ];
  return { counts: c, checks };
}

// ── main ───────────────────────────────────────────────────────────────────────────────────────────────────────

async function main() {
  const baseUrl = await postgresUrl();
  if (!baseUrl) throw new Error('bench:pay needs PostgreSQL: set DATABASE_URL or run a server on 127.0.0.1:5432');
  console.log(`machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  await run(process.execPath, ['apps/server/build.mjs']);

  const database = await createDatabase(baseUrl);
  let server: ChildProcess | null = null;
  let bare: ChildProcess | null = null;
  try {
    await prepareDatabase(database.db);
    const orders = await buildDataSet(database.db, PERSONS);

    const port = await freePort();
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      HOST: '127.0.0.1',
      PORT: String(port),
      SESSION_SECRET: randomBytes(32).toString('hex'),
      PAYMENT_SANDBOX: 'true',
      SANDBOX_PAY_KEY: KEY,
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'false',
    };
    // --cpu-prof: the server writes a V8 CPU profile into bench/tmp when it stops (open it in Chrome's DevTools).
    const profile = args.includes('--cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, 'bench/tmp')}`] : [];
    server = await startChild([...SERVER_NODE_FLAGS, ...profile, 'apps/server/dist/main.js'], env, 'is running');
    const pid = server.pid!;

    let at = 0;
    const take = (n: number) => orders.slice(at, (at += n));
    const warm = await fire('warm-up', port, take(WARMUP), { connections: CONNECTIONS, serverPid: pid, database: database.name });
    const warmRate = warm.ok / warm.wallSec;
    // The measured run: as many fresh orders as should last DURATION seconds at the warm-up's pace (+60%, the JIT
    // and the plan cache are warm now), keeping 200 unused orders for the forged notifications.
    const amount = Math.max(CONNECTIONS, Math.min(orders.length - at - 200, Math.round(warmRate * 1.6 * DURATION)));
    const commits = () => sql<{ n: number }>`SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()`.execute(database.db).then((r) => Number(r.rows[0]!.n));
    await sql`SELECT pg_stat_clear_snapshot()`.execute(database.db);
    const commits0 = await commits();
    const main = await fire('notifications', port, take(amount), { connections: CONNECTIONS, serverPid: pid, database: database.name, maxSec: DURATION * 3 });
    // Statistics reach pg_stat_database within a second of a backend going idle.
    await new Promise((r) => setTimeout(r, 1500));
    await sql`SELECT pg_stat_clear_snapshot()`.execute(database.db);
    const mainCommits = (await commits()) - commits0;
    const fresh = warm.ok + main.ok;
    const replay = await fire('replays', port, orders.slice(0, Math.min(REPLAYS, at)), { connections: CONNECTIONS, serverPid: pid, database: database.name });
    const forged = await fire('forged signature', port, orders.slice(at, at + 200), { connections: 10, serverPid: pid, database: database.name, forge: true });
    await stopChild(server);
    server = null;

    const barePort = await freePort();
    bare = await startChild([...process.execArgv, import.meta.filename, '--bare-child', String(barePort)], process.env, 'ready');
    const bareOrders = orders.slice(0, 1000);
    const bareWarm = await fire('bare warm-up', barePort, bareOrders, { connections: CONNECTIONS });
    void bareWarm;
    // The bare route: duration-bound (its orders repeat; it records nothing).
    const bareStarted = performance.now();
    const bareResult = await cannon({
      url: `http://127.0.0.1:${barePort}`,
      connections: CONNECTIONS,
      duration: BARE_DURATION,
      requests: [
        {
          method: 'POST',
          path: NOTIFY_PATH,
          setupRequest: (() => {
            const wallet = new SandboxProvider(KEY);
            let i = 0;
            return (req: autocannon.Request) => {
              const o = bareOrders[i++ % bareOrders.length]!;
              const body = wallet.notificationBody({ outTradeNo: o.outTradeNo, transactionId: `SBX${o.outTradeNo}`, amountFen: o.amountFen, paidAt: new Date(), payerName: null });
              return { ...req, body, headers: { 'content-type': 'application/json', [SANDBOX_SIGNATURE_HEADER]: wallet.sign(body) } };
            };
          })(),
        },
      ],
    });
    const bareSec = (performance.now() - bareStarted) / 1000;
    await stopChild(bare);
    bare = null;

    const v = await verify(database.db, fresh, [...warm.acked, ...main.acked]);
    const replayOk = replay.ok === replay.sent && v.counts.payments === fresh;
    const forgedOk = forged.rejected === forged.sent;
    v.checks.push([`replayed notifications acknowledged (${replay.ok}/${replay.sent}) and recorded nothing new`, replayOk]);
    v.checks.push([`forged signatures refused with 400 (${forged.rejected}/${forged.sent})`, forgedOk]);

    const notificationsPerSec = Math.round(main.ok / main.wallSec);
    const p99Ms = main.result.latency.p99;
    const bareRoutePerSec = Math.round(bareResult['2xx'] / bareSec);
    console.table([warm, main, replay, forged].map(describe));
    const receipts = await database.db.selectFrom('receipt').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    console.log(`measured run: ${main.ok.toLocaleString()} payments in ~${mainCommits.toLocaleString()} commits of the database (${(main.ok / Math.max(1, mainCommits)).toFixed(1)} payments per commit, other transactions included); ${Number(receipts.n).toLocaleString()} receipts issued in the background by the end`);
    console.log(`bare Fastify route: ${bareRoutePerSec.toLocaleString()} req/s, p99 ${bareResult.latency.p99} ms (${bareResult['2xx']} × 200 in ${bareSec.toFixed(1)} s, ${CONNECTIONS} connections)`);
    console.log('checks:');
    for (const [what, ok] of v.checks) console.log(`  ${ok ? '✓' : '✗'} ${what}`);
    console.table({
      notifications: `${notificationsPerSec.toLocaleString()}/s over ${main.wallSec.toFixed(1)} s (target ≥ 3,000/s) ${notificationsPerSec >= 3000 ? 'met' : 'NOT met'}`,
      p99: `${p99Ms} ms (target < 50 ms) ${p99Ms < 50 ? 'met' : 'NOT met'}`,
      ceiling: `bare route ${bareRoutePerSec.toLocaleString()}/s: notifications at ${Math.round((notificationsPerSec / bareRoutePerSec) * 100)}% of it`,
      load: `CPU in cores — server process ${main.serverCpu.toFixed(2)}, PostgreSQL backends ${main.postgresCpu.toFixed(2)}, autocannon ${main.benchCpu.toFixed(2)}; machine ${Math.round(main.machineBusy * 100)}% busy (${os.cpus().length} CPUs); load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    });

    const resultsFile = path.join(root, 'bench/results.json');
    const existing = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, unknown>) : {};
    const pay = {
      notificationsPerSec,
      p99Ms,
      bareRoutePerSec,
      notifications: main.ok,
      durationSec: Math.round(main.wallSec * 10) / 10,
      connections: CONNECTIONS,
      p50Ms: main.result.latency.p50,
      replaysPerSec: Math.round(replay.ok / replay.wallSec),
      verified: v.checks.every(([, ok]) => ok),
    };
    writeFileSync(resultsFile, `${JSON.stringify({ ...existing, pay }, null, 2)}\n`);
    console.log(`wrote ${path.relative(root, resultsFile)}`);
    if (!pay.verified) process.exitCode = 1;
  } finally {
    if (server) await stopChild(server);
    if (bare) await stopChild(bare);
    await database.drop();
  }
}

if (args.includes('--bare-child')) await bareChild(arg('--bare-child', 0));
else await main();

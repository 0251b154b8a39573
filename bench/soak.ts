/**
 * npm run bench:soak -- --minutes M — mixed traffic against the built server for M minutes (issue 17, item 6):
 *   - a throw-away database canbao_bench_soak_<random> on DATABASE_URL (else 127.0.0.1:5432), a city of --persons
 *     made by the city generator, a sandbox order for every open notice; dropped at the end;
 *   - the built server in production mode with the sandbox channel, as a child process;
 *   - at once, for M minutes: signed payment notifications (each order once, every tenth sent again) at
 *     --notify-rate per second, a school's and the agency's lists (persons, search, declarations, uninsured, the
 *     board) from --listers sessions, the region's roster export streamed every 30 s, and an enrollment import of
 *     1,000 pupils read, checked and committed every 2 minutes;
 *   - the server's RSS sampled every second, every request's time and outcome kept;
 * and merges bench/results.json {"soak": {...}}: per minute p99 and errors, memory growth after the warm-up (the
 * first minute, or a fifth of the run if longer) — the mean RSS of the last minute against the first minute after
 * the warm-up; targets growth < 10 %, errors 0. A benchmark, never a test.
 *
 * Options: --minutes M (10), --persons N (30000), --notify-rate R (40), --listers L (4), --keep.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { computeResidentIdCheckChar } from '@canbao/domain';
import { sql } from 'kysely';
import { loadConfig } from '../apps/server/src/config';
import { openDatabase } from '../apps/server/src/db/database';
import { SandboxProvider } from '../apps/server/src/modules/payments/channels/sandbox';
import { demoCampaignYear } from '../apps/server/src/seed/demo';
import { prepareDatabase } from '../apps/server/src/setup';
import { SERVER_NODE_FLAGS } from '../scripts/node-flags.mjs';
import { generateCity } from './city/generate';
import { freePort, percentiles, root, rssMb, run, startChild, stopChild, writeResult } from './harness';
import { postgresUrl } from './postgres-url';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const MINUTES = arg('--minutes', 10);
const PERSONS = arg('--persons', 30_000);
const NOTIFY_RATE = arg('--notify-rate', 40);
const LISTERS = arg('--listers', 4);
const REGION = '320500';
const KEY = 'canbao-soak-sandbox-pay-key-0123456789';

type Sample = { at: number; kind: string; ms: number; ok: boolean };

async function main() {
  const base = await postgresUrl();
  if (!base) throw new Error('bench:soak needs PostgreSQL: set DATABASE_URL or run a server on 127.0.0.1:5432');
  console.log(`machine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${MINUTES} min`);
  const { default: pg } = await import('pg');
  const name = `canbao_bench_soak_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const config = loadConfig({ ...process.env, DATABASE_URL: url.toString(), SESSION_SECRET: randomBytes(32).toString('hex') });
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: path.join(root, 'bench/tmp'), poolSize: 2 });
  let server: ChildProcess | null = null;
  try {
    await prepareDatabase(database.db);
    const city = await generateCity(database.db, { persons: PERSONS, units: Math.max(8, Math.round(PERSONS / 650)), seed: 7, regionCode: REGION, now: new Date(), config, demo: true, kind: 'postgres' });
    const year = demoCampaignYear(new Date());
    // A sandbox order for every open notice (the families' QR codes scanned), each to be notified once.
    await sql`
      INSERT INTO payment_order (region_code, notice_id, declaration_id, unit_id, channel, out_trade_no, amount_fen, pay_url)
      SELECT n.region_code, n.id, n.declaration_id, n.unit_id, 'sandbox', 'CB' || n.region_code || 'S' || lpad((row_number() OVER (ORDER BY n.id))::text, 9, '0'), n.amount_fen, '/sandbox-pay/soak'
      FROM payment_notice n WHERE n.status = 'open' AND n.amount_fen > 0`.execute(database.db);
    await sql`ANALYZE`.execute(database.db);
    const orders = (await database.db.selectFrom('payment_order').select(['out_trade_no', 'amount_fen']).where('out_trade_no', 'like', 'CB%S%').orderBy('out_trade_no').execute()).map((o) => ({ outTradeNo: o.out_trade_no, amountFen: Number(o.amount_fen) }));
    const school = (
      await sql<{ id: string; username: string }>`
        SELECT u.id, min(a.username) AS username FROM unit u JOIN person p ON p.unit_id = u.id JOIN app_user a ON a.unit_id = u.id
        WHERE u.region_code = ${REGION} AND u.kind = 'primary' GROUP BY u.id ORDER BY count(p.id) DESC LIMIT 1`.execute(database.db)
    ).rows[0]!;
    console.log(`soak: city of ${PERSONS.toLocaleString('en-US')} in ${city.seconds.toFixed(0)} s; ${orders.length.toLocaleString('en-US')} orders to notify; school operator ${school.username}`);

    await run(process.execPath, ['apps/server/build.mjs']);
    const port = await freePort();
    server = await startChild(
      [...SERVER_NODE_FLAGS, 'apps/server/dist/main.js'],
      { ...process.env, NODE_ENV: 'production', DATABASE_URL: url.toString(), HOST: '127.0.0.1', PORT: String(port), SESSION_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', DEMO_DATA: 'false', PAYMENT_SANDBOX: 'true', SANDBOX_PAY_KEY: KEY },
      'is running',
    );
    const http = `http://127.0.0.1:${port}`;
    const login = async (username: string) => {
      const res = await fetch(`${http}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: city.password }) });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
      return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
    };
    const op = await login(school.username);
    const agency = await login('admin');
    const samples: Sample[] = [];
    const rss: Array<{ at: number; mb: number }> = [];
    const errors: string[] = [];
    const started = Date.now();
    const end = started + MINUTES * 60_000;
    const timed = async (kind: string, fn: () => Promise<Response>, consume = false) => {
      const t0 = performance.now();
      let ok = false;
      try {
        const res = await fn();
        if (consume) for await (const _ of res.body as unknown as AsyncIterable<Uint8Array>) void _;
        else await res.arrayBuffer();
        ok = res.ok;
        if (!ok && errors.length < 20) errors.push(`${kind}: ${res.status}`);
      } catch (e) {
        if (errors.length < 20) errors.push(`${kind}: ${String(e)}`);
      }
      samples.push({ at: Date.now(), kind, ms: performance.now() - t0, ok });
      return ok;
    };
    const get = (s: { cookie: string }, p: string) => () => fetch(`${http}${p}`, { headers: { cookie: s.cookie } });
    const sampler = setInterval(() => rss.push({ at: Date.now(), mb: rssMb(server!.pid!) }), 1000);

    const wallet = new SandboxProvider(KEY);
    const notifier = (async () => {
      let k = 0;
      while (Date.now() < end && k < orders.length) {
        const o = orders[k++]!;
        const n = { outTradeNo: o.outTradeNo, transactionId: `SOAK${String(k).padStart(9, '0')}`, amountFen: o.amountFen, paidAt: new Date(), payerName: null };
        for (let copy = 0; copy < (k % 10 === 0 ? 2 : 1); copy++) {
          const raw = wallet.notificationBody(n);
          await timed('notification', () => fetch(`${http}/api/v1/payments/notify/sandbox`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sandbox-signature': wallet.sign(raw) }, body: raw }));
        }
        await new Promise((r) => setTimeout(r, 1000 / NOTIFY_RATE));
      }
    })();
    const lists = [
      ['persons list', get(op, '/api/v1/persons?page=1&pageSize=20')],
      ['persons search', get(op, `/api/v1/persons?page=1&pageSize=20&q=${encodeURIComponent('王')}`)],
      ['declarations list', get(op, `/api/v1/declarations?year=${year}&page=1&pageSize=20`)],
      ['uninsured list', get(op, `/api/v1/uninsured?year=${year}&page=1&pageSize=20`)],
      ['agency search', get(agency, `/api/v1/persons?page=1&pageSize=20&q=${encodeURIComponent('李')}`)],
      ['progress board', get(agency, `/api/v1/progress?year=${year}`)],
    ] as const;
    const listers = Array.from({ length: LISTERS }, async (_, w) => {
      let i = w;
      while (Date.now() < end) {
        const [kind, fn] = lists[i++ % lists.length]!;
        await timed(kind, fn);
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    const exporter = (async () => {
      while (Date.now() < end) {
        await timed('roster export', get(agency, `/api/v1/rosters/insured/export?year=${year}`), true);
        await new Promise((r) => setTimeout(r, 30_000));
      }
    })();
    const importer = (async () => {
      let round = 0;
      while (Date.now() < end) {
        round++;
        const lines = ['姓名,证件类型,证件号码,户籍类型,年级,班级'];
        for (let i = 0; i < 1000; i++) {
          // 336 birth dates × 3 serials: 1,000 distinct numbers a round, other serials the next round.
          const body = `320508${2019 + (round % 2)}${String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(100 + ((round * 3 + Math.floor(i / 336)) % 800)).padStart(3, '0')}`;
          lines.push(`${'王李张刘陈杨黄赵'[i % 8]}${'子欣梓诗一依雨可'[(i >> 3) % 8]}${'涵怡萱诺桐馨琪然'[(i >> 6) % 8]},01,${body}${computeResidentIdCheckChar(body)},本市城镇,小学一年级,压测${round}班`);
        }
        const t0 = performance.now();
        let ok = false;
        try {
          const headers = { cookie: op.cookie, 'x-csrf-token': op.csrf };
          const created = (await (await fetch(`${http}/api/v1/imports`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'enrollment', fileName: `压测${round}.csv` }) })).json()) as { job: { id: string } };
          await fetch(`${http}/api/v1/imports/${created.job.id}/file`, { method: 'PUT', headers: { ...headers, 'content-type': 'text/csv' }, body: lines.join('\n') });
          const until = async (statuses: string[]) => {
            for (;;) {
              const j = ((await (await fetch(`${http}/api/v1/imports/${created.job.id}`, { headers })).json()) as { job: { status: string } }).job;
              if (statuses.includes(j.status)) return j.status;
              if (j.status === 'failed') throw new Error('import failed');
              await new Promise((r) => setTimeout(r, 250));
            }
          };
          await until(['validated']);
          await fetch(`${http}/api/v1/imports/${created.job.id}/commit`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ allowErrors: true }) });
          ok = (await until(['committed'])) === 'committed';
        } catch (e) {
          if (errors.length < 20) errors.push(`import: ${String(e)}`);
        }
        samples.push({ at: Date.now(), kind: 'import (1,000 rows)', ms: performance.now() - t0, ok });
        const wait = 120_000 - (performance.now() - t0);
        if (wait > 0) await new Promise((r) => setTimeout(r, Math.min(wait, Math.max(0, end - Date.now()))));
      }
    })();
    const ticker = setInterval(() => {
      const minute = Math.floor((Date.now() - started) / 60_000);
      const last = samples.filter((s) => s.at > Date.now() - 60_000);
      console.log(`  minute ${minute + 1}: ${last.length} requests, p99 ${percentiles(last.map((s) => s.ms)).p99.toFixed(0)} ms, errors ${last.filter((s) => !s.ok).length}, RSS ${rss.at(-1)?.mb.toFixed(0)} MB`);
    }, 60_000);
    await Promise.all([notifier, ...listers, exporter, importer]);
    clearInterval(sampler);
    clearInterval(ticker);

    const warmUpMs = Math.max(60_000, (MINUTES * 60_000) / 5);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
    const firstAfterWarmUp = mean(rss.filter((r) => r.at >= started + warmUpMs && r.at < started + warmUpMs + 60_000).map((r) => r.mb));
    const lastMinute = mean(rss.filter((r) => r.at >= end - 60_000).map((r) => r.mb));
    const growth = ((lastMinute - firstAfterWarmUp) / firstAfterWarmUp) * 100;
    const perMinute = Array.from({ length: MINUTES }, (_, m) => {
      const inMinute = samples.filter((s) => s.at >= started + m * 60_000 && s.at < started + (m + 1) * 60_000);
      return { minute: m + 1, requests: inMinute.length, p99: Math.round(percentiles(inMinute.map((s) => s.ms)).p99), errors: inMinute.filter((s) => !s.ok).length };
    });
    const byKind = Object.fromEntries(
      [...new Set(samples.map((s) => s.kind))].map((k) => {
        const ms = samples.filter((s) => s.kind === k);
        const p = percentiles(ms.map((s) => s.ms));
        return [k, { requests: p.n, p50: Math.round(p.p50), p99: Math.round(p.p99), errors: ms.filter((s) => !s.ok).length }];
      }),
    );
    const totalErrors = samples.filter((s) => !s.ok).length;
    const payments = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM payment WHERE transaction_id LIKE 'SOAK%'`.execute(database.db)).rows[0]!.n);
    const result = {
      minutes: MINUTES,
      persons: PERSONS,
      warmUpSeconds: warmUpMs / 1000,
      rssMb: { firstMinuteAfterWarmUp: Math.round(firstAfterWarmUp), lastMinute: Math.round(lastMinute), max: Math.round(Math.max(...rss.map((r) => r.mb))) },
      memoryGrowthPct: Math.round(growth * 10) / 10,
      errors: totalErrors,
      firstErrors: errors,
      paymentsRecorded: payments,
      perMinute,
      byKind,
      targets: { memoryGrowth: '< 10 % after warm-up', errors: '0', memoryGrowthMet: growth < 10, errorsMet: totalErrors === 0 },
      machine: `${os.cpus().length} CPUs`,
      measuredAt: new Date().toISOString(),
    };
    writeResult('soak', result);
    console.log(JSON.stringify({ memoryGrowthPct: result.memoryGrowthPct, rssMb: result.rssMb, errors: totalErrors, paymentsRecorded: payments, byKind }, null, 2));
    console.log('wrote bench/results.json "soak"');
  } finally {
    if (server) await stopChild(server);
    await database.close();
    if (!args.includes('--keep')) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

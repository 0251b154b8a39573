import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { computeResidentIdCheckChar } from '@canbao/domain';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxProvider } from '../../server/src/modules/payments/channels/sandbox';
import { apiAs, freePort, startServerOn, type RunningServer } from './fixtures/server';

/**
 * [INSTANCES] Two instances of the built server on one PostgreSQL behind HAProxy (Debian's package), as
 * docs/scale.md describes: notification traffic through the proxy, an import committing on one instance, and that
 * instance killed with SIGKILL in the middle of both. Every acknowledged notification is one payment, every
 * notification is acknowledged in the end (a channel retries until it is), the import is committed or resumable
 * and then committed whole, and the session made before the kill still works.
 */
const HAPROXY = '/usr/sbin/haproxy';
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `canbao_instances_${process.pid}`;
const dbUrl = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const env = { DATABASE_URL: dbUrl, SESSION_SECRET: randomBytes(32).toString('hex'), SANDBOX_PAY_KEY: randomBytes(24).toString('hex'), TRUST_PROXY: 'true' };

let a: RunningServer;
let b: RunningServer;
let proxy: ChildProcess;
let proxyUrl = '';
let sql: pg.Client;
const dir = mkdtempSync(path.join(tmpdir(), 'canbao-haproxy-'));

async function untilAnswers(url: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  if (!existsSync(HAPROXY)) throw new Error(`this test needs HAProxy: apt-get install -y haproxy (${HAPROXY} is missing)`);
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  // Both started at once: one prepares and seeds the empty database, the other waits for it (setup.ts).
  [a, b] = await Promise.all([freePort().then((p) => startServerOn(p, env)), freePort().then((p) => startServerOn(p, env))]);
  const port = await freePort();
  proxyUrl = `http://127.0.0.1:${port}`;
  const cfg = path.join(dir, 'haproxy.cfg');
  writeFileSync(
    cfg,
    [
      'global',
      '  maxconn 1024',
      'defaults',
      '  mode http',
      '  timeout connect 2s',
      '  timeout client 60s',
      '  timeout server 60s',
      // Only a request no instance received is tried on another; one cut off mid-answer is the client's to retry.
      '  retries 3',
      '  option redispatch',
      '  retry-on conn-failure',
      // The client's address for the servers' per-address limits (TRUST_PROXY=true).
      '  option forwardfor',
      'frontend canbao',
      `  bind 127.0.0.1:${port}`,
      '  default_backend app',
      'backend app',
      '  balance roundrobin',
      '  option httpchk GET /api/health',
      '  http-check expect status 200',
      `  server a 127.0.0.1:${a.port} check inter 500 fall 2 rise 2`,
      `  server b 127.0.0.1:${b.port} check inter 500 fall 2 rise 2`,
      '',
    ].join('\n'),
  );
  proxy = spawn(HAPROXY, ['-f', cfg, '-db'], { stdio: ['ignore', 'ignore', 'pipe'] });
  await untilAnswers(`${proxyUrl}/api/health`);
  sql = new pg.Client({ connectionString: dbUrl });
  await sql.connect();
}, 240_000);

afterAll(async () => {
  proxy?.kill('SIGTERM');
  await sql?.end().catch(() => undefined);
  await Promise.all([a?.stop(), b?.stop()]);
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
});

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪';
const GIVEN = '子涵欣怡梓萱诗涵一诺依诺雨桐可馨语桐思琪浩然宇轩子轩俊杰梓豪浩宇博文皓轩明轩晨阳嘉怡佳琪欣然雨萱若汐';

/** An enrollment file of `count` pupils of one class, with valid ID numbers that no other call of this gives. */
function pupilsCsv(count: number, className: string, serialBase: number): Uint8Array {
  const lines = ['姓名,证件类型,证件号码,户籍类型,年级,班级'];
  for (let i = 0; i < count; i++) {
    const day = new Date(Date.UTC(2019, 8, 1) + (i % 300) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const serial = String(serialBase + Math.floor(i / 300)).padStart(3, '0');
    const body = `320508${day}${serial}`;
    const name = SURNAMES[i % SURNAMES.length]! + GIVEN[(i * 7) % GIVEN.length]! + GIVEN[(i * 13 + 5) % GIVEN.length]!;
    lines.push(`${name},01,${body}${computeResidentIdCheckChar(body)},本市城镇,小学一年级,${className}`);
  }
  return new TextEncoder().encode(lines.join('\n'));
}

type Job = { id: string; status: string; message: string | null };

describe('[INSTANCES] two instances behind HAProxy, one killed with SIGKILL', () => {
  it('records every acknowledged payment once, leaves the import committed or resumable, and keeps the session', async () => {
    // One demo database, seeded once although both instances started on it empty.
    expect((await sql.query("SELECT count(*)::int AS n FROM app_user WHERE username = 'school1'")).rows[0].n).toBe(1);
    const school = await apiAs(proxyUrl, 'school1');
    const { items } = await school<{ items: { year: number }[] }>('GET', '/api/v1/campaign-years');
    const year = Math.max(...items.map((i) => i.year));

    // 240 pupils imported, declared as a class, settled with a notice each, and an order per notice.
    const first = (await school<{ job: Job }>('POST', '/api/v1/imports', { kind: 'enrollment', fileName: '一年级9班.csv' })).job;
    await school('PUT', `/api/v1/imports/${first.id}/file`, pupilsCsv(240, '9班', 101));
    const untilStatus = async (id: string, statuses: string[], at = proxyUrl, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const job = (await school<{ job: Job }>('GET', `/api/v1/imports/${id}`, undefined, at)).job;
        if (statuses.includes(job.status)) return job;
        if (Date.now() > deadline) throw new Error(`import ${id} still ${job.status}: ${job.message}\n--- a ---\n${a.output().slice(-3000)}\n--- b ---\n${b.output().slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await untilStatus(first.id, ['validated']);
    await school('POST', `/api/v1/imports/${first.id}/commit`, { allowErrors: false });
    await untilStatus(first.id, ['committed']);
    await school('POST', '/api/v1/declarations/batch', { year, mode: 'class', gradeCode: '01', className: '9班' });
    await school('POST', '/api/v1/declarations/confirm', { year });
    const settlement = await school<{ id: string }>('POST', '/api/v1/settlements', { year, paymentMode: 'per_person' });
    const notices = (
      await sql.query<{ token: string; name: string }>(
        `SELECT n.token, p.name FROM payment_notice n JOIN declaration d ON d.id = n.declaration_id JOIN person p ON p.id = d.person_id
         WHERE n.settlement_id = $1 AND n.status = 'open' AND p.class_name = '9班'`,
        [settlement.id],
      )
    ).rows;
    expect(notices.length).toBe(240);
    const orders: Array<{ outTradeNo: string; amountFen: number }> = [];
    for (let i = 0; i < notices.length; i += 16) {
      const batch = await Promise.all(
        notices.slice(i, i + 16).map(async (n, k) => {
          // Each family on its own phone (its own address): the pay page's per-address limit is for one visitor.
          const family = { 'x-forwarded-for': `10.20.${Math.floor((i + k) / 250)}.${(i + k) % 250}` };
          const r = await fetch(`${proxyUrl}/api/v1/pay/${n.token}/orders`, { method: 'POST', headers: { 'content-type': 'application/json', ...family }, body: JSON.stringify({ name: n.name, channel: 'sandbox' }) });
          expect(r.status, await r.clone().text()).toBe(200);
          return (await r.json()) as { outTradeNo: string; amountFen: number };
        }),
      );
      orders.push(...batch);
    }
    // What each order asks, as the channel knows it.
    const amounts = new Map((await sql.query<{ out_trade_no: string; amount_fen: string }>("SELECT out_trade_no, amount_fen FROM payment_order WHERE channel = 'sandbox'")).rows.map((o) => [o.out_trade_no, Number(o.amount_fen)]));
    for (const o of orders) o.amountFen = amounts.get(o.outTradeNo)!;
    expect(orders.every((o) => o.amountFen > 0)).toBe(true);

    // A 20,000-pupil import, read and checked, ready to commit.
    const big = (await school<{ job: Job }>('POST', '/api/v1/imports', { kind: 'enrollment', fileName: '一年级10班.csv' })).job;
    await school('PUT', `/api/v1/imports/${big.id}/file`, pupilsCsv(20_000, '10班', 401));
    await untilStatus(big.id, ['validated'], proxyUrl, 180_000);

    // The channel: every order paid, each notification sent (twice: channels repeat) until acknowledged, 16 at a time.
    const wallet = new SandboxProvider(env.SANDBOX_PAY_KEY);
    const acknowledged = new Map<string, number>();
    let refusedOrCut = 0;
    let lastRefusal = '';
    const notify = async (o: { outTradeNo: string; amountFen: number }, k: number) => {
      const n = { outTradeNo: o.outTradeNo, transactionId: `SBXINST${String(k).padStart(6, '0')}`, amountFen: o.amountFen, paidAt: new Date(), payerName: null };
      for (let attempt = 0; attempt < 60; attempt++) {
        const raw = wallet.notificationBody(n);
        try {
          const r = await fetch(`${proxyUrl}/api/v1/payments/notify/sandbox`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sandbox-signature': wallet.sign(raw) }, body: raw });
          if (r.status === 200) {
            acknowledged.set(n.transactionId, (acknowledged.get(n.transactionId) ?? 0) + 1);
            return;
          }
          refusedOrCut++;
          lastRefusal = `${r.status} ${await r.text()}`;
        } catch (e) {
          refusedOrCut++;
          lastRefusal = String(e);
        }
        await new Promise((r) => setTimeout(r, 100 + attempt * 50));
      }
      throw new Error(`notification ${n.transactionId} never acknowledged: ${lastRefusal}`);
    };
    const traffic = (async () => {
      const queue = orders.flatMap((o, k) => [{ o, k }, { o, k }]);
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let item = queue.shift(); item; item = queue.shift()) {
            await notify(item.o, item.k);
            await new Promise((r) => setTimeout(r, 5));
          }
        }),
      );
    })();

    // Meanwhile a 20,000-pupil import (read and checked before) is committed on instance A, and A is killed as soon
    // as it has started.
    // The traffic is well under way (or has failed: then its error, not a wait that never ends).
    let failed: unknown = null;
    void traffic.catch((e: unknown) => (failed = e));
    while (acknowledged.size < 60 && !failed) await new Promise((r) => setTimeout(r, 20));
    if (failed) throw failed;
    const started = (await school<{ job: Job }>('POST', `/api/v1/imports/${big.id}/commit`, { allowErrors: false }, a.baseUrl)).job;
    expect(started.status).toBe('committing');
    a.child.kill('SIGKILL');
    await new Promise((r) => a.child.once('exit', r));
    const ackedAtKill = acknowledged.size;

    // The import: read through the proxy (instance B) it is committed, or back to validated with nothing written
    // once the database has let go of A's transaction — then committed whole by B.
    const after = await untilStatus(big.id, ['validated', 'committed'], proxyUrl, 60_000);
    const tenth = async () => Number((await sql.query("SELECT count(*)::int AS n FROM person WHERE class_name = '10班'")).rows[0].n);
    if (after.status === 'validated') {
      expect(after.message).toContain('提交时服务中断，未写入任何数据');
      expect(await tenth()).toBe(0);
      await school('POST', `/api/v1/imports/${big.id}/commit`, { allowErrors: false });
      await untilStatus(big.id, ['committed'], proxyUrl, 180_000);
    }
    expect(await tenth()).toBe(20_000);

    await traffic;
    // Every notification acknowledged (each twice), each transaction one payment, each pupil paid once.
    expect(acknowledged.size).toBe(orders.length);
    expect([...acknowledged.values()].every((n) => n === 2)).toBe(true);
    const payments = (await sql.query<{ transaction_id: string; n: number }>("SELECT transaction_id, count(*)::int AS n FROM payment WHERE transaction_id LIKE 'SBXINST%' GROUP BY transaction_id")).rows;
    expect(payments.length).toBe(orders.length);
    expect(payments.every((p) => p.n === 1)).toBe(true);
    const paid = (await sql.query("SELECT count(*)::int AS n FROM declaration d JOIN person p ON p.id = d.person_id WHERE p.class_name = '9班' AND d.status = 'paid' AND d.paid_fen = d.payable_fen")).rows[0].n;
    expect(paid).toBe(orders.length);
    // The kill happened in the middle of the traffic, not before or after it.
    expect(ackedAtKill).toBeGreaterThanOrEqual(60);
    expect(ackedAtKill).toBeLessThan(orders.length);
    console.log(`instances: ${ackedAtKill}/${orders.length} acknowledged at the kill; ${refusedOrCut} deliveries cut or refused and retried; import ${after.status} after the kill`);

    // The session made before the kill, on whichever instance, still works through the proxy.
    for (let i = 0; i < 4; i++) expect((await school<{ items: unknown[] }>('GET', '/api/v1/campaign-years')).items.length).toBeGreaterThan(0);
  }, 600_000);
});

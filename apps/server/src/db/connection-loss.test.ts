import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxProvider } from '../modules/payments/channels/sandbox';
import { receiptsIdle, scheduleReceipts } from '../modules/payments/receipts.service';
import { buildTestApp, login, type Client, type TestApp } from '../test/build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, residentId } from '../test/factories';
import { isDatabaseUnavailable } from './database';

// The database server cuts every connection (a restart, a failover, an operator's pg_terminate_backend) while
// requests are in flight. The process must live through it, answer 503 meanwhile and work again afterwards without
// anyone restarting it; a payment notification is acknowledged only once it is recorded.
const onPostgres = process.env.TEST_DB === 'postgres';
const YEAR = 2027;
const ORDERS = 24;

describe('isDatabaseUnavailable', () => {
  it('knows the ways a connection is lost, and only those', () => {
    for (const err of [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('crash shutdown'), { code: '57P02' }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      Object.assign(new Error('connection failure'), { code: '08006' }),
      Object.assign(new Error('connection does not exist'), { code: '08003' }),
      new Error('Connection terminated unexpectedly'),
      new Error('Connection terminated'),
      new Error('Client has encountered a connection error and is not queryable'),
      Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], ''), {}),
    ]) {
      expect(isDatabaseUnavailable(err), err.message).toBe(true);
    }
    for (const err of [
      Object.assign(new Error('duplicate key'), { code: '23505' }),
      Object.assign(new Error('syntax error'), { code: '42601' }),
      new Error('something else'),
      null,
      'Connection terminated',
    ]) {
      expect(isDatabaseUnavailable(err)).toBe(false);
    }
  });
});

describe.skipIf(!onPostgres)('[RUNTIME] PostgreSQL cuts every connection under load', () => {
  // PGlite runs inside this process: there is no server to restart and no connection to lose, so this needs
  // TEST_DB=postgres.
  let t: TestApp;
  let a: Client;
  let admin: pg.Client;
  let sandbox: SandboxProvider;
  const orders: Array<{ outTradeNo: string; declarationId: string }> = [];
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    t = await buildTestApp();
    sandbox = t.app.paymentProviders.get('sandbox') as SandboxProvider;
    await buildCampaign(t.database.db, YEAR);
    const A = await buildUnitWithOperator(t.database.db, { name: '断线小学' });
    a = await login(t.app, A.operator.username, TEST_PASSWORD);
    for (let i = 0; i < ORDERS; i++) {
      const res = await a.request('POST', '/api/v1/persons', {
        documentType: '01',
        documentNumber: residentId('320508', '2018-05-01', 300 + i),
        name: `断线${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'一二三'[Math.floor(i / 10)]}`,
        hukouType: 'local_urban',
        gradeCode: '03',
        className: '2班',
        guardian: { name: '家长', relation: '父母', phone: '13912345678' },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    expect((await a.request('POST', '/api/v1/declarations/batch', { year: YEAR, mode: 'class', gradeCode: '03', className: '2班' })).json()).toMatchObject({ declared: ORDERS });
    expect((await a.request('POST', '/api/v1/declarations/confirm', { year: YEAR })).json()).toEqual({ confirmed: ORDERS });
    const s = await a.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' });
    expect(s.statusCode, s.body).toBe(201);
    const notices = (await a.request('GET', `/api/v1/settlements/${s.json().id}/notices`)).json().items as Array<{ token: string; personName: string }>;
    expect(notices).toHaveLength(ORDERS);
    for (const n of notices) {
      const order = await t.app.inject({ method: 'POST', url: `/api/v1/pay/${n.token}/orders`, payload: { name: n.personName, channel: 'sandbox' }, remoteAddress: `10.77.0.${orders.length}` });
      expect(order.statusCode, order.body).toBe(200);
      const row = await t.database.db.selectFrom('payment_order').select(['out_trade_no', 'declaration_id']).where('out_trade_no', '=', order.json().outTradeNo).executeTakeFirstOrThrow();
      orders.push({ outTradeNo: row.out_trade_no, declarationId: row.declaration_id });
    }
    // The operator's connection: to the same database, so current_database() names it, and never cut itself.
    const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(t.database.db);
    const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    url.pathname = `/${rows[0]!.name}`;
    admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await t?.close();
    process.off('uncaughtException', onUncaught);
  });

  const terminateAll = async () =>
    (await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)).rowCount ?? 0;

  function expectOkOr503(res: LightMyRequestResponse, what: string) {
    if (res.statusCode === 503) {
      const body = res.json();
      expect(body.error).toEqual({ code: 'SERVICE_UNAVAILABLE', message: '数据库暂时不可用，请稍后重试', details: { requestId: res.headers['x-request-id'] } });
      expect(String(res.headers['x-request-id'])).toMatch(/^[\w-]{8,}$/);
      expect(res.body).not.toMatch(/terminat|57P01|ECONN|stack/i);
      return 503;
    }
    expect(res.statusCode, `${what}: ${res.body}`).toBeLessThan(300);
    return res.statusCode;
  }

  it('survives, answers 503 with a request id meanwhile, reconnects by itself, and records every acknowledged notification', async () => {
    const notifications = orders.map((o) => {
      const n = sandbox.pay(o.outTradeNo, 'lost');
      return { ...o, transactionId: n.transactionId, raw: sandbox.notificationBody(n) };
    });
    const notify = (raw: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/payments/notify/sandbox', headers: { 'content-type': 'application/json', 'x-sandbox-signature': sandbox.sign(raw) }, payload: raw });

    const statuses: number[] = [];
    const acknowledged = new Set<string>();
    let stop = false;
    // Staff pages and payment notifications at once, in parallel, for as long as the outage lasts.
    const readers = Array.from({ length: 6 }, async () => {
      while (!stop) statuses.push(expectOkOr503(await a.request('GET', '/api/v1/persons?pageSize=50'), 'persons'));
    });
    const notifiers = notifications.map(async (n, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 15));
      const res = await notify(n.raw);
      if (expectOkOr503(res, 'notify') === 200) acknowledged.add(n.transactionId);
      statuses.push(res.statusCode);
    });
    let killed = 0;
    for (let round = 0; round < 40 && (round < 5 || !statuses.includes(503)); round++) {
      await new Promise((resolve) => setTimeout(resolve, 40));
      killed += await terminateAll();
    }
    await Promise.all(notifiers);
    stop = true;
    await Promise.all(readers);

    expect(uncaught).toEqual([]);
    expect(killed).toBeGreaterThan(0);
    expect(statuses).toContain(503);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);

    // Every notification acknowledged during the outage is a recorded payment.
    for (const txn of acknowledged) {
      const rows = await t.database.db.selectFrom('payment').select('id').where('transaction_id', '=', txn).execute();
      expect(rows, txn).toHaveLength(1);
    }

    // Afterwards everything works again without a restart: the pool opened new connections.
    const after = await Promise.all(Array.from({ length: 10 }, () => a.request('GET', '/api/v1/persons?pageSize=5')));
    expect(after.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    // The channel retries what was not acknowledged; each notification ends as exactly one payment.
    for (const n of notifications) {
      const res = await notify(n.raw);
      expect(res.statusCode, res.body).toBe(200);
    }
    for (const n of notifications) {
      const rows = await t.database.db.selectFrom('payment').select('declaration_id').where('transaction_id', '=', n.transactionId).execute();
      expect(rows).toEqual([{ declaration_id: n.declarationId }]);
    }
    const paid = await t.database.db.selectFrom('declaration').select('id').where('status', '=', 'paid').where('insurance_year', '=', YEAR).execute();
    expect(paid).toHaveLength(ORDERS);

    // The receipt issuer, cut in the middle too, issues them all on its next trigger.
    scheduleReceipts(t.database.db, 0);
    await receiptsIdle();
    const due = await t.database.db.selectFrom('receipt_due').select('declaration_id').execute();
    expect(due).toEqual([]);
    const receipts = await t.database.db.selectFrom('receipt').select('declaration_id').where('voided_at', 'is', null).execute();
    expect(receipts).toHaveLength(ORDERS);
    expect(uncaught).toEqual([]);
  });
});

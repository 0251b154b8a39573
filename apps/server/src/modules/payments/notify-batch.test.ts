import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, residentId } from '../../test/factories';
import type { VerifiedNotification } from './channels/provider';
import { onCitusCoordinator } from '../../db/distribution';
import { channelPaymentRecorder, recordChannelPayment, recordChannelPayments } from './payments.service';

// Notifications recorded many per statement (the notification route under a burst): the same rows as one by one,
// and whatever one statement cannot decide goes the careful way.
let t: TestApp;
let a: Client;
const YEAR = 2027;
const orders: Array<{ outTradeNo: string; amountFen: number; declarationId: string }> = [];

beforeAll(async () => {
  t = await buildTestApp();
  await buildCampaign(t.database.db, YEAR);
  const A = await buildUnitWithOperator(t.database.db, { name: '丙小学' });
  a = await login(t.app, A.operator.username, TEST_PASSWORD);
  for (let i = 0; i < 8; i++) {
    const res = await a.request('POST', '/api/v1/persons', {
      documentType: '01',
      documentNumber: residentId('320508', '2018-05-01', 200 + i),
      name: `批量${'一二三四五六七八'[i]}`,
      hukouType: 'local_urban',
      gradeCode: '03',
      className: '1班',
      guardian: { name: '家长', relation: '父母', phone: '13912345678' },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  expect((await a.request('POST', '/api/v1/declarations/batch', { year: YEAR, mode: 'class', gradeCode: '03', className: '1班' })).json()).toMatchObject({ declared: 8 });
  expect((await a.request('POST', '/api/v1/declarations/confirm', { year: YEAR })).json()).toEqual({ confirmed: 8 });
  const s = await a.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' });
  expect(s.statusCode, s.body).toBe(201);
  const notices = (await a.request('GET', `/api/v1/settlements/${s.json().id}/notices`)).json().items as Array<{ token: string; personName: string }>;
  for (const n of notices) {
    const order = await t.app.inject({ method: 'POST', url: `/api/v1/pay/${n.token}/orders`, payload: { name: n.personName, channel: 'sandbox' } });
    expect(order.statusCode, order.body).toBe(200);
    const row = await t.database.db.selectFrom('payment_order').select(['out_trade_no', 'amount_fen', 'declaration_id']).where('out_trade_no', '=', order.json().outTradeNo).executeTakeFirstOrThrow();
    orders.push({ outTradeNo: row.out_trade_no, amountFen: row.amount_fen, declarationId: row.declaration_id });
  }
});
afterAll(() => t.close());

const note = (o: { outTradeNo: string; amountFen: number }, transactionId: string, amountFen = o.amountFen): { channel: string; notification: VerifiedNotification } => ({
  channel: 'sandbox',
  notification: { outTradeNo: o.outTradeNo, transactionId, amountFen, paidAt: new Date('2026-11-20T08:00:00Z'), payerName: null },
});

describe('recording channel notifications together', () => {
  it('records the plain ones in one statement, finds the ones recorded before, and leaves the rest undecided', async () => {
    const [o0, o1, o2] = [orders[0]!, orders[1]!, orders[2]!];
    const out = await recordChannelPayments(t.database.db, [
      note(o0, 'B-T0'),
      note(o0, 'B-T0'), // the same notification twice in one batch
      note(o1, 'B-T1'),
      note(o1, 'B-T1-again'), // a second payment of one declaration
      note(o2, 'B-T2', o2.amountFen - 1), // another amount
      note({ outTradeNo: 'NO-SUCH-ORDER', amountFen: 100 }, 'B-TX'),
    ]);
    if (await onCitusCoordinator(t.database.db)) {
      // There every notification takes the single statement (payments.service): the batch decides none, and the
      // plain ones are recorded the single way for what follows.
      expect(out).toEqual(out.map(() => null));
      for (const x of [note(o0, 'B-T0'), note(o1, 'B-T1')]) expect((await recordChannelPayment(t.database.db, x.channel, x.notification)).result).toBe('recorded');
    } else {
      // The same notification twice: the second finds the payment the first recorded.
      expect(out.map((o) => o?.result ?? null)).toEqual(['recorded', 'already_recorded', 'recorded', null, null, null]);
      expect(out[1]).toEqual({ result: 'already_recorded', paymentId: out[0]!.result === 'recorded' ? out[0]!.paymentId : '' });
      const again = await recordChannelPayments(t.database.db, [note(o0, 'B-T0'), note(o1, 'B-T1')]);
      expect(again.map((o) => o?.result)).toEqual(['already_recorded', 'already_recorded']);
      expect(again[0]).toMatchObject({ paymentId: out[0]!.result === 'recorded' ? out[0]!.paymentId : '' });
    }

    const payments = await t.database.db.selectFrom('payment').select(['id', 'declaration_id', 'amount_fen', 'paid_at']).orderBy('transaction_id').execute();
    expect(payments.map((p) => p.declaration_id)).toEqual([o0.declarationId, o1.declarationId]);
    for (const o of [o0, o1]) {
      const d = await t.database.db.selectFrom('declaration').select(['status', 'paid_fen', 'payable_fen', 'paid_at']).where('id', '=', o.declarationId).executeTakeFirstOrThrow();
      expect(d).toMatchObject({ status: 'paid', paid_fen: d.payable_fen, paid_at: new Date('2026-11-20T08:00:00Z') });
      const order = await t.database.db.selectFrom('payment_order').select('status').where('out_trade_no', '=', o.outTradeNo).executeTakeFirstOrThrow();
      expect(order.status).toBe('paid');
    }
    const audits = await t.database.db.selectFrom('audit_log').select(['entity_id', 'actor_username', 'after']).where('action', '=', 'payment.recorded').execute();
    expect(audits.map((a) => a.entity_id).sort()).toEqual(payments.map((p) => p.id).sort());
    expect(audits[0]).toMatchObject({ actor_username: 'channel:sandbox', after: { channel: 'sandbox', orderNo: expect.stringMatching(/^CB/) } });
    const d2 = await t.database.db.selectFrom('declaration').select('status').where('id', '=', o2.declarationId).executeTakeFirstOrThrow();
    expect(d2.status).toBe('settled');
  });

  it('a burst through the recorder: one payment per notification, the rest the careful way', async () => {
    const record = channelPaymentRecorder(t.database.db, { statements: 1 });
    const [o0, o1, o2, o3, o4, o5] = [orders[0]!, orders[1]!, orders[2]!, orders[3]!, orders[4]!, orders[5]!];
    const burst = [note(o3, 'R-T3'), note(o4, 'R-T4'), note(o5, 'R-T5'), note(o4, 'R-T4'), note(o1, 'B-T1-again'), note(o2, 'B-T2', o2.amountFen - 1), note(o0, 'B-T0')];
    const outcomes = await Promise.all(burst.map((b) => record(b.channel, b.notification)));
    expect(outcomes.map((o) => o.result)).toEqual(['recorded', 'recorded', 'recorded', 'already_recorded', 'exception', 'exception', 'already_recorded']);
    expect(outcomes[4]).toMatchObject({ kind: 'duplicate' });
    expect(outcomes[5]).toMatchObject({ kind: 'amount_mismatch' });
    const items = await t.database.db.selectFrom('reconciliation_item').select(['kind', 'transaction_id']).orderBy('transaction_id').execute();
    expect(items).toEqual([
      { kind: 'duplicate', transaction_id: 'B-T1-again' },
      { kind: 'amount_mismatch', transaction_id: 'B-T2' },
    ]);
    const paid = await t.database.db.selectFrom('declaration').select('id').where('status', '=', 'paid').execute();
    expect(paid).toHaveLength(5);
    const recorded = await t.database.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'payment.recorded').execute();
    expect(recorded).toHaveLength(5);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, buildUser, residentId } from '../../test/factories';
import { commitSettled, readSettled } from '../imports/imports.service';
import { setLocalScope } from '../../db/database';
import { onCitusCoordinator } from '../../db/distribution';
import type { VerifiedNotification } from './channels/provider';
import { recordChannelPayment, recordChannelPayments } from './payments.service';
import { issueReceipts, receiptsIdle } from './receipts.service';

// Receipts are issued from the queue `receipt_due`, which every path that marks a declaration paid writes in the
// same statement; the issuer never scans the paid declarations.
let t: TestApp;
let agency: Client;
let collector: Client;
const YEAR = 2027;
const BANK = 'icbc';
let serial = 300;

type Unit = { client: Client; unitId: string; name: string };
async function unitWith(name: string, persons: string[], settle: Record<string, string>): Promise<Unit & { settlementId: string; personIds: string[] }> {
  const U = await buildUnitWithOperator(t.database.db, { name });
  await t.database.db.updateTable('unit').set({ bank_code: BANK, bank_account_number: '6222020200012345678', bank_account_holder: name }).where('id', '=', U.unit.id).execute();
  const client = await login(t.app, U.operator.username, TEST_PASSWORD);
  const personIds: string[] = [];
  for (const p of persons) {
    const res = await client.request('POST', '/api/v1/persons', {
      documentType: '01',
      documentNumber: residentId('320508', '2018-06-01', serial++),
      name: p,
      hukouType: 'local_urban',
      gradeCode: '03',
      className: '2班',
      guardian: { name: '家长', relation: '父母', phone: '13912345678' },
    });
    expect(res.statusCode, res.body).toBe(201);
    personIds.push(res.json().person.id);
  }
  expect((await client.request('POST', '/api/v1/declarations/batch', { year: YEAR, mode: 'class', gradeCode: '03', className: '2班' })).json()).toMatchObject({ declared: persons.length });
  expect((await client.request('POST', '/api/v1/declarations/confirm', { year: YEAR })).json()).toEqual({ confirmed: persons.length });
  const s = await client.request('POST', '/api/v1/settlements', { year: YEAR, ...settle });
  expect(s.statusCode, s.body).toBe(201);
  return { client, unitId: U.unit.id, name, settlementId: s.json().id, personIds };
}

const declarationOf = (personId: string) => t.database.db.selectFrom('declaration').select(['id', 'status', 'payable_fen']).where('person_id', '=', personId).where('insurance_year', '=', YEAR).executeTakeFirstOrThrow();
const queued = async () => (await t.database.db.selectFrom('receipt_due').select('declaration_id').execute()).map((r) => r.declaration_id).sort();
const receiptOf = async (personId: string) => (await t.database.db.selectFrom('receipt').select(['number', 'amount_fen', 'voided_at']).where('person_id', '=', personId).orderBy('number').execute());

async function importFile(c: Client, kind: 'paid_roster' | 'deduction_result', csv: string) {
  const created = await c.request('POST', '/api/v1/imports', { kind, fileName: `${kind}.csv` });
  expect(created.statusCode, created.body).toBe(201);
  const jobId = created.json().job.id as string;
  const put = await t.app.inject({ method: 'PUT', url: `/api/v1/imports/${jobId}/file`, payload: Buffer.from(csv, 'utf8'), headers: { cookie: c.cookie, 'x-csrf-token': c.csrfToken, 'content-type': 'text/csv' } });
  expect(put.statusCode, put.body).toBe(200);
  await readSettled(jobId);
  const res = await c.request('POST', `/api/v1/imports/${jobId}/commit`, { allowErrors: true });
  if (res.statusCode === 202) await commitSettled(jobId);
  expect((await c.request('GET', `/api/v1/imports/${jobId}`)).json().job.status).toBe('committed');
}

let family: Awaited<ReturnType<typeof unitWith>>;
let transfer: Awaited<ReturnType<typeof unitWith>>;
let deduction: Awaited<ReturnType<typeof unitWith>>;
const orders: Array<{ outTradeNo: string; amountFen: number }> = [];

beforeAll(async () => {
  t = await buildTestApp();
  await buildCampaign(t.database.db, YEAR);
  agency = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
  collector = await login(t.app, (await buildUser(t.database.db, { role: 'collector' })).username, TEST_PASSWORD);
  family = await unitWith('票据一小', ['票一', '票二', '票三', '票四'], { paymentMode: 'per_person' });
  transfer = await unitWith('票据二小', ['转账一', '转账二'], { paymentMode: 'unit_total', unitMethod: 'transfer' });
  deduction = await unitWith('票据三小', ['代扣一'], { paymentMode: 'unit_total', unitMethod: 'bank_deduction' });
  const notices = (await family.client.request('GET', `/api/v1/settlements/${family.settlementId}/notices`)).json().items as Array<{ token: string; personName: string }>;
  for (const name of ['票一', '票二', '票三']) {
    const n = notices.find((x) => x.personName === name)!;
    const order = await t.app.inject({ method: 'POST', url: `/api/v1/pay/${n.token}/orders`, payload: { name, channel: 'sandbox' } });
    expect(order.statusCode, order.body).toBe(200);
    const row = await t.database.db.selectFrom('payment_order').select(['out_trade_no', 'amount_fen']).where('out_trade_no', '=', order.json().outTradeNo).executeTakeFirstOrThrow();
    orders.push({ outTradeNo: row.out_trade_no, amountFen: row.amount_fen });
  }
});
afterAll(() => t.close());

const note = (o: { outTradeNo: string; amountFen: number }, transactionId: string): VerifiedNotification => ({ outTradeNo: o.outTradeNo, transactionId, amountFen: o.amountFen, paidAt: new Date('2026-11-23T08:00:00Z'), payerName: null });

describe('receipts from the queue, for every way a declaration is paid', () => {
  it('a channel notification (one statement) and a batch of them queue their declarations as they mark them paid', async () => {
    await receiptsIdle();
    expect(await queued()).toEqual([]);
    expect((await recordChannelPayment(t.database.db, 'sandbox', note(orders[0]!, 'R-T0'))).result).toBe('recorded');
    const items = [
      { channel: 'sandbox', notification: note(orders[1]!, 'R-T1') },
      { channel: 'sandbox', notification: note(orders[2]!, 'R-T2') },
    ];
    let batch = await recordChannelPayments(t.database.db, items);
    // On a Citus coordinator the batch decides nothing (payments.service): each takes the single statement there.
    if (await onCitusCoordinator(t.database.db)) batch = await Promise.all(items.map((x) => recordChannelPayment(t.database.db, x.channel, x.notification)));
    expect(batch.map((o) => o?.result)).toEqual(['recorded', 'recorded']);
    const paid = await Promise.all(family.personIds.slice(0, 3).map(declarationOf));
    expect(paid.every((d) => d.status === 'paid')).toBe(true);
    expect(await queued()).toEqual(paid.map((d) => d.id).sort());
    // A replay queues nothing more.
    expect((await recordChannelPayment(t.database.db, 'sandbox', note(orders[0]!, 'R-T0'))).result).toBe('already_recorded');
    expect(await queued()).toHaveLength(3);

    expect(await issueReceipts(t.database.db)).toBe(3);
    expect(await queued()).toEqual([]);
    for (const p of family.personIds.slice(0, 3)) expect(await receiptOf(p)).toEqual([expect.objectContaining({ number: expect.stringMatching(/^3205002027\d{8}$/), voided_at: null })]);
    expect(await issueReceipts(t.database.db)).toBe(0);
  });

  it("a unit's payment of a unit-total settlement queues each declaration it pays", async () => {
    const s = (await collector.request('GET', `/api/v1/settlements/${transfer.settlementId}`)).json();
    const res = await collector.request('POST', `/api/v1/settlements/${transfer.settlementId}/payments`, { method: 'transfer', transactionId: 'R-UNIT-1', amountFen: s.payableFen, paidAt: '2026-11-23T10:00:00+08:00' });
    expect(res.json().result, res.body).toBe('recorded');
    await receiptsIdle();
    expect(await queued()).toEqual([]);
    for (const p of transfer.personIds) expect(await receiptOf(p)).toHaveLength(1);
  });

  it('a paid roster and a bank deduction result queue the declarations they pay', async () => {
    const four = family.personIds[3]!;
    const d4 = await declarationOf(four);
    const doc = (await t.database.db.selectFrom('person').select('document_number').where('id', '=', four).executeTakeFirstOrThrow()).document_number;
    await importFile(
      collector,
      'paid_roster',
      `电子税票号码,姓名,证件号码,费款所属期,个人缴费金额,财政补助金额,缴费时间,缴费渠道\n3326110100000101,票四,${doc},2027,${(d4.payable_fen / 100).toFixed(2)},0,2026-11-23 09:15:00,银行柜面\n`,
    );
    const s = (await collector.request('GET', `/api/v1/settlements/${deduction.settlementId}`)).json();
    await importFile(collector, 'deduction_result', `结算单号,扣款账号,扣款金额,扣款结果,银行流水号,扣款时间,失败原因\n${s.number},6222020200012345678,${(s.payableFen / 100).toFixed(2)},成功,B2026112300101,2026-11-23 16:00:00,\n`);
    expect((await declarationOf(four)).status).toBe('paid');
    expect((await declarationOf(deduction.personIds[0]!)).status).toBe('paid');
    await receiptsIdle();
    expect(await queued()).toEqual([]);
    expect(await receiptOf(four)).toHaveLength(1);
    expect(await receiptOf(deduction.personIds[0]!)).toHaveLength(1);
  });

  it('a subsidy granted after payment voids the receipt and queues the declaration for one of the new amount', async () => {
    const four = family.personIds[3]!;
    const payment = await t.database.db.selectFrom('payment').select('id').where('declaration_id', '=', (await declarationOf(four)).id).executeTakeFirstOrThrow();
    const req = await family.client.request('POST', '/api/v1/refunds', { paymentId: payment.id, reason: 'subsidy_after', amountFen: 10000, note: '补办低保' });
    expect(req.statusCode, req.body).toBe(201);
    expect((await agency.request('POST', `/api/v1/refunds/${req.json().id}/decide`, { approve: true, note: '同意' })).json().status).toBe('approved');
    expect((await collector.request('POST', `/api/v1/refunds/${req.json().id}/refunded`, { reference: 'BANK-RF-101' })).json().status).toBe('refunded');
    await receiptsIdle();
    await issueReceipts(t.database.db);
    const receipts = await receiptOf(four);
    expect(receipts).toHaveLength(2);
    expect(receipts[0]!.voided_at).not.toBeNull();
    expect(receipts[1]).toMatchObject({ voided_at: null, amount_fen: (await declarationOf(four)).payable_fen });
    expect(await queued()).toEqual([]);
  });

  it('numbers stay gapless and unique, one audit row per batch, and the issuer reads the queue only', async () => {
    const all = await t.database.db.selectFrom('receipt').select('number').where('region_code', '=', '320500').where('insurance_year', '=', YEAR).orderBy('number').execute();
    expect(all.map((r) => Number(r.number.slice(-8)))).toEqual(all.map((_, i) => i + 1));
    const counter = await t.database.db.selectFrom('receipt_counter').select('last_number').where('region_code', '=', '320500').where('insurance_year', '=', YEAR).executeTakeFirstOrThrow();
    expect(counter.last_number).toBe(all.length);
    const audits = await t.database.db.selectFrom('audit_log').select('after').where('action', '=', 'receipt.issued').execute();
    expect(audits.reduce((n, a) => n + (a.after as { count: number }).count, 0)).toBe(all.length);

    // A paid declaration that was never queued is not found by scanning: nothing reads the paid declarations.
    const lone = await declarationOf(family.personIds[0]!);
    await t.database.db.updateTable('receipt').set({ voided_at: new Date() }).where('declaration_id', '=', lone.id).execute();
    expect(await issueReceipts(t.database.db)).toBe(0);
    // Queued, it gets its receipt; queued again by mistake after that, it is dequeued without a second one.
    await t.database.db.insertInto('receipt_due').values({ region_code: '320500', insurance_year: YEAR, declaration_id: lone.id }).execute();
    expect(await issueReceipts(t.database.db)).toBe(1);
    await t.database.db.insertInto('receipt_due').values({ region_code: '320500', insurance_year: YEAR, declaration_id: lone.id }).execute();
    expect(await issueReceipts(t.database.db)).toBe(0);
    expect(await queued()).toEqual([]);
    expect((await receiptOf(family.personIds[0]!)).filter((r) => r.voided_at === null)).toHaveLength(1);
  });

  it('units cannot read or write the queue; the region\'s agency side can (row-level security)', async () => {
    const d = await declarationOf(family.personIds[1]!);
    await t.database.db.insertInto('receipt_due').values({ region_code: '320500', insurance_year: YEAR, declaration_id: d.id }).execute();
    const count = (unitId: string) =>
      t.database.db.transaction().execute(async (trx) => {
        await setLocalScope(trx, { regionCode: '320500', unitId, role: 'canbao_app' });
        return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM receipt_due`.execute(trx)).rows[0]!.n;
      });
    expect(await count(family.unitId)).toBe(0);
    expect(await count('')).toBe(1);
    await expect(
      t.database.db.transaction().execute(async (trx) => {
        await setLocalScope(trx, { regionCode: '320500', unitId: family.unitId, role: 'canbao_app' });
        await sql`INSERT INTO receipt_due (region_code, insurance_year, declaration_id) VALUES ('320500', ${YEAR}, ${family.personIds[2]!}::uuid)`.execute(trx);
      }),
    ).rejects.toThrow(/row-level security|violates/);
    // Already receipted: dequeued without a second receipt.
    expect(await issueReceipts(t.database.db)).toBe(0);
    expect(await queued()).toEqual([]);
  });
});

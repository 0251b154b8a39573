import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, buildUser, residentId } from '../../test/factories';
import type { SandboxProvider } from './channels/sandbox';

// 为家人缴费 (issue 16, item 5): a relative proves one member and pays the household's due in ONE order.
let t: TestApp;
let office: Client;
let agency: Client;
let sandbox: SandboxProvider;
const YEAR = 2027;
const PHONE = '13912345678';
const doc = {
  father: residentId('320508', '1985-04-01', 951),
  mother: residentId('320508', '1987-06-01', 952),
  son: residentId('320508', '2012-09-01', 953),
  uncle: residentId('320508', '1980-01-01', 954),
  alone: residentId('320508', '1979-01-01', 955),
};
const member = (name: string, documentNumber: string, relation: string, phone?: string) => ({
  relation,
  person: { documentType: '01', documentNumber, name, hukouType: 'local_urban', ...(phone ? { phone } : {}) },
});
const proof = { idNumber: doc.father, name: '钱父', phoneLast4: PHONE.slice(-4) };
const pay = (body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/family/orders', payload: body });
const due = (body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/family/due', payload: body });

beforeAll(async () => {
  t = await buildTestApp();
  await buildCampaign(t.database.db, YEAR);
  const A = await buildUnitWithOperator(t.database.db, { name: '缴费社区', kind: 'community_office' });
  office = await login(t.app, A.operator.username, TEST_PASSWORD);
  agency = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
  sandbox = t.app.paymentProviders.get('sandbox') as SandboxProvider;
  const h = await office.request('POST', '/api/v1/households', {
    hukouType: 'local_urban',
    hukouAddress: '姑苏区人民路 1 号',
    members: [member('钱父', doc.father, 'head', PHONE), member('孙母', doc.mother, 'spouse'), member('钱子', doc.son, 'child')],
  });
  expect(h.statusCode, h.body).toBe(201);
  expect((await office.request('POST', `/api/v1/households/${h.json().id}/declare`, { year: YEAR })).json()).toMatchObject({ declared: 3 });
  for (const [name, number] of [['钱叔', doc.uncle], ['周独', doc.alone]] as const) {
    const p = await office.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: number, name, hukouType: 'local_urban' });
    expect(p.statusCode, p.body).toBe(201);
    expect((await office.request('POST', '/api/v1/declarations', { year: YEAR, personId: p.json().person.id })).statusCode).toBe(201);
  }
  await office.request('POST', '/api/v1/declarations/confirm', { year: YEAR });
  expect((await office.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' })).statusCode).toBe(201);
});
afterAll(() => t.close());

const payments = () => t.database.db.selectFrom('payment').select(['transaction_id', 'amount_fen', 'payer_name', 'declaration_id']).orderBy('transaction_id').execute();

describe('finding what a family owes', () => {
  it('says nothing without the phone digits on file, and lists the household masked with them', async () => {
    const wrong = await due({ ...proof, phoneLast4: '0000' });
    expect(wrong.json()).toEqual({ found: false, members: [], totalFen: 0, settledCount: 0 });
    const res = await due(proof);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.members.map((m: { maskedName: string; relationName: string }) => `${m.relationName}${m.maskedName}`)).toEqual(['户主钱*', '配偶孙*', '子女钱*']);
    expect(body.members[0].documentNumber).toMatch(/\*/);
    expect(res.body).not.toContain(doc.mother);
    expect(res.body).not.toContain('孙母');
    expect(body.totalFen).toBe(body.members.reduce((s: number, m: { amountFen: number }) => s + m.amountFen, 0));
    expect(body.totalFen).toBeGreaterThan(0);
  });

  it('adds a person named by ID number and name, and refuses a wrong name with the same words as an unknown number', async () => {
    const withUncle = (await due({ ...proof, others: [{ idNumber: doc.uncle, name: '钱叔' }] })).json();
    expect(withUncle.members).toHaveLength(4);
    expect(withUncle.members[3]).toMatchObject({ maskedName: '钱*', relationName: null });
    const wrongName = await due({ ...proof, others: [{ idNumber: doc.uncle, name: '钱错' }] });
    const unknown = await due({ ...proof, others: [{ idNumber: residentId('320508', '1981-01-01', 999), name: '钱叔' }] });
    expect(wrongName.statusCode).toBe(400);
    expect(unknown.statusCode).toBe(400);
    expect(wrongName.json().error.message).toBe('第 2 位缴费对象的身份证号码与姓名不符，或未在本统筹区登记');
    expect(unknown.json().error.message).toBe(wrongName.json().error.message);
  });
});

describe('paying for the family in one order', () => {
  let total = 0;
  let outTradeNo = '';
  let transactionId = '';
  const body = () => ({ ...proof, others: [{ idNumber: doc.uncle, name: '钱叔' }], channel: 'sandbox', payerName: '钱爷爷', payerRelation: '祖父' });

  it('refuses a total other than the one shown, then places one order for all four', async () => {
    total = (await due({ ...proof, others: [{ idNumber: doc.uncle, name: '钱叔' }] })).json().totalFen;
    const stale = await pay({ ...body(), expectedTotalFen: total - 100 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toContain(`待缴金额已变为 ${(total / 100).toFixed(2)} 元`);
    const res = await pay({ ...body(), expectedTotalFen: total });
    expect(res.statusCode, res.body).toBe(200);
    const order = res.json();
    expect(order).toMatchObject({ totalFen: total, count: 4 });
    expect(order.outTradeNo).toMatch(/^CF320500/);
    outTradeNo = order.outTradeNo;
    expect(sandbox.getOrder(outTradeNo)).toMatchObject({ amountFen: total, state: 'pending' });
    // Asked again before paying: the same order, not a second one.
    expect((await pay({ ...body(), expectedTotalFen: total })).json().outTradeNo).toBe(outTradeNo);
    const audited = await t.database.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'family_order.created').execute();
    expect(audited).toHaveLength(1);
    expect(JSON.stringify(audited[0]!.after)).toContain('钱爷爷');
  });

  it('counts the money once per member, whatever the channel repeats, and records who paid', async () => {
    const paid = await t.app.inject({ method: 'POST', url: `/api/v1/sandbox/orders/${outTradeNo}/pay`, payload: { scenario: 'duplicate' } });
    expect(paid.statusCode, paid.body).toBe(200);
    transactionId = paid.json().transactionId;
    await sandbox.settle();
    // The same notification ten times at once, re-signed as a channel's retries are.
    const raw = sandbox.notificationBody({ outTradeNo, transactionId, amountFen: total, paidAt: new Date(), payerName: null });
    const replays = await Promise.all(
      Array.from({ length: 10 }, () => t.app.inject({ method: 'POST', url: '/api/v1/payments/notify/sandbox', headers: { 'content-type': 'application/json', 'x-sandbox-signature': sandbox.sign(raw) }, payload: raw })),
    );
    expect(replays.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    const rows = await payments();
    expect(rows.map((p) => p.transaction_id)).toEqual([1, 2, 3, 4].map((k) => `${transactionId}-${k}`));
    expect(rows.reduce((s, p) => s + Number(p.amount_fen), 0)).toBe(total);
    expect(new Set(rows.map((p) => p.payer_name))).toEqual(new Set(['钱爷爷']));
    const declarations = await t.database.db.selectFrom('declaration').select(['id', 'status']).where('id', 'in', rows.map((p) => p.declaration_id!)).execute();
    expect(declarations.map((d) => d.status)).toEqual(['paid', 'paid', 'paid', 'paid']);
    const f = await t.database.db.selectFrom('family_order').selectAll().executeTakeFirstOrThrow();
    expect(f).toMatchObject({ status: 'paid', transaction_id: transactionId, payer_name: '钱爷爷', payer_relation: '祖父', member_count: 4 });
    const status = await t.app.inject({ method: 'GET', url: `/api/v1/family/orders/${outTradeNo}` });
    expect(status.json()).toMatchObject({ status: 'paid', count: 4, paidCount: 4, totalFen: total });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/family/orders/CF32050012345' })).statusCode).toBe(400);
    // The one outside the order is still due; the household has nothing left.
    const after = (await due(proof)).json();
    expect(after).toMatchObject({ found: true, members: [], totalFen: 0, settledCount: 3 });
    // Ten lookups of the father's number this hour, whoever asked: the eleventh is refused, as every public lookup is.
    const limited = await pay({ ...body(), expectedTotalFen: total });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.message).toBe('查询过于频繁，请稍后再试');
    await t.database.db.deleteFrom('lookup_throttle').execute();
    const again = await pay({ ...body(), expectedTotalFen: total });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('没有待缴费用');
    expect((await due({ ...proof, others: [{ idNumber: doc.alone, name: '周独' }] })).json().members).toHaveLength(1);
  });

  it('refunds one member against the channel’s one transaction, and only that member is unpaid again', async () => {
    const one = await t.database.db.selectFrom('payment').select(['id', 'amount_fen', 'declaration_id']).where('transaction_id', '=', `${transactionId}-3`).executeTakeFirstOrThrow();
    const asked = await office.request('POST', '/api/v1/refunds', { paymentId: one.id, reason: 'other', note: '家长申请退回', amountFen: one.amount_fen });
    expect(asked.statusCode, asked.body).toBe(201);
    const decided = await agency.request('POST', `/api/v1/refunds/${asked.json().id}/decide`, { approve: true, note: '同意' });
    expect(decided.json().status).toBe('refunded');
    expect([...sandbox.refunds.values()]).toEqual([expect.objectContaining({ transactionId, amountFen: Number(one.amount_fen) })]);
    const statuses = await t.database.db.selectFrom('declaration as d').innerJoin('payment as p', (j) => j.onRef('p.region_code', '=', 'd.region_code').onRef('p.declaration_id', '=', 'd.id')).select(['p.transaction_id', 'd.status']).orderBy('p.transaction_id').execute();
    expect(statuses.map((s) => s.status)).toEqual(['paid', 'paid', 'settled', 'paid']);
  });
});

describe('while the family order waits', () => {
  const wu = { father: residentId('320508', '1984-02-01', 956), son: residentId('320508', '2013-03-01', 957) };
  const zheng = { mother: residentId('320508', '1986-02-01', 958), daughter: residentId('320508', '2014-03-01', 959) };
  const wuProof = { idNumber: wu.father, name: '吴父', phoneLast4: '5678' };
  const declarationOf = (number: string) =>
    t.database.db.selectFrom('declaration as d').innerJoin('person as p', (j) => j.onRef('p.region_code', '=', 'd.region_code').onRef('p.id', '=', 'd.person_id')).select(['d.id', 'd.status', 'd.paid_fen', 'd.payable_fen']).where('p.document_number', '=', number).executeTakeFirstOrThrow();
  const paymentsOf = (declarationId: string) => t.database.db.selectFrom('payment').select(['channel', 'amount_fen']).where('declaration_id', '=', declarationId).orderBy('created_at').execute();

  beforeAll(async () => {
    const h = await office.request('POST', '/api/v1/households', {
      hukouType: 'local_urban',
      hukouAddress: '姑苏区人民路 2 号',
      members: [member('吴父', wu.father, 'head', '13900005678'), member('吴子', wu.son, 'child')],
    });
    expect(h.statusCode, h.body).toBe(201);
    expect((await office.request('POST', `/api/v1/households/${h.json().id}/declare`, { year: YEAR })).json()).toMatchObject({ declared: 2 });
    const z = await office.request('POST', '/api/v1/households', {
      hukouType: 'local_urban',
      hukouAddress: '姑苏区人民路 3 号',
      members: [member('郑母', zheng.mother, 'head', '13900001234'), member('郑女', zheng.daughter, 'child')],
    });
    expect((await office.request('POST', `/api/v1/households/${z.json().id}/declare`, { year: YEAR })).json()).toMatchObject({ declared: 2 });
    await office.request('POST', '/api/v1/declarations/confirm', { year: YEAR });
    expect((await office.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' })).statusCode).toBe(201);
  });

  it('a member paid on his own notice meanwhile: the family payment pays the other, and the second money for him is an exception to refund, counted once', async () => {
    const total = (await due(wuProof)).json().totalFen;
    const order = (await pay({ ...wuProof, channel: 'sandbox', payerName: '吴奶奶', payerRelation: '祖母', expectedTotalFen: total })).json();
    expect(order).toMatchObject({ count: 2, totalFen: total });
    // The son's school notice paid by his mother's phone before the grandmother pays the family order.
    const son = await declarationOf(wu.son);
    const notice = await t.database.db.selectFrom('payment_notice').select('token').where('declaration_id', '=', son.id).executeTakeFirstOrThrow();
    const own = (await t.app.inject({ method: 'POST', url: `/api/v1/pay/${notice.token}/orders`, payload: { name: '吴子', channel: 'sandbox' } })).json();
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/sandbox/orders/${own.outTradeNo}/pay`, payload: {} })).statusCode).toBe(200);
    await sandbox.settle();
    expect((await declarationOf(wu.son)).status).toBe('paid');

    expect((await t.app.inject({ method: 'POST', url: `/api/v1/sandbox/orders/${order.outTradeNo}/pay`, payload: {} })).statusCode).toBe(200);
    await sandbox.settle();
    const father = await declarationOf(wu.father);
    expect(father).toMatchObject({ status: 'paid', paid_fen: father.payable_fen });
    // The son: his own payment and the family's part, each recorded once; the ledger keeps him paid, the extra is over-paid.
    const sonAfter = await declarationOf(wu.son);
    expect(sonAfter.status).toBe('paid');
    expect((await paymentsOf(son.id)).map((p) => Number(p.amount_fen))).toEqual([son.payable_fen, son.payable_fen]);
    const items = (await agency.request('GET', `/api/v1/reconciliation/items?year=${YEAR}&status=open`)).json().items as Array<{ kind: string; declarationId: string; amountFen: number; expectedFen: number }>;
    expect(items.filter((i) => i.declarationId === son.id)).toEqual([expect.objectContaining({ kind: 'duplicate', amountFen: son.payable_fen, expectedFen: 0 })]);
    expect(items.filter((i) => i.declarationId === father.id)).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/family/orders/${order.outTradeNo}` })).json()).toMatchObject({ status: 'paid', count: 2, paidCount: 2 });
  });
});

describe('several relatives at once', () => {
  it('five payers of one family at the same moment are handed one order', async () => {
    const proofZ = { idNumber: residentId('320508', '1986-02-01', 958), name: '郑母', phoneLast4: '1234' };
    const total = (await due(proofZ)).json().totalFen;
    const orders = await Promise.all(['郑外婆', '郑外公', '郑父', '郑姑', '郑舅'].map((payerName) => pay({ ...proofZ, channel: 'sandbox', payerName, expectedTotalFen: total })));
    expect(orders.map((o) => o.statusCode)).toEqual(Array(5).fill(200));
    expect(new Set(orders.map((o) => o.json().outTradeNo)).size).toBe(1);
    const rows = await t.database.db.selectFrom('family_order').select('id').where('out_trade_no', '=', orders[0]!.json().outTradeNo).execute();
    expect(rows).toHaveLength(1);
    expect(await t.database.db.selectFrom('family_order').select('id').where('household_id', '=', (await t.database.db.selectFrom('household_member as m').innerJoin('person as p', (j) => j.onRef('p.region_code', '=', 'm.region_code').onRef('p.id', '=', 'm.person_id')).select('m.household_id').where('p.document_number', '=', proofZ.idNumber).executeTakeFirstOrThrow()).household_id).execute()).toHaveLength(1);
  });
});

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, buildUser, residentId } from '../../test/factories';
import { SandboxProvider } from './channels/sandbox';
import { commitSettled, readSettled } from '../imports/imports.service';
import { issueReceipts, receiptsIdle } from './receipts.service';
import { readExport } from '../../test/xlsx';

let t: TestApp;
let a: Client;
let b: Client;
let agency: Client;
let collector: Client;
let unitB: string;
let operatorA: string;
let sandbox: SandboxProvider;
const YEAR = 2027;
const BANK = 'icbc';

async function register(c: Client, name: string, serial: number, className = '3班', extra: Record<string, unknown> = {}) {
  const res = await c.request('POST', '/api/v1/persons', {
    documentType: '01',
    documentNumber: residentId('320508', '2018-03-01', serial),
    name,
    hukouType: 'local_urban',
    gradeCode: '03',
    className,
    guardian: { name: '家长', relation: '父母', phone: '13912345678' },
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().person.id as string;
}

beforeAll(async () => {
  t = await buildTestApp();
  await buildCampaign(t.database.db, YEAR);
  const A = await buildUnitWithOperator(t.database.db, { name: '甲小学' });
  const B = await buildUnitWithOperator(t.database.db, { name: '乙小学' });
  operatorA = A.operator.username;
  unitB = B.unit.id;
  a = await login(t.app, A.operator.username, TEST_PASSWORD);
  b = await login(t.app, B.operator.username, TEST_PASSWORD);
  agency = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
  collector = await login(t.app, (await buildUser(t.database.db, { role: 'collector' })).username, TEST_PASSWORD);
  sandbox = t.app.paymentProviders.get('sandbox') as SandboxProvider;
});
afterAll(() => t.close());

const ids: Record<string, string> = {};
const ids_li = () => ids.li!;
const ids_wang = () => ids.wang!;

describe('declaration → confirmation → settlement → notices → payment → receipt', () => {
  let settlementId = '';
  let tokens: Record<string, string> = {};

  it('declares a class priced by the policy engine, with a subsidy for a dibao pupil', async () => {
    ids.zhang = await register(a, '张小明', 101);
    ids.li = await register(a, '李小红', 102);
    ids.wang = await register(a, '王小刚', 103);
    const ex = await a.request('POST', `/api/v1/persons/${ids.li}/exemptions`, { categoryCode: 'dibao', certifyingDepartment: '民政局', validFrom: '2026-01-01', source: 'department_list' });
    expect(ex.statusCode, ex.body).toBe(201);
    const years = (await a.request('GET', '/api/v1/campaign-years')).json();
    expect(years.items.find((i: { current: boolean }) => i.current)).toMatchObject({ year: YEAR, windowToday: 'declaration' });

    const res = await a.request('POST', '/api/v1/declarations/batch', { year: YEAR, mode: 'class', gradeCode: '03', className: '3班' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ declared: 3, alreadyDeclared: 0, conflicts: [] });
    const again = (await a.request('POST', '/api/v1/declarations/batch', { year: YEAR, mode: 'class', className: '3班' })).json();
    expect(again).toMatchObject({ declared: 0, alreadyDeclared: 3 });

    const list = (await a.request('GET', `/api/v1/declarations?year=${YEAR}`)).json();
    expect(list.total).toBe(3);
    const li = list.items.find((d: { person: { name: string } }) => d.person.name === '李小红');
    expect(li).toMatchObject({ status: 'declared', totalFen: 40000, subsidyFen: 24000, payableFen: 16000, subsidy: { code: 'dibao' }, window: 'declaration' });
    expect(li.person.documentNumber).toContain('*');
    expect(li.reasons.length).toBeGreaterThan(0);
    expect(list.summary).toMatchObject({ payableFen: 96000 });
  });

  it('refuses with the rule that blocks, and the agency declares a class for a chosen unit only', async () => {
    await register(a, '外地生', 120, '8班', { hukouType: 'nonlocal' });
    const res = (await a.request('POST', '/api/v1/declarations/batch', { year: YEAR, mode: 'class', className: '8班' })).json();
    expect(res.declared).toBe(0);
    expect(res.refused[0].reason).toContain('居住证');
    // The refusal names the field of the record to correct; the web links to it.
    expect(res.refused[0].fix).toEqual({ field: 'residencePermitSince', label: '填写居住证起始日期' });
    expect(res.refused[0].reason).not.toContain('申报缴费期');
    const noUnit = await agency.request('POST', '/api/v1/declarations/batch', { year: YEAR, mode: 'class', className: '8班' });
    expect(noUnit.statusCode).toBe(400);
    const forB = (await agency.request('POST', '/api/v1/declarations/batch', { year: YEAR, mode: 'class', className: '8班', unitId: unitB })).json();
    expect(forB).toMatchObject({ declared: 0, refused: [] });
  });

  it('names the holding unit when a second unit declares the same person', async () => {
    const moved = await register(a, '赵转学', 104, '4班');
    expect((await a.request('POST', '/api/v1/declarations', { year: YEAR, personId: moved })).statusCode).toBe(201);
    expect((await agency.request('POST', `/api/v1/persons/${moved}/transfer`, { unitId: unitB })).statusCode).toBe(200);
    const res = await b.request('POST', '/api/v1/declarations', { year: YEAR, personId: moved });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('甲小学');
    // Once the agency removes the old school's declaration (the pupil left it), the new school takes it over.
    const own = await t.database.db.selectFrom('declaration').select('id').where('person_id', '=', moved).executeTakeFirstOrThrow();
    expect((await a.request('POST', `/api/v1/declarations/${own.id}/remove`, { reason: '学生转学' })).statusCode).toBe(404);
    expect((await agency.request('POST', `/api/v1/declarations/${own.id}/remove`, { reason: '学生转学' })).statusCode).toBe(200);
    const taken = await b.request('POST', '/api/v1/declarations', { year: YEAR, personId: moved });
    expect(taken.statusCode, taken.body).toBe(201);
    expect(taken.json().unit.name).toBe('乙小学');
  });

  it('two declarers of one person at once end with one declaration', async () => {
    const p = await register(a, '钱同时', 105, '5班');
    const [r1, r2] = await Promise.all([
      a.request('POST', '/api/v1/declarations', { year: YEAR, personId: p }),
      agency.request('POST', '/api/v1/declarations', { year: YEAR, personId: p }),
    ]);
    expect([r1.statusCode, r2.statusCode].sort()).toEqual([201, 409]);
    const rows = await t.database.db.selectFrom('declaration').select('id').where('person_id', '=', p).execute();
    expect(rows).toHaveLength(1);
    const d = (r1.statusCode === 201 ? r1 : r2).json();
    expect((await a.request('POST', `/api/v1/declarations/${d.id}/remove`, { reason: '测试撤销' })).statusCode).toBe(200);
  });

  it('charges nothing before confirmation, then settles with one notice per person', async () => {
    const early = await a.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('确认');
    const confirmed = await a.request('POST', '/api/v1/declarations/confirm', { year: YEAR });
    expect(confirmed.json()).toEqual({ confirmed: 3 });
    const res = await a.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' });
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json();
    settlementId = s.id;
    expect(s).toMatchObject({ personCount: 3, totalFen: 120000, subsidyFen: 24000, payableFen: 96000, status: 'awaiting_payment' });
    expect(s.number).toMatch(/^JS3205002027-\d{7}$/);
    expect(s.breakdown.byExemption.map((g: { code: string }) => g.code)).toEqual(['dibao', 'none']);
    // A second settlement finds nothing left to settle.
    expect((await a.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' })).statusCode).toBe(409);
    const notices = (await a.request('GET', `/api/v1/settlements/${settlementId}/notices`)).json();
    expect(notices.items).toHaveLength(3);
    // The deadline printed on each notice is the last day of the region's 申报缴费期 for the year.
    const { profile } = (await a.request('GET', `/api/v1/profiles/campaign-320500-${YEAR}`)).json();
    expect(notices.settlement.payBy).toBe(profile.declarationWindow.end);
    tokens = Object.fromEntries(notices.items.map((n: { personName: string; token: string }) => [n.personName, n.token]));
    // Another unit sees nothing of it.
    expect((await b.request('GET', `/api/v1/settlements/${settlementId}`)).statusCode).toBe(404);
  });

  it('a family pays one notice on the pay page through the sandbox wallet', async () => {
    const token = tokens['张小明']!;
    const greet = (await t.app.inject({ method: 'GET', url: `/api/v1/pay/${token}` })).json();
    expect(greet).toMatchObject({ year: YEAR, unitName: '甲小学', nameHint: '张**', status: 'open' });
    const wrong = await t.app.inject({ method: 'POST', url: `/api/v1/pay/${token}/details`, payload: { name: '张大明' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toContain('姓名');
    const details = (await t.app.inject({ method: 'POST', url: `/api/v1/pay/${token}/details`, payload: { name: '张小明' } })).json();
    expect(details).toMatchObject({ amountFen: 40000, status: 'open', receipt: null });
    expect(details.documentNumber).toContain('*');
    const order = (await t.app.inject({ method: 'POST', url: `/api/v1/pay/${token}/orders`, payload: { name: '张小明', channel: 'sandbox' } })).json();
    expect(order.payUrl).toMatch(/^\/sandbox-pay\//);
    const paid = await t.app.inject({ method: 'POST', url: `/api/v1/sandbox/orders/${order.outTradeNo}/pay`, payload: { scenario: 'duplicate' } });
    expect(paid.statusCode, paid.body).toBe(200);
    await sandbox.settle();
    const payments = await t.database.db.selectFrom('payment').selectAll().where('order_id', 'is not', null).execute();
    expect(payments).toHaveLength(1);
    const after = (await t.app.inject({ method: 'POST', url: `/api/v1/pay/${token}/details`, payload: { name: '张小明' } })).json();
    expect(after.status).toBe('paid');
    const audits = await t.database.db.selectFrom('audit_log').select('action').where('action', '=', 'payment.recorded').execute();
    expect(audits).toHaveLength(1);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/pay/${token}/orders`, payload: { name: '张小明', channel: 'sandbox' } })).statusCode).toBe(409);
  });

  it('50 parallel copies of one signed notification record one payment', async () => {
    const token = tokens['王小刚']!;
    const order = (await t.app.inject({ method: 'POST', url: `/api/v1/pay/${token}/orders`, payload: { name: '王小刚', channel: 'sandbox' } })).json();
    const n = sandbox.pay(order.outTradeNo, 'lost');
    const raw = sandbox.notificationBody(n);
    const headers = { 'content-type': 'application/json', 'x-sandbox-signature': sandbox.sign(raw) };
    const replies = await Promise.all(Array.from({ length: 50 }, () => t.app.inject({ method: 'POST', url: '/api/v1/payments/notify/sandbox', headers, payload: raw })));
    expect(replies.map((r) => r.statusCode)).toEqual(Array(50).fill(200));
    const rows = await t.database.db.selectFrom('payment').select('id').where('transaction_id', '=', n.transactionId).execute();
    expect(rows).toHaveLength(1);
    const decl = await t.database.db.selectFrom('declaration').select(['status', 'paid_fen']).where('person_id', '=', ids.wang!).executeTakeFirstOrThrow();
    expect(decl).toEqual({ status: 'paid', paid_fen: 40000 });
  });

  it('refuses forged or tampered notifications', async () => {
    const raw = JSON.stringify({ event: 'TRANSACTION.SUCCESS', out_trade_no: 'X', transaction_id: 'Y', amount_fen: 1, paid_at: new Date().toISOString() });
    const unsigned = await t.app.inject({ method: 'POST', url: '/api/v1/payments/notify/sandbox', headers: { 'content-type': 'application/json' }, payload: raw });
    expect(unsigned.statusCode).toBe(400);
    const forged = new SandboxProvider('another-key-entirely-0000');
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/payments/notify/sandbox', headers: { 'content-type': 'application/json', 'x-sandbox-signature': forged.sign(raw) }, payload: raw });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('签名');
  });

  it('refuses a signed notification with identifiers beyond any channel’s length, before looking anything up', async () => {
    const body = sandbox.notificationBody({ outTradeNo: 'CB1', transactionId: 'T'.repeat(10_000), amountFen: 100, paidAt: new Date(), payerName: null });
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/payments/notify/sandbox', headers: { 'content-type': 'application/json', 'x-sandbox-signature': sandbox.sign(body) }, payload: body });
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toBe('通知内容超出长度限制');
  });

  it('a wrong amount becomes an exception and marks nothing paid; a late notification is found by query', async () => {
    const token = tokens['李小红']!;
    const order = (await t.app.inject({ method: 'POST', url: `/api/v1/pay/${token}/orders`, payload: { name: '李小红', channel: 'sandbox' } })).json();
    const n = sandbox.pay(order.outTradeNo, 'wrong_amount');
    await sandbox.settle();
    const item = await t.database.db.selectFrom('reconciliation_item').selectAll().where('transaction_id', '=', n.transactionId).executeTakeFirstOrThrow();
    expect(item).toMatchObject({ kind: 'amount_mismatch', amount_fen: 15999, expected_fen: 16000, status: 'open' });
    const decl = await t.database.db.selectFrom('declaration').select(['status', 'paid_fen']).where('person_id', '=', ids.li!).executeTakeFirstOrThrow();
    // The money is on the declaration (never lost), one fen short: still owing, not covered.
    expect(decl).toEqual({ status: 'settled', paid_fen: 15999 });
    // The agency sends it back; once paid out, the declaration holds nothing again.
    const resolved = (await agency.request('POST', `/api/v1/reconciliation/items/${item.id}/resolve`, { resolution: 'refund', note: '金额不符，原路退回' })).json();
    expect(resolved.refundId).toBeTruthy();
    const refund = (await agency.request('GET', `/api/v1/refunds/${resolved.refundId}`)).json();
    expect(refund).toMatchObject({ reason: 'other', amountFen: 15999, status: 'approved' });
    expect((await collector.request('POST', `/api/v1/refunds/${resolved.refundId}/refunded`, { reference: 'SANDBOX-RF-1' })).statusCode).toBe(200);
    const back = await t.database.db.selectFrom('declaration').select(['status', 'paid_fen']).where('person_id', '=', ids.li!).executeTakeFirstOrThrow();
    expect(back).toEqual({ status: 'settled', paid_fen: 0 });
  });

  it('issues receipts numbered per region and year that verify publicly; the family lookup shows coverage', async () => {
    // Issued soon after each payment in the background; running the issuer again adds nothing.
    await issueReceipts(t.database.db);
    expect(await issueReceipts(t.database.db)).toBe(0);
    const receipts = await t.database.db.selectFrom('receipt').selectAll().orderBy('number').execute();
    expect(receipts.map((r) => r.number)).toEqual(['320500202700000001', '320500202700000002']);
    const r = receipts[0]!;
    const ok = await t.app.inject({ method: 'GET', url: `/api/v1/receipts/verify?number=${r.number}&code=${r.verify_code.toLowerCase()}` });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ valid: true, amountFen: 40000 });
    const bad = await t.app.inject({ method: 'GET', url: `/api/v1/receipts/verify?number=${r.number}&code=AAAAAAAA` });
    expect(bad.statusCode).toBe(404);
    const status = (await t.app.inject({ method: 'POST', url: '/api/v1/family/status', payload: { idNumber: residentId('320508', '2018-03-01', 101), name: '张小明', phoneLast4: '5678' } })).json();
    expect(status.years[0]).toMatchObject({ year: YEAR, status: 'paid', covered: true, benefitStart: '2027-01-01', benefitEnd: '2027-12-31' });
    const progress = (await agency.request('GET', `/api/v1/declarations/progress?year=${YEAR}`)).json();
    expect(progress.items.find((i: { unitName: string }) => i.unitName === '甲小学')).toMatchObject({ paid: 2, settled: 1, paidFen: 80000 });
    const own = (await b.request('GET', `/api/v1/declarations/progress?year=${YEAR}`)).json();
    expect(own.items.every((i: { unitName: string }) => i.unitName === '乙小学')).toBe(true);
    const history = (await a.request('GET', `/api/v1/persons/${ids.zhang}/declarations`)).json().items;
    expect(history[0]).toMatchObject({ year: YEAR, status: 'paid', receipt: { number: expect.stringMatching(/^3205002027/) } });
    expect((await b.request('GET', `/api/v1/persons/${ids.zhang}/declarations`)).statusCode).toBe(404);
    const lookup = (await t.app.inject({ method: 'POST', url: '/api/v1/receipts/lookup', payload: { name: '张小明', idNumber: residentId('320508', '2018-03-01', 101), phone: '13912345678' } })).json();
    expect(lookup.items).toHaveLength(1);
    const badId = await t.app.inject({ method: 'POST', url: '/api/v1/family/status', payload: { idNumber: '320508201803011010', name: '张小明', phoneLast4: '5678' } });
    expect(badId.statusCode).toBe(400);
  });

  it('a unit-total settlement is paid by the unit once; a wrong amount is an exception', async () => {
    const p = await register(b, '孙统缴', 201, '1班');
    await b.request('POST', '/api/v1/declarations', { year: YEAR, personId: p });
    await b.request('POST', '/api/v1/declarations/confirm', { year: YEAR });
    const s = (await b.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'unit_total', unitMethod: 'transfer' })).json();
    expect(s.payableFen).toBe(80000);
    expect((await b.request('POST', `/api/v1/settlements/${s.id}/payments`, { method: 'transfer', transactionId: 'T0001', amountFen: 80000, paidAt: '2026-11-23T10:00:00+08:00' })).statusCode).toBe(403);
    const wrong = (await collector.request('POST', `/api/v1/settlements/${s.id}/payments`, { method: 'transfer', transactionId: 'T0001', amountFen: 70000, paidAt: '2026-11-23T10:00:00+08:00' })).json();
    expect(wrong.result).toBe('exception');
    const right = (await collector.request('POST', `/api/v1/settlements/${s.id}/payments`, { method: 'transfer', transactionId: 'T0002', amountFen: 80000, paidAt: '2026-11-23T11:00:00+08:00' })).json();
    expect(right.result).toBe('recorded');
    const replay = (await collector.request('POST', `/api/v1/settlements/${s.id}/payments`, { method: 'transfer', transactionId: 'T0002', amountFen: 80000, paidAt: '2026-11-23T11:00:00+08:00' })).json();
    expect(replay.result).toBe('already_recorded');
    const after = (await b.request('GET', `/api/v1/settlements/${s.id}`)).json();
    expect(after).toMatchObject({ status: 'paid', paidCount: 2, paidFen: 80000 });
    // The same transfer sent again: recorded (the money arrived) as a duplicate to refund, the settlement unchanged.
    const twice = (await collector.request('POST', `/api/v1/settlements/${s.id}/payments`, { method: 'transfer', transactionId: 'T0003', amountFen: 80000, paidAt: '2026-11-23T15:00:00+08:00' })).json();
    expect(twice.result).toBe('exception');
    const item = await t.database.db.selectFrom('reconciliation_item').select(['kind', 'amount_fen', 'expected_fen']).where('payment_id', '=', twice.paymentId).executeTakeFirstOrThrow();
    expect(item).toEqual({ kind: 'duplicate', amount_fen: 80000, expected_fen: 0 });
    expect((await b.request('GET', `/api/v1/settlements/${s.id}`)).json()).toMatchObject({ status: 'paid', paidFen: 80000 });
  });
});

describe('reconciliation of a paid roster, and refunds', () => {
  async function importRoster(c: Client, csv: string) {
    const created = await c.request('POST', '/api/v1/imports', { kind: 'paid_roster', fileName: '税务已缴费名单.csv' });
    expect(created.statusCode, created.body).toBe(201);
    const jobId = created.json().job.id as string;
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/imports/${jobId}/file`, payload: Buffer.from(csv, 'utf8'), headers: { cookie: c.cookie, 'x-csrf-token': c.csrfToken, 'content-type': 'text/csv' } });
    expect(put.statusCode, put.body).toBe(200);
    await readSettled(jobId);
    const job = (await c.request('GET', `/api/v1/imports/${jobId}`)).json().job;
    const res = await c.request('POST', `/api/v1/imports/${jobId}/commit`, { allowErrors: true });
    if (res.statusCode === 202) await commitSettled(jobId);
    return { jobId, preview: job, committed: (await c.request('GET', `/api/v1/imports/${jobId}`)).json().job };
  }

  const header = '电子税票号码,姓名,证件号码,费款所属期,个人缴费金额,财政补助金额,缴费时间,缴费渠道\n';
  let duplicatePaymentId = '';

  it('a unit may not import paid rosters; the collector may', async () => {
    expect((await a.request('POST', '/api/v1/imports', { kind: 'paid_roster', fileName: 'x.csv' })).statusCode).toBe(403);
  });

  it('matches by document, year and amount; lists unmatched, mismatched, duplicate and undeclared lines', async () => {
    const li = residentId('320508', '2018-03-01', 102);
    const zhang = residentId('320508', '2018-03-01', 101);
    const stranger = residentId('320508', '2017-06-01', 555);
    const zhou = residentId('320508', '2018-03-01', 107);
    const unsettled = await register(a, '周未结算', 107, '7班');
    expect((await a.request('POST', '/api/v1/declarations', { year: YEAR, personId: unsettled })).statusCode).toBe(201);
    const outsider = residentId('320508', '2018-03-01', 999);
    await register(a, '吴未申报', 999, '9班');
    // Nothing left over from earlier payments: the receipt below must come from this import.
    await receiptsIdle();
    const csv =
      header +
      `3326110100000001,李小红,${li},2027,160.00,240.00,2026-11-22 09:15:00,银行柜面\n` +
      `3326110100000002,张小明,${zhang},2027-01-01至2027-12-31,400.00,0,2026-11-22 10:00:00,POS机\n` +
      `3326110100000003,陌生人,${stranger},2027,400.00,,2026-11-22 11:00:00,\n` +
      `3326110100000004,周未结算,${zhou},2027,380.00,,2026-11-22 12:00:00,电子税务局\n` +
      `3326110100000005,吴未申报,${outsider},2027,400.00,,2026-11-22 13:00:00,自助终端\n` +
      `3326110100000006,李小红,not-an-id,2027,abc,,2026-11-22,银行柜面\n`;
    const { preview, committed, jobId } = await importRoster(collector, csv);
    expect(preview.counts).toMatchObject({ paid: 1, duplicate: 1, unmatched: 1, not_settled: 1, not_declared: 1, error: 1 });
    expect(committed.status).toBe('committed');
    const li2 = await t.database.db.selectFrom('declaration').select(['status', 'paid_fen']).where('person_id', '=', ids_li()).executeTakeFirstOrThrow();
    expect(li2).toEqual({ status: 'paid', paid_fen: 16000 });
    // Its receipt follows in the background, as after an online payment.
    const receiptOf = async () => (await t.database.db.selectFrom('receipt').select('number').where('person_id', '=', ids_li()).executeTakeFirst())?.number ?? '';
    await expect.poll(receiptOf, { timeout: 5_000 }).toMatch(/^3205002027\d{8}$/);
    const items = (await collector.request('GET', `/api/v1/reconciliation/items?importJobId=${jobId}`)).json().items;
    expect(items.map((i: { kind: string }) => i.kind).sort()).toEqual(['duplicate', 'not_declared', 'not_declared', 'unmatched']);
    duplicatePaymentId = items.find((i: { kind: string }) => i.kind === 'duplicate').paymentId;
    // The same roster again records nothing.
    const again = await importRoster(collector, csv);
    expect(again.preview.counts).toMatchObject({ unchanged: 5, error: 1 });
    expect(Number((await t.database.db.selectFrom('payment').select((eb) => eb.fn.countAll<string>().as('n')).where('import_job_id', 'is not', null).executeTakeFirstOrThrow()).n)).toBe(5);
    const daily = (await collector.request('GET', `/api/v1/reconciliation/daily?year=${YEAR}`)).json().items;
    expect(daily.find((d: { day: string; channel: string }) => d.day === '2026-11-22' && d.channel === 'bank_counter')).toMatchObject({ count: 1, amountFen: 16000 });
  });

  it('the unit asks for the duplicate back; the agency approves; an exception is resolved with a note', async () => {
    const req = await a.request('POST', '/api/v1/refunds', { paymentId: duplicatePaymentId, reason: 'duplicate', amountFen: 40000, note: '家长在银行重复缴费' });
    expect(req.statusCode, req.body).toBe(201);
    const tooMuch = await a.request('POST', '/api/v1/refunds', { paymentId: duplicatePaymentId, reason: 'duplicate', amountFen: 1 });
    expect(tooMuch.statusCode).toBe(400);
    expect((await a.request('POST', `/api/v1/refunds/${req.json().id}/decide`, { approve: true, note: '同意' })).statusCode).toBe(403);
    const decided = (await agency.request('POST', `/api/v1/refunds/${req.json().id}/decide`, { approve: true, note: '核实为重复缴费' })).json();
    expect(decided.status).toBe('approved'); // offline channel: waits for the bank's payout
    const done = (await collector.request('POST', `/api/v1/refunds/${req.json().id}/refunded`, { reference: 'BANK-RF-001' })).json();
    expect(done).toMatchObject({ status: 'refunded', channelRefundId: 'BANK-RF-001' });
    const pay = await t.database.db.selectFrom('payment').select('refunded_fen').where('id', '=', duplicatePaymentId).executeTakeFirstOrThrow();
    expect(pay.refunded_fen).toBe(40000);
    const open = (await agency.request('GET', '/api/v1/reconciliation/items?status=open&kind=duplicate')).json().items;
    const resolved = await agency.request('POST', `/api/v1/reconciliation/items/${open[0].id}/resolve`, { resolution: 'accepted', note: '已通过退费申请处理' });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect((await agency.request('POST', `/api/v1/reconciliation/items/${open[0].id}/resolve`, { resolution: 'accepted', note: '再次' })).statusCode).toBe(409);
  });

  it('a wrongful charge paid online goes back through the wallet and voids the receipt', async () => {
    const wang = await t.database.db.selectFrom('payment').select('id').where('channel', '=', 'sandbox').where('declaration_id', '=', (await t.database.db.selectFrom('declaration').select('id').where('person_id', '=', ids_wang()).executeTakeFirstOrThrow()).id).executeTakeFirstOrThrow();
    await issueReceipts(t.database.db);
    const req = (await a.request('POST', '/api/v1/refunds', { paymentId: wang.id, reason: 'wrongful', amountFen: 40000, note: '已毕业' })).json();
    const decided = (await agency.request('POST', `/api/v1/refunds/${req.id}/decide`, { approve: true, note: '毕业生误收' })).json();
    expect(decided.status).toBe('refunded');
    expect(decided.channelRefundId).toMatch(/^SBXR/);
    const d = await t.database.db.selectFrom('declaration').select('status').where('person_id', '=', ids_wang()).executeTakeFirstOrThrow();
    expect(d.status).toBe('removed');
    const receipts = await t.database.db.selectFrom('receipt').select('voided_at').where('person_id', '=', ids_wang()).execute();
    expect(receipts.every((r) => r.voided_at !== null)).toBe(true);
  });
});

describe('pupils past their expected graduation', () => {
  it('are declared with a warning, listed in the answer and flagged on the list for checking before the confirmation', async () => {
    const G = await buildUnitWithOperator(t.database.db, { name: '庚小学' });
    const g = await login(t.app, G.operator.username, TEST_PASSWORD);
    const reg = async (name: string, serial: number, expectedGraduationYear: number) =>
      (
        await g.request('POST', '/api/v1/persons', {
          documentType: '01', documentNumber: residentId('320508', '2014-03-03', serial), name, hukouType: 'local_urban', gradeCode: '06', className: '1班', entryYear: 2020, expectedGraduationYear,
        })
      ).json().person.id as string;
    const past = await reg('应届毕业生', 601, YEAR - 1);
    const staying = await reg('在读生', 602, YEAR);
    const res = (await g.request('POST', '/api/v1/declarations/batch', { year: YEAR, mode: 'class', gradeCode: '06', className: '1班' })).json();
    expect(res.declared).toBe(2);
    expect(res.flagged).toEqual([{ personId: past, name: '应届毕业生', reason: '已过预计毕业年份' }]);
    const flagged = (await g.request('GET', `/api/v1/declarations?year=${YEAR}&flagged=true`)).json();
    expect(flagged.items.map((d: { person: { id: string } }) => d.person.id)).toEqual([past]);
    expect(flagged.items[0].leaving).toEqual({ reason: 'past_graduation', reasonName: '已过预计毕业年份' });
    expect(flagged.summary.flagged).toBe(1);
    expect((await g.request('GET', `/api/v1/declarations?year=${YEAR}`)).json().items.find((d: { person: { id: string } }) => d.person.id === staying).leaving).toBeNull();
  });
});

describe('carry-over of last year’s declared persons', () => {
  it('declares continuing enrollees without a new registration, minus leavers, with their history', async () => {
    const D = await buildUnitWithOperator(t.database.db, { name: '丁小学' });
    const d = await login(t.app, D.operator.username, TEST_PASSWORD);
    const reg = async (name: string, serial: number) => (await d.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: residentId('320508', '2015-04-04', serial), name, hukouType: 'local_urban', gradeCode: '05', className: '2班' })).json().person.id as string;
    const cont = await reg('延续生', 501);
    const grad = await reg('毕业生', 502);
    const fresh = await reg('新生', 503);
    const last = (personId: string) => ({
      region_code: '320500', insurance_year: YEAR - 1, person_id: personId, unit_id: D.unit.id, status: 'paid' as const, profile_key: 'campaign-320500-2027', profile_version: 1,
      window_kind: 'declaration' as const, path_code: 'school', category_code: 'resident', category_name: '城乡居民', parts: JSON.stringify([]), total_fen: 38000, subsidy_fen: 0,
      payable_fen: 38000, paid_fen: 38000, benefit_start: '2026-01-01', benefit_end: '2026-12-31', reasons: JSON.stringify([]), declared_on: '2025-10-01',
    });
    // Before anyone was declared last year there is nothing to carry over, and the answer says why.
    const none = (await d.request('POST', '/api/v1/declarations/batch', { year: YEAR, mode: 'carry_over' })).json();
    expect(none).toMatchObject({ declared: 0, alreadyDeclared: 0, refused: [], conflicts: [] });
    expect(none.note).toContain(`${YEAR - 1} 年度没有在本单位参保`);
    await t.database.db.insertInto('declaration').values([last(cont), last(grad)]).execute();
    await t.database.db.updateTable('person').set({ leaving_reason: 'graduated', leaving_on: '2026-07-01' }).where('id', '=', grad).execute();
    const res = (await d.request('POST', '/api/v1/declarations/batch', { year: YEAR, mode: 'carry_over' })).json();
    expect(res.declared).toBe(1);
    expect(res.refused).toEqual([expect.objectContaining({ personId: grad, reason: expect.stringContaining('毕业') })]);
    const rows = await t.database.db.selectFrom('declaration').select(['person_id', 'waiting_days']).where('insurance_year', '=', YEAR).where('unit_id', '=', D.unit.id).execute();
    expect(rows).toEqual([{ person_id: cont, waiting_days: 0 }]);
    expect(rows.some((r) => r.person_id === fresh)).toBe(false);
  });
});

describe('bank deduction: a deduction file per bank, and the bank’s result file', () => {
  it('exports the unit’s account and amount, then the result file pays the settlement once', async () => {
    const C = await buildUnitWithOperator(t.database.db, { name: '丙小学' });
    await t.database.db.updateTable('unit').set({ bank_code: BANK, bank_account_number: '6222020200012345678', bank_account_holder: '丙小学' }).where('id', '=', C.unit.id).execute();
    const c = await login(t.app, C.operator.username, TEST_PASSWORD);
    const p = await c.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: residentId('320508', '2016-02-02', 401), name: '郑代扣', hukouType: 'local_urban', gradeCode: '05', className: '1班' });
    expect(p.statusCode, p.body).toBe(201);
    await c.request('POST', '/api/v1/declarations', { year: YEAR, personId: p.json().person.id });
    await c.request('POST', '/api/v1/declarations/confirm', { year: YEAR });
    const s = (await c.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'unit_total', unitMethod: 'bank_deduction' })).json();
    expect(s.payableFen).toBe(40000);
    expect((await c.request('GET', `/api/v1/settlements/deduction-file?year=${YEAR}&bankCode=${BANK}`)).statusCode).toBe(403);
    const file = await collector.request('GET', `/api/v1/settlements/deduction-file?year=${YEAR}&bankCode=${BANK}`);
    expect(file.statusCode, file.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.worksheets[0]!.eachRow((r) => void rows.push((r.values as unknown[]).slice(1).map(String)));
    expect(rows[1]).toEqual([s.number, '丙小学', '丙小学', '6222020200012345678', '400.00', '1', `${YEAR}年度城乡居民医保费`]);

    const csv = `结算单号,扣款账号,扣款金额,扣款结果,银行流水号,扣款时间,失败原因\n${s.number},6222020200012345678,400.00,成功,B2026112200001,2026-11-22 16:00:00,\nJS3205002027-9999999,6222,100,失败,,,账户余额不足\n`;
    const created = (await collector.request('POST', '/api/v1/imports', { kind: 'deduction_result', fileName: '代扣结果.csv' })).json().job;
    await t.app.inject({ method: 'PUT', url: `/api/v1/imports/${created.id}/file`, payload: Buffer.from(csv), headers: { cookie: collector.cookie, 'x-csrf-token': collector.csrfToken, 'content-type': 'text/csv' } });
    await readSettled(created.id);
    const preview = (await collector.request('GET', `/api/v1/imports/${created.id}`)).json().job;
    expect(preview.counts).toMatchObject({ paid: 1, unmatched: 1 });
    await collector.request('POST', `/api/v1/imports/${created.id}/commit`, { allowErrors: true });
    await commitSettled(created.id);
    const after = (await c.request('GET', `/api/v1/settlements/${s.id}`)).json();
    expect(after).toMatchObject({ status: 'paid', paidCount: 1, paidFen: 40000 });
    const payments = await t.database.db.selectFrom('payment').select(['amount_fen', 'source']).where('settlement_id', '=', s.id).execute();
    expect(payments).toEqual([{ amount_fen: 40000, source: 'bank_deduction' }]);

    // The same file again records nothing; the bank deducting the paid settlement once more is money to give back.
    const importCsv = async (text: string) => {
      const job = (await collector.request('POST', '/api/v1/imports', { kind: 'deduction_result', fileName: '代扣结果.csv' })).json().job;
      await t.app.inject({ method: 'PUT', url: `/api/v1/imports/${job.id}/file`, payload: Buffer.from(text), headers: { cookie: collector.cookie, 'x-csrf-token': collector.csrfToken, 'content-type': 'text/csv' } });
      await readSettled(job.id);
      return job.id as string;
    };
    const again = await importCsv(csv);
    expect((await collector.request('GET', `/api/v1/imports/${again}`)).json().job.counts).toMatchObject({ unchanged: 1, unmatched: 1 });
    const twice = await importCsv(`结算单号,扣款账号,扣款金额,扣款结果,银行流水号,扣款时间,失败原因\n${s.number},6222020200012345678,400.00,成功,B2026112300002,2026-11-23 09:00:00,\n`);
    expect((await collector.request('GET', `/api/v1/imports/${twice}`)).json().job.counts).toEqual({ duplicate: 1 });
    await collector.request('POST', `/api/v1/imports/${twice}/commit`, {});
    await commitSettled(twice);
    const items = await t.database.db.selectFrom('reconciliation_item').select(['kind', 'amount_fen', 'detail']).where('import_job_id', '=', twice).execute();
    expect(items).toEqual([{ kind: 'duplicate', amount_fen: 40000, detail: `结算单 ${s.number} 已缴清，本次扣款重复，应退费` }]);
    expect((await c.request('GET', `/api/v1/settlements/${s.id}`)).json()).toMatchObject({ status: 'paid', paidFen: 40000 });
  });
});

describe('after the windows (the clock moves on, so this runs last)', () => {
  it('outside the windows nothing can be removed', async () => {
    const p = await register(a, '周窗口', 106, '6班');
    const d = (await a.request('POST', '/api/v1/declarations', { year: YEAR, personId: p })).json();
    t.clock.advanceMinutes(60 * 24 * 75); // 2027-02-06: after the adjustment window
    const later = await login(t.app, operatorA, TEST_PASSWORD);
    const res = await later.request('POST', `/api/v1/declarations/${d.id}/remove`, { reason: '测试' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'YEAR_CLOSED' });
    expect(res.json().error.message).toContain('关闭，不能再撤销申报');
  });
});

describe('exports read as the pages do', () => {
  const sheet = async (url: string) => {
    // A fresh session: the clock has moved on through the tests above.
    const fresh = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
    return (await readExport(await fresh.request('GET', url))).rows;
  };

  it('the payments export names every payer (a family online, a unit by name), and the declarations export names grades', async () => {
    const payments = await sheet(`/api/v1/payments/export?year=${YEAR}`);
    expect(payments.length).toBeGreaterThan(0);
    for (const r of payments) expect(r['缴费人'], JSON.stringify(r)).not.toBe('');
    expect(payments.some((r) => r['渠道'] === '线上支付（沙箱）' && r['缴费人'] !== '')).toBe(true);
    const declarations = await sheet(`/api/v1/declarations/export?year=${YEAR}`);
    expect(declarations.length).toBeGreaterThan(0);
    for (const r of declarations) expect(r['年级'], JSON.stringify(r)).not.toMatch(/^\d+$/);
    expect(declarations.some((r) => /年级|幼儿园|小学|初中|高中/.test(r['年级'] ?? ''))).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, buildUser, residentId } from '../../test/factories';
import type { SandboxProvider } from '../payments/channels/sandbox';

// Closing an insurance year (issue 15, item 1): after its adjustment window a unit changes nothing of it; the
// agency can, each change with a reason kept on its audit rows; money arriving is still recorded.
let t: TestApp;
let unit: Client;
let agency: Client;
let collector: Client;
let operatorName: string;
let agencyName: string;
let collectorName: string;
let sandbox: SandboxProvider;
const YEAR = 2027;
const KEY = `campaign-320500-${YEAR}`;
const ids: Record<string, string> = {};
let settlementId = '';
let paidSettlementToken = '';

const reasonHeader = (reason: string) => ({ 'x-change-reason': encodeURIComponent(reason) });
const days = (n: number) => t.clock.advanceMinutes(n * 24 * 60);
const today = async () => (await agency.request('GET', '/api/v1/campaign-years')).json();
async function relogin() {
  unit = await login(t.app, operatorName, TEST_PASSWORD);
  agency = await login(t.app, agencyName, TEST_PASSWORD);
  collector = await login(t.app, collectorName, TEST_PASSWORD);
}
const auditRows = () => t.database.db.selectFrom('audit_log').select(['action', 'entity_id', 'reason', 'actor_role']).orderBy('id').execute();

beforeAll(async () => {
  t = await buildTestApp();
  await buildCampaign(t.database.db, YEAR);
  const A = await buildUnitWithOperator(t.database.db, { name: '关闭小学' });
  operatorName = A.operator.username;
  agencyName = (await buildUser(t.database.db, { role: 'agency_admin' })).username;
  collectorName = (await buildUser(t.database.db, { role: 'collector' })).username;
  await relogin();
  sandbox = t.app.paymentProviders.get('sandbox') as SandboxProvider;
  for (const [i, name] of ['关一', '关二', '关三', '关四'].entries()) {
    const res = await unit.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: residentId('320508', '2017-05-01', 400 + i), name, hukouType: 'local_urban', gradeCode: '04', className: '1班' });
    expect(res.statusCode, res.body).toBe(201);
    ids[name] = res.json().person.id;
  }
  // 关一 and 关二 declared, confirmed and settled (one notice each); 关三 declared only; 关四 not declared.
  for (const name of ['关一', '关二', '关三']) {
    const d = await unit.request('POST', '/api/v1/declarations', { year: YEAR, personId: ids[name] });
    expect(d.statusCode, d.body).toBe(201);
    ids[`d:${name}`] = d.json().id;
  }
  expect((await unit.request('POST', '/api/v1/declarations/confirm', { year: YEAR, ids: [ids['d:关一'], ids['d:关二']] })).statusCode).toBe(200);
  const s = await unit.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' });
  expect(s.statusCode, s.body).toBe(201);
  settlementId = s.json().id;
  const notices = (await unit.request('GET', `/api/v1/settlements/${settlementId}/notices`)).json().items as Array<{ personName: string; token: string }>;
  paidSettlementToken = notices.find((n) => n.personName === '关一')!.token;
});
afterAll(() => t.close());

describe('the year state', () => {
  it('is open in the declaration window, adjustment only after it, closed the day after the adjustment window', async () => {
    // The clock starts on 2026-11-23; the template's windows: declaration to 2026-12-31, adjustment January 2027.
    let y = (await today()).items.find((i: { year: number }) => i.year === YEAR);
    expect(y).toMatchObject({ state: 'open', closesOn: '2027-02-01' });
    days(40); // 2027-01-02
    await relogin();
    y = (await today()).items.find((i: { year: number }) => i.year === YEAR);
    expect(y.state).toBe('adjustment');
    // In the adjustment window the unit still adjusts: 关三's declaration is removed. A reason header sent with a
    // change of a year that is not closed is not kept: only a closed year's change has one.
    const removed = await unit.request('POST', `/api/v1/declarations/${ids['d:关三']}/remove`, { reason: '核对后重新申报' }, reasonHeader('随便写的'));
    expect(removed.statusCode, removed.body).toBe(200);
    const row = await t.database.db.selectFrom('audit_log').select(['reason']).where('action', '=', 'declaration.removed').executeTakeFirstOrThrow();
    expect(row.reason).toBeNull();
    days(30); // 2027-02-01
    await relogin();
    y = (await today()).items.find((i: { year: number }) => i.year === YEAR);
    expect(y.state).toBe('closed');
  });
});

describe('a closed year', () => {
  it('refuses every change a unit tries, says why and where to go, and writes nothing', async () => {
    const before = await auditRows();
    const tries = [
      await unit.request('POST', '/api/v1/declarations', { year: YEAR, personId: ids['关四'] }),
      await unit.request('POST', '/api/v1/declarations/batch', { year: YEAR, mode: 'class', className: '1班' }),
      await unit.request('POST', '/api/v1/declarations/confirm', { year: YEAR }),
      await unit.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' }),
      await unit.request('POST', `/api/v1/settlements/${settlementId}/cancel`, { reason: '重新结算' }),
    ];
    for (const res of tries) {
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'YEAR_CLOSED', details: { year: YEAR, closedOn: '2027-02-01' } });
      expect(res.json().error.message).toMatch(/^2027 年度已于 2027-02-01 关闭，不能再.+；确需修改的，请联系医保经办机构$/);
    }
    // A reason does not open it for a unit.
    const withReason = await unit.request('POST', '/api/v1/declarations', { year: YEAR, personId: ids['关四'] }, reasonHeader('家长补办'));
    expect(withReason.json().error.code).toBe('YEAR_CLOSED');
    expect(await auditRows()).toEqual(before);
    const status = await t.database.db.selectFrom('declaration').select(['person_id', 'status']).where('person_id', '=', ids['关四']!).execute();
    expect(status).toEqual([]);
  });

  it('lets the agency change it only with a reason, kept on every audit row of the change', async () => {
    const denied = await agency.request('POST', `/api/v1/settlements/${settlementId}/cancel`, { reason: '重新结算' });
    expect(denied.statusCode).toBe(409);
    expect(denied.json().error).toMatchObject({ code: 'REASON_REQUIRED', message: '2027 年度已于 2027-02-01 关闭，作废结算单须填写原因' });

    const tooShort = await agency.request('POST', `/api/v1/declarations/batch`, { year: YEAR, mode: 'persons', personIds: [ids['关四']] }, reasonHeader(' 补 '));
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().error.message).toBe('请填写原因（至少 2 个字）');
    // A header that is no URI encoding is refused the same way, never a 500.
    const garbled = await agency.request('POST', `/api/v1/declarations/batch`, { year: YEAR, mode: 'persons', personIds: [ids['关四']] }, { 'x-change-reason': '%E4%B8' });
    expect(garbled.statusCode).toBe(400);

    const before = (await auditRows()).length;
    const reason = '经科室审批补办：家长持出生证明到窗口申请（审批单 2027-015）';
    const declared = await agency.request('POST', '/api/v1/declarations/batch', { year: YEAR, mode: 'persons', personIds: [ids['关四']] }, reasonHeader(reason));
    expect(declared.statusCode, declared.body).toBe(200);
    // The engine still decides who may be declared after the windows: the template allows late enrollment.
    expect(declared.json()).toMatchObject({ declared: 1, refused: [] });
    const after = (await auditRows()).slice(before);
    expect(after.map((r) => r.action)).toEqual(['declaration.declared']);
    for (const row of after) expect(row).toMatchObject({ reason, actor_role: 'agency_admin' });

    const profile = (await agency.request('GET', `/api/v1/profiles/${KEY}`)).json().profile;
    expect((await agency.request('PUT', `/api/v1/profiles/${KEY}`, { profile, note: '补记' })).json().error.code).toBe('REASON_REQUIRED');
    const edited = await agency.request('PUT', `/api/v1/profiles/${KEY}`, { profile, note: '补记' }, reasonHeader('更正已关闭年度方案的备注'));
    expect(edited.statusCode, edited.body).toBe(200);
    const row = await t.database.db.selectFrom('audit_log').select(['reason']).where('action', '=', 'profile.updated').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.reason).toBe('更正已关闭年度方案的备注');

    const cancelled = await agency.request('POST', `/api/v1/settlements/${settlementId}/cancel`, { reason: '结算有误，重新结算' }, reasonHeader('学校结算单人数有误，经办机构作废'));
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const cancelRows = await t.database.db.selectFrom('audit_log').select(['action', 'reason']).where('action', '=', 'settlement.cancelled').execute();
    expect(cancelRows).toEqual([{ action: 'settlement.cancelled', reason: '学校结算单人数有误，经办机构作废' }]);
    // The audit log's API shows it.
    const listed = (await agency.request('GET', '/api/v1/audit-logs?action=settlement.cancelled')).json().items;
    expect(listed[0].reason).toBe('学校结算单人数有误，经办机构作废');
  });

  it('still records money that arrives: the collector and the channel are not refused', async () => {
    // The settlement was voided above; the agency settles 关一 and 关二 again (with a reason), and a family pays.
    const again = await agency.request('POST', '/api/v1/settlements', { year: YEAR, unitId: (await t.database.db.selectFrom('unit').select('id').where('name', '=', '关闭小学').executeTakeFirstOrThrow()).id, paymentMode: 'per_person' }, reasonHeader('作废后重新结算'));
    expect(again.statusCode, again.body).toBe(201);
    const notices = (await agency.request('GET', `/api/v1/settlements/${again.json().id}/notices`)).json().items as Array<{ personName: string; token: string }>;
    const token = notices.find((n) => n.personName === '关一')!.token;
    expect(token).not.toBe(paidSettlementToken);
    const order = await t.app.inject({ method: 'POST', url: `/api/v1/pay/${token}/orders`, payload: { name: '关一', channel: 'sandbox' } });
    expect(order.statusCode, order.body).toBe(200);
    sandbox.pay(order.json().outTradeNo);
    await sandbox.settle();
    const d = await t.database.db.selectFrom('declaration').select('status').where('id', '=', ids['d:关一']!).executeTakeFirstOrThrow();
    expect(d.status).toBe('paid');
    // The family pays 关一 a second time through another order: the money is recorded, as a duplicate to resolve.
    const notice = await t.database.db.selectFrom('payment_notice').select(['id', 'amount_fen', 'region_code', 'unit_id']).where('token', '=', token).executeTakeFirstOrThrow();
    await t.database.db.insertInto('payment_order').values({ region_code: notice.region_code, notice_id: notice.id, declaration_id: ids['d:关一']!, unit_id: notice.unit_id, channel: 'sandbox', out_trade_no: 'CB-CLOSED-0002', amount_fen: notice.amount_fen }).execute();
    const body = sandbox.notificationBody({ outTradeNo: 'CB-CLOSED-0002', transactionId: 'SBX-CLOSED-0002', amountFen: notice.amount_fen, paidAt: new Date(), payerName: null });
    const notified = await t.app.inject({ method: 'POST', url: '/api/v1/payments/notify/sandbox', headers: { 'content-type': 'application/json', 'x-sandbox-signature': sandbox.sign(body) }, payload: body });
    expect(notified.statusCode, notified.body).toBe(200);
    const item = await t.database.db.selectFrom('reconciliation_item').select(['id', 'kind']).executeTakeFirstOrThrow();
    // Deciding on it is the agency's in a closed year: the collector is refused, the agency needs a reason.
    const byCollector = await collector.request('POST', `/api/v1/reconciliation/items/${item.id}/resolve`, { resolution: 'refund', note: '重复缴费退回' });
    expect(byCollector.json().error.code).toBe('YEAR_CLOSED');
    expect((await agency.request('POST', `/api/v1/reconciliation/items/${item.id}/resolve`, { resolution: 'refund', note: '重复缴费退回' })).json().error.code).toBe('REASON_REQUIRED');
    const resolved = await agency.request('POST', `/api/v1/reconciliation/items/${item.id}/resolve`, { resolution: 'refund', note: '重复缴费退回' }, reasonHeader('家长重复缴费，年度关闭后申请退回'));
    expect(resolved.statusCode, resolved.body).toBe(200);
    const rows = await t.database.db.selectFrom('audit_log').select(['action', 'reason']).where('action', 'in', ['reconciliation.resolved', 'refund.requested']).orderBy('id').execute();
    expect(rows).toEqual([
      { action: 'refund.requested', reason: '家长重复缴费，年度关闭后申请退回' },
      { action: 'reconciliation.resolved', reason: '家长重复缴费，年度关闭后申请退回' },
    ]);
    // A unit cannot ask for a refund of a closed year's payment.
    const payment = await t.database.db.selectFrom('payment').select('id').where('transaction_id', '=', 'SBX-CLOSED-0002').executeTakeFirstOrThrow();
    const asked = await unit.request('POST', '/api/v1/refunds', { paymentId: payment.id, declarationId: ids['d:关一'], reason: 'duplicate', amountFen: notice.amount_fen });
    expect(asked.json().error.code).toBe('YEAR_CLOSED');
  });
});

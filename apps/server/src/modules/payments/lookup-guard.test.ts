import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, residentId } from '../../test/factories';
import type { SandboxProvider } from './channels/sandbox';
import { lookupGuard } from './lookup-guard';
import { issueReceipts } from './receipts.service';

// The public lookups (issue 11, item 3): with a name, a birth date and a district, many addresses together found a
// child's full ID number in seconds, and the answer then showed the school, 已缴费, the amount and the receipt.
let t: TestApp;
let school: Client;
let sandbox: SandboxProvider;
const YEAR = 2027;
const child = { name: '查询童', idNumber: residentId('320508', '2018-04-04', 121), phone: '13912345678' };
let token = '';

beforeAll(async () => {
  t = await buildTestApp();
  await buildCampaign(t.database.db, YEAR);
  const A = await buildUnitWithOperator(t.database.db, { name: '查询小学' });
  school = await login(t.app, A.operator.username, TEST_PASSWORD);
  sandbox = t.app.paymentProviders.get('sandbox') as SandboxProvider;
  const p = (await school.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: child.idNumber, name: child.name, hukouType: 'local_urban', gradeCode: '03', className: '1班', guardian: { name: '家长', relation: '父母', phone: child.phone } })).json().person.id;
  const d = (await school.request('POST', '/api/v1/declarations', { year: YEAR, personId: p })).json();
  await school.request('POST', '/api/v1/declarations/confirm', { year: YEAR, ids: [d.id] });
  const s = (await school.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' })).json();
  token = (await school.request('GET', `/api/v1/settlements/${s.id}/notices`)).json().items[0].token;
  const order = (await t.app.inject({ method: 'POST', url: `/api/v1/pay/${token}/orders`, payload: { name: child.name, channel: 'sandbox' } })).json();
  sandbox.pay(order.outTradeNo);
  await sandbox.settle();
  await issueReceipts(t.database.db);
});
afterAll(() => t.close());

const status = (body: Record<string, string>, ip = '10.0.0.1') => t.app.inject({ method: 'POST', url: '/api/v1/family/status', payload: body, remoteAddress: ip });

describe('the family status lookup is no oracle for an ID number', () => {
  it('answers a right number without the phone on file exactly as a number that does not exist', async () => {
    const another = residentId('320508', '2018-04-04', 122);
    const right = await status({ idNumber: child.idNumber, name: child.name, phoneLast4: '0000' });
    const wrong = await status({ idNumber: another, name: child.name, phoneLast4: '0000' });
    expect(right.statusCode).toBe(200);
    expect(right.body).toBe(wrong.body);
    expect(right.json()).toEqual({ found: false, years: [] });
    // No secret at all: refused alike, before anything is looked up.
    const none = await status({ idNumber: child.idNumber, name: child.name });
    const noneWrong = await status({ idNumber: another, name: child.name });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toBe(noneWrong.json().error.message);
    expect(none.json().error.message).toContain('手机号码');
  });

  it('with the last four digits of the phone on file, tells the family everything, receipt included', async () => {
    const ok = (await status({ idNumber: child.idNumber, name: child.name, phoneLast4: '5678' })).json();
    expect(ok.found).toBe(true);
    expect(ok.years[0]).toMatchObject({ year: YEAR, status: 'paid', covered: true, receiptNumber: expect.stringMatching(/^3205002027/) });
  });

  it('limits lookups of one number, whoever asks from wherever', async () => {
    const target = residentId('320508', '2018-04-04', 131);
    const replies = [];
    for (let i = 0; i < 11; i++) replies.push(await status({ idNumber: target, name: '某某', phoneLast4: String(1000 + i) }, `10.1.0.${i + 1}`));
    expect(replies.slice(0, 10).every((r) => r.statusCode === 200)).toBe(true);
    expect(replies[10]!.statusCode).toBe(429);
    expect(replies[10]!.json().error.message).toBe('查询过于频繁，请稍后再试');
    // The receipt lookup counts the same number.
    const receipts = await t.app.inject({ method: 'POST', url: '/api/v1/receipts/lookup', payload: { name: '某某', idNumber: target, phone: '13912345678' }, remoteAddress: '10.2.0.1' });
    expect(receipts.statusCode).toBe(429);
  });

  it('limits lookups of the numbers of one county, across numbers', async () => {
    const guard = lookupGuard(t.database.db, 'a-test-secret-of-32-characters-0000', () => new Date('2026-11-23T02:00:00Z'), { identity: { max: 10, windowMinutes: 60 }, region: { max: 5, windowMinutes: 10 }, noticeName: { max: 10, windowMinutes: 60 } });
    for (let i = 0; i < 5; i++) await guard.identity(residentId('320509', '2018-04-04', 200 + i));
    await expect(guard.identity(residentId('320509', '2018-04-04', 300))).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    // Another county is counted apart.
    await expect(guard.identity(residentId('320506', '2018-04-04', 300))).resolves.toBeUndefined();
  });
});

describe('the pay page’s name check', () => {
  it('after ten wrong names the notice refuses every name for an hour, the right one included', async () => {
    for (let i = 0; i < 10; i++) {
      const r = await t.app.inject({ method: 'POST', url: `/api/v1/pay/${token}/details`, payload: { name: `猜名${'甲乙丙丁戊己庚辛壬癸'[i]}` }, remoteAddress: `10.3.0.${i + 1}` });
      expect(r.statusCode).toBe(400);
    }
    const right = await t.app.inject({ method: 'POST', url: `/api/v1/pay/${token}/details`, payload: { name: child.name }, remoteAddress: '10.3.1.1' });
    expect(right.statusCode).toBe(429);
    expect(right.json().error.message).toContain('姓名核对错误次数过多');
    const order = await t.app.inject({ method: 'POST', url: `/api/v1/pay/${token}/orders`, payload: { name: child.name, channel: 'sandbox' }, remoteAddress: '10.3.1.2' });
    expect(order.statusCode).toBe(429);
    t.clock.advanceMinutes(61);
    const later = await t.app.inject({ method: 'POST', url: `/api/v1/pay/${token}/details`, payload: { name: child.name }, remoteAddress: '10.3.1.3' });
    expect(later.statusCode).toBe(200);
  });
});

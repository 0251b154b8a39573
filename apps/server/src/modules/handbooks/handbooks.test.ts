import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, residentId } from '../../test/factories';
import type { SandboxProvider } from '../payments/channels/sandbox';
import { issueReceipts, receiptsIdle } from '../payments/receipts.service';

// 就诊信息表 and 医疗保险手册 (issue 15, item 7): the paid, the elderly first, then the urgent, in batches.
let t: TestApp;
let office: Client;
let other: Client;
const YEAR = 2027;
const ids: Record<string, string> = {};
const docs: Record<string, string> = {};

beforeAll(async () => {
  t = await buildTestApp();
  await buildCampaign(t.database.db, YEAR);
  const A = await buildUnitWithOperator(t.database.db, { name: '手册社区' });
  const B = await buildUnitWithOperator(t.database.db, { name: '别的社区' });
  office = await login(t.app, A.operator.username, TEST_PASSWORD);
  other = await login(t.app, B.operator.username, TEST_PASSWORD);
  const sandbox = t.app.paymentProviders.get('sandbox') as SandboxProvider;
  const people: Array<[string, string]> = [
    ['甲孩子', '2016-05-01'],
    ['乙老人', '1950-03-01'],
    ['丙急需', '2017-07-01'],
    ['丁未缴', '2015-01-01'],
  ];
  for (const [i, [name, birth]] of people.entries()) {
    docs[name] = residentId('320508', birth, 700 + i);
    const p = await office.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: docs[name], name, hukouType: 'local_urban', designatedInstitutions: ['苏州市立医院', '姑苏区社区卫生服务中心'] });
    expect(p.statusCode, p.body).toBe(201);
    ids[name] = p.json().person.id;
    const d = await office.request('POST', '/api/v1/declarations', { year: YEAR, personId: ids[name] });
    expect(d.statusCode, d.body).toBe(201);
  }
  await office.request('POST', '/api/v1/declarations/confirm', { year: YEAR });
  const s = await office.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' });
  expect(s.statusCode, s.body).toBe(201);
  const notices = (await office.request('GET', `/api/v1/settlements/${s.json().id}/notices`)).json().items as Array<{ personName: string; token: string }>;
  for (const name of ['甲孩子', '乙老人', '丙急需']) {
    const order = await t.app.inject({ method: 'POST', url: `/api/v1/pay/${notices.find((n) => n.personName === name)!.token}/orders`, payload: { name, channel: 'sandbox' } });
    expect(order.statusCode, order.body).toBe(200);
    sandbox.pay(order.json().outTradeNo);
  }
  await sandbox.settle();
  await receiptsIdle();
  await issueReceipts(t.database.db);
});
afterAll(() => t.close());

const queue = async (c: Client, q = '') => (await c.request('GET', `/api/v1/handbooks?year=${YEAR}${q}`)).json();

describe('the print queue', () => {
  it('holds the paid only, the elderly first; a person marked urgent comes next', async () => {
    const before = await queue(office);
    expect(before.items.map((i: { name: string }) => i.name)[0]).toBe('乙老人');
    expect(before.items[0]).toMatchObject({ name: '乙老人', priority: 'elderly', priorityName: '老年人优先', printedCount: 0 });
    expect(before.counts).toEqual({ paid: 3, pending: 3, elderly: 1, urgent: 0 });

    const marked = await office.request('PUT', `/api/v1/persons/${ids['丙急需']}/handbook-urgent`, { year: YEAR, urgent: true, note: '住院治疗' });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toMatchObject({ priority: 'urgent', priorityName: '急需就医优先', urgentNote: '住院治疗' });
    expect((await queue(office)).items.map((i: { name: string }) => i.name)).toEqual(['乙老人', '丙急需', '甲孩子']);

    const unpaid = await office.request('PUT', `/api/v1/persons/${ids['丁未缴']}/handbook-urgent`, { year: YEAR, urgent: true });
    expect(unpaid.statusCode).toBe(409);
    expect(unpaid.json().error.message).toBe('丁未缴 的 2027 年度尚未缴费，缴费后才能打印就诊信息表和医疗保险手册');
    expect((await other.request('PUT', `/api/v1/persons/${ids['丙急需']}/handbook-urgent`, { year: YEAR, urgent: false })).statusCode).toBe(404);
    expect((await queue(other)).total).toBe(0);
  });
});

describe('printing in batches', () => {
  it('prints the next batch in order with the full number and the hospitals, counts it, and says what remains', async () => {
    const first = await office.request('POST', '/api/v1/handbooks/print', { year: YEAR, batchSize: 2 });
    expect(first.statusCode, first.body).toBe(200);
    const batch = first.json();
    expect(batch.sheets.map((s: { name: string }) => s.name)).toEqual(['乙老人', '丙急需']);
    expect(batch.sheets[0]).toMatchObject({ documentNumber: docs['乙老人'], designatedInstitutions: ['苏州市立医院', '姑苏区社区卫生服务中心'], printedCount: 1, benefitStart: `${YEAR}-01-01` });
    // Each sheet carries the person's own receipt.
    const numbers = batch.sheets.map((s: { receiptNumber: string | null }) => s.receiptNumber);
    expect(numbers.every((n: string | null) => typeof n === 'string')).toBe(true);
    expect(new Set(numbers).size).toBe(2);
    expect(batch.remaining).toBe(1);

    const second = (await office.request('POST', '/api/v1/handbooks/print', { year: YEAR, batchSize: 2 })).json();
    expect(second.sheets.map((s: { name: string }) => s.name)).toEqual(['甲孩子']);
    expect(second.remaining).toBe(0);
    const none = await office.request('POST', '/api/v1/handbooks/print', { year: YEAR });
    expect(none.statusCode).toBe(409);
    expect(none.json().error.message).toBe('没有待打印的人员：当年已缴费的人员都已打印');

    const again = (await office.request('POST', '/api/v1/handbooks/print', { year: YEAR, personIds: [ids['甲孩子']] })).json();
    expect(again.sheets[0]).toMatchObject({ name: '甲孩子', printedCount: 2 });
    const refused = await office.request('POST', '/api/v1/handbooks/print', { year: YEAR, personIds: [ids['丁未缴']] });
    expect(refused.statusCode).toBe(409);
    expect((await other.request('POST', '/api/v1/handbooks/print', { year: YEAR, personIds: [ids['甲孩子']] })).statusCode).toBe(409);

    const q = await queue(office);
    expect(q.counts).toMatchObject({ paid: 3, pending: 0 });
    expect(q.items.find((i: { name: string }) => i.name === '甲孩子').printedCount).toBe(2);
    const audited = await t.database.db.selectFrom('audit_log').select('after').where('action', '=', 'handbook.printed').orderBy('id').execute();
    expect(audited.map((a) => (a.after as { persons: number }).persons)).toEqual([2, 1, 1]);
    expect(JSON.stringify(audited)).not.toContain(docs['乙老人']);
  });
});

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, buildUser, residentId } from '../../test/factories';
import type { SandboxProvider } from '../payments/channels/sandbox';

// 报送 (issue 15, item 2): the rosters to the centre, masked unless the agency gives a reason.
let t: TestApp;
let school: Client;
let other: Client;
let agency: Client;
let unitId: string;
const YEAR = 2027;
const docs: string[] = [];

beforeAll(async () => {
  t = await buildTestApp();
  await buildCampaign(t.database.db, YEAR);
  const A = await buildUnitWithOperator(t.database.db, { name: '报送小学' });
  const B = await buildUnitWithOperator(t.database.db, { name: '别的小学' });
  unitId = A.unit.id;
  school = await login(t.app, A.operator.username, TEST_PASSWORD);
  other = await login(t.app, B.operator.username, TEST_PASSWORD);
  agency = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
  const ids: string[] = [];
  for (const [i, name] of ['报送甲', '报送乙', '报送丙'].entries()) {
    docs.push(residentId('320508', '2018-06-01', 300 + i));
    const p = await school.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: docs[i], name, hukouType: 'local_urban', gradeCode: '03', className: '2班' });
    expect(p.statusCode, p.body).toBe(201);
    ids.push(p.json().person.id);
  }
  const e = await school.request('POST', `/api/v1/persons/${ids[2]}/exemptions`, { categoryCode: 'dibao', certifyingDepartment: '姑苏区民政局', certificateName: '低保证', certificateNumber: 'DB2026-0042', validFrom: '2026-01-01', source: 'document' });
  expect(e.statusCode, e.body).toBe(201);
  const declared: string[] = [];
  for (const personId of ids) declared.push((await school.request('POST', '/api/v1/declarations', { year: YEAR, personId })).json().id);
  // 报送甲 pays online.
  await school.request('POST', '/api/v1/declarations/confirm', { year: YEAR, ids: [declared[0]] });
  const s = await school.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' });
  const notice = (await school.request('GET', `/api/v1/settlements/${s.json().id}/notices`)).json().items[0] as { token: string };
  const order = await t.app.inject({ method: 'POST', url: `/api/v1/pay/${notice.token}/orders`, payload: { name: '报送甲', channel: 'sandbox' } });
  const sandbox = t.app.paymentProviders.get('sandbox') as SandboxProvider;
  sandbox.pay(order.json().outTradeNo);
  await sandbox.settle();
});
afterAll(() => t.close());

async function workbook(c: Client, url: string) {
  const res = await c.request('GET', url);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
}
const rowsOf = (ws: ExcelJS.Worksheet) => {
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const out: Array<Record<string, string>> = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const v = (row.values as unknown[]).slice(1);
    out.push(Object.fromEntries(header.map((h, i) => [h, v[i] === undefined || v[i] === null ? '' : String(v[i])])));
  });
  return out;
};
const notes = (wb: ExcelJS.Workbook) => Object.fromEntries(rowsOf(wb.getWorksheet('导出说明')!).map((r) => [r['项目'], r['内容']]));

describe('参保人员花名册', () => {
  it('lists every declared person of the unit with category, fee parts, subsidy, payment and channel; numbers masked', async () => {
    const wb = await workbook(school, `/api/v1/rosters/insured/export?year=${YEAR}`);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['参保人员花名册', '导出说明']);
    const rows = rowsOf(wb.getWorksheet('参保人员花名册')!);
    expect(rows.map((r) => r['姓名']).sort()).toEqual(['报送丙', '报送乙', '报送甲']);
    const paid = rows.find((r) => r['姓名'] === '报送甲')!;
    expect(paid).toMatchObject({ 单位: '报送小学', 年级: '小学三年级', 班级: '2班', 缴费状态: '已缴费' });
    expect(paid['缴费渠道']).not.toBe('');
    expect(paid['已缴（元）']).toBe(paid['个人应缴（元）']);
    expect(paid['基本医疗保险费（元）']).toMatch(/^\d+\.\d{2}$/);
    const exempt = rows.find((r) => r['姓名'] === '报送丙')!;
    expect(exempt['资助减免类别']).not.toBe('');
    expect(Number(exempt['减免金额（元）'])).toBeGreaterThan(0);
    for (const r of rows) expect(r['证件号码']).toMatch(/\*/);
    expect(notes(wb)).toMatchObject({ 名册: '参保人员花名册', 范围: '报送小学', 证件号码: '已脱敏', 导出账号: expect.any(String), 导出时间: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/) });
    // Another school's roster holds none of them.
    expect(rowsOf((await workbook(other, `/api/v1/rosters/insured/export?year=${YEAR}&unitId=${unitId}`)).getWorksheet('参保人员花名册')!)).toEqual([]);
  });

  it('gives full numbers only to the agency, only with a reason, audited and printed in the file', async () => {
    const unitTry = await school.request('GET', `/api/v1/rosters/insured/export?year=${YEAR}&fullIds=true&reason=${encodeURIComponent('报送中心')}`);
    expect(unitTry.statusCode).toBe(403);
    expect(unitTry.json().error.message).toBe('完整证件号码仅限经办机构导出');
    const noReason = await agency.request('GET', `/api/v1/rosters/insured/export?year=${YEAR}&unitId=${unitId}&fullIds=true`);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toBe('导出完整证件号码须说明原因');
    const wb = await workbook(agency, `/api/v1/rosters/insured/export?year=${YEAR}&unitId=${unitId}&fullIds=true&reason=${encodeURIComponent('报送市医保中心')}`);
    expect(rowsOf(wb.getWorksheet('参保人员花名册')!).map((r) => r['证件号码']).sort()).toEqual([...docs].sort());
    expect(notes(wb)['证件号码']).toBe('完整号码（原因：报送市医保中心）');
    const row = await t.database.db.selectFrom('audit_log').select(['after', 'actor_username']).where('action', '=', 'roster.exported').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(row.after).toMatchObject({ kind: 'insured', fullIds: true, reason: '报送市医保中心', rows: 3 + 6 });
    expect(notes(wb)['导出账号']).toBe(row.actor_username);
  });
});

describe('减免人员信息汇总表', () => {
  it('lists the exempt with category, certificate and validity, and totals by category', async () => {
    const wb = await workbook(agency, `/api/v1/rosters/exempt/export?year=${YEAR}`);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['减免人员', '按类别合计', '导出说明']);
    const rows = rowsOf(wb.getWorksheet('减免人员')!);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ 姓名: '报送丙', 认定部门: '姑苏区民政局', 证件名称: '低保证', 证件编号: 'DB2026-0042', 有效期: '2026-01-01 至 长期' });
    const totals = rowsOf(wb.getWorksheet('按类别合计')!);
    expect(totals.at(-1)).toMatchObject({ 减免类别: '合计', 人数: '1', '减免金额合计（元）': rows[0]!['减免金额（元）'] });
    expect(notes(wb)['范围']).toBe('全统筹区');
  });
});

describe('户籍迁入人员参保登记表', () => {
  it('lists the declared with an inflow record: from where and when; a unit sees its own only', async () => {
    const doc = residentId('320508', '2017-09-01', 399);
    const p = await other.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: doc, name: '迁入丁', hukouType: 'local_urban', gradeCode: '04', className: '1班', inflow: { from: '安徽省阜阳市颍州区', on: '2025-03-15' } });
    expect(p.statusCode, p.body).toBe(201);
    expect(p.json().person.inflow).toEqual({ from: '安徽省阜阳市颍州区', on: '2025-03-15' });
    expect((await other.request('POST', '/api/v1/declarations', { year: YEAR, personId: p.json().person.id })).statusCode).toBe(201);
    const future = await other.request('PATCH', `/api/v1/persons/${p.json().person.id}`, { inflow: { from: '安徽省阜阳市', on: '2099-01-01' } });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.details[0]).toMatchObject({ path: 'inflow.on', message: '迁入日期不能晚于今天' });

    const wb = await workbook(agency, `/api/v1/rosters/inflow/export?year=${YEAR}`);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['户籍迁入人员', '导出说明']);
    const rows = rowsOf(wb.getWorksheet('户籍迁入人员')!);
    expect(rows).toEqual([expect.objectContaining({ 单位: '别的小学', 姓名: '迁入丁', 迁入前户籍地: '安徽省阜阳市颍州区', 迁入日期: '2025-03-15', 缴费状态: '已申报' })]);
    expect(rows[0]!['证件号码']).toMatch(/\*/);
    expect(notes(wb)['名册']).toBe('户籍迁入人员参保登记表');
    expect(rowsOf((await workbook(school, `/api/v1/rosters/inflow/export?year=${YEAR}`)).getWorksheet('户籍迁入人员')!)).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, buildUnitWithOperator, buildUser } from '../../test/factories';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { readExport } from '../../test/xlsx';

let t: TestApp;
let admin: Client;
let a: Client;
let unitA: string;

const USCC = '91350100M000100Y43';
const HEADERS = ['单位名称', '类别', '所属区县', '街道（乡镇）', '统一社会信用代码', '社会保险登记证号', '组织机构代码', '学校代码', '联系人', '联系电话', '地址', '扣款银行', '银行账号', '账户名'];


beforeAll(async () => {
  t = await buildTestApp();
  admin = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
  const created = await admin.request('POST', '/api/v1/units', {
    name: '苏州市姑苏区平江实验学校',
    kind: 'primary',
    districtCode: '320508',
    streetCode: '320508018',
    uscc: USCC,
    schoolCode: '2132050001',
    contactName: '周老师',
    contactPhone: '13912345678',
    address: '姑苏区白塔东路 1 号',
    bank: { code: 'icbc', accountNumber: '1102020109001234567', holder: '苏州市姑苏区平江实验学校' },
  });
  expect(created.statusCode, created.body).toBe(201);
  const kinder = await admin.request('POST', '/api/v1/units', { name: '苏州市姑苏区平江幼儿园', kind: 'kindergarten', districtCode: '320508' });
  expect(kinder.statusCode, kinder.body).toBe(201);
  const A = await buildUnitWithOperator(t.database.db, { name: '甲小学' });
  unitA = A.unit.id;
  a = await login(t.app, A.operator.username, TEST_PASSWORD);
});
afterAll(() => t.close());

describe('[UNITS] export to xlsx', () => {
  it('exports the filtered list with readable values, contact phone and account masked even for the agency', async () => {
    const res = await admin.request('GET', `/api/v1/units/export?q=${encodeURIComponent('平江')}&kind=primary`);
    expect(res.headers['content-type']).toContain('spreadsheetml.sheet');
    expect(String(res.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent('参保单位_2026-11-23.xlsx')}`);
    const sheet = await readExport(res);
    expect(sheet.headers).toEqual(HEADERS);
    expect(sheet.rows).toEqual([
      {
        单位名称: '苏州市姑苏区平江实验学校',
        类别: '小学',
        所属区县: '姑苏区',
        '街道（乡镇）': expect.stringMatching(/街道|镇/),
        统一社会信用代码: USCC,
        社会保险登记证号: '',
        组织机构代码: '',
        学校代码: '2132050001',
        联系人: '周老师',
        联系电话: '139****5678',
        地址: '姑苏区白塔东路 1 号',
        扣款银行: '工商银行',
        银行账号: '***************4567',
        账户名: '苏州市姑苏区平江实验学校',
      },
    ]);
    expect(sheet.ws.getRow(1).font?.bold).toBe(true);
    expect(sheet.ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    const kinds = await readExport(await admin.request('GET', '/api/v1/units/export?kind=kindergarten'));
    expect(kinds.rows.map((r) => r['单位名称'])).toEqual(['苏州市姑苏区平江幼儿园']);
    const all = await readExport(await admin.request('GET', '/api/v1/units/export?districtCode=320508'));
    expect(all.rows.length).toBeGreaterThanOrEqual(2);
  });

  it('a unit operator exports its own unit only', async () => {
    const sheet = await readExport(await a.request('GET', '/api/v1/units/export'));
    expect(sheet.rows.map((r) => r['单位名称'])).toEqual(['甲小学']);
    expect((await readExport(await a.request('GET', `/api/v1/units/export?q=${encodeURIComponent('平江')}`))).rows).toHaveLength(0);
  });

  it('writes an audit row with the filter and the row count', async () => {
    const res = await a.request('GET', '/api/v1/units/export?kind=primary');
    await readExport(res);
    const row = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'unit.exported')
      .where('request_id', '=', String(res.headers['x-request-id']))
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ entity_type: 'unit', unit_id: unitA });
    expect(row.after).toEqual({ filter: { kind: 'primary' }, rows: 1, complete: true });
  });

  it('needs a session and a valid filter', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/units/export' })).statusCode).toBe(401);
    expect((await admin.request('GET', '/api/v1/units/export?kind=castle')).statusCode).toBe(400);
  });
});

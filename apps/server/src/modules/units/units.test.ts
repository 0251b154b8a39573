import { computeOrganisationCodeCheckChar, computeUsccCheckChar } from '@canbao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, buildUnitWithOperator, buildUser } from '../../test/factories';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';

/** A 2019 profile belongs to a closed year: changing it needs the agency's reason (issue 15, item 1). */
const PAST_YEAR = { 'x-change-reason': encodeURIComponent('更正历年政策方案（测试）') };

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
});
afterAll(() => t.close());

// A real published code that passes GB 32100 (from the identity tests).
const USCC = '91350100M000100Y43';

describe('[UNITS] administration', () => {
  it('creates a school with codes, district and street from the division data, and a bank account', async () => {
    const res = await admin.request('POST', '/api/v1/units', {
      name: '苏州市姑苏区平江实验学校',
      kind: 'primary',
      districtCode: '320508',
      streetCode: '320508018',
      uscc: USCC.toLowerCase(),
      schoolCode: '2132050001',
      organisationCode: 'M000100Y4',
      contactName: '周老师',
      contactPhone: '0512-65123456',
      address: '姑苏区白塔东路 1 号',
      bank: { code: 'icbc', accountNumber: '1102 0201 0900 1234 567', holder: '苏州市姑苏区平江实验学校' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().unit).toMatchObject({
      districtName: '姑苏区',
      streetCode: '320508018',
      uscc: USCC,
      bank: { code: 'icbc', name: '工商银行', accountNumber: '1102020109001234567' },
      contactPhone: '0512-65123456',
    });
    // Suzhou has no naming rule: no other city's (Beijing's 学生儿童医保) is offered.
    expect(res.json().unit.nameChecks).toEqual([]);
    // One masking rule for lists: even the agency's list masks the phone and the account, as the export does;
    // the unit's own page shows them in full to the agency.
    const listed = (await admin.request('GET', `/api/v1/units?q=${encodeURIComponent('平江实验学校')}`)).json().items[0];
    expect(listed.contactPhone).toMatch(/\*{4}/);
    expect(listed.bank.accountNumber).toMatch(/^\*+4567$/);
    const detail = (await admin.request('GET', `/api/v1/units/${res.json().unit.id}`)).json().unit;
    expect(detail).toMatchObject({ contactPhone: '0512-65123456', bank: { accountNumber: '1102020109001234567' } });
  });

  it('naming advice comes from the region’s own profile: once the agency adds a rule, its units are checked against it', async () => {
    const created = await admin.request('POST', '/api/v1/units', { name: '苏州市姑苏区命名测试小学', kind: 'primary', districtCode: '320508' });
    expect(created.statusCode).toBe(201);
    const { profile } = (await admin.request('GET', '/api/v1/profiles/suzhou-2019')).json();
    const saved = await admin.request('PUT', '/api/v1/profiles/suzhou-2019', {
      profile: { ...profile, unitNaming: { schoolSuffix: '学生医保', source: { notice: '000', section: '单位登记' } } },
      note: '单位命名规则',
    }, PAST_YEAR);
    expect(saved.statusCode, saved.body).toBe(200);
    const unit = (await admin.request('GET', `/api/v1/units/${created.json().unit.id}`)).json().unit;
    expect(unit.nameChecks).toEqual([{ rule: 'naming.school_suffix', ok: false, message: '本市命名规则：学校与托幼机构名称后应加“学生医保”' }]);
  });

  it('explains wrong codes and places in Chinese, naming the field', async () => {
    const base = { name: '测试学校一', kind: 'primary', districtCode: '320508' };
    const cases: Array<[object, string, RegExp]> = [
      [{ uscc: '91350100M000100Y44' }, 'uscc', /校验/],
      [{ districtCode: '110101' }, 'districtCode', /不是本统筹区的区县/],
      [{ streetCode: '320506001' }, 'streetCode', /不属于所选区县/],
      [{ schoolCode: '12345' }, 'schoolCode', /10 位数字/],
      [{ contactPhone: '12345' }, 'contactPhone', /./],
      [{ bank: { code: 'icbc', accountNumber: 'abc', holder: '甲' } }, 'bank.accountNumber', /8–32 位数字/],
    ];
    for (const [patch, path, message] of cases) {
      const res = await admin.request('POST', '/api/v1/units', { ...base, ...patch });
      expect(res.statusCode, path).toBe(400);
      expect(res.json().error.details[0].path, path).toBe(path);
      expect(res.json().error.message, path).toMatch(message);
    }
    const bank = await admin.request('POST', '/api/v1/units', { ...base, bank: { code: 'hsbc', accountNumber: '12345678', holder: '甲' } });
    expect(bank.statusCode).toBe(400);
    expect(bank.json().error.message).toMatch(/可划扣医保费的银行名单/);
  });

  it('refuses a duplicate name or USCC naming the holder', async () => {
    const org = `MA1M9L3X${computeOrganisationCodeCheckChar('MA1M9L3X')}`;
    const first17 = `52320500${org}`;
    const uscc = first17 + computeUsccCheckChar(first17);
    const created = await admin.request('POST', '/api/v1/units', { name: '重名学校', kind: 'middle', districtCode: '320506', uscc });
    expect(created.statusCode).toBe(201);
    const sameName = await admin.request('POST', '/api/v1/units', { name: '重名学校', kind: 'middle', districtCode: '320506' });
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json().error.message).toBe('本统筹区已有同名单位“重名学校”');
    const sameCode = await admin.request('POST', '/api/v1/units', { name: '另一所学校', kind: 'middle', districtCode: '320506', uscc });
    expect(sameCode.statusCode).toBe(409);
    expect(sameCode.json().error.message).toBe('统一社会信用代码已被“重名学校”使用');
  });

  it('a unit operator edits its own contact data only', async () => {
    const { unit, operator } = await buildUnitWithOperator(t.database.db);
    const c = await login(t.app, operator.username, TEST_PASSWORD);
    const ok = await c.request('PATCH', `/api/v1/units/${unit.id}`, { contactName: '新联系人', contactPhone: '13700001111' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().unit).toMatchObject({ contactName: '新联系人', contactPhone: '13700001111' });
    const denied = await c.request('PATCH', `/api/v1/units/${unit.id}`, { name: '改名' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.message).toMatch(/由经办机构维护/);
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'unit.updated').where('entity_id', '=', unit.id).executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ contactName: '新联系人', contactPhone: '137****1111' });
  });

  it('collectors see contact phones and bank accounts masked', async () => {
    const { unit } = await buildUnitWithOperator(t.database.db);
    await admin.request('PATCH', `/api/v1/units/${unit.id}`, { bank: { code: 'boc', accountNumber: '6216610100001234567', holder: '甲' } });
    const collector = await login(t.app, (await buildUser(t.database.db, { role: 'collector' })).username, TEST_PASSWORD);
    const seen = (await collector.request('GET', `/api/v1/units/${unit.id}`)).json().unit;
    expect(seen.contactPhone).toBe('138****1111');
    expect(seen.bank.accountNumber).toBe('***************4567');
  });
});

describe('[UNITS] coordinators', () => {
  it('keeps history when a coordinator is replaced or removed', async () => {
    const { unit, operator } = await buildUnitWithOperator(t.database.db);
    const c = await login(t.app, operator.username, TEST_PASSWORD);
    const first = (await c.request('POST', `/api/v1/units/${unit.id}/coordinators`, { name: '刘协管', gender: 'female', department: '教务处', title: '主任', officePhone: '0512-65001234', mobile: '13911112222' })).json();
    expect(first).toMatchObject({ name: '刘协管', validTo: null });
    const second = await c.request('PUT', `/api/v1/units/${unit.id}/coordinators/${first.id}`, { name: '刘协管', mobile: '13933334444' });
    expect(second.statusCode).toBe(200);
    const current = (await c.request('GET', `/api/v1/units/${unit.id}/coordinators`)).json().items;
    expect(current).toHaveLength(1);
    expect(current[0].mobile).toBe('13933334444');
    const all = (await c.request('GET', `/api/v1/units/${unit.id}/coordinators?history=true`)).json().items;
    expect(all).toHaveLength(2);
    expect(all.find((x: { id: string }) => x.id === first.id).validTo).not.toBeNull();
    expect((await c.request('DELETE', `/api/v1/units/${unit.id}/coordinators/${second.json().id}`)).statusCode).toBe(204);
    expect((await c.request('GET', `/api/v1/units/${unit.id}/coordinators`)).json().items).toHaveLength(0);
    const bad = await c.request('POST', `/api/v1/units/${unit.id}/coordinators`, { name: '甲', mobile: '0512-65001234' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('请填写手机号码');
  });
});

describe('[DIVISIONS] reference data', () => {
  it('lists provinces, a city’s districts and a district’s streets, with the path of a street', async () => {
    const provinces = (await t.app.inject({ method: 'GET', url: '/api/v1/divisions' })).json().items;
    expect(provinces.length).toBeGreaterThanOrEqual(34);
    expect(provinces).toContainEqual({ code: '320000', name: '江苏省', level: 'province', parentCode: null });
    const districts = (await t.app.inject({ method: 'GET', url: '/api/v1/divisions?parent=320500' })).json().items;
    expect(districts.map((d: { name: string }) => d.name)).toEqual(expect.arrayContaining(['姑苏区', '吴中区', '相城区', '虎丘区']));
    const streets = (await t.app.inject({ method: 'GET', url: '/api/v1/divisions?parent=320508' })).json().items;
    expect(streets.length).toBeGreaterThan(5);
    const path = (await t.app.inject({ method: 'GET', url: `/api/v1/divisions/${streets[0].code}` })).json().path;
    expect(path.map((p: { level: string }) => p.level)).toEqual(['province', 'city', 'district', 'street']);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/divisions/999999' })).statusCode).toBe(404);
  });
});

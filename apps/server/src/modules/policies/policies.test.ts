import { READY_PROFILES, computeResidentIdCheckChar } from '@canbao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, buildUnitWithOperator, buildUser } from '../../test/factories';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';

/** A 2019 profile belongs to a closed year: changing it needs the agency's reason (issue 15, item 1). */
const PAST_YEAR = { 'x-change-reason': encodeURIComponent('更正历年政策方案（测试）') };

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin', regionCode: '320500' })).username, TEST_PASSWORD);
});
afterAll(() => t.close());

const id = (first17: string) => first17 + computeResidentIdCheckChar(first17);
let quoteIp = 0;
const feeQuote = (body: object) =>
  t.app.inject({ method: 'POST', url: '/api/v1/fee-quotes', payload: body, remoteAddress: `10.50.0.${++quoteIp % 250}` });

describe('[POLICY] profiles', () => {
  it('lists every ready profile with categories, windows and exemption categories', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/profiles' });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ id: string; categories: unknown[]; exemptions: Array<{ code: string; name: string }> }>;
    expect(items.map((p) => p.id).sort()).toEqual(READY_PROFILES.map((p) => p.id).sort());
    const suzhou = res.json().items.find((p: { id: string }) => p.id === 'suzhou-2019');
    expect(suzhou).toMatchObject({
      regionCode: '320500',
      insuranceYear: 2019,
      version: 1,
      declarationWindow: { start: '2018-09-01', end: '2018-11-20' },
      adjustmentWindow: { start: '2018-11-21', end: '2018-11-30' },
      benefitPeriod: { start: '2019-01-01', end: '2019-12-31' },
    });
    expect(suzhou.categories[0]).toMatchObject({ totalFen: 19000, total: '190.00 元' });
    expect(suzhou.exemptions.map((e: { name: string }) => e.name)).toContain('低保人员');
    // Only the regions this deployment runs are its own; the other notices are there for reference.
    const served = Object.fromEntries(items.map((p) => [p.id, (p as unknown as { served: boolean }).served]));
    expect(served).toMatchObject({ 'suzhou-2019': true, 'nantong-2021': false, 'beijing-2007': false, 'template-2025': false });
  });

  it('shows one profile with its full text and versions; an unknown one is 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/profiles/nantong-2021' });
    expect(res.statusCode).toBe(200);
    expect(res.json().profile.id).toBe('nantong-2021');
    expect(res.json().versions).toHaveLength(1);
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/profiles/atlantis-2020' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe('政策方案“atlantis-2020”不存在');
  });
});

describe('[POLICY] public fee quote', () => {
  it('quotes Suzhou 2019: 190 yuan incl. 20 critical illness, in the declaration window', async () => {
    const res = await feeQuote({ profile: 'suzhou-2019', idNumber: id('32050820100301123'), inSchool: true, schoolLevel: 'primary', hukouType: 'local_urban', applyDate: '2018-11-20' });
    expect(res.statusCode).toBe(200);
    const q = res.json();
    expect(q).toMatchObject({ year: 2019, totalFen: 19000, subsidyFen: 0, payableFen: 19000, window: 'declaration', allowed: true, benefitStart: '2019-01-01', benefitEnd: '2019-12-31', waitingDays: 0 });
    expect(q.parts).toEqual([
      { code: 'basic', name: expect.any(String), amountFen: 17000 },
      { code: 'critical_illness', name: expect.any(String), amountFen: 2000 },
    ]);
    expect(q.category).toEqual({ code: expect.any(String), name: expect.any(String) });
    expect(q.reasons.length).toBeGreaterThan(0);
    for (const r of q.reasons) expect(r.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('an in-school quote without "schoolLevel" (optional, as the API has always said): where levels price differently it quotes each', async () => {
    const res = await feeQuote({ profile: 'suzhou-2019', idNumber: id('32050820100301123'), inSchool: true, hukouType: 'local_urban', applyDate: '2018-11-20' });
    expect(res.statusCode).toBe(200);
    const q = res.json();
    // The answer is the pupils' quote; university students, priced apart, are listed beside it.
    expect(q).toMatchObject({ year: 2019, totalFen: 19000, payableFen: 19000, allowed: true });
    expect(q.reasons[0].message).toContain('未填写学段');
    expect(q.byLevel.map((g: { schoolLevels: string[] }) => g.schoolLevels)).toEqual([['kindergarten', 'primary', 'middle', 'high', 'vocational'], ['university']]);
    expect(q.byLevel[0].quote.payableFen).toBe(19000);
    // With the level given the answer is as before, without byLevel.
    const given = (await feeQuote({ profile: 'suzhou-2019', idNumber: id('32050820100301123'), inSchool: true, schoolLevel: 'primary', hukouType: 'local_urban', applyDate: '2018-11-20' })).json();
    expect(given.byLevel).toBeUndefined();
    expect({ ...q, byLevel: undefined, reasons: q.reasons.slice(1) }).toEqual({ ...given, byLevel: undefined });
  });

  it('the adjustment window and after it', async () => {
    const base = { profile: 'suzhou-2019', birthDate: '2010-03-01', inSchool: true, schoolLevel: 'primary', hukouType: 'local_urban' };
    expect((await feeQuote({ ...base, applyDate: '2018-11-21' })).json()).toMatchObject({ window: 'adjustment' });
    expect((await feeQuote({ ...base, applyDate: '2018-12-01' })).json()).toMatchObject({ window: 'outside', allowed: false });
  });

  it('a listed exemption by Chinese name or code: payable 0', async () => {
    const res = await feeQuote({ profile: 'suzhou-2019', birthDate: '2010-03-01', inSchool: true, schoolLevel: 'primary', hukouType: 'local_urban', exemptions: ['低保人员'], applyDate: '2018-10-01' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ totalFen: 19000, subsidyFen: 19000, payableFen: 0 });
  });

  it('Nantong 2021: an adult pays 430 with critical illness and long-term care parts', async () => {
    const res = await feeQuote({ profile: 'nantong-2021', birthDate: '1980-05-05', inSchool: false, hukouType: 'local_urban', applyDate: '2020-11-15' });
    expect(res.statusCode).toBe(200);
    const q = res.json();
    expect(q.totalFen).toBe(43000);
    expect(q.parts.map((p: { code: string; amountFen: number }) => [p.code, p.amountFen])).toEqual([
      ['basic', 38000],
      ['critical_illness', 2000],
      ['long_term_care', 3000],
    ]);
  });

  it('an invalid ID number gets 400 naming the problem', async () => {
    const bad = id('32050820100301123').slice(0, 17) + (id('32050820100301123').endsWith('0') ? '1' : '0');
    const res = await feeQuote({ profile: 'suzhou-2019', idNumber: bad, inSchool: true, schoolLevel: 'primary', applyDate: '2018-10-01' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.message).toMatch(/校验位/);
    const impossible = await feeQuote({ profile: 'suzhou-2019', idNumber: id('32050820190229123'), inSchool: false, applyDate: '2018-10-01' });
    expect(impossible.statusCode).toBe(400);
    expect(impossible.json().error.message).toMatch(/出生日期/);
  });

  it('an unknown exemption lists the valid ones; a missing ID and birth date is explained', async () => {
    const res = await feeQuote({ profile: 'suzhou-2019', birthDate: '2010-03-01', inSchool: true, schoolLevel: 'primary', exemptions: ['外星人'], applyDate: '2018-10-01' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/“外星人”不是本方案的减免类别，可选：.*低保人员/);
    const none = await feeQuote({ profile: 'suzhou-2019', inSchool: false });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toMatch(/请填写身份证号码或出生日期/);
  });

  it('needs no login and is rate-limited per address', async () => {
    const body = { profile: 'suzhou-2019', birthDate: '2010-03-01', inSchool: false, applyDate: '2018-10-01' };
    let last = 0;
    for (let i = 0; i < 61; i++) {
      last = (await t.app.inject({ method: 'POST', url: '/api/v1/fee-quotes', payload: body, remoteAddress: '10.60.0.1' })).statusCode;
    }
    expect(last).toBe(429);
    const limited = await t.app.inject({ method: 'POST', url: '/api/v1/fee-quotes', payload: body, remoteAddress: '10.60.0.1' });
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/fee-quotes', payload: body, remoteAddress: '10.60.0.2' })).statusCode).toBe(200);
  });
});

describe('[POLICY] editing a year’s rules', () => {
  async function current(key: string) {
    return (await t.app.inject({ method: 'GET', url: `/api/v1/profiles/${key}` })).json();
  }

  it('saves a validated change as a new version, audits it, and the quote follows', async () => {
    const { profile } = await current('suzhou-2019');
    const changed = structuredClone(profile);
    changed.categories[0].parts[0].amountFen = 18000;
    changed.categories[0].totalFen = 20000;
    const res = await admin.request('PUT', '/api/v1/profiles/suzhou-2019', { profile: changed, note: '基本医疗部分调整为 180 元' }, PAST_YEAR);
    expect(res.statusCode).toBe(200);
    expect(res.json().version).toBe(2);
    const after = await current('suzhou-2019');
    expect(after.version).toBe(2);
    expect(after.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const q = await feeQuote({ profile: 'suzhou-2019', birthDate: '2010-03-01', inSchool: true, schoolLevel: 'primary', hukouType: 'local_urban', applyDate: '2018-10-01' });
    expect(q.json().totalFen).toBe(20000);
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'profile.updated').executeTakeFirstOrThrow();
    expect(audit.entity_id).toBe('suzhou-2019');
  });

  it('refuses an invalid profile with every problem listed, and keeps the old version', async () => {
    const { profile, version } = await current('suzhou-2019');
    const broken = structuredClone(profile);
    broken.declarationWindow.end = '2018-08-01';
    // Parts no longer add up to the stated total.
    broken.categories[0].parts[0].amountFen = 1;
    const res = await admin.request('PUT', '/api/v1/profiles/suzhou-2019', { profile: broken, note: '错误修改' }, PAST_YEAR);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    const messages = res.json().error.details.map((d: { message: string }) => d.message).join('；');
    expect(messages).toMatch(/申报期|窗口|早于|晚于/);
    expect(messages).toMatch(/合计|之和|totalFen/);
    expect((await current('suzhou-2019')).version).toBe(version);
  });

  it('refuses changing the profile id or year, another region’s profile, and non-admins', async () => {
    const { profile } = await current('suzhou-2019');
    const renamed = { ...structuredClone(profile), insuranceYear: 2020 };
    expect((await admin.request('PUT', '/api/v1/profiles/suzhou-2019', { profile: renamed, note: 'x' }, PAST_YEAR)).statusCode).toBe(400);
    const nantong = (await current('nantong-2021')).profile;
    const other = await admin.request('PUT', '/api/v1/profiles/nantong-2021', { profile: nantong, note: '跨区修改' });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.message).toBe('只能修改本统筹区的政策方案');
    const { operator } = await buildUnitWithOperator(t.database.db);
    const op = await login(t.app, operator.username, TEST_PASSWORD);
    expect((await op.request('PUT', '/api/v1/profiles/suzhou-2019', { profile, note: 'x' }, PAST_YEAR)).statusCode).toBe(403);
  });
});

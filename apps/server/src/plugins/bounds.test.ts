import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Client, type TestApp } from '../test/build-test-app';
import { TEST_PASSWORD, buildUnitWithOperator, buildUser, residentId } from '../test/factories';

/** A 2019 profile belongs to a closed year: changing it needs the agency's reason (issue 15, item 1). */
const PAST_YEAR = { 'x-change-reason': encodeURIComponent('更正历年政策方案（测试）') };

// Every field is bounded: a flood in any of them is a 400 with a Chinese message — never a 500, never an echo.
let t: TestApp;
let admin: Client;
let operator: Client;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
  const A = await buildUnitWithOperator(t.database.db, { name: '边界小学' });
  operator = await login(t.app, A.operator.username, TEST_PASSWORD);
});
afterAll(() => t.close());

const huge = (n: number, ch = '一') => ch.repeat(n);
let ip = 0;

function expect400(res: LightMyRequestResponse, what: string) {
  expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBe(400);
  const { error } = res.json();
  expect(error.code, what).toBe('VALIDATION_FAILED');
  expect(error.message, what).toMatch(/[\u4e00-\u9fff]/);
  expect(res.body.length, `${what}: the answer must not echo the flood`).toBeLessThan(2000);
}

describe('[BOUNDS] huge fields', () => {
  it('login, accounts, units, persons: 400 with a Chinese message', async () => {
    expect400(await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: huge(10_000, 'a'), password: 'x' }, remoteAddress: `10.70.0.${++ip}` }), 'login username');
    expect400(await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: huge(100_000, 'p') }, remoteAddress: `10.70.0.${++ip}` }), 'login password');
    expect400(await admin.request('POST', '/api/v1/users', { username: huge(8_000, 'u'), displayName: '甲', role: 'viewer' }), 'username');
    expect400(await admin.request('POST', '/api/v1/users', { username: 'bounds1', displayName: huge(10_000), role: 'viewer' }), 'displayName');
    expect400(await admin.request('POST', '/api/v1/units', { name: huge(10_000), kind: 'primary', districtCode: '320508' }), 'unit name');
    expect400(await admin.request('GET', `/api/v1/users?q=${huge(5_000, 'q')}`), 'user search');
    expect400(await admin.request('GET', `/api/v1/audit-logs?action=${huge(5_000, 'a')}`), 'audit action');
    const person = { documentType: '01', documentNumber: residentId('320508', '2018-05-01', 11), name: '张小明', hukouType: 'local_urban', gradeCode: '03', className: '1班' };
    expect400(await operator.request('POST', '/api/v1/persons', { ...person, documentNumber: huge(10_000, '3') }), 'document number');
    expect400(await operator.request('POST', '/api/v1/persons', { ...person, name: huge(10_000) }), 'person name');
    expect400(await operator.request('POST', '/api/v1/persons', { ...person, className: huge(10_000, '班') }), 'class name');
    expect400(await operator.request('POST', '/api/v1/persons', { ...person, guardian: { name: '家长', relation: '父母', phone: huge(10_000, '1') } }), 'guardian phone');
    expect400(await operator.request('GET', `/api/v1/persons?q=${huge(5_000, 'q')}`), 'person search');
  });

  it('the public fee quote and a profile edit: 400, never 500', async () => {
    const quote = { profile: 'suzhou-2019', inSchool: true, schoolLevel: 'primary', hukouType: 'local_urban', applyDate: '2018-11-20' };
    const post = (body: object) => t.app.inject({ method: 'POST', url: '/api/v1/fee-quotes', payload: body, remoteAddress: `10.71.0.${++ip}` });
    expect400(await post({ ...quote, idNumber: huge(10_000, '3') }), 'quote idNumber');
    expect400(await post({ ...quote, flags: Array.from({ length: 10_000 }, () => 'x') }), 'quote flags');
    expect400(await post({ ...quote, flags: [huge(10_000, 'x')] }), 'quote flag');
    expect400(await post({ ...quote, exemptions: [{ name: huge(10_000) }] }), 'quote exemption');
    const { profile } = (await t.app.inject({ method: 'GET', url: '/api/v1/profiles/suzhou-2019' })).json();
    const changed = structuredClone(profile);
    changed.categories[0].name = huge(10_000);
    expect400(await admin.request('PUT', '/api/v1/profiles/suzhou-2019', { profile: changed, note: '超长名称' }, PAST_YEAR), 'profile category name');
  });

  it('a path parameter too long for the router, or a broken escape: our Chinese error body, no echo of the path', async () => {
    const long = await admin.request('GET', `/api/v1/units/${'3'.repeat(5_000)}`);
    expect(long.statusCode).toBe(414);
    expect(long.json().error).toEqual({ code: 'VALIDATION_FAILED', message: '请求地址中的参数过长' });
    expect(long.headers['x-request-id']).toBeTruthy();
    const broken = await admin.request('GET', '/api/v1/units/%E0%A4%A');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.message).toBe('请求地址格式不正确');
  });

  it('a NUL character or a value too long for an index is a 400, not a database error', async () => {
    expect400(await admin.request('POST', '/api/v1/users', { username: 'bounds2', displayName: '甲\u0000乙', role: 'viewer' }), 'NUL in a name');
    const unit = await admin.request('POST', '/api/v1/units', { name: '边界测试学校', kind: 'primary', districtCode: '320508', address: '一号\u0000' });
    expect(unit.statusCode, unit.body).toBe(400);
  });
});

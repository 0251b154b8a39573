import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, buildUnitWithOperator, buildUser } from '../../test/factories';
import { buildTestApp, login, type TestApp } from '../../test/build-test-app';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('[UNITS] branch office directory', () => {
  it('the agency maintains it, every role of the region reads it, another region does not see it', async () => {
    const admin = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
    const created = await admin.request('POST', '/api/v1/branch-offices', { name: '姑苏区医保分中心', districtCode: '320508', address: '姑苏区三香路 1 号', contactPerson: '王旭', phone: '0512-82637006' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ districtName: '姑苏区', phone: '0512-82637006' });
    const dup = await admin.request('POST', '/api/v1/branch-offices', { name: '姑苏区医保分中心', address: '别处', phone: '0512-82637007' });
    expect(dup.statusCode).toBe(409);
    const badDistrict = await admin.request('POST', '/api/v1/branch-offices', { name: '外地分中心', districtCode: '110101', address: '北京', phone: '010-12345678' });
    expect(badDistrict.statusCode).toBe(400);

    const { operator } = await buildUnitWithOperator(t.database.db);
    const op = await login(t.app, operator.username, TEST_PASSWORD);
    expect((await op.request('GET', '/api/v1/branch-offices')).json().items).toHaveLength(1);
    expect((await op.request('PATCH', `/api/v1/branch-offices/${created.json().id}`, { phone: '0512-1' })).statusCode).toBe(403);

    const other = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin', regionCode: '510100' })).username, TEST_PASSWORD);
    expect((await other.request('GET', '/api/v1/branch-offices')).json().items).toHaveLength(0);
    expect((await other.request('DELETE', `/api/v1/branch-offices/${created.json().id}`)).statusCode).toBe(404);

    const updated = await admin.request('PATCH', `/api/v1/branch-offices/${created.json().id}`, { contactPerson: '李敏' });
    expect(updated.json().contactPerson).toBe('李敏');
    expect((await admin.request('DELETE', `/api/v1/branch-offices/${created.json().id}`)).statusCode).toBe(204);
    const actions = await t.database.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'branch_office').execute();
    expect(actions.map((a) => a.action)).toEqual(['branch_office.created', 'branch_office.updated', 'branch_office.deleted']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, buildUnitWithOperator, buildUser } from '../../test/factories';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
});
afterAll(() => t.close());

describe('[USERS] account administration', () => {
  it('creates an operator bound to a unit with a temporary password that must be changed', async () => {
    const { unit } = await buildUnitWithOperator(t.database.db);
    const res = await admin.request('POST', '/api/v1/users', { username: 'newop1', displayName: '新经办员', role: 'unit_operator', unitId: unit.id });
    expect(res.statusCode).toBe(201);
    const { user, initialPassword } = res.json();
    expect(user).toMatchObject({ username: 'newop1', role: 'unit_operator', unitId: unit.id, unitName: unit.name, mustChangePassword: true });
    expect(initialPassword).toMatch(/^(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9]{12}$/);
    const c = await login(t.app, 'newop1', initialPassword);
    expect((await c.request('GET', '/api/v1/auth/me')).json().user.mustChangePassword).toBe(true);
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.created').where('entity_id', '=', user.id).executeTakeFirstOrThrow();
    expect(audit.unit_id).toBe(unit.id);
    expect(JSON.stringify(audit.after)).not.toContain(initialPassword);
  });

  it('explains what is wrong: unit missing, unit on a non-operator, taken username, bad username', async () => {
    const noUnit = await admin.request('POST', '/api/v1/users', { username: 'op2', displayName: '甲', role: 'unit_operator' });
    expect(noUnit.statusCode).toBe(400);
    expect(noUnit.json().error.message).toBe('代办单位经办员须指定所属单位');
    const { unit } = await buildUnitWithOperator(t.database.db);
    const viewerWithUnit = await admin.request('POST', '/api/v1/users', { username: 'v2', displayName: '甲', role: 'viewer', unitId: unit.id });
    expect(viewerWithUnit.statusCode).toBe(400);
    await buildUser(t.database.db, { username: 'Taken1' });
    const taken = await admin.request('POST', '/api/v1/users', { username: 'taken1', displayName: '甲', role: 'viewer' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'CONFLICT', message: '用户名“taken1”已被使用' });
    const bad = await admin.request('POST', '/api/v1/users', { username: '1-bad name', displayName: '甲', role: 'viewer' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('username');
  });

  it('refuses a unit of another region', async () => {
    const { unit } = await buildUnitWithOperator(t.database.db, { regionCode: '510100' });
    const res = await admin.request('POST', '/api/v1/users', { username: 'cross1', displayName: '甲', role: 'unit_operator', unitId: unit.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('所选单位不存在或不属于本统筹区');
  });

  it('disabling ends the account’s sessions and blocks login; an admin cannot disable himself', async () => {
    const user = await buildUser(t.database.db, { role: 'viewer' });
    const c = await login(t.app, user.username, TEST_PASSWORD);
    const res = await admin.request('PATCH', `/api/v1/users/${user.id}`, { isDisabled: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.isDisabled).toBe(true);
    expect((await c.request('GET', '/api/v1/auth/me')).statusCode).toBe(401);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: TEST_PASSWORD } });
    expect(again.json().error.code).toBe('ACCOUNT_DISABLED');
    const me = (await admin.request('GET', '/api/v1/auth/me')).json().user;
    const self = await admin.request('PATCH', `/api/v1/users/${me.id}`, { isDisabled: true });
    expect(self.statusCode).toBe(409);
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.disabled').where('entity_id', '=', user.id).executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ isDisabled: false });
    expect(audit.after).toMatchObject({ isDisabled: true });
  });

  it('reset issues a new temporary password, unlocks the account and ends its sessions', async () => {
    const user = await buildUser(t.database.db, { role: 'collector' });
    const c = await login(t.app, user.username, TEST_PASSWORD);
    await t.database.db.updateTable('app_user').set({ locked_until: new Date(Date.now() + 3600_000) }).where('id', '=', user.id).execute();
    const res = await admin.request('POST', `/api/v1/users/${user.id}/reset-password`);
    expect(res.statusCode).toBe(200);
    const { temporaryPassword } = res.json();
    expect((await c.request('GET', '/api/v1/auth/me')).statusCode).toBe(401);
    const fresh = await login(t.app, user.username, temporaryPassword);
    expect((await fresh.request('GET', '/api/v1/auth/me')).json().user.mustChangePassword).toBe(true);
  });

  it('a search for % or _ finds only names containing that character', async () => {
    for (const [username, displayName] of [['pct-a', '百分之%甲'], ['und-a', '下划线_乙'], ['plain-a', '普通丙'], ['slash-a', '斜杠\\丁']]) {
      expect((await admin.request('POST', '/api/v1/users', { username, displayName, role: 'viewer' })).statusCode).toBe(201);
    }
    const names = async (q: string) =>
      ((await admin.request('GET', `/api/v1/users?q=${encodeURIComponent(q)}&pageSize=200`)).json().items as Array<{ displayName: string }>).map((u) => u.displayName);
    expect(await names('%')).toEqual(['百分之%甲']);
    expect(await names('_')).toEqual(['下划线_乙']);
    expect(await names('\\')).toEqual(['斜杠\\丁']);
    expect(await names('普通')).toEqual(['普通丙']);
    // The audit filter is a prefix: 'user_' is not 'user' followed by any character.
    const audit = await admin.request('GET', `/api/v1/audit-logs?action=${encodeURIComponent('user_')}`);
    expect(audit.statusCode, audit.body).toBe(200);
    expect(audit.json().items).toEqual([]);
    expect((await admin.request('GET', '/api/v1/audit-logs?action=user.')).json().items.length).toBeGreaterThan(0);
    // Staff type the action's Chinese name: 新建账号 finds the accounts created, and nothing else.
    const created = (await admin.request('GET', `/api/v1/audit-logs?action=${encodeURIComponent('新建账号')}&pageSize=200`)).json().items as Array<{ action: string }>;
    expect(created.length).toBeGreaterThan(0);
    expect(new Set(created.map((r) => r.action))).toEqual(new Set(['user.created']));
    expect((await admin.request('GET', `/api/v1/audit-logs?action=${encodeURIComponent('没有这种操作')}`)).json().items).toEqual([]);
  });

  it('lists and filters accounts of the region only', async () => {
    await buildUser(t.database.db, { role: 'viewer', username: 'listme-viewer' });
    await buildUser(t.database.db, { role: 'viewer', username: 'listme-other', regionCode: '510100' });
    const res = await admin.request('GET', '/api/v1/users?q=listme&role=viewer');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((u: { username: string }) => u.username)).toEqual(['listme-viewer']);
    expect(res.json().total).toBe(1);
    const bad = await admin.request('GET', '/api/v1/users?pageSize=1000');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/^查询参数不符合要求：pageSize/);
  });

  it('only an agency admin manages accounts', async () => {
    const { operator } = await buildUnitWithOperator(t.database.db);
    const c = await login(t.app, operator.username, TEST_PASSWORD);
    const res = await c.request('POST', '/api/v1/users', { username: 'sneaky', displayName: '甲', role: 'agency_admin' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
  });
});

describe('[AUDIT] browsing the trail', () => {
  it('filters by action, actor, entity and calendar days in Asia/Shanghai', async () => {
    const user = await buildUser(t.database.db, { role: 'viewer', username: 'audited1' });
    await admin.request('PATCH', `/api/v1/users/${user.id}`, { displayName: '改过的名字' });
    const res = await admin.request('GET', `/api/v1/audit-logs?action=user.updated&entityType=user&entityId=${user.id}`);
    expect(res.statusCode).toBe(200);
    const [row] = res.json().items;
    expect(row).toMatchObject({ action: 'user.updated', entityId: user.id, before: { displayName: '测试用户' }, after: { displayName: '改过的名字' } });
    expect(row.requestId).toBeTruthy();
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const byDay = await admin.request('GET', `/api/v1/audit-logs?from=${today}&to=${today}&entityId=${user.id}`);
    expect(byDay.json().total).toBe(1);
    const before = await admin.request('GET', `/api/v1/audit-logs?to=2020-01-01&entityId=${user.id}`);
    expect(before.json().total).toBe(0);
    const badDate = await admin.request('GET', '/api/v1/audit-logs?from=2026-13-01');
    expect(badDate.statusCode).toBe(400);
  });

  it('is for agency admins only', async () => {
    const viewer = await login(t.app, (await buildUser(t.database.db, { role: 'viewer' })).username, TEST_PASSWORD);
    expect((await viewer.request('GET', '/api/v1/audit-logs')).statusCode).toBe(403);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, buildUnitWithOperator, buildUser } from '../../test/factories';
import { buildTestApp, login, type TestApp } from '../../test/build-test-app';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

let ipSeq = 0;
/** Each test logs in from its own address, so address lockout from one test never leaks into another. */
let ip = '';
beforeEach(() => {
  ip = `10.0.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;
});

const loginRaw = (username: string, password: string, from = ip) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress: from });

async function auditActions(entityId: string) {
  const rows = await t.database.db.selectFrom('audit_log').select(['action', 'ip']).where('entity_id', '=', entityId).orderBy('id').execute();
  return rows.map((r) => r.action);
}

describe('[AUTH] login', () => {
  it('sets an httpOnly SameSite=Strict session cookie and returns the user and a CSRF token', async () => {
    const { operator, unit } = await buildUnitWithOperator(t.database.db);
    const res = await loginRaw(operator.username, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ username: operator.username, role: 'unit_operator', unitId: unit.id, unitName: unit.name });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(JSON.stringify(body)).not.toContain('scrypt$');
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    const cookie = res.cookies.find((c) => c.name === 'canbao_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(cookie.path).toBe('/');
    expect(await auditActions(operator.id)).toContain('auth.login');
  });

  it('answers 401 INVALID_CREDENTIALS for a wrong password or an unknown user, alike', async () => {
    const user = await buildUser(t.database.db);
    const wrong = await loginRaw(user.username, 'not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toEqual({ code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
    const unknown = await loginRaw('nobody-here', 'whatever');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(await auditActions(user.id)).toContain('auth.login_failed');
  });

  it('matches usernames regardless of case', async () => {
    const user = await buildUser(t.database.db, { username: 'MixedCase1' });
    expect((await loginRaw('mixedcase1', TEST_PASSWORD)).statusCode).toBe(200);
    expect(user.username).toBe('MixedCase1');
  });

  it('rejects a body that is not JSON with a clear message (a cross-site form cannot log in)', async () => {
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'username=a&password=b',
    });
    expect(form.statusCode).toBe(415);
    expect(form.json().error.code).toBe('VALIDATION_FAILED');
    const text = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: '{"username":"a","password":"b"}',
    });
    expect(text.statusCode).toBe(400);
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: '请求内容不是有效的 JSON' });
  });

  it('explains a missing field in Chinese', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.message).toMatch(/请求内容不符合要求：password/);
  });

  it('refuses a disabled account with ACCOUNT_DISABLED only after the right password', async () => {
    const user = await buildUser(t.database.db);
    await t.database.db.updateTable('app_user').set({ is_disabled: true }).where('id', '=', user.id).execute();
    expect((await loginRaw(user.username, 'wrong-password')).json().error.code).toBe('INVALID_CREDENTIALS');
    const res = await loginRaw(user.username, TEST_PASSWORD);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('ACCOUNT_DISABLED');
  });
});

describe('[AUTH] lockout', () => {
  it('locks an account after 5 failed logins, even against the right password, until the lock expires', async () => {
    const user = await buildUser(t.database.db);
    for (let i = 0; i < 4; i++) {
      // From different addresses: the account lock must hold on its own.
      expect((await loginRaw(user.username, 'bad-password', `10.1.1.${i}`)).statusCode).toBe(401);
    }
    const fifth = await loginRaw(user.username, 'bad-password', '10.1.1.9');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(fifth.json().error.message).toMatch(/账号已暂时锁定，请于 \d\d:\d\d 后再试/);
    const right = await loginRaw(user.username, TEST_PASSWORD, '10.1.2.1');
    expect(right.statusCode).toBe(429);

    t.clock.advanceMinutes(16);
    expect((await loginRaw(user.username, TEST_PASSWORD, '10.1.2.2')).statusCode).toBe(200);
  });

  it('locks an address after 5 failed logins across accounts, for every account', async () => {
    const victim = await buildUser(t.database.db);
    for (let i = 0; i < 5; i++) await loginRaw(`ghost-${i}`, 'guess', '10.2.0.1');
    const res = await loginRaw(victim.username, TEST_PASSWORD, '10.2.0.1');
    expect(res.statusCode).toBe(429);
    expect(res.json().error.message).toMatch(/本机登录失败次数过多/);
    // Another address is not affected.
    expect((await loginRaw(victim.username, TEST_PASSWORD, '10.2.0.2')).statusCode).toBe(200);
    t.clock.advanceMinutes(16);
    expect((await loginRaw(victim.username, TEST_PASSWORD, '10.2.0.1')).statusCode).toBe(200);
  });

  it('40 parallel wrong passwords: at most 5 are checked, then even the right password is refused while locked', async () => {
    const user = await buildUser(t.database.db);
    // Each from its own address: the account's lock must hold on its own.
    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => loginRaw(user.username, `guess-${i}`, `10.4.${Math.floor(i / 200)}.${i % 200}`)));
    const checked = await t.database.db.selectFrom('audit_log').select('id').where('action', '=', 'auth.login_failed').where('entity_id', '=', user.id).execute();
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(replies.filter((r) => r.statusCode === 401).length).toBeLessThanOrEqual(4);
    expect(replies.filter((r) => r.statusCode === 429).length).toBeGreaterThanOrEqual(36);
    expect(replies.every((r) => r.statusCode === 401 || r.statusCode === 429)).toBe(true);
    const right = await loginRaw(user.username, TEST_PASSWORD, '10.4.9.1');
    expect(right.statusCode).toBe(429);
    expect(right.json().error.message).toMatch(/账号已暂时锁定/);
    t.clock.advanceMinutes(16);
    expect((await loginRaw(user.username, TEST_PASSWORD, '10.4.9.2')).statusCode).toBe(200);
  });

  it('40 parallel guesses from one address across accounts: at most 5 are checked', async () => {
    const users = await Promise.all(Array.from({ length: 8 }, () => buildUser(t.database.db)));
    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => loginRaw(users[i % users.length]!.username, `guess-${i}`, '10.5.0.1')));
    const checked = await t.database.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'auth.login_failed')
      .where('entity_id', 'in', users.map((u) => u.id))
      .execute();
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(replies.filter((r) => r.statusCode === 429).length).toBeGreaterThanOrEqual(35);
    expect((await loginRaw(users[0]!.username, TEST_PASSWORD, '10.5.0.1')).statusCode).toBe(429);
    expect((await loginRaw(users[0]!.username, TEST_PASSWORD, '10.5.0.2')).statusCode).toBe(200);
  });

  it('answers an unknown username exactly as an existing one: same statuses, same messages, the same lock', async () => {
    const user = await buildUser(t.database.db);
    const answers = async (username: string, from: string) => {
      const out: Array<[number, unknown]> = [];
      for (let i = 0; i < 7; i++) {
        const res = await loginRaw(username, 'wrong-password', `${from}.${i}`);
        out.push([res.statusCode, res.json()]);
      }
      return out;
    };
    const existing = await answers(user.username, '10.6.1');
    const unknown = await answers('no-such-account-here', '10.6.2');
    expect(unknown).toEqual(existing);
    expect(existing.map(([status]) => status)).toEqual([401, 401, 401, 401, 429, 429, 429]);
    expect(existing[4]![1]).toMatchObject({ error: { code: 'TOO_MANY_ATTEMPTS', message: expect.stringMatching(/账号已暂时锁定/) } });
    // A name differing only in case and spaces is the same name.
    expect((await loginRaw('  NO-SUCH-account-here ', 'x', '10.6.3.1')).statusCode).toBe(429);
  });

  it('a successful login resets the account counter', async () => {
    const user = await buildUser(t.database.db);
    for (let i = 0; i < 4; i++) await loginRaw(user.username, 'bad', `10.3.0.${i}`);
    expect((await loginRaw(user.username, TEST_PASSWORD, '10.3.1.1')).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await loginRaw(user.username, 'bad', `10.3.2.${i}`)).statusCode).toBe(401);
  });
});

describe('[AUTH] sessions', () => {
  it('GET /auth/me needs a session: 401 UNAUTHENTICATED without, SESSION_EXPIRED with an unknown cookie', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('UNAUTHENTICATED');
    const forged = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: 'canbao_session=forged' } });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('SESSION_EXPIRED');
  });

  it('stores only an HMAC of the token, so the session table cannot be replayed', async () => {
    const user = await buildUser(t.database.db);
    const client = await login(t.app, user.username, TEST_PASSWORD, ip);
    const token = client.cookie.split('=')[1]!;
    const rows = await t.database.db.selectFrom('session').select('id').where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toContain(token);
    const replay = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `canbao_session=${rows[0]!.id}` } });
    expect(replay.statusCode).toBe(401);
  });

  it('expires after the idle time, and activity keeps it alive', async () => {
    const user = await buildUser(t.database.db);
    const client = await login(t.app, user.username, TEST_PASSWORD, ip);
    t.clock.advanceMinutes(20);
    expect((await client.request('GET', '/api/v1/auth/me')).statusCode).toBe(200);
    t.clock.advanceMinutes(20);
    const alive = await client.request('GET', '/api/v1/auth/me');
    expect(alive.statusCode).toBe(200);
    t.clock.advanceMinutes(31);
    const expired = await client.request('GET', '/api/v1/auth/me');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error).toEqual({ code: 'SESSION_EXPIRED', message: '登录已过期，请重新登录' });
  });

  it('expires at the absolute limit however active', async () => {
    const user = await buildUser(t.database.db);
    const client = await login(t.app, user.username, TEST_PASSWORD, ip);
    for (let i = 0; i < 12 * 3; i++) {
      t.clock.advanceMinutes(20);
      const res = await client.request('GET', '/api/v1/auth/me');
      if (i < 12 * 3 - 1) expect(res.statusCode).toBe(200);
      else expect(res.json().error.code).toBe('SESSION_EXPIRED');
    }
  });

  it('logout ends the session and needs the CSRF token', async () => {
    const user = await buildUser(t.database.db);
    const client = await login(t.app, user.username, TEST_PASSWORD, ip);
    const noToken = await client.request('POST', '/api/v1/auth/logout', undefined, { 'x-csrf-token': '' });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('CSRF_INVALID');
    const ok = await client.request('POST', '/api/v1/auth/logout');
    expect(ok.statusCode).toBe(204);
    expect((await client.request('GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect(await auditActions(user.id)).toEqual(['auth.login', 'auth.logout']);
  });
});

describe('[AUTH] CSRF', () => {
  it('refuses every state-changing request without the session CSRF token, and accepts it with', async () => {
    const admin = await buildUser(t.database.db, { role: 'agency_admin' });
    const client = await login(t.app, admin.username, TEST_PASSWORD, ip);
    const body = { username: `csrf${Date.now() % 100000}`, displayName: '甲', role: 'viewer' };
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: client.cookie }, payload: body });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.code).toBe('CSRF_INVALID');
    const other = await login(t.app, (await buildUser(t.database.db)).username, TEST_PASSWORD, ip);
    const foreignToken = await client.request('POST', '/api/v1/users', body, { 'x-csrf-token': other.csrfToken });
    expect(foreignToken.statusCode).toBe(403);
    const users = await t.database.db.selectFrom('app_user').select('id').where('username', '=', body.username).execute();
    expect(users).toHaveLength(0);
    const ok = await client.request('POST', '/api/v1/users', body);
    expect(ok.statusCode).toBe(201);
  });
});

describe('[AUTH] password change', () => {
  it('checks the current password, enforces the rule, ends other sessions and audits', async () => {
    const user = await buildUser(t.database.db);
    const a = await login(t.app, user.username, TEST_PASSWORD, ip);
    const b = await login(t.app, user.username, TEST_PASSWORD, ip);
    const wrong = await a.request('POST', '/api/v1/auth/password', { currentPassword: 'nope', newPassword: 'NewPass2026' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toBe('当前密码不正确');
    const weak = await a.request('POST', '/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.message).toMatch(/密码至少 8 位/);
    const ok = await a.request('POST', '/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'NewPass2026' });
    expect(ok.statusCode).toBe(204);
    expect((await a.request('GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect((await b.request('GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect((await loginRaw(user.username, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await loginRaw(user.username, 'NewPass2026')).statusCode).toBe(200);
    expect(await auditActions(user.id)).toContain('auth.password_changed');
  });

  it('an account with a temporary password may only change it', async () => {
    const user = await buildUser(t.database.db, { mustChangePassword: true });
    const c = await login(t.app, user.username, TEST_PASSWORD, ip);
    expect((await c.request('GET', '/api/v1/auth/me')).json().user.mustChangePassword).toBe(true);
    const blocked = await c.request('GET', '/api/v1/units');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await c.request('POST', '/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Better2026x' })).statusCode).toBe(204);
    expect((await c.request('GET', '/api/v1/units')).statusCode).toBe(200);
  });
});

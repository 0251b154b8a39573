import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../../config';
import type { RequestMeta, ServiceContext } from '../../context';
import type { Scope } from '../../db/database';
import type { DB } from '../../db/schema/index';
import { AppError, AppErrorCode } from '../../errors';
import { shanghaiClock } from '../../time';
import { writeAudit } from '../audit/audit.service';
import * as repo from './auth.repository';
import { getDummyHash, hashPassword, verifyPassword } from './password';

export type SessionUser = NonNullable<Awaited<ReturnType<typeof repo.findUserByUsername>>>;

export type AuthState = {
  sessionId: string;
  csrfToken: string;
  scope: Scope;
  user: SessionUser;
  expiresAt: Date;
  idleExpiresAt: Date;
};

const MINUTE = 60_000;

export function sessionIdOf(config: AppConfig, token: string): string {
  return createHmac('sha256', config.sessionSecret).update(token).digest('hex');
}

export function scopeOf(user: Pick<SessionUser, 'id' | 'username' | 'role' | 'region_code' | 'unit_id'>): Scope {
  return { userId: user.id, username: user.username, role: user.role, regionCode: user.region_code, unitId: user.unit_id };
}

type LoginOutcome =
  | { ok: true; user: SessionUser; token: string; csrfToken: string; expiresAt: Date }
  | { ok: false; error: AppError };

/**
 * Checks credentials and opens a session. Failed attempts count against both the account and the client
 * address; the counters are committed even though the login fails, and only then is the error thrown.
 */
export async function login(
  db: Kysely<DB>,
  config: AppConfig,
  input: { username: string; password: string },
  meta: RequestMeta,
  now: Date,
): Promise<{ user: SessionUser; token: string; csrfToken: string; expiresAt: Date }> {
  const lockMs = config.loginLockMinutes * MINUTE;
  const outcome = await db.transaction().execute(async (trx): Promise<LoginOutcome> => {
    const ipKey = `ip:${meta.ip ?? 'unknown'}`;
    const throttle = await repo.findThrottle(trx, ipKey);
    if (throttle?.locked_until && throttle.locked_until > now) {
      return { ok: false, error: tooManyFromAddress(throttle.locked_until) };
    }

    const recordAddressFailure = async () => {
      const inWindow = throttle && now.getTime() - throttle.window_started_at.getTime() < lockMs;
      const failures = inWindow ? throttle.failures + 1 : 1;
      const lockedUntil = failures >= config.loginMaxFailures ? new Date(now.getTime() + lockMs) : null;
      await repo.saveThrottle(trx, {
        key: ipKey,
        failures: lockedUntil ? 0 : failures,
        window_started_at: inWindow ? throttle.window_started_at : now,
        locked_until: lockedUntil,
      });
    };

    const user = await repo.findUserByUsername(trx, input.username);
    if (!user) {
      await verifyPassword(input.password, await getDummyHash());
      await recordAddressFailure();
      return { ok: false, error: new AppError(AppErrorCode.INVALID_CREDENTIALS) };
    }
    if (user.locked_until && user.locked_until > now) {
      await recordAddressFailure();
      return { ok: false, error: accountLocked(user.locked_until) };
    }

    if (!(await verifyPassword(input.password, user.password_hash))) {
      await recordAddressFailure();
      const failures = user.failed_login_count + 1;
      const lockedUntil = failures >= config.loginMaxFailures ? new Date(now.getTime() + lockMs) : null;
      await trx
        .updateTable('app_user')
        .set({ failed_login_count: lockedUntil ? 0 : failures, locked_until: lockedUntil })
        .where('id', '=', user.id)
        .execute();
      await writeAudit(trx, { regionCode: user.region_code, unitId: user.unit_id }, meta, {
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        after: { username: user.username, failures, lockedUntil },
      });
      return { ok: false, error: lockedUntil ? accountLocked(lockedUntil) : new AppError(AppErrorCode.INVALID_CREDENTIALS) };
    }
    // The password is checked first, so a disabled account tells nothing to someone guessing passwords.
    if (user.is_disabled) return { ok: false, error: new AppError(AppErrorCode.ACCOUNT_DISABLED) };

    await trx
      .updateTable('app_user')
      .set({ failed_login_count: 0, locked_until: null, last_login_at: now })
      .where('id', '=', user.id)
      .execute();
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + config.sessionAbsoluteHours * 60 * MINUTE);
    await repo.insertSession(trx, {
      id: sessionIdOf(config, token),
      region_code: user.region_code,
      unit_id: user.unit_id,
      user_id: user.id,
      csrf_token: csrfToken,
      last_seen_at: now,
      expires_at: expiresAt,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    });
    await writeAudit(trx, scopeOf(user), meta, { action: 'auth.login', entityType: 'user', entityId: user.id });
    return { ok: true, user: { ...user, last_login_at: now }, token, csrfToken, expiresAt };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome;
}

function accountLocked(until: Date) {
  return new AppError(AppErrorCode.TOO_MANY_ATTEMPTS, {
    message: `密码错误次数过多，账号已暂时锁定，请于 ${shanghaiClock(until)} 后再试`,
    details: { lockedUntil: until.toISOString() },
  });
}

function tooManyFromAddress(until: Date) {
  return new AppError(AppErrorCode.TOO_MANY_ATTEMPTS, {
    message: `本机登录失败次数过多，已暂停登录，请于 ${shanghaiClock(until)} 后再试`,
    details: { lockedUntil: until.toISOString() },
  });
}

/**
 * Resolves the session cookie to an authenticated state, enforcing idle and absolute expiry.
 * Runs outside any scope: the session is what the scope is derived from.
 */
export async function authenticate(
  db: Kysely<DB>,
  config: AppConfig,
  token: string | undefined,
  now: Date,
): Promise<AuthState> {
  if (!token) throw new AppError(AppErrorCode.UNAUTHENTICATED);
  const sessionId = sessionIdOf(config, token);
  const row = await repo.findSessionWithUser(db, sessionId);
  if (!row) throw new AppError(AppErrorCode.SESSION_EXPIRED);
  const idleMs = config.sessionIdleMinutes * MINUTE;
  const idleExpiresAt = new Date(row.last_seen_at.getTime() + idleMs);
  if (row.expires_at <= now || idleExpiresAt <= now || row.is_disabled) {
    await repo.deleteSession(db, sessionId);
    throw new AppError(row.is_disabled ? AppErrorCode.ACCOUNT_DISABLED : AppErrorCode.SESSION_EXPIRED);
  }
  // Writing on every request would serialise a busy unit's requests on one row; a minute of slack is harmless.
  let lastSeen = row.last_seen_at;
  if (now.getTime() - lastSeen.getTime() > MINUTE) {
    await repo.touchSession(db, sessionId, now);
    lastSeen = now;
  }
  const { session_id: _s, csrf_token, session_created_at: _c, last_seen_at: _l, expires_at, ...user } = row;
  return {
    sessionId,
    csrfToken: csrf_token,
    scope: scopeOf(user),
    user,
    expiresAt: expires_at,
    idleExpiresAt: new Date(Math.min(lastSeen.getTime() + idleMs, expires_at.getTime())),
  };
}

export function isCsrfTokenValid(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function logout(db: Kysely<DB>, auth: AuthState, meta: RequestMeta): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await repo.deleteSession(trx, auth.sessionId);
    await writeAudit(trx, auth.scope, meta, { action: 'auth.logout', entityType: 'user', entityId: auth.scope.userId });
  });
}

/** Changes the caller's own password and ends their other sessions. */
export async function changeOwnPassword(
  ctx: ServiceContext,
  sessionId: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await ctx.db
    .selectFrom('app_user')
    .select(['id', 'password_hash'])
    .where('id', '=', ctx.scope.userId)
    .where('region_code', '=', ctx.scope.regionCode)
    .executeTakeFirst();
  if (!user) throw new AppError(AppErrorCode.NOT_FOUND);
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw new AppError(AppErrorCode.VALIDATION_FAILED, {
      message: '当前密码不正确',
      details: [{ path: 'currentPassword', message: '当前密码不正确' }],
    });
  }
  if (input.currentPassword === input.newPassword) {
    throw new AppError(AppErrorCode.VALIDATION_FAILED, {
      message: '新密码不能与当前密码相同',
      details: [{ path: 'newPassword', message: '新密码不能与当前密码相同' }],
    });
  }
  await ctx.db
    .updateTable('app_user')
    .set({
      password_hash: await hashPassword(input.newPassword),
      must_change_password: false,
      password_changed_at: ctx.now,
      updated_at: ctx.now,
    })
    .where('id', '=', user.id)
    .execute();
  await repo.deleteSessionsOfUser(ctx.db, user.id, sessionId);
  await writeAudit(ctx.db, ctx.scope, ctx.meta, { action: 'auth.password_changed', entityType: 'user', entityId: user.id });
}

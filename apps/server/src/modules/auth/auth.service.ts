import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
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

/** The throttle key of a username, existing or not: the same for every spelling the lookup treats alike. */
export function usernameKey(username: string) {
  return `user:${createHash('sha256').update(username.trim().toLowerCase()).digest('hex')}`;
}

/**
 * Checks credentials and opens a session. Every attempt is counted BEFORE its password is checked, against the
 * client address and against the username (the account's own counter, or a throttle row for a name no account
 * has), each in one autocommitted statement: parallel guesses each take the next number, the one reaching the limit
 * locks, and the rest are refused unchecked. A right password gives its attempts back. An unknown username goes
 * the same way — a dummy scrypt, the same counter, the same lock and messages — so the answers never tell whether
 * an account exists.
 */
export async function login(
  db: Kysely<DB>,
  config: AppConfig,
  input: { username: string; password: string },
  meta: RequestMeta,
  now: Date,
): Promise<{ user: SessionUser; token: string; csrfToken: string; expiresAt: Date }> {
  const lockMs = config.loginLockMinutes * MINUTE;
  const addressRule = { maxFailures: config.loginMaxFailures, lockMs, windowMs: lockMs };
  const nameRule = { maxFailures: config.loginMaxFailures, lockMs, windowMs: null };

  const ipKey = `ip:${meta.ip ?? 'unknown'}`;
  const address = await repo.reserveAttempt(db, ipKey, now, addressRule);
  if (!address) throw tooManyFromAddress((await repo.lockedUntilOf(db, ipKey)) ?? new Date(now.getTime() + lockMs));

  const user = await repo.findUserByUsername(db, input.username);
  const nameKey = usernameKey(input.username);
  const name = user ? await repo.reserveAccountAttempt(db, user.id, now, nameRule) : await repo.reserveAttempt(db, nameKey, now, nameRule);
  if (!name) {
    const until = user ? await repo.accountLockedUntil(db, user.id) : await repo.lockedUntilOf(db, nameKey);
    throw accountLocked(until ?? new Date(now.getTime() + lockMs));
  }

  const passwordOk = await verifyPassword(input.password, user?.password_hash ?? (await getDummyHash()));
  if (!user || !passwordOk) {
    if (user) {
      await writeAudit(db, { regionCode: user.region_code, unitId: user.unit_id }, meta, {
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        after: { username: user.username, failures: name.failures, lockedUntil: name.lockedUntil },
      });
    }
    throw name.lockedUntil ? accountLocked(name.lockedUntil) : new AppError(AppErrorCode.INVALID_CREDENTIALS);
  }

  // The right password: the attempts it reserved are given back.
  await repo.refundAttempt(db, ipKey, address);
  // The password is checked first, so a disabled account tells nothing to someone guessing passwords.
  if (user.is_disabled) throw new AppError(AppErrorCode.ACCOUNT_DISABLED);

  return db.transaction().execute(async (trx) => {
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
    return { user: { ...user, failed_login_count: 0, locked_until: null, last_login_at: now }, token, csrfToken, expiresAt };
  });
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

import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema/index';
import type { NewSession } from '../../db/schema/session';

type Db = Kysely<DB> | Transaction<DB>;

/** Account + region + unit names, as the session and presenters need them. */
export function selectUserWithNames(db: Db) {
  return db
    .selectFrom('app_user as u')
    .innerJoin('region as r', 'r.code', 'u.region_code')
    .leftJoin('unit as un', (j) => j.onRef('un.region_code', '=', 'u.region_code').onRef('un.id', '=', 'u.unit_id'))
    .selectAll('u')
    .select(['r.name as region_name', 'un.name as unit_name', 'un.kind as unit_kind']);
}

export function findUserByUsername(db: Db, username: string) {
  return selectUserWithNames(db)
    .where(sql<string>`lower(u.username)`, '=', username.trim().toLowerCase())
    .executeTakeFirst();
}

export function findSessionWithUser(db: Db, sessionId: string) {
  return db
    .selectFrom('session as s')
    .innerJoin('app_user as u', (j) => j.onRef('u.region_code', '=', 's.region_code').onRef('u.id', '=', 's.user_id'))
    .innerJoin('region as r', 'r.code', 'u.region_code')
    .leftJoin('unit as un', (j) => j.onRef('un.region_code', '=', 'u.region_code').onRef('un.id', '=', 'u.unit_id'))
    .selectAll('u')
    .select([
      's.id as session_id',
      's.csrf_token',
      's.created_at as session_created_at',
      's.last_seen_at',
      's.expires_at',
      'r.name as region_name',
      'un.name as unit_name',
      'un.kind as unit_kind',
    ])
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
}

export async function insertSession(db: Db, session: NewSession) {
  await db.insertInto('session').values(session).execute();
}

export async function touchSession(db: Db, sessionId: string, at: Date) {
  await db.updateTable('session').set({ last_seen_at: at }).where('id', '=', sessionId).execute();
}

export async function deleteSession(db: Db, sessionId: string) {
  await db.deleteFrom('session').where('id', '=', sessionId).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: string, exceptSessionId?: string) {
  await db
    .deleteFrom('session')
    .where('user_id', '=', userId)
    .$if(exceptSessionId !== undefined, (q) => q.where('id', '<>', exceptSessionId!))
    .execute();
}

export async function deleteExpiredSessions(db: Db, now: Date) {
  await db.deleteFrom('session').where('expires_at', '<', now).execute();
}

export type AttemptRule = { maxFailures: number; lockMs: number; windowMs: number | null };
export type Reservation = { failures: number; lockedUntil: Date | null };

/**
 * Counts one login attempt against a throttle key BEFORE the password is checked, in one autocommitted statement:
 * parallel guesses each take the next number, and the one reaching the limit sets the lock, so at most
 * `maxFailures` attempts are ever checked in a window however many arrive at once. A right password then gives its
 * attempt back (`refundAttempt`). Returns null while the key is locked (nothing is counted then).
 * `windowMs` null: failures count until the lock or a success, like an account's counter.
 */
export async function reserveAttempt(db: Db, key: string, now: Date, rule: AttemptRule): Promise<Reservation | null> {
  const lockUntil = new Date(now.getTime() + rule.lockMs);
  // A window that never ends is one that started after the epoch.
  const windowStart = new Date(rule.windowMs === null ? 0 : now.getTime() - rule.windowMs);
  const fresh = sql<boolean>`(t.locked_until IS NOT NULL OR t.window_started_at <= ${windowStart}::timestamptz)`;
  const failures = sql<number>`(CASE WHEN ${fresh} THEN 1 ELSE t.failures + 1 END)`;
  const { rows } = await sql<{ failures: number; locked_until: Date | null }>`
    INSERT INTO login_throttle AS t (key, failures, window_started_at, locked_until)
    VALUES (${key}, 1, ${now}::timestamptz, ${rule.maxFailures <= 1 ? lockUntil : null}::timestamptz)
    ON CONFLICT (key) DO UPDATE SET
      failures = ${failures},
      window_started_at = CASE WHEN ${fresh} THEN ${now}::timestamptz ELSE t.window_started_at END,
      locked_until = CASE WHEN ${failures} >= ${rule.maxFailures} THEN ${lockUntil}::timestamptz END
    WHERE t.locked_until IS NULL OR t.locked_until <= ${now}::timestamptz
    RETURNING t.failures, t.locked_until`.execute(db);
  const row = rows[0];
  return row ? { failures: row.failures, lockedUntil: row.locked_until } : null;
}

/** The same for an existing account, on its own row (an agency reset clears it). */
export async function reserveAccountAttempt(db: Db, userId: string, now: Date, rule: AttemptRule): Promise<Reservation | null> {
  const lockUntil = new Date(now.getTime() + rule.lockMs);
  const failures = sql<number>`(CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_login_count + 1 END)`;
  const { rows } = await sql<{ failed_login_count: number; locked_until: Date | null }>`
    UPDATE app_user SET
      failed_login_count = ${failures},
      locked_until = CASE WHEN ${failures} >= ${rule.maxFailures} THEN ${lockUntil}::timestamptz END
    WHERE id = ${userId} AND (locked_until IS NULL OR locked_until <= ${now}::timestamptz)
    RETURNING failed_login_count, locked_until`.execute(db);
  const row = rows[0];
  return row ? { failures: row.failed_login_count, lockedUntil: row.locked_until } : null;
}

/** A right password gives back the attempt it reserved on a throttle key (and the lock, if its attempt set it). */
export async function refundAttempt(db: Db, key: string, reservation: Reservation) {
  await db
    .updateTable('login_throttle')
    .set((eb) => ({
      failures: sql<number>`greatest(${eb.ref('failures')} - 1, 0)`,
      ...(reservation.lockedUntil ? { locked_until: null } : {}),
    }))
    .where('key', '=', key)
    .$if(reservation.lockedUntil !== null, (q) => q.where('locked_until', '=', reservation.lockedUntil!))
    .execute();
}

export async function lockedUntilOf(db: Db, key: string): Promise<Date | null> {
  const row = await db.selectFrom('login_throttle').select('locked_until').where('key', '=', key).executeTakeFirst();
  return row?.locked_until ?? null;
}

export async function accountLockedUntil(db: Db, userId: string): Promise<Date | null> {
  const row = await db.selectFrom('app_user').select('locked_until').where('id', '=', userId).executeTakeFirst();
  return row?.locked_until ?? null;
}

/**
 * Address rows whose window and lock are over. Unknown usernames' rows stay: an account's counter never forgets
 * either, and a counter that did would tell an unknown name from an existing one.
 */
export async function deleteStaleThrottles(db: Db, olderThan: Date) {
  await db
    .deleteFrom('login_throttle')
    .where('key', 'like', 'ip:%')
    .where('window_started_at', '<', olderThan)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', olderThan)]))
    .execute();
}

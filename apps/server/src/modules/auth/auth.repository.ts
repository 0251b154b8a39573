import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema/index';
import type { NewSession } from '../../db/schema/session';

type Db = Kysely<DB> | Transaction<DB>;

/** Account + region + unit names, as the session and presenters need them. */
export function selectUserWithNames(db: Db) {
  return db
    .selectFrom('app_user as u')
    .innerJoin('region as r', 'r.code', 'u.region_code')
    .leftJoin('unit as un', 'un.id', 'u.unit_id')
    .selectAll('u')
    .select(['r.name as region_name', 'un.name as unit_name']);
}

export function findUserByUsername(db: Db, username: string) {
  return selectUserWithNames(db)
    .where(sql<string>`lower(u.username)`, '=', username.trim().toLowerCase())
    .executeTakeFirst();
}

export function findSessionWithUser(db: Db, sessionId: string) {
  return db
    .selectFrom('session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .innerJoin('region as r', 'r.code', 'u.region_code')
    .leftJoin('unit as un', 'un.id', 'u.unit_id')
    .selectAll('u')
    .select([
      's.id as session_id',
      's.csrf_token',
      's.created_at as session_created_at',
      's.last_seen_at',
      's.expires_at',
      'r.name as region_name',
      'un.name as unit_name',
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

export function findThrottle(db: Db, key: string) {
  return db.selectFrom('login_throttle').selectAll().where('key', '=', key).forUpdate().executeTakeFirst();
}

export async function saveThrottle(
  db: Db,
  row: { key: string; failures: number; window_started_at: Date; locked_until: Date | null },
) {
  await db
    .insertInto('login_throttle')
    .values(row)
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: row.failures,
        window_started_at: row.window_started_at,
        locked_until: row.locked_until,
      }),
    )
    .execute();
}

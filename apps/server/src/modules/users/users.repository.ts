import { sql, type Kysely, type Transaction } from 'kysely';
import type { TRole } from '@canbao/domain';
import type { DB } from '../../db/schema/index';
import type { AppUserUpdate, NewAppUser } from '../../db/schema/app-user';
import { selectUserWithNames } from '../auth/auth.repository';
import { containsPattern } from '../../db/like';

type Db = Kysely<DB> | Transaction<DB>;

/** The scope filter every user query starts from: region always, unit for unit operators. */
function scopedUsers(db: Db, scope: { regionCode: string; unitId: string | null }) {
  return selectUserWithNames(db)
    .where('u.region_code', '=', scope.regionCode)
    .$if(scope.unitId !== null, (q) => q.where('u.unit_id', '=', scope.unitId));
}

export type UserFilter = { q?: string | undefined; role?: TRole | undefined; unitId?: string | undefined };

export async function findUsers(
  db: Db,
  scope: { regionCode: string; unitId: string | null },
  f: UserFilter,
  page: { limit: number; offset: number },
) {
  const base = scopedUsers(db, scope)
    .$if(!!f.q, (q) =>
      q.where((eb) =>
        eb.or([
          eb(sql<string>`lower(u.username)`, 'like', containsPattern(f.q!.toLowerCase())),
          eb('u.display_name', 'like', containsPattern(f.q!)),
          eb('un.name', 'like', containsPattern(f.q!)),
        ]),
      ),
    )
    .$if(!!f.role, (q) => q.where('u.role', '=', f.role!))
    .$if(!!f.unitId, (q) => q.where('u.unit_id', '=', f.unitId!));
  const rows = await base.orderBy('u.role').orderBy('u.username').limit(page.limit).offset(page.offset).execute();
  const count = await base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

export function getUserInScope(db: Db, scope: { regionCode: string; unitId: string | null }, id: string) {
  return scopedUsers(db, scope).where('u.id', '=', id).executeTakeFirst();
}

/**
 * An account of the region by this name. The region is named as a value (on Citus one shard is read: a statement
 * over every shard would keep the transaction from writing the reference table login_name afterwards).
 */
export function findUsername(db: Db, regionCode: string, username: string) {
  return db
    .selectFrom('app_user')
    .select('id')
    .where('region_code', '=', regionCode)
    .where(sql<string>`lower(username)`, '=', username.toLowerCase())
    .executeTakeFirst();
}

/** An account with its claim on the name across regions (login_name, unique by lower(username)). */
export async function insertUser(db: Db, user: NewAppUser) {
  await db.insertInto('login_name').values({ region_code: user.region_code, username: user.username }).execute();
  return db.insertInto('app_user').values(user).returning('id').executeTakeFirstOrThrow();
}

export async function updateUser(db: Db, id: string, patch: AppUserUpdate) {
  await db.updateTable('app_user').set(patch).where('id', '=', id).execute();
}

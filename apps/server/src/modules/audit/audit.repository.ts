import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema/index';
import type { NewAuditLog } from '../../db/schema/audit-log';
import { prefixPattern } from '../../db/like';

type Db = Kysely<DB> | Transaction<DB>;

export async function insertAuditLog(db: Db, row: NewAuditLog) {
  await db.insertInto('audit_log').values(row).execute();
}

export type AuditFilter = {
  regionCode: string;
  unitId: string | null;
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  actor?: string | undefined;
  fromAt?: Date | undefined;
  toAt?: Date | undefined;
};

function filtered(db: Db, f: AuditFilter) {
  return db
    .selectFrom('audit_log')
    .where('region_code', '=', f.regionCode)
    .$if(f.unitId !== null, (q) => q.where('unit_id', '=', f.unitId))
    .$if(!!f.action, (q) => q.where('action', 'like', prefixPattern(f.action!)))
    .$if(!!f.entityType, (q) => q.where('entity_type', '=', f.entityType!))
    .$if(!!f.entityId, (q) => q.where('entity_id', '=', f.entityId!))
    .$if(!!f.actor, (q) => q.where(sql<string>`lower(actor_username)`, '=', f.actor!.toLowerCase()))
    .$if(!!f.fromAt, (q) => q.where('at', '>=', f.fromAt!))
    .$if(!!f.toAt, (q) => q.where('at', '<', f.toAt!));
}

export async function findAuditLogs(db: Db, f: AuditFilter, page: { limit: number; offset: number }) {
  const [rows, count] = await Promise.all([
    filtered(db, f).selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
    filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/schema/index';
import type { NewAuditLog } from '../../db/schema/audit-log';

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
    .$if(!!f.action, (q) => q.where('action', 'like', `${f.action}%`))
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

/** A value of an audit row written by a set-based statement: text is masked in the database, numbers and ids are not. */
export type AuditSqlValue = { text: RawBuilder<unknown> } | { value: RawBuilder<unknown> };

/**
 * The INSERT of the audit rows a set-based statement writes itself (one per payment of a batch, in a
 * data-modifying CTE), where the TypeScript helper cannot run per row. Same columns as insertAuditLog; every text
 * value of `after` goes through canbao_mask_text(), the database twin of maskPersonalText(), so an ID or phone
 * number inside a transaction id or a name is stored masked exactly as writeAudit would store it.
 */
export function auditRowsSql(e: {
  from: RawBuilder<unknown>;
  regionCode: RawBuilder<unknown>;
  unitId: RawBuilder<unknown>;
  actor: RawBuilder<unknown>;
  action: string;
  entityType: string;
  entityId: RawBuilder<unknown>;
  after: Record<string, AuditSqlValue>;
  requestId?: RawBuilder<unknown> | undefined;
  where?: RawBuilder<unknown> | undefined;
  orderBy?: RawBuilder<unknown> | undefined;
}) {
  const pairs = Object.entries(e.after).map(([k, v]) => ('text' in v ? sql`${k}::text, canbao_mask_text((${v.text})::text)` : sql`${k}::text, ${v.value}`));
  return sql`INSERT INTO audit_log (region_code, unit_id, actor_username, actor_role, action, entity_type, entity_id, after, request_id)
    SELECT ${e.regionCode}, ${e.unitId}, canbao_mask_text((${e.actor})::text), 'system', ${e.action}::text, ${e.entityType}::text, (${e.entityId})::text,
           jsonb_build_object(${sql.join(pairs)}), ${e.requestId ?? sql`NULL`}
    FROM ${e.from}${e.where ? sql` WHERE ${e.where}` : sql``}${e.orderBy ? sql` ORDER BY ${e.orderBy}` : sql``}`;
}

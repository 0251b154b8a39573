import { maskPersonalText } from '@canbao/domain';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/schema/index';
import type { NewAuditLog } from '../../db/schema/audit-log';
import { prefixPattern } from '../../db/like';
import { orderedId, statementRowIds } from '../../db/row-ids';

type Db = Kysely<DB> | Transaction<DB>;

export async function insertAuditLog(db: Db, row: NewAuditLog) {
  await db.insertInto('audit_log').values({ ...row, id: row.id ?? orderedId() }).execute();
}

/** Many audit rows in few statements (1,000 rows each): a batch of declarations or confirmations. */
export async function insertAuditLogs(db: Db, rows: readonly NewAuditLog[]) {
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('audit_log').values(rows.slice(i, i + 1000).map((row) => ({ ...row, id: row.id ?? orderedId() }))).execute();
}

export type AuditFilter = {
  regionCode: string;
  unitId: string | null;
  action?: string | undefined;
  /** Exactly these actions (the codes of the Chinese words a clerk typed); empty finds nothing. */
  actions?: readonly string[] | undefined;
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
    .$if(!!f.actions, (q) => q.where('action', 'in', f.actions!.length ? f.actions! : ['']))
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

/**
 * A text value of an audit row written by a set-based statement, masked here in TypeScript exactly as writeAudit
 * masks it (maskPersonalText), then passed as a parameter: `maskedText(n.transactionId)`. For values computed in
 * the statement use ids and amounts only (they carry no personal number), or pass arrays of masked texts.
 */
export function maskedText(text: string): RawBuilder<string> {
  return sql<string>`${maskPersonalText(text)}::text`;
}

/**
 * The INSERT of the audit rows a set-based statement writes itself (one per payment of a batch, in a
 * data-modifying CTE), where writeAudit cannot run per row. Same columns as insertAuditLog, the ids given by the
 * statement (no volatile default: see db/row-ids.ts); every text in `after`
 * must come masked (maskedText, or a column of masked texts the caller built with maskPersonalText).
 */
export function auditRowsSql(e: {
  from: RawBuilder<unknown>;
  regionCode: RawBuilder<unknown>;
  unitId: RawBuilder<unknown>;
  actor: RawBuilder<unknown>;
  action: string;
  entityType: string;
  entityId: RawBuilder<unknown>;
  /** A key of the row in the statement (an integer, unique there): the row's id is made of it (db/row-ids.ts). */
  rowKey: RawBuilder<unknown>;
  after: Record<string, RawBuilder<unknown>>;
  requestId?: RawBuilder<unknown> | undefined;
  where?: RawBuilder<unknown> | undefined;
  orderBy?: RawBuilder<unknown> | undefined;
}) {
  const pairs = Object.entries(e.after).map(([k, v]) => sql`${k}::text, ${v}`);
  const ids = statementRowIds();
  return sql`INSERT INTO audit_log (id, region_code, unit_id, actor_username, actor_role, action, entity_type, entity_id, after, request_id)
    SELECT ${ids.idOf(e.rowKey)}, ${e.regionCode}, ${e.unitId}, ${e.actor}, 'system', ${e.action}::text, ${e.entityType}::text, (${e.entityId})::text,
           jsonb_build_object(${sql.join(pairs)}), ${e.requestId ?? sql`NULL`}
    FROM ${e.from}${e.where ? sql` WHERE ${e.where}` : sql``}${e.orderBy ? sql` ORDER BY ${e.orderBy}` : sql``}`;
}

import { auditActionsMatching, maskPersonalJson } from '@canbao/domain';
import type { Kysely, Transaction } from 'kysely';
import type { RequestMeta, ServiceContext } from '../../context';
import type { Scope } from '../../db/database';
import type { DB } from '../../db/schema/index';
import { shanghaiDayStart } from '../../time';
import { findAuditLogs, insertAuditLog, insertAuditLogs } from './audit.repository';
import type { NewAuditLog } from '../../db/schema/audit-log';

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId?: string | null;
  /** The unit the changed record belongs to; defaults to the actor's unit. */
  unitId?: string | null;
  before?: unknown;
  after?: unknown;
};

type Actor = Pick<Scope, 'regionCode' | 'unitId'> & Partial<Pick<Scope, 'userId' | 'username' | 'role'>>;

const toJson = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(maskPersonalJson(v)));

/**
 * Appends an audit row in the caller's transaction, so the change and its record commit or fail together.
 * Personal numbers are masked and secrets dropped before anything is stored.
 */
export async function writeAudit(
  db: Kysely<DB> | Transaction<DB>,
  actor: Actor,
  meta: RequestMeta | null,
  entry: AuditEntry,
): Promise<void> {
  await insertAuditLog(db, auditRow(actor, meta, entry));
}

function auditRow(actor: Actor, meta: RequestMeta | null, entry: AuditEntry): NewAuditLog {
  return {
    region_code: actor.regionCode,
    unit_id: entry.unitId === undefined ? actor.unitId : entry.unitId,
    actor_user_id: actor.userId ?? null,
    actor_username: actor.username ?? null,
    actor_role: actor.role ?? null,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId ?? null,
    before: toJson(entry.before),
    after: toJson(entry.after),
    request_id: meta?.requestId ?? null,
    ip: meta?.ip ?? null,
    reason: meta?.acceptedReason ?? null,
  };
}

/** Shorthand for services: audit as the request's actor. */
export function audit(ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  return writeAudit(ctx.db, ctx.scope, ctx.meta, entry);
}

/** One audit row per entry, as the request's actor, written in few statements (a class declared at once). */
export async function auditMany(ctx: ServiceContext, entries: readonly AuditEntry[]): Promise<void> {
  await insertAuditLogs(ctx.db, entries.map((e) => auditRow(ctx.scope, ctx.meta, e)));
}

export type AuditQuery = {
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  actor?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
};

export async function findAudit(ctx: ServiceContext, q: AuditQuery) {
  const { rows, total } = await findAuditLogs(
    ctx.db,
    {
      regionCode: ctx.scope.regionCode,
      unitId: ctx.scope.unitId,
      // A code (`refund.approved`) or its beginning is matched as typed; Chinese words by the actions' names.
      ...(q.action && /[^ -~]/.test(q.action) ? { actions: auditActionsMatching(q.action) } : { action: q.action }),
      entityType: q.entityType,
      entityId: q.entityId,
      actor: q.actor,
      // Dates are calendar days in the city's time zone; the upper bound is inclusive.
      fromAt: q.from ? shanghaiDayStart(q.from) : undefined,
      toAt: q.to ? shanghaiDayStart(q.to, 1) : undefined,
    },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  return { rows, total };
}

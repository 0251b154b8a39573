import type { TAuditLog } from '@canbao/domain';
import type { AuditLog } from '../../db/schema/audit-log';

export function presentAuditLog(r: AuditLog): TAuditLog {
  return {
    id: String(r.id),
    at: r.at.toISOString(),
    actorUsername: r.actor_username,
    actorRole: r.actor_role,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    unitId: r.unit_id,
    before: r.before ?? null,
    after: r.after ?? null,
    requestId: r.request_id,
    ip: r.ip,
    reason: r.reason,
  };
}

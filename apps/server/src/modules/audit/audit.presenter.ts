import { z } from 'zod';
import type { AuditLog } from '../../db/schema/audit-log';

export const ZAuditLogResponse = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actorUsername: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  unitId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});

export function presentAuditLog(r: AuditLog): z.infer<typeof ZAuditLogResponse> {
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
  };
}

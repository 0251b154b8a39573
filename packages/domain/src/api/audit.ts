import { z } from 'zod';
import { ZPageQuery, ZPaged, endpoint } from './contract';

// --- Shapes ---

/** One audited event: who, when, from where, and the record before and after (numbers masked). */
export const ZAuditLog = z.object({
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
  /** Why the agency changed a closed insurance year, as it wrote it. */
  reason: z.string().nullable(),
});
export type TAuditLog = z.infer<typeof ZAuditLog>;

const ZDay = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });

/** The audit log's filters; `from` and `to` are inclusive days in the city's time zone. */
export const ZAuditLogQuery = ZPageQuery.extend({
  /** An action code or its beginning (`refund.`), or Chinese words of its name (退费). */
  action: z.string().trim().max(64).optional(),
  entityType: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(64).optional(),
  actor: z.string().trim().max(64).optional(),
  from: ZDay.optional(),
  to: ZDay.optional(),
});

// --- Endpoints (the names of actions, objects and fields are in ../audit/labels.ts) ---

export const auditApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/v1/audit-logs',
    access: { roles: ['agency_admin'] },
    tags: ['audit'],
    summary: '审计日志',
    query: ZAuditLogQuery,
    responses: { 200: ZPaged(ZAuditLog) },
  }),
};

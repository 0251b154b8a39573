import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZPageQuery, ZPaged, errorResponses } from '../../http';
import { ZAuditLogResponse, presentAuditLog } from './audit.presenter';
import { findAudit } from './audit.service';

const ZDay = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/audit-logs',
    {
      config: { access: { roles: ['agency_admin'] } },
      schema: {
        tags: ['audit'],
        summary: '审计日志',
        querystring: ZPageQuery.extend({
          action: z.string().trim().max(64).optional(),
          entityType: z.string().trim().max(64).optional(),
          entityId: z.string().trim().max(64).optional(),
          actor: z.string().trim().max(64).optional(),
          from: ZDay.optional(),
          to: ZDay.optional(),
        }),
        response: { 200: ZPaged(ZAuditLogResponse), ...errorResponses },
      },
    },
    (request) =>
      request.scoped(async (ctx) => {
        const { rows, total } = await findAudit(ctx, request.query);
        return {
          items: rows.map(presentAuditLog),
          total,
          page: request.query.page,
          pageSize: request.query.pageSize,
        };
      }),
  );
};

import { auditApi } from '@canbao/domain';
import type { FastifyPluginAsync } from 'fastify';
import { serve } from '../../http';
import { presentAuditLog } from './audit.presenter';
import { findAudit } from './audit.service';

export const auditRoutes: FastifyPluginAsync = async (app) => {
  serve(app, auditApi.list, (request) =>
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

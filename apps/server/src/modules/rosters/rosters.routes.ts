import { rostersApi } from '@canbao/domain';
import type { FastifyPluginAsync } from 'fastify';
import { serve } from '../../http';
import { sendXlsx } from '../../xlsx-export';
import { currentCampaignYear } from '../declarations/declarations.service';
import { exportRoster } from './rosters.service';


export const rostersRoutes: FastifyPluginAsync = async (app) => {
  serve(app, rostersApi.export, (request, reply) =>
    sendXlsx(reply, (send) =>
      request.scoped(async (ctx) =>
        send(await exportRoster(ctx, request.params.kind, { year: request.query.year ?? (await currentCampaignYear(ctx)), unitId: request.query.unitId, fullIds: request.query.fullIds === 'true', reason: request.query.reason })),
      ),
    ),
  );
};

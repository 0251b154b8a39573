import { handbooksApi } from '@canbao/domain';
import type { FastifyPluginAsync } from 'fastify';
import { serve } from '../../http';
import { currentCampaignYear } from '../declarations/declarations.service';
import { findHandbooks, markUrgent, printHandbooks } from './handbooks.service';

export const handbooksRoutes: FastifyPluginAsync = async (app) => {
  serve(app, handbooksApi.list, (request) =>
    request.scoped(async (ctx) =>
      findHandbooks(ctx, {
        ...request.query,
        year: request.query.year ?? (await currentCampaignYear(ctx)),
        pending: request.query.pending === undefined ? undefined : request.query.pending === 'true',
      }),
    ),
  );
  serve(app, handbooksApi.markUrgent, (request) => request.scoped((ctx) => markUrgent(ctx, request.params.id, request.body)));
  serve(app, handbooksApi.print, (request) => request.scoped((ctx) => printHandbooks(ctx, request.body)));
};

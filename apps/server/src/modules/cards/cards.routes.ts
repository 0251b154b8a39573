import { cardsApi } from '@canbao/domain';
import type { FastifyPluginAsync } from 'fastify';
import { serve } from '../../http';
import { sendXlsx } from '../../xlsx-export';
import { currentCampaignYear } from '../declarations/declarations.service';
import { collectCards, exportCards, findCards } from './cards.service';

export const cardsRoutes: FastifyPluginAsync = async (app) => {
  serve(app, cardsApi.list, (request) =>
    request.scoped(async (ctx) =>
      findCards(ctx, {
        ...request.query,
        year: request.query.year ?? (await currentCampaignYear(ctx)),
        photoMissing: request.query.photoMissing === undefined ? undefined : request.query.photoMissing === 'true',
      }),
    ),
  );
  serve(app, cardsApi.export, (request, reply) =>
    sendXlsx(reply, (send) => request.scoped(async (ctx) => send(await exportCards(ctx, { year: request.query.year ?? (await currentCampaignYear(ctx)), unitId: request.query.unitId })))),
  );
  serve(app, cardsApi.collect, (request) => request.scoped((ctx) => collectCards(ctx, request.body)));
};

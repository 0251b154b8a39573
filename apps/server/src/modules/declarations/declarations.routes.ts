import { declarationsApi } from '@canbao/domain';
import type { FastifyPluginAsync } from 'fastify';
import { serve } from '../../http';
import { shanghaiToday } from '../../time';
import { sendXlsx } from '../../xlsx-export';
import {
  applyRecompute,
  campaignProgress,
  campaignYears,
  confirmDeclarations,
  declareBatch,
  declareOne,
  exportDeclarations,
  findDeclarations,
  getDeclaration,
  personDeclarations,
  recomputePreview,
  removeDeclaration,
} from './declarations.service';

export const declarationsRoutes: FastifyPluginAsync = async (app) => {
  serve(app, declarationsApi.campaignYears, (request) => request.scoped((ctx) => campaignYears(ctx)));
  serve(app, declarationsApi.list, (request) => request.scoped((ctx) => findDeclarations(ctx, { ...request.query, flagged: request.query.flagged === 'true' })));
  serve(app, declarationsApi.progress, (request) => request.scoped((ctx) => campaignProgress(ctx, request.query.year)));
  serve(app, declarationsApi.export, (request, reply) =>
    sendXlsx(reply, (send) =>
      request.scoped(async (ctx) => {
        const year = request.query.year ?? (await campaignYears(ctx)).items.find((i) => i.current)?.year ?? Number(shanghaiToday(ctx.now).slice(0, 4));
        await send(exportDeclarations(ctx, { ...request.query, year, flagged: request.query.flagged === 'true' }));
      }),
    ),
  );
  serve(app, declarationsApi.get, (request) => request.scoped((ctx) => getDeclaration(ctx, request.params.id)));
  serve(app, declarationsApi.ofPerson, (request) => request.scoped((ctx) => personDeclarations(ctx, request.params.id)));
  serve(app, declarationsApi.declare, (request) => request.scoped((ctx) => declareOne(ctx, request.body)));
  serve(app, declarationsApi.declareBatch, (request) => request.scoped((ctx) => declareBatch(ctx, request.body)));
  serve(app, declarationsApi.remove, (request) => request.scoped((ctx) => removeDeclaration(ctx, request.params.id, request.body.reason)));
  serve(app, declarationsApi.confirm, (request) => request.scoped((ctx) => confirmDeclarations(ctx, request.body)));
  serve(app, declarationsApi.recomputePreview, (request) => request.scoped((ctx) => recomputePreview(ctx, request.params.id)));
  serve(app, declarationsApi.recompute, (request) => request.scoped((ctx) => applyRecompute(ctx, request.params.id, request.body.version)));
};

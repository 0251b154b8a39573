import { unitsApi } from '@canbao/domain';
import type { FastifyPluginAsync } from 'fastify';
import { serve } from '../../http';
import { sendXlsx } from '../../xlsx-export';
import { addCoordinator, createUnit, exportUnits, findCoordinators, findUnits, getUnit, removeCoordinator, replaceCoordinator, updateUnit } from './units.service';

export const unitsRoutes: FastifyPluginAsync = async (app) => {
  serve(app, unitsApi.list, (request) => request.scoped((ctx) => findUnits(ctx, request.query)));
  serve(app, unitsApi.export, (request, reply) => sendXlsx(reply, (send) => request.scoped((ctx) => send(exportUnits(ctx, request.query)))));
  serve(app, unitsApi.get, (request) => request.scoped(async (ctx) => ({ unit: await getUnit(ctx, request.params.id) })));
  serve(app, unitsApi.create, (request) => request.scoped(async (ctx) => ({ unit: await createUnit(ctx, request.body) })));
  serve(app, unitsApi.update, (request) => request.scoped(async (ctx) => ({ unit: await updateUnit(ctx, request.params.id, request.body) })));
  serve(app, unitsApi.coordinators, (request) =>
    request.scoped(async (ctx) => ({ items: await findCoordinators(ctx, request.params.id, request.query.history === 'true') })),
  );
  serve(app, unitsApi.addCoordinator, (request) => request.scoped((ctx) => addCoordinator(ctx, request.params.id, request.body)));
  serve(app, unitsApi.replaceCoordinator, (request) => request.scoped((ctx) => replaceCoordinator(ctx, request.params.unitId, request.params.id, request.body)));
  serve(app, unitsApi.removeCoordinator, (request) => request.scoped((ctx) => removeCoordinator(ctx, request.params.unitId, request.params.id)));
};

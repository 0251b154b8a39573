import { householdsApi } from '@canbao/domain';
import type { FastifyPluginAsync } from 'fastify';
import { serve } from '../../http';
import { addHouseholdMember, createHousehold, declareHousehold, findHouseholds, getHousehold, removeHouseholdMember } from './households.service';

export const householdsRoutes: FastifyPluginAsync = async (app) => {
  serve(app, householdsApi.list, (request) => request.scoped((ctx) => findHouseholds(ctx, request.query)));
  serve(app, householdsApi.create, (request) => request.scoped((ctx) => createHousehold(ctx, request.body)));
  serve(app, householdsApi.get, (request) => request.scoped((ctx) => getHousehold(ctx, request.params.id, request.query.year)));
  serve(app, householdsApi.addMember, (request) => request.scoped((ctx) => addHouseholdMember(ctx, request.params.id, request.body)));
  serve(app, householdsApi.removeMember, (request) => request.scoped((ctx) => removeHouseholdMember(ctx, request.params.id, request.params.personId)));
  serve(app, householdsApi.declare, (request) => request.scoped((ctx) => declareHousehold(ctx, request.params.id, request.body.year)));
};

import { branchOfficesApi } from '@canbao/domain';
import type { FastifyPluginAsync } from 'fastify';
import { serve } from '../../http';
import { createBranchOffice, deleteBranchOffice, findBranchOffices, updateBranchOffice } from './branch-offices.service';

export const branchOfficesRoutes: FastifyPluginAsync = async (app) => {
  serve(app, branchOfficesApi.list, (request) => request.scoped(async (ctx) => ({ items: await findBranchOffices(ctx) })));
  serve(app, branchOfficesApi.create, (request) => request.scoped((ctx) => createBranchOffice(ctx, request.body)));
  serve(app, branchOfficesApi.update, (request) => request.scoped((ctx) => updateBranchOffice(ctx, request.params.id, request.body)));
  serve(app, branchOfficesApi.remove, (request) => request.scoped((ctx) => deleteBranchOffice(ctx, request.params.id)));
};

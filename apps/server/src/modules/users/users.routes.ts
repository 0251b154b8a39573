import { usersApi } from '@canbao/domain';
import type { FastifyPluginAsync } from 'fastify';
import { serve } from '../../http';
import { presentUser } from './users.presenter';
import { createUser, findUsers, getUser, resetPassword, updateUser } from './users.service';

export const usersRoutes: FastifyPluginAsync = async (app) => {
  serve(app, usersApi.list, (request) => request.scoped((ctx) => findUsers(ctx, request.query)));
  serve(app, usersApi.get, (request) => request.scoped(async (ctx) => ({ user: presentUser(await getUser(ctx, request.params.id)) })));
  serve(app, usersApi.create, (request) => request.scoped((ctx) => createUser(ctx, request.body)));
  serve(app, usersApi.update, (request) => request.scoped(async (ctx) => ({ user: await updateUser(ctx, request.params.id, request.body) })));
  serve(app, usersApi.resetPassword, (request) => request.scoped((ctx) => resetPassword(ctx, request.params.id)));
};

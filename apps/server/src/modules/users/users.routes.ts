import { ZRole } from '@canbao/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams, ZPageQuery, ZPaged, errorResponses } from '../../http';
import { ZUserResponse, presentUser } from './users.presenter';
import { createUser, findUsers, getUser, resetPassword, updateUser } from './users.service';

const admin = { roles: ['agency_admin'] as const };

export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/users',
    {
      config: { access: admin },
      schema: {
        tags: ['users'],
        summary: '账号列表',
        querystring: ZPageQuery.extend({ q: z.string().trim().max(64).optional(), role: ZRole.optional(), unitId: z.uuid().optional() }),
        response: { 200: ZPaged(ZUserResponse), ...errorResponses },
      },
    },
    (request) => request.scoped((ctx) => findUsers(ctx, request.query)),
  );

  app.get(
    '/api/v1/users/:id',
    {
      config: { access: { ...admin, params: { id: 'user' } } },
      schema: { tags: ['users'], summary: '账号详情', params: ZIdParams, response: { 200: z.object({ user: ZUserResponse }), ...errorResponses } },
    },
    (request) => request.scoped(async (ctx) => ({ user: presentUser(await getUser(ctx, request.params.id)) })),
  );

  app.post(
    '/api/v1/users',
    {
      config: { access: admin },
      schema: {
        tags: ['users'],
        summary: '新建账号',
        body: z.object({
          username: z
            .string()
            .trim()
            .regex(/^[A-Za-z][A-Za-z0-9_.-]{2,31}$/, '用户名须以字母开头，3–32 位字母、数字或 _ . -'),
          displayName: z.string().trim().min(1, '请输入姓名').max(64),
          role: ZRole,
          unitId: z.uuid().optional(),
        }),
        response: { 201: z.object({ user: ZUserResponse, initialPassword: z.string() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await request.scoped((ctx) => createUser(ctx, request.body));
      return reply.code(201).send(result);
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      config: { access: { ...admin, params: { id: 'user' } } },
      schema: {
        tags: ['users'],
        summary: '修改账号（姓名、停用/启用）',
        params: ZIdParams,
        body: z.object({ displayName: z.string().trim().min(1).max(64).optional(), isDisabled: z.boolean().optional() }),
        response: { 200: z.object({ user: ZUserResponse }), ...errorResponses },
      },
    },
    (request) => request.scoped(async (ctx) => ({ user: await updateUser(ctx, request.params.id, request.body) })),
  );

  app.post(
    '/api/v1/users/:id/reset-password',
    {
      config: { access: { ...admin, params: { id: 'user' } } },
      schema: {
        tags: ['users'],
        summary: '重置密码',
        params: ZIdParams,
        response: { 200: z.object({ temporaryPassword: z.string() }), ...errorResponses },
      },
    },
    (request) => request.scoped((ctx) => resetPassword(ctx, request.params.id)),
  );
};

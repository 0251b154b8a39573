import { ZNewPassword } from '@canbao/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../context';
import { errorResponses } from '../../http';
import { SESSION_COOKIE } from '../../plugins/access';
import { ZUserResponse, presentUser } from '../users/users.presenter';
import { changeOwnPassword, login, logout } from './auth.service';
import { getDummyHash } from './password';

const ZLoginBody = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(128),
});

export const authRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  // The dummy hash an unknown username is checked against, made now: the first unknown login must not take longer.
  await getDummyHash();
  const now = deps.now ?? (() => new Date());
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: deps.config.cookieSecure,
    path: '/',
  };

  app.post(
    '/api/v1/auth/login',
    {
      // Public, and needs no CSRF token: the body must be JSON, which a cross-site form cannot send.
      config: { access: { public: true } },
      schema: {
        tags: ['auth'],
        summary: '登录',
        body: ZLoginBody,
        response: { 200: z.object({ user: ZUserResponse, csrfToken: z.string(), expiresAt: z.iso.datetime() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const meta = { requestId: request.id, ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null };
      const result = await login(deps.database.db, deps.config, request.body, meta, now());
      reply.setCookie(SESSION_COOKIE, result.token, cookieOptions);
      return { user: presentUser(result.user), csrfToken: result.csrfToken, expiresAt: result.expiresAt.toISOString() };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: { roles: 'any', allowPendingPasswordChange: true } },
      schema: { tags: ['auth'], summary: '退出登录', response: { 204: z.null(), ...errorResponses } },
    },
    async (request, reply) => {
      const auth = request.requireAuth();
      await logout(deps.database.db, auth, { requestId: request.id, ip: request.ip ?? null, userAgent: null });
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      config: { access: { roles: 'any', allowPendingPasswordChange: true } },
      schema: {
        tags: ['auth'],
        summary: '当前登录账号',
        response: {
          200: z.object({ user: ZUserResponse, csrfToken: z.string(), expiresAt: z.iso.datetime(), idleExpiresAt: z.iso.datetime() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const auth = request.requireAuth();
      return {
        user: presentUser(auth.user),
        csrfToken: auth.csrfToken,
        expiresAt: auth.expiresAt.toISOString(),
        idleExpiresAt: auth.idleExpiresAt.toISOString(),
      };
    },
  );

  app.post(
    '/api/v1/auth/password',
    {
      config: { access: { roles: 'any', allowPendingPasswordChange: true } },
      schema: {
        tags: ['auth'],
        summary: '修改本人密码',
        body: z.object({ currentPassword: z.string().min(1, '请输入当前密码').max(128), newPassword: ZNewPassword }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const auth = request.requireAuth();
      await request.scoped((ctx) => changeOwnPassword(ctx, auth.sessionId, request.body));
      return reply.code(204).send(null);
    },
  );
};

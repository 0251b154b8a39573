import { authApi, type TLogin, type TMe } from '@canbao/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../context';
import { serve } from '../../http';
import { SESSION_COOKIE } from '../../plugins/access';
import { presentUser } from '../users/users.presenter';
import { changeOwnPassword, login, logout } from './auth.service';
import { getDummyHash } from './password';

export const authRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  // The dummy hash an unknown username is checked against, made now: the first unknown login must not take longer.
  await getDummyHash();
  const now = deps.now ?? (() => new Date());
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: deps.config.cookieSecure,
    path: '/',
  };

  serve(app, authApi.login, async (request, reply): Promise<TLogin> => {
    const meta = { requestId: request.id, ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null };
    const result = await login(deps.database.db, deps.config, request.body, meta, now());
    reply.setCookie(SESSION_COOKIE, result.token, cookieOptions);
    return { user: presentUser(result.user), csrfToken: result.csrfToken, expiresAt: result.expiresAt.toISOString() };
  });

  serve(app, authApi.logout, async (request, reply) => {
    const auth = request.requireAuth();
    await logout(deps.database.db, auth, { requestId: request.id, ip: request.ip ?? null, userAgent: null });
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return null;
  });

  serve(app, authApi.me, (request): TMe => {
    const auth = request.requireAuth();
    return {
      user: presentUser(auth.user),
      csrfToken: auth.csrfToken,
      expiresAt: auth.expiresAt.toISOString(),
      idleExpiresAt: auth.idleExpiresAt.toISOString(),
    };
  });

  serve(app, authApi.changePassword, async (request) => {
    const auth = request.requireAuth();
    await request.scoped((ctx) => changeOwnPassword(ctx, auth.sessionId, request.body));
    return null;
  });
};

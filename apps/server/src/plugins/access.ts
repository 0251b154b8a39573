import { CHANGE_REASON_HEADER, type AccessRule, type EndpointSpec } from '@canbao/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppDeps, RequestMeta, ServiceContext } from '../context';
import { inScope } from '../db/database';
import { AppError, AppErrorCode } from '../errors';
import { authenticate, isCsrfTokenValid, type AuthState } from '../modules/auth/auth.service';

export const SESSION_COOKIE = 'canbao_session';

export type { AccessRule, ResourceKind } from '@canbao/domain';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
  }
  interface FastifyInstance {
    /** Every /api/v1 route with its access rule, for the cross-unit access test and the docs. */
    apiRoutes: RegisteredRoute[];
  }
  interface FastifyRequest {
    auth: AuthState | null;
    /** Runs `fn` in a transaction scoped to the session's region and unit (row-level security on). */
    scoped<T>(fn: (ctx: ServiceContext) => Promise<T>): Promise<T>;
    /** The authenticated state; throws if the route is public. */
    requireAuth(): AuthState;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type RegisteredRoute = { method: string; url: string; access: AccessRule; hasBody: boolean; endpoint: EndpointSpec | null };

export const accessPlugin = fp(async (app: FastifyInstance, deps: AppDeps) => {
  const now = deps.now ?? (() => new Date());
  const { db } = deps.database;
  const registry: RegisteredRoute[] = [];
  app.decorate('apiRoutes', registry);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/')) return;
    // Every /api/v1 route is served from its contract entry (http.ts `serve`): the contract is the API.
    if (!route.config?.endpoint) throw new Error(`Route ${String(route.method)} ${route.url} is not in the API contract (register it with serve())`);
    const rule = route.config?.access;
    if (!rule) throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule (config.access)`);
    const params = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    if (!('public' in rule)) {
      const missing = params.filter((p) => !rule.params?.[p]);
      if (missing.length) throw new Error(`Route ${String(route.method)} ${route.url} must name the resource of :${missing.join(', :')}`);
    }
    for (const method of [route.method].flat()) if (method !== 'HEAD') registry.push({ method, url: route.url, access: rule, hasBody: !!route.schema?.body, endpoint: route.config?.endpoint ?? null });
  });

  app.decorateRequest('auth', null);
  app.decorateRequest('requireAuth', function (this: FastifyRequest) {
    if (!this.auth) throw new AppError(AppErrorCode.UNAUTHENTICATED);
    return this.auth;
  });
  app.decorateRequest('scoped', function <T>(this: FastifyRequest, fn: (ctx: ServiceContext) => Promise<T>) {
    const auth = this.requireAuth();
    const meta: RequestMeta = { requestId: this.id, ip: this.ip ?? null, userAgent: this.headers['user-agent'] ?? null, changeReason: changeReasonOf(this) };
    return inScope(db, auth.scope, (trx) => fn({ db: trx, scope: auth.scope, meta, config: deps.config, now: now() }));
  });

  // onRequest: before the body is parsed or validated, so an anonymous or foreign caller learns nothing from
  // validation errors and costs no parsing.
  app.addHook('onRequest', async (request) => {
    const rule = request.routeOptions.config?.access;
    if (!rule || 'public' in rule) return;
    const auth = await authenticate(db, deps.config, request.cookies[SESSION_COOKIE], now());
    request.auth = auth;
    if (rule.roles !== 'any' && !rule.roles.includes(auth.scope.role)) throw new AppError(AppErrorCode.FORBIDDEN);
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (!isCsrfTokenValid(auth.csrfToken, typeof header === 'string' ? header : undefined)) {
        throw new AppError(AppErrorCode.CSRF_INVALID);
      }
    }
    if (auth.user.must_change_password && !rule.allowPendingPasswordChange) {
      throw new AppError(AppErrorCode.PASSWORD_CHANGE_REQUIRED);
    }
  });
});

/** The x-change-reason header, URI-decoded (a header carries Latin-1 only); '' when it cannot be decoded. */
function changeReasonOf(request: FastifyRequest): string | null {
  const raw = request.headers[CHANGE_REASON_HEADER];
  if (typeof raw !== 'string' || !raw) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return '';
  }
}

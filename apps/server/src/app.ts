import { randomUUID } from 'node:crypto';
import path from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from './context';
import { isDatabaseUnavailable, isTransactionConflict, isUnstorableInput } from './db/database';
import { AppError, AppErrorCode, errorBody } from './errors';
import { loggerOptions } from './logger';
import { auditRoutes } from './modules/audit/audit.routes';
import { authRoutes } from './modules/auth/auth.routes';
import { branchOfficesRoutes } from './modules/branch-offices/branch-offices.routes';
import { divisionsRoutes } from './modules/divisions/divisions.routes';
import { healthRoutes } from './modules/health/health.routes';
import { declarationsRoutes } from './modules/declarations/declarations.routes';
import { chaseRoutes } from './modules/chase/chase.routes';
import { auditSamplesRoutes } from './modules/audit-samples/audit-samples.routes';
import { rostersRoutes } from './modules/rosters/rosters.routes';
import { closeRoutes } from './modules/close/close.routes';
import { cardsRoutes } from './modules/cards/cards.routes';
import { handbooksRoutes } from './modules/handbooks/handbooks.routes';
import { householdsRoutes } from './modules/households/households.routes';
import { installPaymentProviders, paymentsRoutes } from './modules/payments/payments.routes';
import { reconciliationRoutes } from './modules/payments/reconciliation.routes';
import { cardDeductionRoutes } from './modules/payments/card-deduction.routes';
import { importsRoutes } from './modules/imports/imports.routes';
import { personsRoutes } from './modules/persons/persons.routes';
import { policiesRoutes } from './modules/policies/policies.routes';
import { unitsRoutes } from './modules/units/units.routes';
import { usersRoutes } from './modules/users/users.routes';
import { accessPlugin } from './plugins/access';
import { openapiPlugin } from './plugins/openapi';
import { webPlugin } from './plugins/web';

// Validation messages in Chinese for every schema, API and web form alike.
z.config(z.locales.zhCN());

const APP_CSP =
  "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; " +
  "connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

const SANDBOX_LIMIT = { max: 30, timeWindow: '1 minute' };

const REQUEST_ID = /^[A-Za-z0-9_.:-]{8,64}$/;

/** Builds the whole application: plugins, modules, one error handler. Listening is the caller's business. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(deps.config.logLevel),
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
    requestIdHeader: 'x-request-id',
    // A path the router cannot take (a parameter longer than 100 characters, a broken %-escape): our error body in
    // Chinese, never fastify's English one that echoes the whole path (which may hold an ID number).
    frameworkErrors: (err, request, rawReply) => {
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const reply = rawReply as unknown as FastifyReply;
      void reply
        .code(tooLong ? 414 : 400)
        .header('x-request-id', request.id)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(errorBody(new AppError(AppErrorCode.VALIDATION_FAILED, { message: tooLong ? '请求地址中的参数过长' : '请求地址格式不正确' })));
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    // Never framed, anywhere. The API docs page (swagger-ui) gets its own policy: its scripts and styles are files
    // of this server too, but the UI sets inline styles; nothing is loaded from elsewhere (no validator badge).
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', request.url.startsWith('/api/docs') ? DOCS_CSP : APP_CSP);
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      if (err.status >= 500) request.log.error({ err }, 'request failed');
      return reply.code(err.status).send(errorBody(err));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        path: v.instancePath.replace(/^\//, '').replaceAll('/', '.') || ((v.params.issue as { path?: PropertyKey[] })?.path ?? []).join('.'),
        message: v.message ?? '格式不正确',
      }));
      const where = err.validationContext === 'querystring' ? '查询参数' : err.validationContext === 'params' ? '路径参数' : '请求内容';
      const first = details[0];
      return reply.code(400).send(
        errorBody(
          new AppError(AppErrorCode.VALIDATION_FAILED, {
            message: first ? `${where}不符合要求：${first.path ? `${first.path} ` : ''}${first.message}` : `${where}不符合要求`,
            details,
          }),
        ),
      );
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
      return reply.code(500).send(errorBody(new AppError(AppErrorCode.INTERNAL_ERROR)));
    }
    const status = err.statusCode ?? 500;
    if (status === 415) {
      return reply.code(415).send(errorBody(new AppError(AppErrorCode.VALIDATION_FAILED, { message: '请求格式须为 JSON（Content-Type: application/json）' })));
    }
    if (status === 413) return reply.code(413).send(errorBody(new AppError(AppErrorCode.PAYLOAD_TOO_LARGE)));
    if (status === 429) return reply.code(429).send(errorBody(new AppError(AppErrorCode.RATE_LIMITED)));
    if (status >= 400 && status < 500) {
      // Malformed JSON, empty bodies and similar client mistakes: a clear message, never internals.
      const message = err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? '请求内容为空' : '请求内容不是有效的 JSON';
      return reply.code(400).send(errorBody(new AppError(AppErrorCode.VALIDATION_FAILED, { message })));
    }
    if (isUnstorableInput(err)) {
      // Something no schema bounded reached the database: too long for an index or a column, or a NUL character.
      request.log.warn({ err }, 'input the database cannot store');
      return reply.code(400).send(errorBody(new AppError(AppErrorCode.VALIDATION_FAILED, { message: '提交的内容过长或含有无法保存的字符，请检查后重试' })));
    }
    if (isTransactionConflict(err)) {
      // Two requests ran into each other (a settlement and a recomputation of the same declarations …): the
      // database cancelled this one whole. The caller learns so, in Chinese, and may send it again.
      request.log.warn({ err }, 'transaction cancelled by a concurrent one');
      return reply.code(409).send(errorBody(new AppError(AppErrorCode.CONFLICT, { message: '有其他操作同时在处理相同的数据，本次操作未生效，请刷新后重试' })));
    }
    if (isDatabaseUnavailable(err)) {
      request.log.warn({ err }, 'database unavailable');
      reply.header('retry-after', '5');
      return reply.code(503).send(errorBody(new AppError(AppErrorCode.SERVICE_UNAVAILABLE, { details: { requestId: request.id } })));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.code(500).send(errorBody(new AppError(AppErrorCode.INTERNAL_ERROR, { details: { requestId: request.id } })));
  });

  await app.register(cookie);
  // The sandbox wallet's cashier (tests and demo, never in production) is public: give its routes the public
  // pages' limit unless they name their own. Added before the rate-limit plugin so that its onRoute hook sees it.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/sandbox/')) return;
    const config = (route.config ?? {}) as { rateLimit?: unknown };
    if (config.rateLimit === undefined) route.config = { ...config, rateLimit: SANDBOX_LIMIT } as typeof route.config;
  });
  // Per-route limits only (the public fee quote); counters are per instance, which suits a public lookup.
  await app.register(rateLimit, { global: false });
  await app.register(openapiPlugin);
  await app.register(accessPlugin, deps);

  await app.register(healthRoutes, deps);
  await app.register(authRoutes, deps);
  await app.register(usersRoutes);
  await app.register(unitsRoutes);
  await app.register(auditRoutes);
  await app.register(policiesRoutes, deps);
  await app.register(divisionsRoutes, deps);
  await app.register(personsRoutes);
  await app.register(branchOfficesRoutes);
  await app.register(importsRoutes, deps);
  await app.register(declarationsRoutes);
  await app.register(chaseRoutes, deps);
  await app.register(auditSamplesRoutes);
  await app.register(rostersRoutes);
  await app.register(closeRoutes);
  await app.register(cardsRoutes);
  await app.register(handbooksRoutes);
  await app.register(householdsRoutes);
  installPaymentProviders(app, deps.config);
  await app.register(paymentsRoutes, deps);
  await app.register(reconciliationRoutes, deps);
  await app.register(cardDeductionRoutes);

  const webRoot = deps.config.webDist ?? path.resolve(import.meta.dirname, '../../web/dist');
  await app.register(webPlugin, { root: webRoot });
  return app;
}

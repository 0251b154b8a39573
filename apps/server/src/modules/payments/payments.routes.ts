import { TERMINAL_HEADERS, paymentsApi, terminalsApi } from '@canbao/domain';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../context';
import { serve } from '../../http';
import { AppError, AppErrorCode } from '../../errors';
import { NotificationRejected, type PaymentProvider } from './channels/provider';
import { SandboxProvider } from './channels/sandbox';
import { familyDue, familyOrderStatus, startFamilyPayment } from './family-pay.service';
import { lookupGuard } from './lookup-guard';
import { acceptNotification, channelPaymentRecorder, noticeDetails, noticeGreeting, recordUnitPayment, refreshNotice, startPayment } from './payments.service';
import { familyStatus, issueReceipts, lookupReceipts, receiptCounts, scheduleReceipts, verifyReceipt } from './receipts.service';
import { cancelSettlement, createSettlement, findNotices, findSettlements, getSettlement } from './settlements.service';
import {
  createTerminal,
  findTerminalStatements,
  findTerminals,
  rotateTerminalKey,
  setTerminalDisabled,
  terminalDue,
  terminalNotification,
  terminalOrder,
  terminalOrderStatus,
  terminalStatement,
  verifyTerminalRequest,
  type Terminal,
} from './terminal.service';

declare module 'fastify' {
  interface FastifyInstance {
    /** Online payment channels by code (the sandbox wallet outside production). */
    paymentProviders: Map<string, PaymentProvider>;
  }
}

/**
 * The online channels this instance offers; the sandbox wallet (tests, demo) reaches the notification route through
 * the app's full HTTP handling, in process.
 */
export function installPaymentProviders(app: FastifyInstance, config: AppDeps['config']) {
  const providers = new Map<string, PaymentProvider>();
  if (config.paymentSandbox) {
    const sandbox = new SandboxProvider(config.sandboxPayKey);
    sandbox.deliver = async (rawBody, headers) => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/payments/notify/sandbox', headers, payload: rawBody });
      return { status: res.statusCode, body: res.body };
    };
    providers.set(sandbox.code, sandbox);
  }
  app.decorate('paymentProviders', providers);
}

const publicLimit = { max: 30, timeWindow: '1 minute' };
const publicRoute = { config: { rateLimit: publicLimit } };

/** The notification exactly as the channel sent it: the nested plugin's parser leaves the raw text as the body. */
const rawBody = (request: FastifyRequest) => (typeof request.body === 'string' ? request.body : '');

export const paymentsRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const db = deps.database.db;
  const guard = lookupGuard(db, deps.config.sessionSecret, deps.now ?? (() => new Date()));
  const providers = app.paymentProviders;
  const installed = providers.get('sandbox');
  const sandbox = installed instanceof SandboxProvider ? installed : null;
  app.addHook('onClose', async () => sandbox?.close());
  // Receipts for anything paid while the process was down.
  app.addHook('onReady', async () => scheduleReceipts(db, 1000));

  // ── settlements (结算单) and notices (缴费通知单) ──
  serve(app, paymentsApi.settlements, (request) => request.scoped((ctx) => findSettlements(ctx, request.query)));
  serve(app, paymentsApi.createSettlement, (request) => request.scoped((ctx) => createSettlement(ctx, request.body)));
  serve(app, paymentsApi.settlement, (request) => request.scoped((ctx) => getSettlement(ctx, request.params.id)));
  serve(app, paymentsApi.cancelSettlement, (request) => request.scoped((ctx) => cancelSettlement(ctx, request.params.id, request.body.reason)));
  serve(app, paymentsApi.notices, (request) => request.scoped((ctx) => findNotices(ctx, request.params.id, request.query)));
  serve(app, paymentsApi.recordUnitPayment, async (request) => {
    const out = await request.scoped((ctx) => recordUnitPayment(ctx, request.params.id, request.body));
    if (out.result === 'recorded') scheduleReceipts(db);
    return out;
  });

  // ── the family's pay page (码上缴社保), public by the notice's token ──
  serve(app, paymentsApi.payGreeting, (request) => noticeGreeting(db, request.params.token), publicRoute);
  serve(
    app,
    paymentsApi.payDetails,
    async (request) => {
      await refreshNotice(db, providers, request.params.token);
      return noticeDetails(db, guard, request.params.token, request.body.name);
    },
    publicRoute,
  );
  serve(
    app,
    paymentsApi.payOrder,
    (request) => startPayment(db, providers, guard, { requestId: request.id, ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null }, request.params.token, request.body),
    publicRoute,
  );

  // ── channel notifications: signed, raw body, idempotent ──
  // Under a burst, notifications arriving together are recorded together (one statement, one commit each batch).
  const recordChannelPayment = channelPaymentRecorder(db);
  await app.register(async (raw) => {
    raw.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
    // Answered in the channel's own format: its acknowledgement, or a refusal the contract declares for 400 and 404.
    serve(raw, paymentsApi.notify, async (request, reply) => {
      const answer = await acceptNotification(db, providers, recordChannelPayment, request.params.channel, request.headers, rawBody(request));
      if (answer.status === 200) return answer.body;
      return reply.code(answer.status).send(answer.body);
    });
  });

  // ── query-and-pay terminals (kiosk, bank counter, mini-program): signed over the raw body, limited per terminal ──
  const terminals = new WeakMap<FastifyRequest, Terminal>();
  const terminalOf = (request: FastifyRequest) => terminals.get(request)!;
  const now = deps.now ?? (() => new Date());
  await app.register(async (signed) => {
    const rawTexts = new WeakMap<FastifyRequest, string>();
    signed.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 16 * 1024 }, (request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      rawTexts.set(request, text);
      try {
        done(null, text ? JSON.parse(text) : {});
      } catch {
        done(new AppError(AppErrorCode.VALIDATION_FAILED, { message: '请求内容不是有效的 JSON' }), undefined);
      }
    });
    // Before the body's schema: an unsigned request learns nothing, not even which field it got wrong.
    const preValidation = async (request: FastifyRequest) => {
      const path = request.url.split('?')[0]!;
      terminals.set(request, await verifyTerminalRequest(db, { headers: request.headers, method: request.method, path, rawBody: rawTexts.get(request) ?? '' }, now()));
    };
    const limited = { config: { rateLimit: { max: 120, timeWindow: '1 minute', keyGenerator: (r: FastifyRequest) => String(r.headers[TERMINAL_HEADERS.terminal] ?? r.ip) } }, preValidation };
    const meta = (request: FastifyRequest) => ({ requestId: request.id, ip: request.ip ?? null, userAgent: terminalOf(request).terminal_id });
    serve(signed, terminalsApi.due, (request) => terminalDue(db, guard, terminalOf(request), request.body), limited);
    serve(signed, terminalsApi.createOrder, (request) => terminalOrder(db, guard, terminalOf(request), meta(request), request.body), limited);
    serve(signed, terminalsApi.order, (request) => terminalOrderStatus(db, terminalOf(request), request.params.outTradeNo), limited);
    serve(
      signed,
      terminalsApi.notify,
      async (request) => {
        const ack = await terminalNotification(db, terminalOf(request), request.body, recordChannelPayment);
        if (ack.status === 'paid') scheduleReceipts(db);
        return ack;
      },
      limited,
    );
    // A day's statement: up to 20,000 lines (a few MB), a few times a day per terminal.
    serve(
      signed,
      terminalsApi.sendStatement,
      async (request) => {
        const result = await terminalStatement(db, terminalOf(request), meta(request), request.body, recordChannelPayment, now());
        if (result.recovered > 0) scheduleReceipts(db);
        return result;
      },
      { config: { rateLimit: { max: 30, timeWindow: '1 minute', keyGenerator: (r: FastifyRequest) => String(r.headers[TERMINAL_HEADERS.terminal] ?? r.ip) } }, preValidation, bodyLimit: 4 * 1024 * 1024 },
    );
  });
  serve(app, terminalsApi.list, (request) => request.scoped((ctx) => findTerminals(ctx)));
  serve(app, terminalsApi.create, (request) => request.scoped((ctx) => createTerminal(ctx, request.body)));
  serve(app, terminalsApi.patch, (request) => request.scoped((ctx) => setTerminalDisabled(ctx, request.params.terminalId, request.body.disabled)));
  serve(app, terminalsApi.rotateKey, (request) => request.scoped((ctx) => rotateTerminalKey(ctx, request.params.terminalId)));
  serve(app, terminalsApi.statements, (request) => request.scoped((ctx) => findTerminalStatements(ctx, request.params.terminalId)));

  // ── the sandbox wallet's cashier (tests, demo) ──
  if (sandbox) {
    const wallet = sandbox;
    serve(
      app,
      paymentsApi.sandboxOrder,
      (request) => {
        const o = wallet.getOrder(request.params.outTradeNo);
        if (!o) throw new AppError(AppErrorCode.NOT_FOUND, { message: '订单不存在或已过期，请返回缴费页面重新发起支付' });
        return o;
      },
      publicRoute,
    );
    serve(
      app,
      paymentsApi.sandboxPay,
      (request) => {
        try {
          const n = wallet.pay(request.params.outTradeNo, request.body.scenario, request.body.payerName ?? null);
          return { transactionId: n.transactionId, amountFen: n.amountFen };
        } catch (e) {
          if (e instanceof NotificationRejected) throw new AppError(AppErrorCode.NOT_FOUND, { message: e.message });
          throw e;
        }
      },
      publicRoute,
    );
  }

  // ── receipts and the family's own lookups (public, rate-limited) ──
  serve(app, paymentsApi.verifyReceipt, (request) => verifyReceipt(db, request.query.number, request.query.code), publicRoute);
  serve(app, paymentsApi.lookupReceipts, (request) => lookupReceipts(db, guard, request.body), publicRoute);
  serve(app, paymentsApi.familyStatus, (request) => familyStatus(db, guard, request.body), publicRoute);
  serve(app, paymentsApi.familyDue, (request) => familyDue(db, guard, request.body), publicRoute);
  serve(
    app,
    paymentsApi.familyOrder,
    (request) => startFamilyPayment(db, providers, guard, { requestId: request.id, ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null }, request.body),
    publicRoute,
  );
  serve(
    app,
    paymentsApi.familyOrderStatus,
    async (request) => {
      const out = await familyOrderStatus(db, providers, recordChannelPayment, request.params.outTradeNo);
      if (out.status === 'paid') scheduleReceipts(db);
      return out;
    },
    publicRoute,
  );
  serve(app, paymentsApi.receiptCounts, async (request) => {
    await issueReceipts(db);
    return request.scoped((ctx) => receiptCounts(ctx, request.query.year));
  });
};

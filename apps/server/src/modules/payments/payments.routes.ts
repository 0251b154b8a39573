import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../context';
import { ZIdParams, errorResponses } from '../../http';
import { AppError, AppErrorCode } from '../../errors';
import { NotificationRejected, type PaymentProvider } from './channels/provider';
import { SandboxProvider } from './channels/sandbox';
import { lookupGuard } from './lookup-guard';
import { acceptNotification, channelPaymentRecorder, noticeDetails, noticeGreeting, recordUnitPayment, refreshNotice, startPayment } from './payments.service';
import { familyStatus, issueReceipts, lookupReceipts, receiptCounts, scheduleReceipts, verifyReceipt } from './receipts.service';
import { cancelSettlement, createSettlement, findNotices, findSettlements, getSettlement } from './settlements.service';

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

const ZYear = z.coerce.number().int().min(2000, '参保年度不正确').max(2100, '参保年度不正确');
const ZGroup = z.object({ code: z.string(), name: z.string(), count: z.number().int(), totalFen: z.number().int(), subsidyFen: z.number().int(), payableFen: z.number().int() });
const ZSettlement = z.object({
  id: z.string(),
  number: z.string(),
  year: z.number().int(),
  unit: z.object({ id: z.string(), name: z.string() }),
  paymentMode: z.enum(['unit_total', 'per_person']),
  paymentModeName: z.string(),
  unitMethod: z.enum(['transfer', 'bank_draft', 'bank_deduction']).nullable(),
  unitMethodName: z.string().nullable(),
  status: z.enum(['awaiting_payment', 'paid', 'cancelled']),
  statusName: z.string(),
  personCount: z.number().int(),
  totalFen: z.number().int(),
  subsidyFen: z.number().int(),
  payableFen: z.number().int(),
  paidFen: z.number().int(),
  paidCount: z.number().int(),
  breakdown: z.object({ count: z.number().int(), totalFen: z.number().int(), subsidyFen: z.number().int(), payableFen: z.number().int(), byCategory: z.array(ZGroup), byExemption: z.array(ZGroup) }),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
});
const ZNotice = z.object({
  id: z.string(),
  token: z.string(),
  payPath: z.string(),
  status: z.enum(['open', 'paid', 'cancelled']),
  amountFen: z.number().int(),
  paidAt: z.string().nullable(),
  personName: z.string(),
  documentNumber: z.string(),
  gradeCode: z.string().nullable(),
  className: z.string().nullable(),
  categoryName: z.string(),
  totalFen: z.number().int(),
  subsidyFen: z.number().int(),
  subsidyName: z.string().nullable(),
  benefitStart: z.string(),
  benefitEnd: z.string(),
});
const ZTokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '通知单编号不正确') });
const ZName = z.string().trim().min(1, '请输入孩子的姓名').max(50);
const publicLimit = { max: 30, timeWindow: '1 minute' };

const staff = { roles: ['agency_admin', 'unit_operator', 'viewer', 'collector'] as const };
const settlers = { roles: ['agency_admin', 'unit_operator'] as const };
const collectors = { roles: ['agency_admin', 'collector'] as const };

export const paymentsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const db = deps.database.db;
  const guard = lookupGuard(db, deps.config.sessionSecret, deps.now ?? (() => new Date()));
  const providers = (app as unknown as FastifyInstance).paymentProviders;
  const sandbox = providers.get('sandbox') instanceof SandboxProvider ? (providers.get('sandbox') as SandboxProvider) : null;
  app.addHook('onClose', async () => sandbox?.close());
  // Receipts for anything paid while the process was down.
  app.addHook('onReady', async () => scheduleReceipts(db, 1000));

  // ── settlements (结算单) and notices (缴费通知单) ──
  app.get(
    '/api/v1/settlements',
    {
      config: { access: staff },
      schema: {
        tags: ['payments'],
        summary: '结算单列表',
        querystring: z.object({ year: ZYear, unitId: z.uuid().optional(), status: z.enum(['awaiting_payment', 'paid', 'cancelled']).optional() }),
        response: { 200: z.object({ items: z.array(ZSettlement) }), ...errorResponses },
      },
    },
    (request) => request.scoped((ctx) => findSettlements(ctx, request.query)),
  );
  app.post(
    '/api/v1/settlements',
    {
      config: { access: settlers },
      schema: {
        tags: ['payments'],
        summary: '生成结算单：冻结已确认的申报，按类别、减免身份汇总；选择单位统一缴纳或逐人缴费通知单',
        body: z.object({
          year: ZYear,
          unitId: z.uuid().optional(),
          paymentMode: z.enum(['unit_total', 'per_person'], { message: '请选择缴费方式' }),
          unitMethod: z.enum(['transfer', 'bank_draft', 'bank_deduction']).optional(),
        }),
        response: { 201: ZSettlement, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await request.scoped((ctx) => createSettlement(ctx, request.body))),
  );
  app.get(
    '/api/v1/settlements/:id',
    { config: { access: { ...staff, params: { id: 'settlement' } } }, schema: { tags: ['payments'], summary: '结算单详情', params: ZIdParams, response: { 200: ZSettlement, ...errorResponses } } },
    (request) => request.scoped((ctx) => getSettlement(ctx, request.params.id)),
  );
  app.post(
    '/api/v1/settlements/:id/cancel',
    {
      config: { access: { ...settlers, params: { id: 'settlement' } } },
      schema: { tags: ['payments'], summary: '作废未缴费的结算单（申报退回已确认）', params: ZIdParams, body: z.object({ reason: z.string().trim().min(2, '请填写作废原因').max(200) }), response: { 200: ZSettlement, ...errorResponses } },
    },
    (request) => request.scoped((ctx) => cancelSettlement(ctx, request.params.id, request.body.reason)),
  );
  app.get(
    '/api/v1/settlements/:id/notices',
    {
      config: { access: { ...staff, params: { id: 'settlement' } } },
      schema: {
        tags: ['payments'],
        summary: '结算单的缴费通知单（按班级打印，含二维码地址）',
        params: ZIdParams,
        querystring: z.object({ className: z.string().max(40).optional(), status: z.enum(['open', 'paid', 'cancelled']).optional() }),
        response: { 200: z.object({ settlement: z.object({ id: z.string(), number: z.string(), year: z.number().int(), unitName: z.string() }), items: z.array(ZNotice) }), ...errorResponses },
      },
    },
    (request) => request.scoped((ctx) => findNotices(ctx, request.params.id, request.query)),
  );
  app.post(
    '/api/v1/settlements/:id/payments',
    {
      config: { access: { ...collectors, params: { id: 'settlement' } } },
      schema: {
        tags: ['payments'],
        summary: '登记单位缴款（转账、汇票、代扣结果）；同一交易号重复登记只计一次，金额不符生成对账异常',
        params: ZIdParams,
        body: z.object({
          method: z.enum(['transfer', 'bank_draft', 'bank_deduction']),
          transactionId: z.string().trim().min(4, '请填写交易流水号').max(64),
          amountFen: z.number().int('金额须为整数分').positive('金额须大于 0'),
          paidAt: z.iso.datetime({ offset: true, message: '到账时间格式不正确' }),
        }),
        response: { 200: z.object({ result: z.enum(['recorded', 'already_recorded', 'exception']), paymentId: z.string(), settlement: z.string() }), ...errorResponses },
      },
    },
    async (request) => {
      const out = await request.scoped((ctx) => recordUnitPayment(ctx, request.params.id, request.body));
      if (out.result === 'recorded') scheduleReceipts(db);
      return out;
    },
  );

  // ── the family's pay page (码上缴社保), public by the notice's token ──
  app.get(
    '/api/v1/pay/:token',
    { config: { access: { public: true }, rateLimit: publicLimit }, schema: { tags: ['pay'], summary: '扫码缴费：通知单所属单位与年度（确认姓名前只显示这些）', params: ZTokenParams, response: { 200: z.object({ year: z.number().int(), unitName: z.string(), nameHint: z.string(), status: z.enum(['open', 'paid', 'cancelled']) }), ...errorResponses } } },
    (request) => noticeGreeting(db, request.params.token),
  );
  app.post(
    '/api/v1/pay/:token/details',
    {
      config: { access: { public: true }, rateLimit: publicLimit },
      schema: {
        tags: ['pay'],
        summary: '扫码缴费：输入孩子姓名确认后，显示金额、脱敏身份与缴费状态',
        params: ZTokenParams,
        body: z.object({ name: ZName }),
        response: {
          200: z.object({
            year: z.number().int(),
            unitName: z.string(),
            personName: z.string(),
            documentNumber: z.string(),
            className: z.string().nullable(),
            categoryName: z.string(),
            parts: z.array(z.object({ code: z.string(), name: z.string(), amountFen: z.number().int() })),
            totalFen: z.number().int(),
            subsidyFen: z.number().int(),
            subsidyName: z.string().nullable(),
            amountFen: z.number().int(),
            benefitStart: z.string(),
            benefitEnd: z.string(),
            status: z.enum(['open', 'paid', 'cancelled']),
            paidAt: z.string().nullable(),
            receipt: z.object({ number: z.string(), verifyCode: z.string() }).nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      await refreshNotice(db, providers, request.params.token);
      return noticeDetails(db, guard, request.params.token, request.body.name);
    },
  );
  app.post(
    '/api/v1/pay/:token/orders',
    {
      config: { access: { public: true }, rateLimit: publicLimit },
      schema: {
        tags: ['pay'],
        summary: '扫码缴费：向支付渠道下单，返回支付地址',
        params: ZTokenParams,
        body: z.object({ name: ZName, channel: z.string().min(1).max(20) }),
        response: { 200: z.object({ outTradeNo: z.string(), payUrl: z.string() }), ...errorResponses },
      },
    },
    (request) => startPayment(db, providers, guard, { requestId: request.id, ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null }, request.params.token, request.body),
  );

  // ── channel notifications: signed, raw body, idempotent ──
  // Under a burst, notifications arriving together are recorded together (one statement, one commit each batch).
  const recordChannelPayment = channelPaymentRecorder(db);
  await app.register(async (raw) => {
    raw.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
    raw.post(
      '/api/v1/payments/notify/:channel',
      {
        config: { access: { public: true } },
        schema: { tags: ['pay'], summary: '支付渠道异步通知（验签；同一交易重复通知只记一次）', params: z.object({ channel: z.string().regex(/^[a-z_]{2,20}$/) }) },
      },
      async (request, reply) => {
        const answer = await acceptNotification(db, providers, recordChannelPayment, (request.params as { channel: string }).channel, request.headers, typeof request.body === 'string' ? request.body : '');
        return reply.code(answer.status).send(answer.body);
      },
    );
  });

  // ── the sandbox wallet's cashier (tests, demo) ──
  if (sandbox) {
    const wallet = sandbox;
    app.get(
      '/api/v1/sandbox/orders/:outTradeNo',
      { config: { access: { public: true }, rateLimit: publicLimit }, schema: { tags: ['pay'], summary: '沙箱钱包：订单信息（收银台页面）', params: z.object({ outTradeNo: z.string().max(64) }), response: { 200: z.object({ outTradeNo: z.string(), amountFen: z.number().int(), description: z.string(), state: z.enum(['pending', 'paid', 'closed']) }), ...errorResponses } } },
      async (request) => {
        const o = wallet.getOrder(request.params.outTradeNo);
        if (!o) throw new AppError(AppErrorCode.NOT_FOUND, { message: '订单不存在或已过期，请返回缴费页面重新发起支付' });
        return o;
      },
    );
    app.post(
      '/api/v1/sandbox/orders/:outTradeNo/pay',
      {
        config: { access: { public: true }, rateLimit: publicLimit },
        schema: {
          tags: ['pay'],
          summary: '沙箱钱包：确认支付（可模拟重复通知、延迟通知、通知丢失、金额不符）',
          params: z.object({ outTradeNo: z.string().max(64) }),
          body: z.object({ scenario: z.enum(['normal', 'duplicate', 'late', 'lost', 'wrong_amount']).default('normal'), payerName: z.string().trim().max(50).optional() }),
          response: { 200: z.object({ transactionId: z.string(), amountFen: z.number().int() }), ...errorResponses },
        },
      },
      async (request) => {
        try {
          const n = wallet.pay(request.params.outTradeNo, request.body.scenario, request.body.payerName ?? null);
          return { transactionId: n.transactionId, amountFen: n.amountFen };
        } catch (e) {
          if (e instanceof NotificationRejected) throw new AppError(AppErrorCode.NOT_FOUND, { message: e.message });
          throw e;
        }
      },
    );
  }

  // ── receipts and the family's own lookups (public, rate-limited) ──
  app.get(
    '/api/v1/receipts/verify',
    {
      config: { access: { public: true }, rateLimit: publicLimit },
      schema: {
        tags: ['pay'],
        summary: '电子票据查验（票据号码 + 校验码）',
        querystring: z.object({ number: z.string().trim().min(6, '请输入票据号码').max(30), code: z.string().trim().min(4, '请输入校验码').max(20) }),
        response: {
          200: z.object({
            number: z.string(),
            year: z.number().int(),
            amountFen: z.number().int(),
            personName: z.string(),
            documentNumber: z.string(),
            payerName: z.string().nullable(),
            unitName: z.string().nullable(),
            issuer: z.string(),
            channel: z.string(),
            paidAt: z.string(),
            issuedAt: z.string(),
            valid: z.boolean(),
            verifyCode: z.string(),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => verifyReceipt(db, request.query.number, request.query.code),
  );
  app.post(
    '/api/v1/receipts/lookup',
    {
      config: { access: { public: true }, rateLimit: publicLimit },
      schema: {
        tags: ['pay'],
        summary: '票据查询（姓名 + 身份证号码 + 手机号码）',
        body: z.object({ name: ZName, idNumber: z.string().trim().min(1, '请输入身份证号码').max(30), phone: z.string().trim().min(5, '请输入手机号码').max(20) }),
        response: { 200: z.object({ items: z.array(z.object({ number: z.string(), year: z.number().int(), amountFen: z.number().int(), issuedAt: z.string(), verifyCode: z.string() })) }), ...errorResponses },
      },
    },
    (request) => lookupReceipts(db, guard, request.body),
  );
  app.post(
    '/api/v1/family/status',
    {
      config: { access: { public: true }, rateLimit: publicLimit },
      schema: {
        tags: ['pay'],
        summary: '参保状态查询（身份证号码 + 姓名 + 登记手机号后四位）：申报、缴费、待遇期、等待期；三者不全相符时与查无此人答复相同',
        body: z.object({
          idNumber: z.string().trim().min(1, '请输入身份证号码').max(30),
          name: ZName,
          phoneLast4: z.string({ error: '请输入登记手机号码（本人或监护人）的后四位' }).trim().regex(/^[0-9]{4}$/, '请输入登记手机号码（本人或监护人）的后四位'),
        }),
        response: {
          200: z.object({
            found: z.boolean(),
            years: z.array(
              z.object({
                year: z.number().int(),
                status: z.string(),
                statusName: z.string(),
                unitName: z.string().nullable(),
                categoryName: z.string(),
                payableFen: z.number().int(),
                paidFen: z.number().int(),
                paidAt: z.string().nullable(),
                benefitStart: z.string(),
                benefitEnd: z.string(),
                waitingDays: z.number().int(),
                covered: z.boolean(),
                receiptNumber: z.string().nullable(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => familyStatus(db, guard, request.body),
  );
  app.get(
    '/api/v1/receipts/counts',
    {
      config: { access: staff },
      schema: {
        tags: ['payments'],
        summary: '各单位定额票据数量（按金额、实际缴费人）',
        querystring: z.object({ year: ZYear }),
        response: { 200: z.object({ items: z.array(z.object({ unitId: z.string().nullable(), unitName: z.string().nullable(), amountFen: z.number().int(), payer: z.enum(['unit', 'family']), count: z.number().int() })) }), ...errorResponses },
      },
    },
    async (request) => {
      await issueReceipts(db);
      return request.scoped((ctx) => receiptCounts(ctx, request.query.year));
    },
  );
};

import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../context';
import { ZIdParams, errorResponses } from '../../http';
import { sendXlsx } from '../../xlsx-export';
import { campaignYears } from '../declarations/declarations.service';
import { ZBankCode } from '@canbao/domain';
import { decideRefund, dailyTotals, deductionFile, exportPayments, findPayments, findReconciliationItems, findRefunds, getRefund, markRefunded, requestRefund, resolveReconciliationItem } from './reconciliation.service';
import { scheduleReceipts } from './receipts.service';

const ZYear = z.coerce.number().int().min(2000, '参保年度不正确').max(2100, '参保年度不正确');
const ZKind = z.enum(['unmatched', 'amount_mismatch', 'duplicate', 'not_declared', 'channel_mismatch']);
const ZRefundStatus = z.enum(['requested', 'approved', 'rejected', 'refunded', 'failed']);
const ZDay = z.iso.date('日期格式应为 YYYY-MM-DD');
const ZRefund = z.object({
  id: z.string(),
  paymentId: z.string(),
  declarationId: z.string().nullable(),
  channel: z.string(),
  transactionId: z.string(),
  paymentFen: z.number().int(),
  personName: z.string().nullable(),
  unitName: z.string().nullable(),
  reason: z.enum(['duplicate', 'wrongful', 'subsidy_after', 'other']),
  reasonName: z.string(),
  note: z.string().nullable(),
  amountFen: z.number().int(),
  status: ZRefundStatus,
  statusName: z.string(),
  requestedBy: z.string().nullable(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  channelRefundId: z.string().nullable(),
  refundedAt: z.string().nullable(),
  failure: z.string().nullable(),
});

const staff = { roles: ['agency_admin', 'unit_operator', 'viewer', 'collector'] as const };
const reconcilers = { roles: ['agency_admin', 'collector'] as const };
const agency = { roles: ['agency_admin'] as const };

export const reconciliationRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const providers = (app as unknown as FastifyInstance).paymentProviders;

  app.get(
    '/api/v1/reconciliation/items',
    {
      config: { access: staff },
      schema: {
        tags: ['payments'],
        summary: '对账异常：无对应人员、金额不符、重复缴费、已缴费未申报',
        querystring: z.object({ status: z.enum(['open', 'resolved']).optional(), kind: ZKind.optional(), year: ZYear.optional(), importJobId: z.uuid().optional() }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                kind: ZKind,
                kindName: z.string(),
                year: z.number().int().nullable(),
                channel: z.string(),
                transactionId: z.string(),
                rowNumber: z.number().int().nullable(),
                importJobId: z.string().nullable(),
                documentNumber: z.string().nullable(),
                personName: z.string().nullable(),
                amountFen: z.number().int(),
                expectedFen: z.number().int().nullable(),
                declarationId: z.string().nullable(),
                paymentId: z.string().nullable(),
                unitName: z.string().nullable(),
                paidAt: z.string().nullable(),
                detail: z.string(),
                status: z.enum(['open', 'resolved']),
                resolution: z.enum(['accepted', 'refund', 'ignored']).nullable(),
                resolutionNote: z.string().nullable(),
                resolvedBy: z.string().nullable(),
                resolvedAt: z.string().nullable(),
              }),
            ),
            counts: z.array(z.object({ kind: ZKind, status: z.enum(['open', 'resolved']), count: z.number().int() })),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => request.scoped((ctx) => findReconciliationItems(ctx, request.query)),
  );
  app.post(
    '/api/v1/reconciliation/items/:id/resolve',
    {
      config: { access: { ...reconcilers, params: { id: 'reconciliation_item' } } },
      schema: {
        tags: ['payments'],
        summary: '处理对账异常：确认无误、退费或搁置（须写明理由）',
        params: ZIdParams,
        body: z.object({ resolution: z.enum(['accepted', 'refund', 'ignored'], { message: '请选择处理方式' }), note: z.string().trim().min(2, '请填写处理说明').max(300) }),
        response: { 200: z.object({ id: z.string(), resolution: z.enum(['accepted', 'refund', 'ignored']), refundId: z.string().nullable() }), ...errorResponses },
      },
    },
    (request) => request.scoped((ctx) => resolveReconciliationItem(ctx, request.params.id, request.body)),
  );
  app.get(
    '/api/v1/reconciliation/daily',
    {
      config: { access: staff },
      schema: {
        tags: ['payments'],
        summary: '每日到账汇总（按渠道、单位）',
        querystring: z.object({ year: ZYear, from: ZDay.optional(), to: ZDay.optional() }),
        response: {
          200: z.object({ items: z.array(z.object({ day: z.string(), channel: z.string(), unitId: z.string().nullable(), unitName: z.string().nullable(), count: z.number().int(), amountFen: z.number().int(), refundedFen: z.number().int() })) }),
          ...errorResponses,
        },
      },
    },
    (request) => request.scoped((ctx) => dailyTotals(ctx, request.query)),
  );
  app.get(
    '/api/v1/payments',
    {
      config: { access: staff },
      schema: {
        tags: ['payments'],
        summary: '缴费记录（按申报、渠道、交易号或姓名）',
        querystring: z.object({ year: ZYear, declarationId: z.uuid().optional(), channel: z.string().max(20).optional(), q: z.string().trim().max(64).optional() }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                channel: z.string(),
                transactionId: z.string(),
                source: z.string(),
                amountFen: z.number().int(),
                refundedFen: z.number().int(),
                paidAt: z.string(),
                payerName: z.string().nullable(),
                declarationId: z.string().nullable(),
                settlementId: z.string().nullable(),
                personName: z.string().nullable(),
                unitName: z.string().nullable(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => request.scoped((ctx) => findPayments(ctx, request.query)),
  );
  app.get(
    '/api/v1/refunds',
    { config: { access: staff }, schema: { tags: ['payments'], summary: '退费申请列表', querystring: z.object({ status: ZRefundStatus.optional() }), response: { 200: z.object({ items: z.array(ZRefund) }), ...errorResponses } } },
    (request) => request.scoped((ctx) => findRefunds(ctx, request.query)),
  );
  app.post(
    '/api/v1/refunds',
    {
      config: { access: { roles: ['agency_admin', 'unit_operator'] as const } },
      schema: {
        tags: ['payments'],
        summary: '申请退费（重复缴费、错误收费如毕业生、缴费后认定资助身份），由经办机构审核',
        body: z.object({
          paymentId: z.uuid('请选择缴费记录'),
          declarationId: z.uuid('请选择参保人员').optional().describe('单位统一缴款中为某一人员退费时，该人员的申报'),
          reason: z.enum(['duplicate', 'wrongful', 'subsidy_after', 'other'], { message: '请选择退费原因' }),
          amountFen: z.number().int('金额须为整数分').positive('退费金额须大于 0'),
          note: z.string().trim().max(300).optional(),
        }),
        response: { 201: ZRefund, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await request.scoped((ctx) => requestRefund(ctx, request.body))),
  );
  app.get(
    '/api/v1/refunds/:id',
    { config: { access: { ...staff, params: { id: 'refund' } } }, schema: { tags: ['payments'], summary: '退费申请', params: ZIdParams, response: { 200: ZRefund, ...errorResponses } } },
    (request) => request.scoped((ctx) => getRefund(ctx, request.params.id)),
  );
  app.post(
    '/api/v1/refunds/:id/decide',
    {
      config: { access: { ...agency, params: { id: 'refund' } } },
      schema: {
        tags: ['payments'],
        summary: '审核退费：批准后经原渠道退回（线上渠道立即退款），或驳回',
        params: ZIdParams,
        body: z.object({ approve: z.boolean(), note: z.string().trim().min(2, '请填写审核意见').max(300) }),
        response: { 200: ZRefund, ...errorResponses },
      },
    },
    async (request) => {
      const out = await request.scoped((ctx) => decideRefund(ctx, providers, request.params.id, request.body));
      // A voided receipt (subsidy granted later) is written again for the new amount.
      scheduleReceipts(deps.database.db);
      return out;
    },
  );
  app.post(
    '/api/v1/refunds/:id/refunded',
    {
      config: { access: { ...reconcilers, params: { id: 'refund' } } },
      schema: {
        tags: ['payments'],
        summary: '登记线下渠道（税务、银行柜面）退款完成',
        params: ZIdParams,
        body: z.object({ reference: z.string().trim().min(4, '请填写退款凭证号').max(64) }),
        response: { 200: ZRefund, ...errorResponses },
      },
    },
    (request) => request.scoped((ctx) => markRefunded(ctx, request.params.id, request.body.reference)),
  );

  app.get(
    '/api/v1/payments/export',
    {
      config: { access: staff },
      schema: { tags: ['payments'], summary: '导出缴费记录（xlsx；证件号码脱敏；记入审计日志）', querystring: z.object({ year: ZYear.optional(), channel: z.string().max(20).optional() }) },
    },
    (request, reply) =>
      sendXlsx(reply, (send) =>
        request.scoped(async (ctx) => {
          const year = request.query.year ?? (await campaignYears(ctx)).items.find((i) => i.current)?.year ?? new Date().getFullYear();
          await send(exportPayments(ctx, { ...request.query, year }));
        }),
      ),
  );
  app.get(
    '/api/v1/settlements/deduction-file',
    {
      config: { access: reconcilers },
      schema: {
        tags: ['payments'],
        summary: '导出银行代扣文件（按银行：待缴费的银行代扣结算单及单位账号）',
        querystring: z.object({ year: ZYear, bankCode: ZBankCode }),
      },
    },
    (request, reply) => sendXlsx(reply, (send) => request.scoped(async (ctx) => send(await deductionFile(ctx, request.query)))),
  );
};

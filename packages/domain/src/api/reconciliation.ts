import { z } from 'zod';
import { RECONCILIATION_KINDS, REFUND_REASONS } from '../declarations/receipts';
import { ZBankCode } from '../registry/banks';
import { ZIdParams, ZYearQuery, endpoint } from './contract';

/**
 * Reconciliation (对账): the exceptions the paid rosters and the channels opened, the daily totals by channel;
 * payments (缴费记录) and refunds (退费); the payments export and the banks' deduction files. Served by
 * apps/server/src/modules/payments/reconciliation.routes.ts.
 */

// --- Codes and labels ---

export const ZReconciliationKind = z.enum(RECONCILIATION_KINDS);

export const RECONCILIATION_STATUSES = ['open', 'resolved'] as const;
export const ZReconciliationStatus = z.enum(RECONCILIATION_STATUSES);
export type TReconciliationStatus = z.infer<typeof ZReconciliationStatus>;
export const RECONCILIATION_STATUS_NAMES: Record<TReconciliationStatus, string> = { open: '待处理', resolved: '已处理' };

/** How an exception is resolved. */
export const RESOLUTIONS = ['accepted', 'refund', 'ignored'] as const;
export const ZResolution = z.enum(RESOLUTIONS, { message: '请选择处理方式' });
export type TResolution = z.infer<typeof ZResolution>;
export const RESOLUTION_NAMES: Record<TResolution, string> = { accepted: '确认无误', refund: '退费', ignored: '搁置' };

export const ZRefundReason = z.enum(REFUND_REASONS, { message: '请选择退费原因' });

export const REFUND_STATUSES = ['requested', 'approved', 'rejected', 'refunded', 'failed'] as const;
export const ZRefundStatus = z.enum(REFUND_STATUSES);
export type TRefundStatus = z.infer<typeof ZRefundStatus>;
export const REFUND_STATUS_NAMES: Record<TRefundStatus, string> = {
  requested: '待审核',
  approved: '已批准待退款',
  rejected: '已驳回',
  refunded: '已退款',
  failed: '退款失败',
};

// --- Shapes ---

/** One exception (对账异常); the document number is masked. */
export const ZReconciliationItem = z.object({
  id: z.string(),
  kind: ZReconciliationKind,
  kindName: z.string(),
  year: z.number().int().nullable(),
  channel: z.string(),
  /** The e-tax ticket number or the channel's transaction id. */
  transactionId: z.string(),
  /** The row of the imported roster it came from. */
  rowNumber: z.number().int().nullable(),
  importJobId: z.string().nullable(),
  documentNumber: z.string().nullable(),
  personName: z.string().nullable(),
  amountFen: z.number().int(),
  /** What was due (amount mismatch) or 0 (a duplicate: nothing was due); null when unknown. */
  expectedFen: z.number().int().nullable(),
  declarationId: z.string().nullable(),
  paymentId: z.string().nullable(),
  unitName: z.string().nullable(),
  paidAt: z.string().nullable(),
  detail: z.string(),
  status: ZReconciliationStatus,
  resolution: ZResolution.nullable(),
  resolutionNote: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export type TReconciliationItem = z.infer<typeof ZReconciliationItem>;

export const ZReconciliationCount = z.object({ kind: ZReconciliationKind, status: ZReconciliationStatus, count: z.number().int() });
export type TReconciliationCount = z.infer<typeof ZReconciliationCount>;

export const ZReconciliationItems = z.object({
  /** At most 1,000, newest first. */
  items: z.array(ZReconciliationItem),
  /** By kind and status over the whole year (not narrowed by the status, kind or job filters). */
  counts: z.array(ZReconciliationCount),
});
export type TReconciliationItems = z.infer<typeof ZReconciliationItems>;

export const ZResolveResult = z.object({
  id: z.string(),
  resolution: ZResolution,
  /** The refund opened (already approved) when the resolution is a refund. */
  refundId: z.string().nullable(),
});
export type TResolveResult = z.infer<typeof ZResolveResult>;

/** One day's money of one channel and unit (每日到账). */
export const ZDailyTotal = z.object({
  day: z.string(),
  channel: z.string(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  count: z.number().int(),
  amountFen: z.number().int(),
  refundedFen: z.number().int(),
});
export type TDailyTotal = z.infer<typeof ZDailyTotal>;

/** A payment (缴费记录). */
export const ZPayment = z.object({
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
});
export type TPayment = z.infer<typeof ZPayment>;

/** A refund request (退费申请). */
export const ZRefund = z.object({
  id: z.string(),
  paymentId: z.string(),
  declarationId: z.string().nullable(),
  channel: z.string(),
  transactionId: z.string(),
  /** The original payment. */
  paymentFen: z.number().int(),
  personName: z.string().nullable(),
  unitName: z.string().nullable(),
  reason: ZRefundReason,
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
  /** The channel's refund number, or the reference of an offline payout. */
  channelRefundId: z.string().nullable(),
  refundedAt: z.string().nullable(),
  failure: z.string().nullable(),
});
export type TRefund = z.infer<typeof ZRefund>;

// --- Requests ---

const ZDay = z.iso.date('日期格式应为 YYYY-MM-DD');
const ZChannelFilter = z.string().max(20);

export const ZReconciliationItemQuery = z.object({
  status: ZReconciliationStatus.optional(),
  kind: ZReconciliationKind.optional(),
  year: ZYearQuery.optional(),
  importJobId: z.uuid().optional(),
});

export const ZResolveInput = z.object({ resolution: ZResolution, note: z.string().trim().min(2, '请填写处理说明').max(300) });
export type TResolveInput = z.input<typeof ZResolveInput>;

export const ZDailyTotalsQuery = z.object({ year: ZYearQuery, from: ZDay.optional(), to: ZDay.optional() });

export const ZPaymentQuery = z.object({
  year: ZYearQuery,
  declarationId: z.uuid().optional(),
  channel: ZChannelFilter.optional(),
  /** A transaction id (exact) or a person's name (exact). */
  q: z.string().trim().max(64).optional(),
});

export const ZRequestRefundInput = z.object({
  paymentId: z.uuid('请选择缴费记录'),
  declarationId: z.uuid('请选择参保人员').optional().describe('单位统一缴款中为某一人员退费时，该人员的申报'),
  reason: ZRefundReason,
  amountFen: z.number().int('金额须为整数分').positive('退费金额须大于 0'),
  note: z.string().trim().max(300).optional(),
});
export type TRequestRefundInput = z.input<typeof ZRequestRefundInput>;

export const ZDecideRefundInput = z.object({ approve: z.boolean(), note: z.string().trim().min(2, '请填写审核意见').max(300) });
export type TDecideRefundInput = z.input<typeof ZDecideRefundInput>;

const XLSX = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] as const;

// --- Endpoints ---

const staff = { roles: ['agency_admin', 'unit_operator', 'viewer', 'collector'] } as const;
const reconcilers = { roles: ['agency_admin', 'collector'] } as const;

export const reconciliationApi = {
  items: endpoint({
    method: 'GET',
    path: '/api/v1/reconciliation/items',
    access: staff,
    tags: ['payments'],
    summary: '对账异常：无对应人员、金额不符、重复缴费、已缴费未申报',
    query: ZReconciliationItemQuery,
    responses: { 200: ZReconciliationItems },
  }),
  resolveItem: endpoint({
    method: 'POST',
    path: '/api/v1/reconciliation/items/:id/resolve',
    access: { ...reconcilers, params: { id: 'reconciliation_item' } },
    tags: ['payments'],
    summary: '处理对账异常：确认无误、退费或搁置（须写明理由）',
    params: ZIdParams,
    body: ZResolveInput,
    responses: { 200: ZResolveResult },
  }),
  daily: endpoint({
    method: 'GET',
    path: '/api/v1/reconciliation/daily',
    access: staff,
    tags: ['payments'],
    summary: '每日到账汇总（按渠道、单位）',
    query: ZDailyTotalsQuery,
    responses: { 200: z.object({ items: z.array(ZDailyTotal) }) },
  }),
  payments: endpoint({
    method: 'GET',
    path: '/api/v1/payments',
    access: staff,
    tags: ['payments'],
    summary: '缴费记录（按申报、渠道、交易号或姓名）',
    query: ZPaymentQuery,
    responses: { 200: z.object({ items: z.array(ZPayment) }) },
  }),
  refunds: endpoint({
    method: 'GET',
    path: '/api/v1/refunds',
    access: staff,
    tags: ['payments'],
    summary: '退费申请列表',
    query: z.object({ status: ZRefundStatus.optional() }),
    responses: { 200: z.object({ items: z.array(ZRefund) }) },
  }),
  requestRefund: endpoint({
    method: 'POST',
    path: '/api/v1/refunds',
    access: { roles: ['agency_admin', 'unit_operator'] },
    tags: ['payments'],
    summary: '申请退费（重复缴费、错误收费如毕业生、缴费后认定资助身份），由经办机构审核',
    body: ZRequestRefundInput,
    responses: { 201: ZRefund },
  }),
  refund: endpoint({
    method: 'GET',
    path: '/api/v1/refunds/:id',
    access: { ...staff, params: { id: 'refund' } },
    tags: ['payments'],
    summary: '退费申请',
    params: ZIdParams,
    responses: { 200: ZRefund },
  }),
  decideRefund: endpoint({
    method: 'POST',
    path: '/api/v1/refunds/:id/decide',
    access: { roles: ['agency_admin'], params: { id: 'refund' } },
    tags: ['payments'],
    summary: '审核退费：批准后经原渠道退回（线上渠道立即退款），或驳回',
    params: ZIdParams,
    body: ZDecideRefundInput,
    responses: { 200: ZRefund },
  }),
  markRefunded: endpoint({
    method: 'POST',
    path: '/api/v1/refunds/:id/refunded',
    access: { ...reconcilers, params: { id: 'refund' } },
    tags: ['payments'],
    summary: '登记线下渠道（税务、银行柜面）退款完成',
    params: ZIdParams,
    body: z.object({ reference: z.string().trim().min(4, '请填写退款凭证号').max(64) }),
    responses: { 200: ZRefund },
  }),
  exportPayments: endpoint({
    method: 'GET',
    path: '/api/v1/payments/export',
    access: staff,
    tags: ['payments'],
    summary: '导出缴费记录（xlsx；证件号码脱敏；记入审计日志）',
    query: z.object({ year: ZYearQuery.optional(), channel: ZChannelFilter.optional() }),
    responses: {},
    file: XLSX,
  }),
  deductionFile: endpoint({
    method: 'GET',
    path: '/api/v1/settlements/deduction-file',
    access: reconcilers,
    tags: ['payments'],
    summary: '导出银行代扣文件（按银行：待缴费的银行代扣结算单及单位账号）',
    query: z.object({ year: ZYearQuery, bankCode: ZBankCode }),
    responses: {},
    file: XLSX,
  }),
};

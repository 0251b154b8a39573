import { z } from 'zod';
import { ZSettlementBreakdown } from '../declarations/settlement';
import { ZErrorResponse, ZIdParams, ZYearQuery, endpoint } from './contract';

/**
 * Settlements (结算单), their payment notices (缴费通知单) and a unit's own payments; the family's pay page by the
 * notice's token (码上缴社保); the payment channels' notifications; the sandbox wallet's cashier; receipts (票据) and
 * the family's own lookups. Served by apps/server/src/modules/payments/payments.routes.ts.
 */

// --- Codes and labels ---

export const SETTLEMENT_STATUSES = ['awaiting_payment', 'paid', 'cancelled'] as const;
export const ZSettlementStatus = z.enum(SETTLEMENT_STATUSES);
export type TSettlementStatus = z.infer<typeof ZSettlementStatus>;
export const SETTLEMENT_STATUS_NAMES: Record<TSettlementStatus, string> = { awaiting_payment: '待缴费', paid: '已缴清', cancelled: '已作废' };

/** How a settlement is paid: by the unit as one sum, or by each family with a notice. */
export const PAYMENT_MODES = ['unit_total', 'per_person'] as const;
export const ZPaymentMode = z.enum(PAYMENT_MODES, { message: '请选择缴费方式' });
export type TPaymentMode = z.infer<typeof ZPaymentMode>;
export const PAYMENT_MODE_NAMES: Record<TPaymentMode, string> = { unit_total: '单位统一缴纳', per_person: '逐人缴费通知单' };

/** How a unit pays a unit-total settlement. */
export const UNIT_METHODS = ['transfer', 'bank_draft', 'bank_deduction'] as const;
export const ZUnitMethod = z.enum(UNIT_METHODS);
export type TUnitMethod = z.infer<typeof ZUnitMethod>;
export const UNIT_METHOD_NAMES: Record<TUnitMethod, string> = { transfer: '单位转账', bank_draft: '银行汇票', bank_deduction: '银行代扣' };

export const NOTICE_STATUSES = ['open', 'paid', 'cancelled'] as const;
export const ZNoticeStatus = z.enum(NOTICE_STATUSES);
export type TNoticeStatus = z.infer<typeof ZNoticeStatus>;
export const NOTICE_STATUS_NAMES: Record<TNoticeStatus, string> = { open: '待缴费', paid: '已缴费', cancelled: '已作废' };

/** Who actually paid what a receipt is for: the unit (transfer, draft, deduction) or the family (any channel). */
export const RECEIPT_PAYERS = ['unit', 'family'] as const;
export const ZReceiptPayer = z.enum(RECEIPT_PAYERS);
export type TReceiptPayer = z.infer<typeof ZReceiptPayer>;
export const RECEIPT_PAYER_NAMES: Record<TReceiptPayer, string> = { unit: '单位缴费', family: '个人缴费' };

/** How the sandbox wallet behaves for one payment, so tests and the demo can meet every real-world case. */
export const SANDBOX_SCENARIOS = ['normal', 'duplicate', 'late', 'lost', 'wrong_amount'] as const;
export const ZSandboxScenario = z.enum(SANDBOX_SCENARIOS);
export type TSandboxScenario = z.infer<typeof ZSandboxScenario>;

// --- Shapes ---

/** 结算单: a unit's confirmed declarations of a year frozen with their totals. */
export const ZSettlement = z.object({
  id: z.string(),
  number: z.string(),
  year: z.number().int(),
  unit: z.object({ id: z.string(), name: z.string() }),
  paymentMode: ZPaymentMode,
  paymentModeName: z.string(),
  unitMethod: ZUnitMethod.nullable(),
  unitMethodName: z.string().nullable(),
  status: ZSettlementStatus,
  statusName: z.string(),
  personCount: z.number().int(),
  totalFen: z.number().int(),
  subsidyFen: z.number().int(),
  payableFen: z.number().int(),
  paidFen: z.number().int(),
  paidCount: z.number().int(),
  breakdown: ZSettlementBreakdown,
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
});
export type TSettlement = z.infer<typeof ZSettlement>;

/** 缴费通知单 of one person: its token is the key of the QR code's pay page. */
export const ZNotice = z.object({
  id: z.string(),
  token: z.string(),
  payPath: z.string(),
  status: ZNoticeStatus,
  amountFen: z.number().int(),
  paidAt: z.string().nullable(),
  personName: z.string(),
  /** Masked. */
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
export type TNotice = z.infer<typeof ZNotice>;

export const ZNotices = z.object({
  settlement: z.object({
    id: z.string(),
    number: z.string(),
    year: z.number().int(),
    unitName: z.string(),
    /** The last day of the year's 申报缴费期 (the region's profile), printed on the notice as the deadline. */
    payBy: z.iso.date(),
  }),
  items: z.array(ZNotice),
});
export type TNotices = z.infer<typeof ZNotices>;

export const ZUnitPaymentResult = z.object({ result: z.enum(['recorded', 'already_recorded', 'exception']), paymentId: z.string(), settlement: z.string() });
export type TUnitPaymentResult = z.infer<typeof ZUnitPaymentResult>;

/** GET /pay/:token: all anyone holding the QR code sees before confirming the child's name. */
export const ZPayGreeting = z.object({
  year: z.number().int(),
  unitName: z.string(),
  /** The child's name masked: 张**. */
  nameHint: z.string(),
  status: ZNoticeStatus,
});
export type TPayGreeting = z.infer<typeof ZPayGreeting>;

/** POST /pay/:token/details: the notice once the child's name is confirmed. */
export const ZPayDetails = z.object({
  year: z.number().int(),
  unitName: z.string(),
  personName: z.string(),
  /** Masked: 320508********1234. */
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
  status: ZNoticeStatus,
  paidAt: z.string().nullable(),
  receipt: z.object({ number: z.string(), verifyCode: z.string() }).nullable(),
});
export type TPayDetails = z.infer<typeof ZPayDetails>;

export const ZPayOrder = z.object({
  outTradeNo: z.string(),
  /** Where the family pays: a path of this site for the sandbox wallet, the wallet's address otherwise. */
  payUrl: z.string(),
});
export type TPayOrder = z.infer<typeof ZPayOrder>;

/**
 * What a payment channel's notification is answered with when it is recorded (or was already): the channel's own
 * acknowledgement, so that it stops retrying — `{"code":"SUCCESS"}` for the sandbox wallet.
 */
export const ZChannelAck = z.looseObject({ code: z.string() });
export type TChannelAck = z.infer<typeof ZChannelAck>;
/** A notification refused (unknown channel or order, bad signature, identifiers too long), in the channels' format. */
export const ZChannelRefusal = z.object({ code: z.literal('FAIL'), message: z.string() });
export type TChannelRefusal = z.infer<typeof ZChannelRefusal>;

export const ZSandboxOrder = z.object({ outTradeNo: z.string(), amountFen: z.number().int(), description: z.string(), state: z.enum(['pending', 'paid', 'closed']) });
export type TSandboxOrder = z.infer<typeof ZSandboxOrder>;
export const ZSandboxPayment = z.object({ transactionId: z.string(), amountFen: z.number().int() });
export type TSandboxPayment = z.infer<typeof ZSandboxPayment>;

/** GET /receipts/verify: what the electronic receipt says. */
export const ZReceipt = z.object({
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
  /** false once voided (refunded). */
  valid: z.boolean(),
  verifyCode: z.string(),
});
export type TReceipt = z.infer<typeof ZReceipt>;

export const ZReceiptListItem = z.object({ number: z.string(), year: z.number().int(), amountFen: z.number().int(), issuedAt: z.string(), verifyCode: z.string() });
export type TReceiptListItem = z.infer<typeof ZReceiptListItem>;

export const ZFamilyYear = z.object({
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
});
export type TFamilyYear = z.infer<typeof ZFamilyYear>;

export const ZFamilyStatus = z.object({ found: z.boolean(), years: z.array(ZFamilyYear) });
export type TFamilyStatus = z.infer<typeof ZFamilyStatus>;

/** Fixed-amount receipts (定额票据) of one unit, amount and actual payer (按实际缴费人统计). */
export const ZReceiptCount = z.object({ unitId: z.string().nullable(), unitName: z.string().nullable(), amountFen: z.number().int(), payer: ZReceiptPayer, count: z.number().int() });
export type TReceiptCount = z.infer<typeof ZReceiptCount>;

// --- Requests ---

export const ZSettlementListQuery = z.object({ year: ZYearQuery, unitId: z.uuid().optional(), status: ZSettlementStatus.optional() });

export const ZCreateSettlementInput = z.object({
  year: ZYearQuery,
  unitId: z.uuid().optional(),
  paymentMode: ZPaymentMode,
  unitMethod: ZUnitMethod.optional(),
});
export type TCreateSettlementInput = z.input<typeof ZCreateSettlementInput>;

export const ZCancelSettlementInput = z.object({ reason: z.string().trim().min(2, '请填写作废原因').max(200) });

export const ZUnitPaymentInput = z.object({
  method: ZUnitMethod,
  transactionId: z.string().trim().min(4, '请填写交易流水号').max(64),
  amountFen: z.number().int('金额须为整数分').positive('金额须大于 0'),
  /** ISO date-time with offset. */
  paidAt: z.iso.datetime({ offset: true, message: '到账时间格式不正确' }),
});
export type TUnitPaymentInput = z.input<typeof ZUnitPaymentInput>;

const ZTokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '通知单编号不正确') });
const ZChildName = z.string().trim().min(1, '请输入孩子的姓名').max(50);
export const ZPayOrderInput = z.object({ name: ZChildName, channel: z.string().min(1).max(20) });
export type TPayOrderInput = z.input<typeof ZPayOrderInput>;

const ZOutTradeNoParams = z.object({ outTradeNo: z.string().max(64) });
export const ZSandboxPayInput = z.object({ scenario: ZSandboxScenario.default('normal'), payerName: z.string().trim().max(50).optional() });

export const ZReceiptLookupInput = z.object({
  name: ZChildName,
  idNumber: z.string().trim().min(1, '请输入身份证号码').max(30),
  phone: z.string().trim().min(5, '请输入手机号码').max(20),
});
export type TReceiptLookupInput = z.input<typeof ZReceiptLookupInput>;

const LAST4_MESSAGE = '请输入登记手机号码（本人或监护人）的后四位';
export const ZFamilyStatusInput = z.object({
  idNumber: z.string().trim().min(1, '请输入身份证号码').max(30),
  name: ZChildName,
  phoneLast4: z.string({ error: LAST4_MESSAGE }).trim().regex(/^[0-9]{4}$/, LAST4_MESSAGE),
});
export type TFamilyStatusInput = z.input<typeof ZFamilyStatusInput>;

/** 为家人缴费: one member proves the household (ID number + name + last four digits of a phone on file); others are named by ID number + name. */
const ZPersonNameInput = z.string().trim().min(1, '请输入姓名').max(50);
const ZIdNumberInput = z.string().trim().min(1, '请输入身份证号码').max(30);
export const ZFamilyDueInput = z.object({
  idNumber: ZIdNumberInput,
  name: ZPersonNameInput,
  phoneLast4: z.string({ error: LAST4_MESSAGE }).trim().regex(/^[0-9]{4}$/, LAST4_MESSAGE),
  others: z.array(z.object({ idNumber: ZIdNumberInput, name: ZPersonNameInput })).max(9, '一次最多为 10 人缴费').default([]),
});
export type TFamilyDueInput = z.input<typeof ZFamilyDueInput>;

export const ZFamilyDueMember = z.object({
  /** Masked (张*明): the payer proved one member, not every name of the household. */
  maskedName: z.string(),
  documentNumber: z.string(),
  /** 户主、配偶… when found through the household; null for a person the payer named. */
  relationName: z.string().nullable(),
  unitName: z.string(),
  year: z.number().int(),
  categoryName: z.string(),
  amountFen: z.number().int(),
});
export const ZFamilyDue = z.object({
  found: z.boolean(),
  members: z.array(ZFamilyDueMember),
  totalFen: z.number().int(),
  /** Members of the household (or named) with nothing due: paid already, or paid by their unit. */
  settledCount: z.number().int(),
});
export type TFamilyDue = z.infer<typeof ZFamilyDue>;

export const ZFamilyOrderInput = ZFamilyDueInput.extend({
  channel: z.string().min(1).max(20),
  payerName: z.string().trim().min(1, '请填写缴费人姓名').max(50),
  payerRelation: z.string().trim().max(20).optional(),
  /** The total the payer was shown: refused if what is due has changed since. */
  expectedTotalFen: z.number().int().positive(),
});
export type TFamilyOrderInput = z.input<typeof ZFamilyOrderInput>;
export const ZFamilyOrder = z.object({ outTradeNo: z.string(), payUrl: z.string(), totalFen: z.number().int(), count: z.number().int() });
export type TFamilyOrder = z.infer<typeof ZFamilyOrder>;
/** A family order as the payer sees it back from the cashier: by its number only, so no name or number in it. */
export const ZFamilyOrderStatus = z.object({ status: z.enum(['pending', 'paid', 'closed']), count: z.number().int(), totalFen: z.number().int(), paidAt: z.string().nullable(), paidCount: z.number().int() });
export type TFamilyOrderStatus = z.infer<typeof ZFamilyOrderStatus>;

// --- Endpoints ---

const staff = { roles: ['agency_admin', 'unit_operator', 'viewer', 'collector'] } as const;
const settlers = { roles: ['agency_admin', 'unit_operator'] } as const;
const collectors = { roles: ['agency_admin', 'collector'] } as const;
const onSettlement = { id: 'settlement' } as const;

export const paymentsApi = {
  // ── settlements (结算单) and notices (缴费通知单) ──
  settlements: endpoint({
    method: 'GET',
    path: '/api/v1/settlements',
    access: staff,
    tags: ['payments'],
    summary: '结算单列表',
    query: ZSettlementListQuery,
    responses: { 200: z.object({ items: z.array(ZSettlement) }) },
  }),
  createSettlement: endpoint({
    method: 'POST',
    path: '/api/v1/settlements',
    access: settlers,
    tags: ['payments'],
    summary: '生成结算单：冻结已确认的申报，按类别、减免身份汇总；选择单位统一缴纳或逐人缴费通知单',
    body: ZCreateSettlementInput,
    responses: { 201: ZSettlement },
  }),
  settlement: endpoint({
    method: 'GET',
    path: '/api/v1/settlements/:id',
    access: { ...staff, params: onSettlement },
    tags: ['payments'],
    summary: '结算单详情',
    params: ZIdParams,
    responses: { 200: ZSettlement },
  }),
  cancelSettlement: endpoint({
    method: 'POST',
    path: '/api/v1/settlements/:id/cancel',
    access: { ...settlers, params: onSettlement },
    tags: ['payments'],
    summary: '作废未缴费的结算单（申报退回已确认）',
    params: ZIdParams,
    body: ZCancelSettlementInput,
    responses: { 200: ZSettlement },
  }),
  notices: endpoint({
    method: 'GET',
    path: '/api/v1/settlements/:id/notices',
    access: { ...staff, params: onSettlement },
    tags: ['payments'],
    summary: '结算单的缴费通知单（按班级打印，含二维码地址）',
    params: ZIdParams,
    query: z.object({ className: z.string().max(40).optional(), status: ZNoticeStatus.optional() }),
    responses: { 200: ZNotices },
  }),
  recordUnitPayment: endpoint({
    method: 'POST',
    path: '/api/v1/settlements/:id/payments',
    access: { ...collectors, params: onSettlement },
    tags: ['payments'],
    summary: '登记单位缴款（转账、汇票、代扣结果）；同一交易号重复登记只计一次，金额不符生成对账异常',
    params: ZIdParams,
    body: ZUnitPaymentInput,
    responses: { 200: ZUnitPaymentResult },
  }),

  // ── the family's pay page (码上缴社保), public by the notice's token ──
  payGreeting: endpoint({
    method: 'GET',
    path: '/api/v1/pay/:token',
    access: { public: true },
    tags: ['pay'],
    summary: '扫码缴费：通知单所属单位与年度（确认姓名前只显示这些）',
    params: ZTokenParams,
    responses: { 200: ZPayGreeting },
  }),
  payDetails: endpoint({
    method: 'POST',
    path: '/api/v1/pay/:token/details',
    access: { public: true },
    tags: ['pay'],
    summary: '扫码缴费：输入孩子姓名确认后，显示金额、脱敏身份与缴费状态',
    params: ZTokenParams,
    body: z.object({ name: ZChildName }),
    responses: { 200: ZPayDetails },
  }),
  payOrder: endpoint({
    method: 'POST',
    path: '/api/v1/pay/:token/orders',
    access: { public: true },
    tags: ['pay'],
    summary: '扫码缴费：向支付渠道下单，返回支付地址',
    params: ZTokenParams,
    body: ZPayOrderInput,
    responses: { 200: ZPayOrder },
  }),

  // ── channel notifications: signed, raw body, idempotent ──
  notify: endpoint({
    method: 'POST',
    path: '/api/v1/payments/notify/:channel',
    access: { public: true },
    tags: ['pay'],
    summary: '支付渠道异步通知（验签；同一交易重复通知只记一次）',
    description:
      '请求体为渠道签名的 JSON 原文（Content-Type: application/json，至多 64 KB），按渠道规则验签，不经本接口的字段校验；' +
      '沙箱钱包为 {"event":"TRANSACTION.SUCCESS","out_trade_no","transaction_id","amount_fen","paid_at","payer_name"}，签名在 x-sandbox-signature 请求头。' +
      '答复采用渠道自己的格式：记账（或已记过）后 200 与渠道要求的确认体（沙箱 {"code":"SUCCESS"}）；' +
      '验签失败、内容超长为 400，未知渠道或订单为 404，答复体 {"code":"FAIL","message"}。',
    params: z.object({ channel: z.string().regex(/^[a-z_]{2,20}$/) }),
    responses: { 200: ZChannelAck },
    // A malformed path still gets the standard error body.
    errors: { 400: z.union([ZChannelRefusal, ZErrorResponse]), 404: z.union([ZChannelRefusal, ZErrorResponse]) },
  }),

  // ── the sandbox wallet's cashier (tests, demo) ──
  sandboxOrder: endpoint({
    method: 'GET',
    path: '/api/v1/sandbox/orders/:outTradeNo',
    access: { public: true },
    tags: ['pay'],
    summary: '沙箱钱包：订单信息（收银台页面）',
    params: ZOutTradeNoParams,
    responses: { 200: ZSandboxOrder },
    sandboxOnly: true,
  }),
  sandboxPay: endpoint({
    method: 'POST',
    path: '/api/v1/sandbox/orders/:outTradeNo/pay',
    access: { public: true },
    tags: ['pay'],
    summary: '沙箱钱包：确认支付（可模拟重复通知、延迟通知、通知丢失、金额不符）',
    params: ZOutTradeNoParams,
    body: ZSandboxPayInput,
    responses: { 200: ZSandboxPayment },
    sandboxOnly: true,
  }),

  // ── receipts and the family's own lookups (public, rate-limited) ──
  verifyReceipt: endpoint({
    method: 'GET',
    path: '/api/v1/receipts/verify',
    access: { public: true },
    tags: ['pay'],
    summary: '电子票据查验（票据号码 + 校验码）',
    query: z.object({ number: z.string().trim().min(6, '请输入票据号码').max(30), code: z.string().trim().min(4, '请输入校验码').max(20) }),
    responses: { 200: ZReceipt },
  }),
  lookupReceipts: endpoint({
    method: 'POST',
    path: '/api/v1/receipts/lookup',
    access: { public: true },
    tags: ['pay'],
    summary: '票据查询（姓名 + 身份证号码 + 手机号码）',
    body: ZReceiptLookupInput,
    responses: { 200: z.object({ items: z.array(ZReceiptListItem) }) },
  }),
  familyStatus: endpoint({
    method: 'POST',
    path: '/api/v1/family/status',
    access: { public: true },
    tags: ['pay'],
    summary: '参保状态查询（身份证号码 + 姓名 + 登记手机号后四位）：申报、缴费、待遇期、等待期；三者不全相符时与查无此人答复相同',
    body: ZFamilyStatusInput,
    responses: { 200: ZFamilyStatus },
  }),
  familyDue: endpoint({
    method: 'POST',
    path: '/api/v1/family/due',
    access: { public: true },
    tags: ['pay'],
    summary: '为家人缴费：一名家庭成员的身份证号码 + 姓名 + 登记手机号后四位，列出全家待缴费用；另可按身份证号码 + 姓名添加他人',
    body: ZFamilyDueInput,
    responses: { 200: ZFamilyDue },
  }),
  familyOrder: endpoint({
    method: 'POST',
    path: '/api/v1/family/orders',
    access: { public: true },
    tags: ['pay'],
    summary: '为家人缴费：全部待缴费用合并为一笔订单，记录缴费人；金额与所见不符时拒绝',
    body: ZFamilyOrderInput,
    responses: { 200: ZFamilyOrder },
  }),
  familyOrderStatus: endpoint({
    method: 'GET',
    path: '/api/v1/family/orders/:outTradeNo',
    access: { public: true },
    tags: ['pay'],
    summary: '为家人缴费：从收银台返回后查询订单是否到账（只含笔数与金额；通知未到时向渠道查询）',
    params: z.object({ outTradeNo: z.string().regex(/^CF\d{6}\d{13}[0-9A-F]{8}$/, '订单号不正确') }),
    responses: { 200: ZFamilyOrderStatus },
  }),
  receiptCounts: endpoint({
    method: 'GET',
    path: '/api/v1/receipts/counts',
    access: staff,
    tags: ['payments'],
    summary: '各单位定额票据数量（按金额、实际缴费人）',
    query: z.object({ year: ZYearQuery }),
    responses: { 200: z.object({ items: z.array(ZReceiptCount) }) },
  }),
};

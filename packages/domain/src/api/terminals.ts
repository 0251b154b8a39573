import { z } from 'zod';
import { endpoint } from './contract';

/**
 * 查询缴费终端 (issue 16, item 6; Nantong 004 五 channels 2–6): self-service kiosks, bank counters and mini-programs
 * identify a person by ID number and name (a card read, or typed), show what is due, confirm and pay. Every request
 * is signed by the terminal:
 *
 *   x-canbao-terminal: <terminal id>        (e.g. 320500-KIOSK-01; it starts with the region code)
 *   x-canbao-timestamp: <unix seconds>      (within 300 s of the server's clock)
 *   x-canbao-nonce: <16–64 letters/digits>  (never twice within the window: a replay is refused)
 *   x-canbao-signature: hex(HMAC-SHA256(key, `${timestamp}\n${nonce}\n${METHOD}\n${path}\n${rawBody}`))
 *
 * Answers are masked (张*明, 3205**********1234): the terminal shows them to the person at it. Orders and payment
 * notifications are idempotent by the terminal's own order number and the transaction id.
 */
export const TERMINAL_CHANNELS = { kiosk: '自助缴费终端', bank_counter: '银行柜面', mini_program: '微信/支付宝小程序' } as const;
export type TTerminalChannel = keyof typeof TERMINAL_CHANNELS;
export const ZTerminalChannel = z.enum(Object.keys(TERMINAL_CHANNELS) as [TTerminalChannel, ...TTerminalChannel[]], { message: '终端类型应为 自助终端 / 银行柜面 / 小程序' });

export const TERMINAL_HEADERS = { terminal: 'x-canbao-terminal', timestamp: 'x-canbao-timestamp', nonce: 'x-canbao-nonce', signature: 'x-canbao-signature' } as const;
/** Requests older or newer than this are refused; nonces are kept this long. */
export const TERMINAL_WINDOW_SECONDS = 300;

const ZPersonProof = z.object({
  idNumber: z.string().trim().min(1, '请输入身份证号码').max(30),
  name: z.string().trim().min(1, '请输入姓名').max(50),
});
export const ZTerminalDueInput = z.object({ persons: z.array(ZPersonProof).min(1, '请至少读取或输入一人的身份证').max(10, '一次最多为 10 人缴费') });
export type TTerminalDueInput = z.input<typeof ZTerminalDueInput>;

export const ZTerminalDueLine = z.object({ maskedName: z.string(), documentNumber: z.string(), unitName: z.string(), year: z.number().int(), categoryName: z.string(), amountFen: z.number().int() });
export const ZTerminalDue = z.object({ found: z.boolean(), lines: z.array(ZTerminalDueLine), totalFen: z.number().int(), settledCount: z.number().int() });
export type TTerminalDue = z.infer<typeof ZTerminalDue>;

export const ZTerminalOrderInput = ZTerminalDueInput.extend({
  /** The terminal's own order number: a retried create with the same number returns the same order. */
  terminalOrderNo: z.string().trim().regex(/^[A-Za-z0-9_-]{6,40}$/, '终端订单号为 6–40 位字母、数字、下划线或短横线'),
  payerName: z.string().trim().min(1, '请填写缴费人姓名').max(50),
  payerRelation: z.string().trim().max(20).optional(),
  /** The total shown to the payer: refused when what is due has changed since. */
  expectedTotalFen: z.number().int().positive(),
});
export type TTerminalOrderInput = z.input<typeof ZTerminalOrderInput>;
export const ZTerminalOrder = z.object({ outTradeNo: z.string(), terminalOrderNo: z.string(), totalFen: z.number().int(), count: z.number().int(), status: z.enum(['pending', 'paid', 'closed']) });
export type TTerminalOrder = z.infer<typeof ZTerminalOrder>;

export const ZTerminalNotification = z.object({
  outTradeNo: z.string().trim().min(1).max(64),
  /** The terminal's (or its bank's) transaction number: the same number is recorded once. */
  transactionId: z.string().trim().regex(/^[A-Za-z0-9_-]{6,64}$/, '交易流水号为 6–64 位字母、数字、下划线或短横线'),
  amountFen: z.number().int().positive(),
  paidAt: z.iso.datetime({ offset: true, message: '缴费时间格式应为 ISO 8601' }),
});
export type TTerminalNotification = z.input<typeof ZTerminalNotification>;
export const ZTerminalAck = z.object({ code: z.literal('SUCCESS'), outTradeNo: z.string(), status: z.enum(['pending', 'paid', 'closed']), paidCount: z.number().int() });
export type TTerminalAck = z.infer<typeof ZTerminalAck>;

/**
 * 日对账单: what the terminal (or its bank) says it took on one day, one line per paid order. Reconciled against the
 * payments recorded for the terminal: a line whose notification never came is recorded now (money received); a line
 * with another amount or transaction, a line for no order of the terminal, and a payment recorded for the day the
 * statement does not list each open an exception. One statement per terminal and day: sending the same one again
 * answers the first result; another content for a day already reconciled is refused.
 */
export const ZTerminalStatementLine = z.object({
  outTradeNo: z.string().trim().min(1).max(64),
  transactionId: z.string().trim().regex(/^[A-Za-z0-9_-]{6,64}$/, '交易流水号为 6–64 位字母、数字、下划线或短横线'),
  amountFen: z.number().int().positive(),
  paidAt: z.iso.datetime({ offset: true, message: '缴费时间格式应为 ISO 8601' }),
});
export const ZTerminalStatementInput = z.object({
  /** The statement's day (Asia/Shanghai). */
  date: z.iso.date({ message: '对账日期格式应为 YYYY-MM-DD' }),
  lines: z.array(ZTerminalStatementLine).max(20_000, '一份日对账单最多 20,000 行'),
});
export type TTerminalStatementInput = z.input<typeof ZTerminalStatementInput>;
export const ZTerminalStatement = z.object({
  terminalId: z.string(),
  date: z.string(),
  lineCount: z.number().int(),
  totalFen: z.number().int(),
  /** Lines that agree with a recorded payment. */
  matched: z.number().int(),
  /** Lines whose notification had not arrived: recorded from the statement. */
  recovered: z.number().int(),
  /** Exceptions opened (another amount or transaction, no such order, recorded but not listed). */
  exceptions: z.number().int(),
  /** Payments recorded for the day that the statement does not list (among the exceptions). */
  missing: z.number().int(),
  receivedAt: z.string(),
});
export type TTerminalStatement = z.infer<typeof ZTerminalStatement>;

/** The agency's list of its terminals; the signing key is shown once, when the terminal is registered. */
export const ZTerminal = z.object({
  terminalId: z.string(),
  channel: ZTerminalChannel,
  channelName: z.string(),
  name: z.string(),
  disabled: z.boolean(),
  createdAt: z.string(),
  /** The last day a statement was reconciled, null before the first. */
  lastStatementDate: z.string().nullable(),
});
export type TTerminal = z.infer<typeof ZTerminal>;
export const ZTerminalInput = z.object({
  code: z.string().trim().regex(/^[A-Z0-9-]{2,40}$/, '终端编号为 2–40 位大写字母、数字或短横线'),
  channel: ZTerminalChannel,
  name: z.string().trim().min(1, '请填写终端名称').max(100),
});
export type TTerminalInput = z.input<typeof ZTerminalInput>;
export const ZTerminalCreated = ZTerminal.extend({ signingKey: z.string() });
export const ZTerminalPatch = z.object({ disabled: z.boolean({ message: '请选择启用或停用' }) });
const ZTerminalParams = z.object({ terminalId: z.string().regex(/^\d{6}-[A-Z0-9-]{2,40}$/, '终端编号格式不正确') });

const signed = { public: true } as const;

export const terminalsApi = {
  due: endpoint({
    method: 'POST',
    path: '/api/v1/terminal/due',
    access: signed,
    tags: ['terminal'],
    summary: '终端查询待缴费用：按身份证号码和姓名（读卡或录入），答复脱敏（终端签名）',
    body: ZTerminalDueInput,
    responses: { 200: ZTerminalDue },
  }),
  createOrder: endpoint({
    method: 'POST',
    path: '/api/v1/terminal/orders',
    access: signed,
    tags: ['terminal'],
    summary: '终端确认缴费下单：一笔订单缴纳所列人员的全部待缴费用，终端订单号幂等（终端签名）',
    body: ZTerminalOrderInput,
    responses: { 200: ZTerminalOrder },
  }),
  order: endpoint({
    method: 'GET',
    path: '/api/v1/terminal/orders/:outTradeNo',
    access: signed,
    tags: ['terminal'],
    summary: '终端查询订单状态（终端签名）',
    params: z.object({ outTradeNo: z.string().regex(/^CF\d{19}[0-9A-F]{8}$/, '订单号格式不正确') }),
    responses: { 200: ZTerminalOrder },
  }),
  notify: endpoint({
    method: 'POST',
    path: '/api/v1/terminal/notifications',
    access: signed,
    tags: ['terminal'],
    summary: '终端缴费结果通知：验签后记账，同一交易流水重复通知只记一次（终端签名）',
    body: ZTerminalNotification,
    responses: { 200: ZTerminalAck },
  }),
  list: endpoint({
    method: 'GET',
    path: '/api/v1/channel-terminals',
    access: { roles: ['agency_admin'] },
    tags: ['terminal'],
    summary: '查询缴费终端列表（自助终端、银行柜面、小程序）',
    responses: { 200: z.object({ items: z.array(ZTerminal) }) },
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/v1/channel-terminals',
    access: { roles: ['agency_admin'] },
    tags: ['terminal'],
    summary: '登记缴费终端：签名密钥只在登记时显示一次',
    body: ZTerminalInput,
    responses: { 201: ZTerminalCreated },
  }),
  patch: endpoint({
    method: 'PATCH',
    path: '/api/v1/channel-terminals/:terminalId',
    access: { roles: ['agency_admin'], params: { terminalId: 'channel_terminal' } },
    tags: ['terminal'],
    summary: '停用或启用缴费终端（停用后其请求一律拒绝）',
    params: ZTerminalParams,
    body: ZTerminalPatch,
    responses: { 200: ZTerminal },
  }),
  rotateKey: endpoint({
    method: 'POST',
    path: '/api/v1/channel-terminals/:terminalId/signing-key',
    access: { roles: ['agency_admin'], params: { terminalId: 'channel_terminal' } },
    tags: ['terminal'],
    summary: '重新生成终端签名密钥：旧密钥立即失效，新密钥只显示一次',
    params: ZTerminalParams,
    responses: { 200: ZTerminalCreated },
  }),
  statements: endpoint({
    method: 'GET',
    path: '/api/v1/channel-terminals/:terminalId/statements',
    access: { roles: ['agency_admin'], params: { terminalId: 'channel_terminal' } },
    tags: ['terminal'],
    summary: '终端日对账结果（最近 90 天）',
    params: ZTerminalParams,
    responses: { 200: z.object({ items: z.array(ZTerminalStatement) }) },
  }),
  sendStatement: endpoint({
    method: 'POST',
    path: '/api/v1/terminal/statements',
    access: signed,
    tags: ['terminal'],
    summary: '终端上送日对账单：与已记账的缴费逐笔核对，未到的通知据此补记，差异转对账异常；同一日重复上送答复首次结果（终端签名）',
    body: ZTerminalStatementInput,
    responses: { 200: ZTerminalStatement },
  }),
};

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  TERMINAL_CHANNELS,
  TERMINAL_HEADERS,
  TERMINAL_WINDOW_SECONDS,
  maskIdNumber,
  maskName,
  type TTerminal,
  type TTerminalAck,
  type TTerminalDue,
  type TTerminalDueInput,
  type TTerminalInput,
  type TTerminalNotification,
  type TTerminalOrder,
  type TTerminalOrderInput,
} from '@canbao/domain';
import type { Kysely } from 'kysely';
import type { RequestMeta, ServiceContext } from '../../context';
import type { DB } from '../../db/schema/index';
import type { ChannelTerminalTable } from '../../db/schema/money';
import { AppError, AppErrorCode } from '../../errors';
import { audit } from '../audit/audit.service';
import type { VerifiedNotification } from './channels/provider';
import { familyOrderNumber, findNamedDue, paidMembers, placeFamilyOrder } from './family-pay.service';
import type { LookupGuard } from './lookup-guard';

/**
 * The signed terminal API (issue 16, item 6): kiosks, bank counters and mini-programs query what is due by ID
 * number and name, place one order for it, and notify the payment. A terminal is the agency's (registered with a
 * signing key); its order is a family order under the terminal's channel, so the ledger, receipts, refunds and
 * reconciliation treat it as every other channel's payment.
 */
export type Terminal = Pick<ChannelTerminalTable, 'region_code' | 'terminal_id' | 'channel' | 'name'>;

const unsigned = (message: string) => new AppError(AppErrorCode.UNAUTHENTICATED, { message });
const header = (headers: Record<string, string | string[] | undefined>, name: string) => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export function signTerminalRequest(key: string, parts: { timestamp: number; nonce: string; method: string; path: string; body: string }): string {
  return createHmac('sha256', key).update(`${parts.timestamp}\n${parts.nonce}\n${parts.method.toUpperCase()}\n${parts.path}\n${parts.body}`).digest('hex');
}

/**
 * The terminal a request comes from, or 401: a registered, enabled terminal; a timestamp within the window; a nonce
 * not seen within it; the signature over timestamp, nonce, method, path and the raw body. Stale nonces are swept.
 */
export async function verifyTerminalRequest(
  db: Kysely<DB>,
  request: { headers: Record<string, string | string[] | undefined>; method: string; path: string; rawBody: string },
  now: Date,
): Promise<Terminal> {
  const id = header(request.headers, TERMINAL_HEADERS.terminal) ?? '';
  const ts = header(request.headers, TERMINAL_HEADERS.timestamp) ?? '';
  const nonce = header(request.headers, TERMINAL_HEADERS.nonce) ?? '';
  const signature = header(request.headers, TERMINAL_HEADERS.signature) ?? '';
  if (!/^\d{6}-[A-Z0-9-]{2,40}$/.test(id) || !/^\d{9,11}$/.test(ts) || !/^[A-Za-z0-9]{16,64}$/.test(nonce) || !/^[0-9a-f]{64}$/.test(signature)) {
    throw unsigned('缺少终端签名，或终端编号、时间戳、随机串格式不正确');
  }
  if (Math.abs(now.getTime() / 1000 - Number(ts)) > TERMINAL_WINDOW_SECONDS) throw unsigned('请求时间戳超出允许范围，请校准终端时钟');
  const terminal = await db
    .selectFrom('channel_terminal')
    .select(['region_code', 'terminal_id', 'channel', 'name', 'signing_key', 'disabled_at'])
    .where('region_code', '=', id.slice(0, 6))
    .where('terminal_id', '=', id)
    .executeTakeFirst();
  const expected = Buffer.from(signTerminalRequest(terminal?.signing_key ?? 'x'.repeat(64), { timestamp: Number(ts), nonce, method: request.method, path: request.path, body: request.rawBody }), 'hex');
  const given = Buffer.from(signature, 'hex');
  if (!terminal || given.length !== expected.length || !timingSafeEqual(given, expected)) throw unsigned('终端签名验证失败');
  if (terminal.disabled_at) throw new AppError(AppErrorCode.FORBIDDEN, { message: '该终端已停用' });
  const seen = await db
    .insertInto('channel_nonce')
    .values({ region_code: terminal.region_code, terminal_id: terminal.terminal_id, nonce, seen_at: now })
    .onConflict((oc) => oc.columns(['region_code', 'terminal_id', 'nonce']).doNothing())
    .returning('nonce')
    .executeTakeFirst();
  if (!seen) throw unsigned('重复的请求（随机串已使用），请重新签名后发送');
  await db.deleteFrom('channel_nonce').where('seen_at', '<', new Date(now.getTime() - 2 * TERMINAL_WINDOW_SECONDS * 1000)).execute();
  return { region_code: terminal.region_code, terminal_id: terminal.terminal_id, channel: terminal.channel, name: terminal.name };
}

export async function terminalDue(db: Kysely<DB>, guard: LookupGuard, terminal: Terminal, input: TTerminalDueInput): Promise<TTerminalDue> {
  const due = await findNamedDue(db, guard, input.persons, terminal.region_code);
  if (!due) return { found: false, lines: [], totalFen: 0, settledCount: 0 };
  return {
    found: true,
    lines: due.lines.map((l) => ({ maskedName: maskName(l.name), documentNumber: maskIdNumber(l.documentNumber), unitName: l.unitName, year: l.year, categoryName: l.categoryName, amountFen: l.amountFen })),
    totalFen: due.lines.reduce((s, l) => s + l.amountFen, 0),
    settledCount: due.settledCount,
  };
}

type PlacedOrder = TTerminalOrder & { paidCount: number };

async function orderOf(db: Kysely<DB>, terminal: Terminal, where: { outTradeNo: string } | { terminalOrderNo: string }): Promise<PlacedOrder | null> {
  const f = await db
    .selectFrom('family_order as f')
    .select((eb) => ['f.out_trade_no', 'f.terminal_order_no', 'f.amount_fen', 'f.member_count', 'f.status', paidMembers(eb)])
    .where('f.region_code', '=', terminal.region_code)
    .where('f.terminal_id', '=', terminal.terminal_id)
    .where('outTradeNo' in where ? 'f.out_trade_no' : 'f.terminal_order_no', '=', 'outTradeNo' in where ? where.outTradeNo : where.terminalOrderNo)
    .executeTakeFirst();
  if (!f) return null;
  return { outTradeNo: f.out_trade_no, terminalOrderNo: f.terminal_order_no!, totalFen: f.amount_fen, count: f.member_count, status: f.status, paidCount: Number(f.paid_count ?? 0) };
}

/**
 * One order for everything due of the persons named, under the terminal's channel. The terminal's own order number
 * makes a retry safe: the same number answers the order it placed, whatever the retry carries.
 */
export async function terminalOrder(db: Kysely<DB>, guard: LookupGuard, terminal: Terminal, meta: RequestMeta, input: TTerminalOrderInput): Promise<TTerminalOrder> {
  const placed = await orderOf(db, terminal, { terminalOrderNo: input.terminalOrderNo });
  if (placed) return strip(placed);
  const due = await findNamedDue(db, guard, input.persons, terminal.region_code);
  if (!due) throw new AppError(AppErrorCode.NOT_FOUND, { message: '身份证号码与姓名不符，或未在本统筹区登记' });
  if (!due.lines.length) throw new AppError(AppErrorCode.CONFLICT, { message: '没有待缴费用：均已缴费，或由所在单位统一缴纳' });
  const totalFen = due.lines.reduce((s, l) => s + l.amountFen, 0);
  if (totalFen !== input.expectedTotalFen) {
    throw new AppError(AppErrorCode.CONFLICT, { message: `待缴金额已变为 ${(totalFen / 100).toFixed(2)} 元（有人已缴费或通知单已变更），请重新查询后确认` });
  }
  const outTradeNo = familyOrderNumber(terminal.region_code);
  try {
    await placeFamilyOrder(db, meta, due, {
      channel: terminal.channel,
      outTradeNo,
      payUrl: null,
      payerName: input.payerName,
      payerRelation: input.payerRelation ?? null,
      terminal: { id: terminal.terminal_id, orderNo: input.terminalOrderNo },
    });
  } catch (err) {
    // Two retries of one create at once: the second finds the first's order.
    const raced = await orderOf(db, terminal, { terminalOrderNo: input.terminalOrderNo });
    if (raced) return strip(raced);
    throw err;
  }
  return strip((await orderOf(db, terminal, { outTradeNo }))!);
}

const strip = (o: PlacedOrder): TTerminalOrder => ({ outTradeNo: o.outTradeNo, terminalOrderNo: o.terminalOrderNo, totalFen: o.totalFen, count: o.count, status: o.status });

export async function terminalOrderStatus(db: Kysely<DB>, terminal: Terminal, outTradeNo: string): Promise<TTerminalOrder> {
  const o = await orderOf(db, terminal, { outTradeNo });
  if (!o) throw new AppError(AppErrorCode.NOT_FOUND, { message: '订单不存在' });
  return strip(o);
}

/**
 * The terminal's payment: recorded as every channel's notification (split per declaration, counted once by the
 * transaction id), then answered with the order's state so the terminal prints its slip only when paid.
 */
export async function terminalNotification(
  db: Kysely<DB>,
  terminal: Terminal,
  input: TTerminalNotification,
  record: (channel: string, n: VerifiedNotification) => Promise<unknown>,
): Promise<TTerminalAck> {
  const o = await orderOf(db, terminal, { outTradeNo: input.outTradeNo });
  if (!o) throw new AppError(AppErrorCode.NOT_FOUND, { message: '订单不存在，或不是本终端的订单' });
  await record(terminal.channel, { outTradeNo: input.outTradeNo, transactionId: input.transactionId, amountFen: input.amountFen, paidAt: new Date(input.paidAt), payerName: null });
  const after = (await orderOf(db, terminal, { outTradeNo: input.outTradeNo }))!;
  return { code: 'SUCCESS', outTradeNo: after.outTradeNo, status: after.status, paidCount: after.paidCount };
}

// ── the agency's terminals ──

const presentTerminal = (t: Pick<ChannelTerminalTable, 'terminal_id' | 'channel' | 'name' | 'disabled_at'> & { created_at: Date }): TTerminal => ({
  terminalId: t.terminal_id,
  channel: t.channel,
  channelName: TERMINAL_CHANNELS[t.channel],
  name: t.name,
  disabled: t.disabled_at !== null,
  createdAt: t.created_at.toISOString(),
});

export async function findTerminals(ctx: ServiceContext): Promise<{ items: TTerminal[] }> {
  const rows = await ctx.db.selectFrom('channel_terminal').select(['terminal_id', 'channel', 'name', 'disabled_at', 'created_at']).where('region_code', '=', ctx.scope.regionCode).orderBy('terminal_id').execute();
  return { items: rows.map(presentTerminal) };
}

export async function createTerminal(ctx: ServiceContext, input: TTerminalInput): Promise<TTerminal & { signingKey: string }> {
  const terminalId = `${ctx.scope.regionCode}-${input.code}`;
  const signingKey = randomBytes(32).toString('hex');
  const row = await ctx.db
    .insertInto('channel_terminal')
    .values({ region_code: ctx.scope.regionCode, terminal_id: terminalId, channel: input.channel, name: input.name.trim(), signing_key: signingKey })
    .onConflict((oc) => oc.columns(['region_code', 'terminal_id']).doNothing())
    .returning(['terminal_id', 'channel', 'name', 'disabled_at', 'created_at'])
    .executeTakeFirst();
  if (!row) throw new AppError(AppErrorCode.CONFLICT, { message: `终端编号 ${input.code} 已登记` });
  await audit(ctx, { action: 'terminal.created', entityType: 'channel_terminal', entityId: terminalId, after: { channel: input.channel, name: input.name.trim() } });
  return { ...presentTerminal(row), signingKey };
}

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
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
  type TTerminalStatement,
  type TTerminalStatementInput,
} from '@canbao/domain';
import type { ExpressionBuilder, Insertable, Kysely } from 'kysely';
import type { RequestMeta, ServiceContext } from '../../context';
import type { DB } from '../../db/schema/index';
import type { ChannelTerminalTable, ReconciliationItemTable } from '../../db/schema/money';
import { AppError, AppErrorCode } from '../../errors';
import { audit, writeAudit } from '../audit/audit.service';
import { shanghaiToday } from '../../time';
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

// ── the terminal's daily statement ──

const yuan = (fen: number) => (fen / 100).toFixed(2);
const shanghaiDay = (at: Date) => shanghaiToday(at);
type StatementLine = { outTradeNo: string; transactionId: string; amountFen: number; paidAt: string };
type Counts = { line_count: number; total_fen: number; matched: number; recovered: number; exceptions: number; missing: number };

const presentStatement = (r: Counts & { terminal_id: string; statement_date: string; received_at: Date }): TTerminalStatement => ({
  terminalId: r.terminal_id,
  date: r.statement_date,
  lineCount: r.line_count,
  totalFen: Number(r.total_fen),
  matched: r.matched,
  recovered: r.recovered,
  exceptions: r.exceptions,
  missing: r.missing,
  receivedAt: r.received_at.toISOString(),
});

const storedStatement = (db: Kysely<DB>, terminal: Terminal, date: string) =>
  db
    .selectFrom('terminal_statement')
    .select(['terminal_id', 'statement_date', 'content_hash', 'line_count', 'total_fen', 'matched', 'recovered', 'exceptions', 'missing', 'received_at'])
    .where('region_code', '=', terminal.region_code)
    .where('terminal_id', '=', terminal.terminal_id)
    .where('statement_date', '=', date)
    .executeTakeFirst();

/** The lines in a fixed order and their hash: the same statement, however its lines are ordered, hashes the same. */
function statementHash(date: string, lines: readonly StatementLine[]): string {
  const sorted = [...lines].sort((a, b) => (a.outTradeNo + a.transactionId < b.outTradeNo + b.transactionId ? -1 : 1));
  return createHash('sha256')
    .update(JSON.stringify([date, sorted.map((l) => [l.outTradeNo, l.transactionId, l.amountFen, new Date(l.paidAt).toISOString()])]))
    .digest('hex');
}

class StatementRaced extends Error {}

/**
 * 日对账: the terminal's lines for one day against what was recorded for it. Each line is the terminal's order:
 * - recorded with that transaction and amount: matched;
 * - not yet recorded (the notification was lost): recorded now through the same recorder, as the notification
 *   would have been (money received; counted once by the transaction id) — "recovered";
 * - recorded with another amount or another transaction, or no order of this terminal: an exception;
 * and every order of the terminal recorded as paid that day that no line lists: an exception (对账单无此笔), for the
 * agency to check the money arrived. The result, its exceptions and an audit row commit together; the recoveries
 * before them are each a payment's own commit, idempotent, so a statement interrupted between the two and sent again
 * finds those orders paid (matched) and commits the rest. The same statement again answers the stored result;
 * another content for a day already reconciled is refused.
 */
export async function terminalStatement(
  db: Kysely<DB>,
  terminal: Terminal,
  meta: RequestMeta,
  input: TTerminalStatementInput,
  record: (channel: string, n: VerifiedNotification) => Promise<unknown>,
  now: Date,
): Promise<TTerminalStatement> {
  const date = input.date;
  const lines: StatementLine[] = input.lines.map((l) => ({ outTradeNo: l.outTradeNo.trim(), transactionId: l.transactionId.trim(), amountFen: l.amountFen, paidAt: l.paidAt }));
  if (date > shanghaiToday(now)) throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: `对账日期 ${date} 晚于今天` });
  const seen = new Map<string, number>();
  for (const [i, l] of lines.entries()) {
    if (shanghaiDay(new Date(l.paidAt)) !== date) throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: `第 ${i + 1} 行的缴费时间不在对账日 ${date}` });
    for (const key of [`o:${l.outTradeNo}`, `t:${l.transactionId}`]) {
      const first = seen.get(key);
      if (first !== undefined) throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: `第 ${i + 1} 行与第 ${first + 1} 行的${key.startsWith('o') ? '订单号' : '交易流水号'}重复` });
      seen.set(key, i);
    }
  }
  const hash = statementHash(date, lines);
  const answerStored = (stored: NonNullable<Awaited<ReturnType<typeof storedStatement>>>) => {
    if (stored.content_hash !== hash) throw new AppError(AppErrorCode.CONFLICT, { message: `${date} 的对账单已核对过，本次内容与首次不同；如需更正请联系医保经办机构` });
    return presentStatement(stored);
  };
  const before = await storedStatement(db, terminal, date);
  if (before) return answerStored(before);

  const dayStart = new Date(`${date}T00:00:00+08:00`);
  const dayEnd = new Date(dayStart.getTime() + 24 * 3600 * 1000);
  // The insurance year an order pays (its declarations'), so its exceptions show on that year's reconciliation page.
  const year = (eb: ExpressionBuilder<DB & { f: DB['family_order'] }, 'f'>) =>
    eb
      .selectFrom('payment_order as po')
      .innerJoin('declaration as d', (j) => j.onRef('d.region_code', '=', 'po.region_code').onRef('d.id', '=', 'po.declaration_id'))
      .select((e) => e.fn.max('d.insurance_year').as('y'))
      .whereRef('po.region_code', '=', 'f.region_code')
      .whereRef('po.family_order_id', '=', 'f.id')
      .as('year');
  const orderColumns = ['f.out_trade_no', 'f.amount_fen', 'f.status', 'f.transaction_id', 'f.paid_at'] as const;
  const named = lines.length
    ? await db
        .selectFrom('family_order as f')
        .select(orderColumns)
        .select(year)
        .where('f.region_code', '=', terminal.region_code)
        .where('f.terminal_id', '=', terminal.terminal_id)
        .where('f.out_trade_no', 'in', lines.map((l) => l.outTradeNo))
        .execute()
    : [];
  const orders = new Map(named.map((o) => [o.out_trade_no, o]));

  // Lines whose notification never came: recorded now, as it would have been.
  let recovered = 0;
  for (const l of lines) {
    const o = orders.get(l.outTradeNo);
    if (o && o.transaction_id === null) {
      await record(terminal.channel, { outTradeNo: l.outTradeNo, transactionId: l.transactionId, amountFen: l.amountFen, paidAt: new Date(l.paidAt), payerName: null });
      recovered++;
    }
  }

  const items: Array<Insertable<ReconciliationItemTable>> = [];
  // A line for no order of the terminal: the year of the day's other orders (the campaign the terminal serves).
  const dayYear = named.map((o) => o.year).find((y) => y !== null) ?? null;
  const item = (kind: ReconciliationItemTable['kind'], l: { transactionId: string; amountFen: number; paidAt: string | Date }, expected: number | null, detail: string, year: number | null) =>
    items.push({ region_code: terminal.region_code, kind, insurance_year: year ?? dayYear, channel: terminal.channel, transaction_id: l.transactionId, amount_fen: l.amountFen, expected_fen: expected, paid_at: new Date(l.paidAt), detail: `${terminal.name}（${terminal.terminal_id}）${date} 对账：${detail}` });
  let matched = 0;
  for (const l of lines) {
    const o = orders.get(l.outTradeNo);
    if (!o) item('unmatched', l, null, `订单号 ${l.outTradeNo} 不是本终端的订单，渠道收款 ${yuan(l.amountFen)} 元未能入账，请核实后退费或补录`, null);
    else if (o.transaction_id === null) continue;
    else if (o.transaction_id !== l.transactionId) item('channel_mismatch', l, o.amount_fen, `订单 ${l.outTradeNo} 对账单流水号 ${l.transactionId}，已记账流水号 ${o.transaction_id}`, o.year);
    else if (o.amount_fen !== l.amountFen) item('amount_mismatch', l, o.amount_fen, `订单 ${l.outTradeNo} 对账单金额 ${yuan(l.amountFen)} 元，订单金额 ${yuan(o.amount_fen)} 元`, o.year);
    else matched++;
  }
  // Recorded as paid that day, not in the statement.
  const listed = new Set(lines.map((l) => l.outTradeNo));
  const paidThatDay = await db
    .selectFrom('family_order as f')
    .select(orderColumns)
    .select(year)
    .where('f.region_code', '=', terminal.region_code)
    .where('f.terminal_id', '=', terminal.terminal_id)
    .where('f.transaction_id', 'is not', null)
    .where('f.paid_at', '>=', dayStart)
    .where('f.paid_at', '<', dayEnd)
    .execute();
  let missing = 0;
  for (const o of paidThatDay) {
    if (listed.has(o.out_trade_no)) continue;
    missing++;
    item('not_in_statement', { transactionId: o.transaction_id!, amountFen: o.amount_fen, paidAt: o.paid_at! }, o.amount_fen, `订单 ${o.out_trade_no} 已记账 ${yuan(o.amount_fen)} 元，渠道日对账单无此笔，请向渠道核实资金是否到账`, o.year);
  }

  const counts: Counts = {
    line_count: lines.length,
    total_fen: lines.reduce((s, l) => s + l.amountFen, 0),
    matched: matched + recovered,
    recovered,
    exceptions: items.length,
    missing,
  };
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('terminal_statement')
        .values({ region_code: terminal.region_code, terminal_id: terminal.terminal_id, statement_date: date, content_hash: hash, ...counts })
        .onConflict((oc) => oc.columns(['region_code', 'terminal_id', 'statement_date']).doNothing())
        .returning(['terminal_id', 'statement_date', 'line_count', 'total_fen', 'matched', 'recovered', 'exceptions', 'missing', 'received_at'])
        .executeTakeFirst();
      if (!row) throw new StatementRaced();
      for (let i = 0; i < items.length; i += 1000) {
        await trx.insertInto('reconciliation_item').values(items.slice(i, i + 1000)).onConflict((oc) => oc.constraint('reconciliation_item_line_key').doNothing()).execute();
      }
      await writeAudit(trx, { regionCode: terminal.region_code, unitId: null, username: `terminal:${terminal.terminal_id}` }, meta, {
        action: 'terminal.statement',
        entityType: 'channel_terminal',
        entityId: terminal.terminal_id,
        after: { date, lineCount: counts.line_count, amountFen: counts.total_fen, matched: counts.matched, recovered, exceptions: items.length, missing },
      });
      return presentStatement(row);
    });
  } catch (err) {
    // The same day's statement sent twice at once: the second answers the first's result.
    if (!(err instanceof StatementRaced)) throw err;
    return answerStored((await storedStatement(db, terminal, date))!);
  }
}

// ── the agency's terminals ──

type TerminalRow = Pick<ChannelTerminalTable, 'terminal_id' | 'channel' | 'name' | 'disabled_at'> & { created_at: Date; last_statement: string | null };

const presentTerminal = (t: TerminalRow): TTerminal => ({
  terminalId: t.terminal_id,
  channel: t.channel,
  channelName: TERMINAL_CHANNELS[t.channel],
  name: t.name,
  disabled: t.disabled_at !== null,
  createdAt: t.created_at.toISOString(),
  lastStatementDate: t.last_statement,
});

function terminalRows(ctx: ServiceContext) {
  return ctx.db
    .selectFrom('channel_terminal as t')
    .select((eb) => [
      't.terminal_id',
      't.channel',
      't.name',
      't.disabled_at',
      't.created_at',
      eb
        .selectFrom('terminal_statement as s')
        .select((e) => e.fn.max('s.statement_date').as('d'))
        .whereRef('s.region_code', '=', 't.region_code')
        .whereRef('s.terminal_id', '=', 't.terminal_id')
        .as('last_statement'),
    ])
    .where('t.region_code', '=', ctx.scope.regionCode);
}

async function terminalOfAgency(ctx: ServiceContext, terminalId: string): Promise<TerminalRow> {
  const row = await terminalRows(ctx).where('t.terminal_id', '=', terminalId).executeTakeFirst();
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, { message: '终端不存在' });
  return row;
}

export async function findTerminals(ctx: ServiceContext): Promise<{ items: TTerminal[] }> {
  const rows = await terminalRows(ctx).orderBy('t.terminal_id').execute();
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
  return { ...presentTerminal({ ...row, last_statement: null }), signingKey };
}

/** Stops (or restarts) a terminal: a stopped terminal's every request is refused, its orders and payments stay. */
export async function setTerminalDisabled(ctx: ServiceContext, terminalId: string, disabled: boolean): Promise<TTerminal> {
  const current = await terminalOfAgency(ctx, terminalId);
  if ((current.disabled_at !== null) === disabled) return presentTerminal(current);
  await ctx.db
    .updateTable('channel_terminal')
    .set({ disabled_at: disabled ? ctx.now : null })
    .where('region_code', '=', ctx.scope.regionCode)
    .where('terminal_id', '=', terminalId)
    .execute();
  await audit(ctx, { action: disabled ? 'terminal.disabled' : 'terminal.enabled', entityType: 'channel_terminal', entityId: terminalId, before: { disabled: !disabled }, after: { disabled } });
  return presentTerminal(await terminalOfAgency(ctx, terminalId));
}

/** A new signing key (the old one stops working at once), shown once. The key itself is never audited. */
export async function rotateTerminalKey(ctx: ServiceContext, terminalId: string): Promise<TTerminal & { signingKey: string }> {
  await terminalOfAgency(ctx, terminalId);
  const signingKey = randomBytes(32).toString('hex');
  await ctx.db.updateTable('channel_terminal').set({ signing_key: signingKey }).where('region_code', '=', ctx.scope.regionCode).where('terminal_id', '=', terminalId).execute();
  await audit(ctx, { action: 'terminal.key_rotated', entityType: 'channel_terminal', entityId: terminalId });
  return { ...presentTerminal(await terminalOfAgency(ctx, terminalId)), signingKey };
}

export async function findTerminalStatements(ctx: ServiceContext, terminalId: string): Promise<{ items: TTerminalStatement[] }> {
  await terminalOfAgency(ctx, terminalId);
  const since = new Date(ctx.now.getTime() - 90 * 24 * 3600 * 1000);
  const rows = await ctx.db
    .selectFrom('terminal_statement')
    .select(['terminal_id', 'statement_date', 'line_count', 'total_fen', 'matched', 'recovered', 'exceptions', 'missing', 'received_at'])
    .where('region_code', '=', ctx.scope.regionCode)
    .where('terminal_id', '=', terminalId)
    .where('statement_date', '>=', shanghaiToday(since))
    .orderBy('statement_date', 'desc')
    .execute();
  return { items: rows.map(presentStatement) };
}

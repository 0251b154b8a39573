import { TERMINAL_HEADERS } from '@canbao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, buildUser, residentId } from '../../test/factories';
import { TerminalRefused, TerminalSandbox, type TerminalSend } from './channels/terminal-sandbox';

// 查询缴费终端 (issue 16, item 6): a kiosk, a bank counter and a mini-program identify by ID number + name, show the
// due masked, place one order and notify the payment, signed; retries and duplicates count once.
let t: TestApp;
let agency: Client;
const YEAR = 2027;
const doc = { li: residentId('320508', '2015-03-01', 961), wang: residentId('320508', '2016-05-01', 962), zhao: residentId('320508', '2014-07-01', 963) };
const send: TerminalSend = async (r) => {
  const res = await t.app.inject({ method: r.method, url: r.path, headers: r.headers, ...(r.method === 'POST' ? { payload: r.body } : {}) });
  return { status: res.statusCode, body: res.body };
};
const terminals: Record<string, TerminalSandbox> = {};
// The server's clock is the test clock: the terminals keep the same time.
const clock = () => t.clock.now();

beforeAll(async () => {
  t = await buildTestApp();
  await buildCampaign(t.database.db, YEAR);
  const school = await buildUnitWithOperator(t.database.db, { name: '终端小学' });
  const op = await login(t.app, school.operator.username, TEST_PASSWORD);
  agency = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
  for (const [name, number] of [['李小明', doc.li], ['王小红', doc.wang], ['赵小刚', doc.zhao]] as const) {
    const p = await op.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: number, name, hukouType: 'local_urban', gradeCode: '03', className: '1班' });
    expect(p.statusCode, p.body).toBe(201);
    expect((await op.request('POST', '/api/v1/declarations', { year: YEAR, personId: p.json().person.id })).statusCode).toBe(201);
  }
  await op.request('POST', '/api/v1/declarations/confirm', { year: YEAR });
  expect((await op.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' })).statusCode).toBe(201);
  for (const [code, channel, name] of [['KIOSK-01', 'kiosk', '人民路医保自助机'], ['BANK-ICBC-01', 'bank_counter', '工商银行姑苏支行柜面'], ['MP-01', 'mini_program', '医保缴费小程序']] as const) {
    const res = await agency.request('POST', '/api/v1/channel-terminals', { code, channel, name });
    expect(res.statusCode, res.body).toBe(201);
    terminals[channel] = new TerminalSandbox(res.json().terminalId, res.json().signingKey, send, clock);
  }
});
afterAll(() => t.close());

const paymentsOf = (number: string) =>
  t.database.db
    .selectFrom('payment as p')
    .innerJoin('declaration as d', (j) => j.onRef('d.region_code', '=', 'p.region_code').onRef('d.id', '=', 'p.declaration_id'))
    .innerJoin('person as s', (j) => j.onRef('s.region_code', '=', 'd.region_code').onRef('s.id', '=', 'd.person_id'))
    .select(['p.channel', 'p.transaction_id', 'p.amount_fen', 'd.status'])
    .where('s.document_number', '=', number)
    .execute();

describe('terminals the agency registers', () => {
  it('lists them with their channel, never their key again', async () => {
    const list = await agency.request('GET', '/api/v1/channel-terminals');
    expect(list.json().items.map((i: { terminalId: string; channelName: string }) => `${i.terminalId} ${i.channelName}`)).toEqual([
      '320500-BANK-ICBC-01 银行柜面',
      '320500-KIOSK-01 自助缴费终端',
      '320500-MP-01 微信/支付宝小程序',
    ]);
    expect(list.body).not.toMatch(/signingKey|[0-9a-f]{64}/);
    const again = await agency.request('POST', '/api/v1/channel-terminals', { code: 'KIOSK-01', channel: 'kiosk', name: '重复' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('终端编号 KIOSK-01 已登记');
  });
});

describe('the signature', () => {
  it('refuses an unsigned request, a wrong key, a replayed nonce and a stale clock, in Chinese', async () => {
    const plain = await t.app.inject({ method: 'POST', url: '/api/v1/terminal/due', payload: { persons: [{ idNumber: doc.li, name: '李小明' }] } });
    expect(plain.statusCode).toBe(401);
    expect(plain.json().error.message).toBe('缺少终端签名，或终端编号、时间戳、随机串格式不正确');
    const forged = new TerminalSandbox('320500-KIOSK-01', 'f'.repeat(64), send, clock);
    await expect(forged.due([{ idNumber: doc.li, name: '李小明' }])).rejects.toMatchObject({ status: 401, body: expect.stringContaining('终端签名验证失败') });
    const late = new TerminalSandbox(terminals.kiosk!.terminalId, (terminals.kiosk as unknown as { key: string }).key, send, () => new Date(t.clock.now().getTime() - 10 * 60_000));
    await expect(late.due([{ idNumber: doc.li, name: '李小明' }])).rejects.toMatchObject({ status: 401, body: expect.stringContaining('时间戳超出允许范围') });
    // The same signed request twice: the second is a replay.
    let captured: Parameters<TerminalSend>[0] | null = null;
    const capturing = new TerminalSandbox(terminals.kiosk!.terminalId, (terminals.kiosk as unknown as { key: string }).key, async (r) => {
      captured = r;
      return send(r);
    }, clock);
    await capturing.due([{ idNumber: doc.li, name: '李小明' }]);
    const replay = await send(captured!);
    expect(replay.status).toBe(401);
    expect(replay.body).toContain('重复的请求');
    // A body changed after signing.
    const tampered = await send({ ...captured!, headers: { ...captured!.headers, [TERMINAL_HEADERS.nonce]: 'a'.repeat(24) }, body: JSON.stringify({ persons: [{ idNumber: doc.wang, name: '王小红' }] }) });
    expect(tampered.status).toBe(401);
  });
});

describe('a kiosk reads a card, shows the due masked and takes the money', () => {
  it('answers a card with the pupil’s due, masked; a wrong name finds nothing', async () => {
    const due = await terminals.kiosk!.due([{ idNumber: doc.li, name: '李小明' }]);
    expect(due.found).toBe(true);
    expect(due.lines).toEqual([expect.objectContaining({ maskedName: '李*明', unitName: '终端小学', year: YEAR })]);
    expect(JSON.stringify(due)).not.toContain(doc.li);
    expect(due.totalFen).toBeGreaterThan(0);
    expect(await terminals.kiosk!.due([{ idNumber: doc.li, name: '李大明' }])).toEqual({ found: false, lines: [], totalFen: 0, settledCount: 0 });
  });

  it('places one order; a retry with its order number returns it; a changed total is refused', async () => {
    const persons = [{ idNumber: doc.li, name: '李小明' }];
    const { totalFen } = await terminals.kiosk!.due(persons);
    await expect(terminals.kiosk!.order(persons, { payerName: '李小明', expectedTotalFen: totalFen + 100 })).rejects.toMatchObject({ status: 409 });
    const order = await terminals.kiosk!.order(persons, { payerName: '李小明', expectedTotalFen: totalFen, terminalOrderNo: 'KIOSK0001' });
    expect(order).toMatchObject({ terminalOrderNo: 'KIOSK0001', totalFen, count: 1, status: 'pending' });
    expect(order.outTradeNo).toMatch(/^CF320500\d{13}[0-9A-F]{8}$/);
    const retry = await terminals.kiosk!.order(persons, { payerName: '李小明', expectedTotalFen: totalFen, terminalOrderNo: 'KIOSK0001' });
    expect(retry.outTradeNo).toBe(order.outTradeNo);
    // Paid with a duplicate notification: recorded once, the pupil paid.
    const ack = await terminals.kiosk!.collect(order, { transactionId: 'KIOSKTXN0001', duplicate: true });
    expect(ack).toEqual({ code: 'SUCCESS', outTradeNo: order.outTradeNo, status: 'paid', paidCount: 1 });
    const paid = await paymentsOf(doc.li);
    expect(paid).toEqual([{ channel: 'kiosk', transaction_id: 'KIOSKTXN0001-1', amount_fen: totalFen, status: 'paid' }]);
    expect((await terminals.kiosk!.status(order.outTradeNo)).status).toBe('paid');
    expect(await terminals.kiosk!.due([{ idNumber: doc.li, name: '李小明' }])).toMatchObject({ found: true, lines: [], settledCount: 1 });
  });
});

describe('a bank counter and a mini-program', () => {
  it('the counter retries a notification through an outage and records it once', async () => {
    const persons = [{ idNumber: doc.wang, name: '王小红' }];
    const { totalFen } = await terminals.bank_counter!.due(persons);
    const order = await terminals.bank_counter!.order(persons, { payerName: '王建国', payerRelation: '父亲', expectedTotalFen: totalFen });
    let failures = 2;
    const flaky = new TerminalSandbox(terminals.bank_counter!.terminalId, (terminals.bank_counter as unknown as { key: string }).key, async (r) => {
      if (r.path.endsWith('/notifications') && failures-- > 0) return { status: 503, body: '{"error":{"code":"UNAVAILABLE","message":"服务暂不可用"}}' };
      return send(r);
    }, clock);
    const ack = await flaky.collect(order, { transactionId: 'ICBC20261123000001', backoffMs: 10 });
    expect(ack.status).toBe('paid');
    expect(await paymentsOf(doc.wang)).toEqual([{ channel: 'bank_counter', transaction_id: 'ICBC20261123000001-1', amount_fen: totalFen, status: 'paid' }]);
    const payer = await t.database.db.selectFrom('family_order').select(['payer_name', 'payer_relation', 'terminal_id']).where('out_trade_no', '=', order.outTradeNo).executeTakeFirstOrThrow();
    expect(payer).toEqual({ payer_name: '王建国', payer_relation: '父亲', terminal_id: '320500-BANK-ICBC-01' });
  });

  it('a mini-program pays for a relative; another terminal cannot read or notify its order', async () => {
    const persons = [{ idNumber: doc.zhao, name: '赵小刚' }];
    const { totalFen } = await terminals.mini_program!.due(persons);
    const order = await terminals.mini_program!.order(persons, { payerName: '赵奶奶', payerRelation: '祖母', expectedTotalFen: totalFen });
    await expect(terminals.kiosk!.status(order.outTradeNo)).rejects.toMatchObject({ status: 404 });
    await expect(terminals.kiosk!.collect(order, { transactionId: 'KIOSKTXN0002' })).rejects.toBeInstanceOf(TerminalRefused);
    expect(await paymentsOf(doc.zhao)).toEqual([]);
    const ack = await terminals.mini_program!.collect(order, { transactionId: 'WXMP4200001234' });
    expect(ack).toMatchObject({ status: 'paid', paidCount: 1 });
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'family_order.created').execute();
    expect(audit.map((a) => (a.after as { terminalId?: string }).terminalId).sort()).toEqual(['320500-BANK-ICBC-01', '320500-KIOSK-01', '320500-MP-01']);
  });
});

describe('ten parallel copies', () => {
  it('one terminal registered, the rest 409; one order per terminal order number; one payment per transaction', async () => {
    const registered = await Promise.all(Array.from({ length: 10 }, () => agency.request('POST', '/api/v1/channel-terminals', { code: 'KIOSK-PAR', channel: 'kiosk', name: '并发自助机' })));
    expect(registered.map((r) => r.statusCode).sort()).toEqual([201, ...Array(9).fill(409)]);
    const kiosk = new TerminalSandbox(registered.find((r) => r.statusCode === 201)!.json().terminalId, registered.find((r) => r.statusCode === 201)!.json().signingKey, send, clock);
    const number = residentId('320508', '2015-09-01', 964);
    const school = await buildUnitWithOperator(t.database.db, { name: '并发小学' });
    const op = await login(t.app, school.operator.username, TEST_PASSWORD);
    const p = await op.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: number, name: '并发生', hukouType: 'local_urban', gradeCode: '03', className: '2班' });
    await op.request('POST', '/api/v1/declarations', { year: YEAR, personId: p.json().person.id });
    await op.request('POST', '/api/v1/declarations/confirm', { year: YEAR });
    expect((await op.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' })).statusCode).toBe(201);
    const persons = [{ idNumber: number, name: '并发生' }];
    const { totalFen } = await kiosk.due(persons);
    // Copies that race past the first one's check either get its order back or are refused (the ID number's lookup
    // limit counts every copy that looks the person up): never a second order.
    const settled = await Promise.allSettled(Array.from({ length: 10 }, () => kiosk.order(persons, { payerName: '并发生', expectedTotalFen: totalFen, terminalOrderNo: 'PARALLEL0001' })));
    const orders = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    for (const r of settled) if (r.status === 'rejected') expect([409, 429]).toContain((r.reason as TerminalRefused).status);
    expect(orders.length).toBeGreaterThan(0);
    expect(new Set(orders.map((o) => o.outTradeNo)).size).toBe(1);
    expect(await t.database.db.selectFrom('family_order').select('id').where('terminal_order_no', '=', 'PARALLEL0001').execute()).toHaveLength(1);
    const acks = await Promise.all(Array.from({ length: 10 }, () => kiosk.collect(orders[0]!, { transactionId: 'PARALLELTXN0001' })));
    expect(acks.every((a) => a.status === 'paid')).toBe(true);
    expect(await paymentsOf(number)).toEqual([{ channel: 'kiosk', transaction_id: 'PARALLELTXN0001-1', amount_fen: totalFen, status: 'paid' }]);
  });
});

describe('the terminal’s daily statement', () => {
  const pupils = { a: residentId('320508', '2015-10-01', 971), b: residentId('320508', '2015-10-02', 972), c: residentId('320508', '2015-10-03', 973), d: residentId('320508', '2015-10-04', 974) };
  const names = { a: '对账甲', b: '对账乙', c: '对账丙', d: '对账丁' };
  let kiosk: TerminalSandbox;
  const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(t.clock.now());

  beforeAll(async () => {
    const school = await buildUnitWithOperator(t.database.db, { name: '对账小学' });
    const op = await login(t.app, school.operator.username, TEST_PASSWORD);
    for (const [k, number] of Object.entries(pupils)) {
      const p = await op.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: number, name: names[k as keyof typeof names], hukouType: 'local_urban', gradeCode: '04', className: '1班' });
      expect(p.statusCode, p.body).toBe(201);
      await op.request('POST', '/api/v1/declarations', { year: YEAR, personId: p.json().person.id });
    }
    await op.request('POST', '/api/v1/declarations/confirm', { year: YEAR });
    expect((await op.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' })).statusCode).toBe(201);
    const res = await agency.request('POST', '/api/v1/channel-terminals', { code: 'KIOSK-STMT', channel: 'kiosk', name: '对账自助机' });
    kiosk = new TerminalSandbox(res.json().terminalId, res.json().signingKey, send, clock);
  });

  const sell = async (k: keyof typeof pupils) => {
    const persons = [{ idNumber: pupils[k], name: names[k] }];
    const { totalFen } = await kiosk.due(persons);
    return kiosk.order(persons, { payerName: names[k], expectedTotalFen: totalFen });
  };

  it('matches what was recorded, records a lost notification, and opens an exception for every difference', async () => {
    const a = await sell('a');
    await kiosk.collect(a, { transactionId: 'STMTTXN000A' });
    const b = await sell('b');
    kiosk.take(b, { transactionId: 'STMTTXN000B' }); // the money taken, the notification lost
    const c = await sell('c');
    await kiosk.collect(c, { transactionId: 'STMTTXN000C' });
    const d = await sell('d');
    await kiosk.collect(d, { transactionId: 'STMTTXN000D' });
    expect((await paymentsOf(pupils.b))).toEqual([]);

    // The terminal's book as its statement: C with another amount, D left out, a line for no order of ours.
    const edit = (lines: TerminalSandbox['taken']) => [
      ...lines.filter((l) => l.outTradeNo !== d.outTradeNo).map((l) => (l.outTradeNo === c.outTradeNo ? { ...l, amountFen: l.amountFen + 100 } : l)),
      { outTradeNo: 'CF3205009999999999999DEADBEEF', transactionId: 'STMTTXN000X', amountFen: 5000, paidAt: t.clock.now().toISOString() },
    ];
    const result = await kiosk.statement(today(), edit);
    expect(result).toMatchObject({ terminalId: '320500-KIOSK-STMT', date: today(), lineCount: 4, matched: 2, recovered: 1, exceptions: 3, missing: 1 });
    expect(result.totalFen).toBe(a.totalFen + b.totalFen + c.totalFen + 100 + 5000);
    // B is paid now, once, from the statement.
    expect(await paymentsOf(pupils.b)).toEqual([{ channel: 'kiosk', transaction_id: 'STMTTXN000B-1', amount_fen: b.totalFen, status: 'paid' }]);

    const items = await agency.request('GET', `/api/v1/reconciliation/items?year=${YEAR}&status=open`);
    const mine = (items.json().items as Array<{ kind: string; transactionId: string; detail: string; amountFen: number; expectedFen: number | null }>).filter((i) => i.detail.includes('对账自助机'));
    expect(mine.map((i) => `${i.kind} ${i.transactionId}`).sort()).toEqual(['amount_mismatch STMTTXN000C', 'not_in_statement STMTTXN000D', 'unmatched STMTTXN000X']);
    expect(mine.find((i) => i.kind === 'amount_mismatch')).toMatchObject({ amountFen: c.totalFen + 100, expectedFen: c.totalFen });
    expect(mine.find((i) => i.kind === 'not_in_statement')!.detail).toContain('渠道日对账单无此笔');

    // The same statement again answers the same result and opens nothing more; another content for the day is refused.
    const again = await kiosk.statement(today(), edit);
    expect(again).toEqual(result);
    await expect(kiosk.statement(today())).rejects.toMatchObject({ status: 409, body: expect.stringContaining('已核对过，本次内容与首次不同') });
    const after = await agency.request('GET', `/api/v1/reconciliation/items?year=${YEAR}&status=open`);
    expect((after.json().items as Array<{ detail: string }>).filter((i) => i.detail.includes('对账自助机'))).toHaveLength(3);

    // The agency sees the day on the terminal.
    const listed = await agency.request('GET', '/api/v1/channel-terminals/320500-KIOSK-STMT/statements');
    expect(listed.json().items).toEqual([result]);
    const terminal = (await agency.request('GET', '/api/v1/channel-terminals')).json().items.find((i: { terminalId: string }) => i.terminalId === '320500-KIOSK-STMT');
    expect(terminal.lastStatementDate).toBe(today());
    const audit = await t.database.db.selectFrom('audit_log').select(['after']).where('action', '=', 'terminal.statement').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ date: today(), lineCount: 4, recovered: 1, exceptions: 3 });
  });

  it('refuses a line of another day, a repeated transaction and a future day, in Chinese', async () => {
    const yesterday = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date(t.clock.now().getTime() - 86_400_000));
    const line = { outTradeNo: 'CF3205000000000000001AAAAAAAA', transactionId: 'STMTTXN0LATE', amountFen: 100, paidAt: t.clock.now().toISOString() };
    await expect(kiosk.request('POST', '/api/v1/terminal/statements', { date: yesterday, lines: [line] })).rejects.toMatchObject({ status: 400, body: expect.stringContaining(`第 1 行的缴费时间不在对账日 ${yesterday}`) });
    await expect(kiosk.request('POST', '/api/v1/terminal/statements', { date: today(), lines: [line, { ...line, outTradeNo: 'CF3205000000000000002AAAAAAAA' }] })).rejects.toMatchObject({ status: 400, body: expect.stringContaining('第 2 行与第 1 行的交易流水号重复') });
    const tomorrow = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date(t.clock.now().getTime() + 86_400_000));
    await expect(kiosk.request('POST', '/api/v1/terminal/statements', { date: tomorrow, lines: [] })).rejects.toMatchObject({ status: 400, body: expect.stringContaining('晚于今天') });
  });

  it('ten parallel copies of one day’s statement reconcile it once', async () => {
    const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date(t.clock.now().getTime() - 2 * 86_400_000));
    const results = await Promise.all(Array.from({ length: 10 }, () => kiosk.request('POST', '/api/v1/terminal/statements', { date: day, lines: [] })));
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(results[0]).toMatchObject({ date: day, lineCount: 0, matched: 0, exceptions: 0 });
    expect(await t.database.db.selectFrom('terminal_statement').select('statement_date').where('terminal_id', '=', '320500-KIOSK-STMT').where('statement_date', '=', day).execute()).toHaveLength(1);
  });

  it('a stopped terminal is refused; a new key replaces the old one at once', async () => {
    const stopped = await agency.request('PATCH', '/api/v1/channel-terminals/320500-KIOSK-STMT', { disabled: true });
    expect(stopped.json()).toMatchObject({ disabled: true });
    await expect(kiosk.due([{ idNumber: pupils.a, name: '对账甲' }])).rejects.toMatchObject({ status: 403, body: expect.stringContaining('该终端已停用') });
    expect((await agency.request('PATCH', '/api/v1/channel-terminals/320500-KIOSK-STMT', { disabled: false })).json()).toMatchObject({ disabled: false });
    const rotated = await agency.request('POST', '/api/v1/channel-terminals/320500-KIOSK-STMT/signing-key');
    expect(rotated.json().signingKey).toMatch(/^[0-9a-f]{64}$/);
    await expect(kiosk.due([{ idNumber: pupils.a, name: '对账甲' }])).rejects.toMatchObject({ status: 401 });
    const renewed = new TerminalSandbox('320500-KIOSK-STMT', rotated.json().signingKey, send, clock);
    expect((await renewed.due([{ idNumber: pupils.a, name: '对账甲' }])).found).toBe(true);
    const actions = await t.database.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', '320500-KIOSK-STMT').orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['terminal.created', 'terminal.statement', 'terminal.statement', 'terminal.disabled', 'terminal.enabled', 'terminal.key_rotated']);
    expect(JSON.stringify(actions)).not.toContain(rotated.json().signingKey);
    expect((await agency.request('GET', '/api/v1/channel-terminals/320500-NONE/statements')).statusCode).toBe(404);
  });
});

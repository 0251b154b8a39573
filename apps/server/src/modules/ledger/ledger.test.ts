import { ledgerStatus, maskPersonalText, type TLedgerStage } from '@canbao/domain';
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ON_CITUS, buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, buildUser, residentId } from '../../test/factories';
import { commitSettled, readSettled } from '../imports/imports.service';
import type { SandboxProvider } from '../payments/channels/sandbox';
import { issueReceipts, receiptsIdle } from '../payments/receipts.service';

// The ledger (issue 10): "paid" is decided in one place, every path goes through it, and every transition takes
// effect once however many copies of it arrive together.
let t: TestApp;
let school: Client;
let schoolUnitId: string;
let agency: Client;
let collector: Client;
let sandbox: SandboxProvider;
const YEAR = 2027;
let serial = 100;

beforeAll(async () => {
  t = await buildTestApp();
  await buildCampaign(t.database.db, YEAR);
  const A = await buildUnitWithOperator(t.database.db, { name: '账本小学' });
  schoolUnitId = A.unit.id;
  school = await login(t.app, A.operator.username, TEST_PASSWORD);
  agency = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
  collector = await login(t.app, (await buildUser(t.database.db, { role: 'collector' })).username, TEST_PASSWORD);
  sandbox = t.app.paymentProviders.get('sandbox') as SandboxProvider;
});
afterAll(() => t.close());

type Child = { personId: string; name: string; idNumber: string; declarationId: string };

/** Registers and declares children of one new class, confirmed (not settled). */
async function confirmedClass(names: string[]): Promise<Child[]> {
  const className = `${serial}班`;
  const out: Child[] = [];
  for (const name of names) {
    const idNumber = residentId('320508', '2018-03-01', serial++);
    const res = await school.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: idNumber, name, hukouType: 'local_urban', gradeCode: '03', className, guardian: { name: '家长', relation: '父母', phone: '13912345678' } });
    expect(res.statusCode, res.body).toBe(201);
    const personId = res.json().person.id as string;
    const d = await school.request('POST', '/api/v1/declarations', { year: YEAR, personId });
    expect(d.statusCode, d.body).toBe(201);
    out.push({ personId, name, idNumber, declarationId: d.json().id });
  }
  const c = await school.request('POST', '/api/v1/declarations/confirm', { year: YEAR, ids: out.map((x) => x.declarationId) });
  expect(c.statusCode, c.body).toBe(200);
  return out;
}

/** Settles the school's confirmed declarations with one notice each; returns the notices' tokens by name. */
async function settle(): Promise<Record<string, string>> {
  const s = await school.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' });
  expect(s.statusCode, s.body).toBe(201);
  const notices = (await school.request('GET', `/api/v1/settlements/${s.json().id}/notices`)).json().items as Array<{ personName: string; token: string }>;
  return Object.fromEntries(notices.map((n) => [n.personName, n.token]));
}

/** A family pays a notice online (sandbox wallet); returns the payment's id. */
async function payOnline(token: string, name: string) {
  const order = (await t.app.inject({ method: 'POST', url: `/api/v1/pay/${token}/orders`, payload: { name, channel: 'sandbox' } })).json();
  const n = sandbox.pay(order.outTradeNo);
  await sandbox.settle();
  const p = await t.database.db.selectFrom('payment').select('id').where('transaction_id', '=', n.transactionId).executeTakeFirstOrThrow();
  return p.id;
}

async function importRoster(lines: string[]) {
  const header = '电子税票号码,姓名,证件号码,所属期,缴费金额,财政补助,缴费时间,缴费渠道\n';
  const created = await collector.request('POST', '/api/v1/imports', { kind: 'paid_roster', fileName: 'roster.csv' });
  const jobId = created.json().job.id as string;
  const put = await t.app.inject({ method: 'PUT', url: `/api/v1/imports/${jobId}/file`, payload: Buffer.from(header + lines.join('\n') + '\n', 'utf8'), headers: { cookie: collector.cookie, 'x-csrf-token': collector.csrfToken, 'content-type': 'text/csv' } });
  expect(put.statusCode, put.body).toBe(200);
  await readSettled(jobId);
  const preview = (await collector.request('GET', `/api/v1/imports/${jobId}`)).json().job;
  const res = await collector.request('POST', `/api/v1/imports/${jobId}/commit`, { allowErrors: true });
  if (res.statusCode === 202) await commitSettled(jobId);
  expect((await collector.request('GET', `/api/v1/imports/${jobId}`)).json().job.status).toBe('committed');
  return preview;
}

const declaration = (id: string) => t.database.db.selectFrom('declaration').select(['status', 'paid_fen', 'payable_fen', 'subsidy_fen', 'settlement_id']).where('id', '=', id).executeTakeFirstOrThrow();
const validReceipts = async (declarationId: string) => (await t.database.db.selectFrom('receipt').select(['number', 'verify_code', 'amount_fen']).where('declaration_id', '=', declarationId).where('voided_at', 'is', null).execute());
const auditCount = async (action: string, entityId: string) =>
  Number((await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', action).where('entity_id', '=', entityId).executeTakeFirstOrThrow()).n);
const statuses = (replies: Array<{ statusCode: number }>) => replies.map((r) => r.statusCode).sort();

describe('the rule, in TypeScript and in SQL', () => {
  it('canbao_ledger_status() agrees with ledgerStatus() for every stage and amount', async () => {
    const stored = fc.constantFrom('declared', 'confirmed', 'settled', 'paid', 'removed');
    await fc.assert(
      fc.asyncProperty(stored, fc.nat(100_000), fc.nat(100_000), async (status, payable, net) => {
        const r = await sql<{ s: string }>`SELECT canbao_ledger_status(${status}, ${payable}::bigint, ${net}::bigint) AS s`.execute(t.database.db);
        const stage: TLedgerStage = status === 'paid' ? 'settled' : (status as TLedgerStage);
        expect(r.rows[0]!.s).toBe(ledgerStatus(stage, payable, net));
      }),
      { numRuns: 300 },
    );
  });

  it('the audit rows the payment statements write themselves are masked as the audit helper masks', async () => {
    const [c] = await confirmedClass(['审计童']);
    await settle();
    const notice = await t.database.db.selectFrom('payment_notice').select(['id', 'amount_fen', 'region_code', 'unit_id']).where('declaration_id', '=', c!.declarationId).executeTakeFirstOrThrow();
    await t.database.db.insertInto('payment_order').values({ region_code: notice.region_code, notice_id: notice.id, declaration_id: c!.declarationId, unit_id: notice.unit_id, channel: 'sandbox', out_trade_no: 'CB-139-1234-5678', amount_fen: notice.amount_fen }).execute();
    // A channel whose transaction id carries a phone number and an ID number in odd forms.
    const transactionId = `TX１３９１２３４５６７８-${c!.idNumber}`;
    const body = sandbox.notificationBody({ outTradeNo: 'CB-139-1234-5678', transactionId, amountFen: notice.amount_fen, paidAt: new Date(), payerName: null });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/payments/notify/sandbox', headers: { 'content-type': 'application/json', 'x-sandbox-signature': sandbox.sign(body) }, payload: body })).statusCode).toBe(200);
    const row = await t.database.db.selectFrom('audit_log').select('after').where('action', '=', 'payment.recorded').orderBy('at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const after = row.after as { transactionId: string; orderNo: string };
    expect(after.transactionId).toBe(maskPersonalText(transactionId));
    expect(after.orderNo).toBe(maskPersonalText('CB-139-1234-5678'));
    expect(JSON.stringify(after)).not.toContain(c!.idNumber);
    expect(after.orderNo).not.toContain('1234-5678');
  });
});

describe('a refund of a child’s only payment (the case of issue 10)', () => {
  let child: Child;
  let paymentId: string;

  it('refuses to call a child’s only payment a duplicate', async () => {
    child = (await confirmedClass(['退费童']))[0]!;
    const tokens = await settle();
    paymentId = await payOnline(tokens['退费童']!, '退费童');
    await issueReceipts(t.database.db);
    expect(await validReceipts(child!.declarationId)).toHaveLength(1);
    const dup = await school.request('POST', '/api/v1/refunds', { paymentId, reason: 'duplicate', amountFen: 40000 });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.message).toContain('没有多缴');
    expect(await declaration(child!.declarationId)).toMatchObject({ status: 'paid', paid_fen: 40000 });
  });

  it('returning it leaves the child unpaid, not covered and the receipt void — everywhere at once', async () => {
    const receipt = (await validReceipts(child.declarationId))[0]!;
    const progressOf = async () => (await agency.request('GET', `/api/v1/declarations/progress?year=${YEAR}`)).json().items.find((i: { unitId: string }) => i.unitId === schoolUnitId);
    const before = await progressOf();
    const unexplained = await school.request('POST', '/api/v1/refunds', { paymentId, reason: 'other', amountFen: 40000 });
    expect(unexplained.statusCode).toBe(400);
    expect(unexplained.json().error.details[0]).toMatchObject({ path: 'note' });
    const req = await school.request('POST', '/api/v1/refunds', { paymentId, reason: 'other', amountFen: 40000, note: '家长申请退回' });
    expect(req.statusCode, req.body).toBe(201);
    const decided = (await agency.request('POST', `/api/v1/refunds/${req.json().id}/decide`, { approve: true, note: '同意退回' })).json();
    expect(decided.status).toBe('refunded');

    expect(await declaration(child.declarationId)).toMatchObject({ status: 'settled', paid_fen: 0 });
    const family = (await t.app.inject({ method: 'POST', url: '/api/v1/family/status', payload: { idNumber: child.idNumber, name: child.name, phoneLast4: '5678' } })).json();
    expect(family.years[0]).toMatchObject({ year: YEAR, status: 'settled', covered: false, paidFen: 0, receiptNumber: null });
    const verify = (await t.app.inject({ method: 'GET', url: `/api/v1/receipts/verify?number=${receipt.number}&code=${receipt.verify_code}` })).json();
    expect(verify.valid).toBe(false);
    expect(await progressOf()).toMatchObject({ paid: before.paid - 1, settled: before.settled + 1, paidFen: before.paidFen - 40000 });
    // The notice is open again: the family can pay it.
    const token = (await t.database.db.selectFrom('payment_notice').select('token').where('declaration_id', '=', child.declarationId).executeTakeFirstOrThrow()).token;
    const details = (await t.app.inject({ method: 'POST', url: `/api/v1/pay/${token}/details`, payload: { name: child.name } })).json();
    expect(details).toMatchObject({ status: 'open', receipt: null });
  });

  it('a later tax payment pays the child again instead of being flagged as over-paid', async () => {
    const preview = await importRoster([`3326119900000001,${child.name},${child.idNumber},2027,400.00,,2026-11-22 09:00:00,电子税务局`]);
    expect(preview.counts).toMatchObject({ paid: 1 });
    expect(await declaration(child.declarationId)).toMatchObject({ status: 'paid', paid_fen: 40000 });
    const items = await t.database.db.selectFrom('reconciliation_item').select('kind').where('declaration_id', '=', child.declarationId).execute();
    expect(items).toEqual([]);
    await receiptsIdle();
    await issueReceipts(t.database.db);
    expect(await validReceipts(child.declarationId)).toEqual([expect.objectContaining({ amount_fen: 40000 })]);
  });
});

describe('money that came another way', () => {
  it('the pay page asks only for the rest; a full payment on top is an over-payment to give back', async () => {
    const [c] = await confirmedClass(['部分童']);
    const tokens = await settle();
    const token = tokens['部分童']!;
    const roster = await importRoster([`3326119900000009,部分童,${c!.idNumber},2027,100.00,,2026-11-22 08:00:00,电子税务局`]);
    expect(roster.counts).toMatchObject({ amount_mismatch: 1 });
    expect(await declaration(c!.declarationId)).toMatchObject({ status: 'settled', paid_fen: 10000 });
    // The item says what the line was short of: what was owed before its own money.
    const short = await t.database.db.selectFrom('reconciliation_item').select(['expected_fen', 'detail']).where('transaction_id', '=', '3326119900000009').executeTakeFirstOrThrow();
    expect(short).toMatchObject({ expected_fen: 40000, detail: expect.stringContaining('应缴 400.00 元') });
    const details = (await t.app.inject({ method: 'POST', url: `/api/v1/pay/${token}/details`, payload: { name: '部分童' } })).json();
    expect(details).toMatchObject({ status: 'open', amountFen: 30000 });
    const order = (await t.app.inject({ method: 'POST', url: `/api/v1/pay/${token}/orders`, payload: { name: '部分童', channel: 'sandbox' } })).json();
    expect(sandbox.getOrder(order.outTradeNo)).toMatchObject({ amountFen: 30000 });
    // An older order for the notice's full amount is paid as well (a wallet that had it open): recorded, over-paid.
    const notice = await t.database.db.selectFrom('payment_notice').select(['id', 'region_code', 'unit_id']).where('token', '=', token).executeTakeFirstOrThrow();
    await t.database.db.insertInto('payment_order').values({ region_code: notice.region_code, notice_id: notice.id, declaration_id: c!.declarationId, unit_id: notice.unit_id, channel: 'sandbox', out_trade_no: 'CBOLDORDER0001', amount_fen: 40000 }).execute();
    const body = sandbox.notificationBody({ outTradeNo: 'CBOLDORDER0001', transactionId: 'SBXOLD0001', amountFen: 40000, paidAt: new Date(), payerName: null });
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/payments/notify/sandbox', headers: { 'content-type': 'application/json', 'x-sandbox-signature': sandbox.sign(body) }, payload: body });
    expect(r.statusCode).toBe(200);
    expect(await declaration(c!.declarationId)).toMatchObject({ status: 'paid', paid_fen: 50000 });
    const item = await t.database.db.selectFrom('reconciliation_item').select(['kind', 'detail', 'status']).where('transaction_id', '=', 'SBXOLD0001').executeTakeFirstOrThrow();
    expect(item).toMatchObject({ kind: 'duplicate', status: 'open', detail: expect.stringContaining('多缴 100.00 元') });
    // The over-payment — and only it — may go back as a duplicate.
    const pay = await t.database.db.selectFrom('payment').select('id').where('transaction_id', '=', 'SBXOLD0001').executeTakeFirstOrThrow();
    expect((await school.request('POST', '/api/v1/refunds', { paymentId: pay.id, reason: 'duplicate', amountFen: 10001 })).statusCode).toBe(400);
    expect((await school.request('POST', '/api/v1/refunds', { paymentId: pay.id, reason: 'duplicate', amountFen: 10000 })).statusCode).toBe(201);
  });
});

describe('every transition takes effect once, whatever arrives together', () => {
  it('10 requests for one duplicate: one refund is asked for, the others are told there is nothing left', async () => {
    const [c] = await confirmedClass(['重复童']);
    const tokens = await settle();
    await payOnline(tokens['重复童']!, '重复童');
    await importRoster([`3326119900000002,重复童,${c!.idNumber},2027,400.00,,2026-11-22 10:00:00,电子税务局`]);
    const dup = await t.database.db.selectFrom('payment').select('id').where('transaction_id', '=', '3326119900000002').executeTakeFirstOrThrow();
    expect(await declaration(c!.declarationId)).toMatchObject({ status: 'paid', paid_fen: 80000 });
    const replies = await Promise.all(Array.from({ length: 10 }, () => school.request('POST', '/api/v1/refunds', { paymentId: dup.id, reason: 'duplicate', amountFen: 40000 })));
    expect(statuses(replies)).toEqual([201, ...Array(9).fill(400)]);
    const refunds = await t.database.db.selectFrom('refund').select('id').where('payment_id', '=', dup.id).execute();
    expect(refunds).toHaveLength(1);

    // 10 approvals at once: one decision; the offline payout waits for the collector.
    const id = refunds[0]!.id;
    const approvals = await Promise.all(Array.from({ length: 10 }, () => agency.request('POST', `/api/v1/refunds/${id}/decide`, { approve: true, note: '核实为重复缴费' })));
    expect(statuses(approvals)).toEqual([200, ...Array(9).fill(409)]);
    expect(await auditCount('refund.approved', id)).toBe(1);
    // 10 payout marks at once: the money leaves once.
    const marks = await Promise.all(Array.from({ length: 10 }, () => collector.request('POST', `/api/v1/refunds/${id}/refunded`, { reference: 'TAX-RF-0001' })));
    expect(statuses(marks)).toEqual([200, ...Array(9).fill(409)]);
    expect(await auditCount('refund.refunded', id)).toBe(1);
    expect((await t.database.db.selectFrom('payment').select('refunded_fen').where('id', '=', dup.id).executeTakeFirstOrThrow()).refunded_fen).toBe(40000);
    expect(await declaration(c!.declarationId)).toMatchObject({ status: 'paid', paid_fen: 40000 });
    // The duplicate's exception is settled by its refund.
    const open = await t.database.db.selectFrom('reconciliation_item').select('status').where('payment_id', '=', dup.id).execute();
    expect(open).toEqual([{ status: 'resolved' }]);
  });

  it('10 approvals of an online refund pay the wallet once', async () => {
    const [c] = await confirmedClass(['在线退']);
    const tokens = await settle();
    const paymentId = await payOnline(tokens['在线退']!, '在线退');
    const req = (await school.request('POST', '/api/v1/refunds', { paymentId, reason: 'wrongful', amountFen: 40000, note: '已转学' })).json();
    const before = sandbox.refunds.size;
    const approvals = await Promise.all(Array.from({ length: 10 }, () => agency.request('POST', `/api/v1/refunds/${req.id}/decide`, { approve: true, note: '同意' })));
    expect(statuses(approvals)).toEqual([200, ...Array(9).fill(409)]);
    expect(sandbox.refunds.size - before).toBe(1);
    expect(await auditCount('refund.refunded', req.id)).toBe(1);
    expect(await declaration(c!.declarationId)).toMatchObject({ status: 'removed', paid_fen: 0 });
  });

  it('10 payout marks of a subsidy granted after payment lower the price once', async () => {
    const [c] = await confirmedClass(['资助童']);
    await settle();
    const preview = await importRoster([`3326119900000003,资助童,${c!.idNumber},2027,400.00,,2026-11-22 11:00:00,电子税务局`]);
    expect(preview.counts).toMatchObject({ paid: 1 });
    await receiptsIdle();
    await issueReceipts(t.database.db);
    const pay = await t.database.db.selectFrom('payment').select('id').where('transaction_id', '=', '3326119900000003').executeTakeFirstOrThrow();
    const req = (await school.request('POST', '/api/v1/refunds', { paymentId: pay.id, reason: 'subsidy_after', amountFen: 24000, note: '认定为低保' })).json();
    expect((await agency.request('POST', `/api/v1/refunds/${req.id}/decide`, { approve: true, note: '同意' })).statusCode).toBe(200);
    const marks = await Promise.all(Array.from({ length: 10 }, () => collector.request('POST', `/api/v1/refunds/${req.id}/refunded`, { reference: 'TAX-RF-0002' })));
    expect(statuses(marks)).toEqual([200, ...Array(9).fill(409)]);
    expect(await declaration(c!.declarationId)).toMatchObject({ status: 'paid', paid_fen: 16000, payable_fen: 16000, subsidy_fen: 24000 });
    // The receipt of 400 is void and one of 160 follows.
    await issueReceipts(t.database.db);
    expect(await validReceipts(c!.declarationId)).toEqual([expect.objectContaining({ amount_fen: 16000 })]);
  });

  it('10 removals of one declaration: one removal, one audit row', async () => {
    const [c] = await confirmedClass(['撤销童']);
    const replies = await Promise.all(Array.from({ length: 10 }, () => school.request('POST', `/api/v1/declarations/${c!.declarationId}/remove`, { reason: '转学' })));
    expect(statuses(replies)).toEqual([200, ...Array(9).fill(409)]);
    expect(await auditCount('declaration.removed', c!.declarationId)).toBe(1);
  });

  it('10 confirmations at once confirm once', async () => {
    const className = `${serial}班`;
    const idNumber = residentId('320508', '2018-03-01', serial++);
    const p = (await school.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: idNumber, name: '确认童', hukouType: 'local_urban', gradeCode: '03', className })).json().person.id;
    const d = (await school.request('POST', '/api/v1/declarations', { year: YEAR, personId: p })).json();
    const replies = await Promise.all(Array.from({ length: 10 }, () => school.request('POST', '/api/v1/declarations/confirm', { year: YEAR, ids: [d.id] })));
    expect(statuses(replies)).toEqual([200, ...Array(9).fill(409)]);
    expect(await auditCount('declaration.confirmed', d.id)).toBe(1);
  });

  it('removal racing the settlement: one of them, and the audit trail says which', async () => {
    for (let round = 0; round < 6; round++) {
      const [c] = await confirmedClass([`竞态${'甲乙丙丁戊己'[round]}`]);
      const [removal, settlement] = await Promise.all([
        school.request('POST', `/api/v1/declarations/${c!.declarationId}/remove`, { reason: '转学' }),
        school.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' }),
      ]);
      const d = await declaration(c!.declarationId);
      const removedAudits = await auditCount('declaration.removed', c!.declarationId);
      if (d.status === 'removed') {
        expect(removal.statusCode).toBe(200);
        // The settlement (of whatever else was confirmed, or of nothing) did not bill it.
        expect(d.settlement_id).toBeNull();
        expect([201, 409]).toContain(settlement.statusCode);
        expect(removedAudits).toBe(1);
      } else {
        expect(d.status).toBe('settled');
        expect(settlement.statusCode).toBe(201);
        expect(removal.statusCode).toBe(409);
        expect(removedAudits).toBe(0);
      }
    }
  });

  it('confirmation racing removal: the declaration ends removed or confirmed, each audited only if it happened', async () => {
    for (let round = 0; round < 6; round++) {
      const idNumber = residentId('320508', '2018-03-01', serial++);
      const p = (await school.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: idNumber, name: `确撤${'甲乙丙丁戊己'[round]}`, hukouType: 'local_urban', gradeCode: '03', className: `${serial}班` })).json().person.id;
      const d = (await school.request('POST', '/api/v1/declarations', { year: YEAR, personId: p })).json();
      const [confirm, removal] = await Promise.all([
        school.request('POST', '/api/v1/declarations/confirm', { year: YEAR, ids: [d.id] }),
        school.request('POST', `/api/v1/declarations/${d.id}/remove`, { reason: '转学' }),
      ]);
      const after = await declaration(d.id);
      expect(removal.statusCode).toBe(200);
      expect(after.status).toBe('removed');
      expect(await auditCount('declaration.removed', d.id)).toBe(1);
      expect(await auditCount('declaration.confirmed', d.id)).toBe(confirm.statusCode === 200 ? 1 : 0);
    }
  });

  it('recomputation racing the settlement: a settled price is never changed, a changed one never settled unconfirmed', async () => {
    const KEY = `campaign-320500-${YEAR}`;
    for (let round = 0; round < 4; round++) {
      const [c] = await confirmedClass([`重算${'甲乙丙丁'[round]}`]);
      const current = (await agency.request('GET', `/api/v1/profiles/${KEY}`)).json();
      const next = structuredClone(current.profile);
      next.categories[0].parts[0].amountFen += 1000;
      next.categories[0].totalFen += 1000;
      const saved = await agency.request('PUT', `/api/v1/profiles/${KEY}`, { profile: next, note: `第 ${round} 次调整` });
      expect(saved.statusCode, saved.body).toBe(200);
      const version = saved.json().version as number;
      const [recompute, settlement] = await Promise.all([
        agency.request('POST', `/api/v1/profiles/${KEY}/recompute`, { version }),
        school.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' }),
      ]);
      const d = await t.database.db.selectFrom('declaration').select(['status', 'total_fen', 'profile_version']).where('id', '=', c!.declarationId).executeTakeFirstOrThrow();
      const repriced = await auditCount('declaration.repriced', c!.declarationId);
      if (d.status === 'settled') {
        expect(settlement.statusCode).toBe(201);
        // Settled first: frozen at the old price, and no audit row says it was repriced.
        expect(d.profile_version).toBeLessThan(version);
        expect(repriced).toBe(0);
      } else {
        // Repriced first: back to declared for the unit to confirm the new amount; the settlement found nothing.
        expect(d).toMatchObject({ status: 'declared', profile_version: version });
        expect(repriced).toBe(1);
        expect(recompute.statusCode).toBe(200);
        expect(settlement.statusCode).toBe(409);
        await school.request('POST', `/api/v1/declarations/${c!.declarationId}/remove`, { reason: '测试结束' });
      }
    }
  });

  it('10 recomputations at once apply once', async () => {
    const KEY = `campaign-320500-${YEAR}`;
    await confirmedClass(['十重算']);
    const current = (await agency.request('GET', `/api/v1/profiles/${KEY}`)).json();
    const next = structuredClone(current.profile);
    next.categories[0].parts[0].amountFen += 500;
    next.categories[0].totalFen += 500;
    const version = (await agency.request('PUT', `/api/v1/profiles/${KEY}`, { profile: next, note: '再次调整' })).json().version;
    const replies = await Promise.all(Array.from({ length: 10 }, () => agency.request('POST', `/api/v1/profiles/${KEY}/recompute`, { version })));
    expect(statuses(replies)).toEqual([200, ...Array(9).fill(409)]);
    const audits = await t.database.db.selectFrom('audit_log').select('action').where('action', '=', 'profile.recomputed').where('after', '@>', sql<string>`${JSON.stringify({ version })}::jsonb`).execute();
    expect(audits).toHaveLength(1);
  });
});

describe('money written before the ledger', () => {
  // A landed migration's backfill of data written before it: on Citus the schema is migrated before its tables are
  // distributed (docs/scale.md), so this statement never meets distributed tables there.
  it.skipIf(ON_CITUS)('the migration brings a refunded child, still shown paid, back to unpaid with the receipt void', async () => {
    const { backfillLedger } = await import('../../db/migrations/20261201T2200-ledger');
    const [c] = await confirmedClass(['旧账童']);
    const tokens = await settle();
    const paymentId = await payOnline(tokens['旧账童']!, '旧账童');
    await issueReceipts(t.database.db);
    const { payable_fen: price } = await declaration(c!.declarationId);
    // The old refund path: money paid back, payment marked, the declaration, receipt and notice left as they were.
    await t.database.db
      .insertInto('refund')
      .values({ region_code: '320500', payment_id: paymentId, declaration_id: c!.declarationId, unit_id: schoolUnitId, reason: 'duplicate', amount_fen: price, status: 'refunded', refunded_at: new Date() })
      .execute();
    await t.database.db.updateTable('payment').set({ refunded_fen: price }).where('id', '=', paymentId).execute();
    expect(await declaration(c!.declarationId)).toMatchObject({ status: 'paid', paid_fen: price });
    await backfillLedger(t.database.db as unknown as Kysely<unknown>);
    expect(await declaration(c!.declarationId)).toMatchObject({ status: 'settled', paid_fen: 0 });
    expect(await validReceipts(c!.declarationId)).toEqual([]);
    const notice = await t.database.db.selectFrom('payment_notice').select('status').where('declaration_id', '=', c!.declarationId).executeTakeFirstOrThrow();
    expect(notice.status).toBe('open');
    // Run again: nothing changes.
    await backfillLedger(t.database.db as unknown as Kysely<unknown>);
    expect(await declaration(c!.declarationId)).toMatchObject({ status: 'settled', paid_fen: 0 });
  });
});

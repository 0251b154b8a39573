import { randomBytes } from 'node:crypto';
import { ledgerState, ledgerStage, type TLedgerStatus } from '@canbao/domain';
import fc from 'fast-check';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { buildTestApp, login, type Client, type TestApp } from './build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, buildUser, residentId } from './factories';
import { commitSettled, readSettled } from '../modules/imports/imports.service';
import type { SandboxProvider } from '../modules/payments/channels/sandbox';
import type { LookupGuard } from '../modules/payments/lookup-guard';
import { familyStatus, issueReceipts, receiptsIdle, verifyReceipt } from '../modules/payments/receipts.service';

/**
 * The ledger's property test (issue 10): random sequences of what happens to a declaration's money — settlements
 * of both kinds and their voiding, online payments with the exact amount, too little or too much, replays and
 * second payments, tax-roster lines, a unit's transfers, refunds of every reason and amount (asked, approved or
 * rejected, paid out), removals, recomputations after a fee change, receipt issuing — against a real database
 * through the API, checking after every step that everything agrees with the ledger:
 * - the declaration's money is the sum of its records (payments + allocations − refunds paid out);
 * - its status is the rule's (paid iff settled and the money covers it);
 * - a valid receipt exists iff one is required (after the issuer ran), for what it costs; never two;
 * - its payment notice follows it; every payment's refunds never exceed it;
 * - over-paid money has a reconciliation item or a refund; no notification acknowledged without its payment;
 * - the family lookup, the receipt check and the progress figures say the same.
 * Each test file runs it with its own seed on its own database, so the runs spread over the machine's cores.
 */

type Amount = 'exact' | 'less' | 'more';
type Event =
  | { kind: 'settle'; unitTotal: boolean }
  | { kind: 'cancelSettlement' }
  | { kind: 'channel'; amount: Amount; replay: boolean }
  | { kind: 'roster'; amount: Amount }
  | { kind: 'unitPayment'; amount: Amount; replay: boolean }
  | { kind: 'refund'; reason: 'duplicate' | 'wrongful' | 'subsidy_after' | 'other'; payment: number; amount: 'all' | 'half' | 'over' | 'one'; decision: 'approve' | 'reject' | 'leave'; payout: boolean }
  | { kind: 'remove' }
  | { kind: 'confirm' }
  | { kind: 'recompute' }
  | { kind: 'issue' };

const amountArb = fc.constantFrom<Amount>('exact', 'exact', 'less', 'more');
const eventArb: fc.Arbitrary<Event> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('settle' as const), unitTotal: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancelSettlement' as const) }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('channel' as const), amount: amountArb, replay: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('roster' as const), amount: amountArb }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('unitPayment' as const), amount: amountArb, replay: fc.boolean() }) },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      reason: fc.constantFrom('duplicate' as const, 'wrongful' as const, 'subsidy_after' as const, 'other' as const),
      payment: fc.nat(3),
      amount: fc.constantFrom('all' as const, 'half' as const, 'over' as const, 'one' as const),
      decision: fc.constantFrom('approve' as const, 'approve' as const, 'reject' as const, 'leave' as const),
      payout: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('confirm' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('recompute' as const) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('issue' as const) }) },
);

const YEAR = 2027;
// The lookups' limits are not what this test is about: it asks after every step.
const unlimited: LookupGuard = { identity: async () => {}, wrongName: async () => {}, assertNameAttemptsLeft: async () => {} };
const KEY = `campaign-320500-${YEAR}`;
const EXEMPTIONS = [null, null, 'dibao', 'tekun'] as const;

export async function runLedgerProperty(options: { seed: number; runs: number }) {
  const t: TestApp = await buildTestApp();
  try {
    await buildCampaign(t.database.db, YEAR);
    const U = await buildUnitWithOperator(t.database.db, { name: '性质测试小学' });
    const school: Client = await login(t.app, U.operator.username, TEST_PASSWORD);
    const agency: Client = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
    const collector: Client = await login(t.app, (await buildUser(t.database.db, { role: 'collector' })).username, TEST_PASSWORD);
    const sandbox = t.app.paymentProviders.get('sandbox') as SandboxProvider;
    const db = t.database.db;
    let run = 0;
    let ticket = 0;
    const stats: Record<string, { n: number; stepMs: number; checkMs: number }> = {};
    const ends: Record<string, number> = {};

    const notify = async (body: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/payments/notify/sandbox', headers: { 'content-type': 'application/json', 'x-sandbox-signature': sandbox.sign(body) }, payload: body });

    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...EXEMPTIONS), fc.array(eventArb, { minLength: 2, maxLength: 9 }), async (exemption, events) => {
        run++;
        const s0 = performance.now();
        // A child of its own, declared and confirmed by the school.
        const birth = new Date(Date.UTC(2014, 0, 1) + Math.floor(run / 800) * 86_400_000).toISOString().slice(0, 10);
        const idNumber = residentId('320508', birth, 100 + (run % 800));
        const name = '测试童';
        const reg = await school.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: idNumber, name, hukouType: 'local_urban', gradeCode: '03', className: '1班', guardian: { name: '家长', relation: '父母', phone: '13912345678' } });
        expect(reg.statusCode, reg.body).toBe(201);
        const personId = reg.json().person.id as string;
        if (exemption) {
          const ex = await school.request('POST', `/api/v1/persons/${personId}/exemptions`, { categoryCode: exemption, certifyingDepartment: '民政局', validFrom: '2026-01-01', source: 'department_list' });
          expect(ex.statusCode, ex.body).toBe(201);
        }
        const dec = await school.request('POST', '/api/v1/declarations', { year: YEAR, personId });
        expect(dec.statusCode, dec.body).toBe(201);
        const declarationId = dec.json().id as string;
        await school.request('POST', '/api/v1/declarations/confirm', { year: YEAR, ids: [declarationId] });
        const acknowledged: string[] = [];
        const su = (stats.setup ??= { n: 0, stepMs: 0, checkMs: 0 });
        su.n++;
        su.stepMs += performance.now() - s0;
        let issuedSinceChange = false;

        for (const e of events) {
          const t0 = performance.now();
          // Receipts are issued in the background: one is owed only once the issuer ran after the last change.
          if (e.kind !== 'issue') issuedSinceChange = false;
          await step(e);
          const t1 = performance.now();
          await check();
          const t2 = performance.now();
          const st = (stats[e.kind] ??= { n: 0, stepMs: 0, checkMs: 0 });
          st.n++;
          st.stepMs += t1 - t0;
          st.checkMs += t2 - t1;
        }
        const end = await db.selectFrom('declaration').select('status').where('id', '=', declarationId).executeTakeFirstOrThrow();
        ends[end.status] = (ends[end.status] ?? 0) + 1;
        // Nothing of this run may be swept into the next run's settlement.
        const d = await db.selectFrom('declaration').select('status').where('id', '=', declarationId).executeTakeFirstOrThrow();
        if (d.status === 'declared' || d.status === 'confirmed') await db.updateTable('declaration').set({ status: 'removed' }).where('id', '=', declarationId).execute();

        async function current() {
          return db.selectFrom('declaration').select(['status', 'payable_fen', 'paid_fen', 'settlement_id']).where('id', '=', declarationId).executeTakeFirstOrThrow();
        }

        async function step(e: Event) {
          const d = await current();
          const owed = Math.max(0, d.payable_fen - d.paid_fen);
          const amountOf = (a: Amount, base: number) => (a === 'exact' ? base : a === 'less' ? Math.max(1, base - 100) : base + 100);
          switch (e.kind) {
            case 'settle': {
              const r = await school.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: e.unitTotal ? 'unit_total' : 'per_person', ...(e.unitTotal ? { unitMethod: 'transfer' } : {}) });
              expect([201, 409], r.body).toContain(r.statusCode);
              return;
            }
            case 'cancelSettlement': {
              if (!d.settlement_id) return;
              const r = await school.request('POST', `/api/v1/settlements/${d.settlement_id}/cancel`, { reason: '重新结算' });
              expect([200, 409], r.body).toContain(r.statusCode);
              return;
            }
            case 'channel': {
              const notice = await db.selectFrom('payment_notice').select(['id', 'amount_fen', 'region_code', 'unit_id']).where('declaration_id', '=', declarationId).where('cancelled', '=', false).executeTakeFirst();
              if (!notice) return;
              // An order placed for the notice as the pay page places it (the channel side is what is tested here).
              const outTradeNo = `CBP${run}${randomBytes(6).toString('hex')}`;
              await db.insertInto('payment_order').values({ region_code: notice.region_code, notice_id: notice.id, declaration_id: declarationId, unit_id: notice.unit_id, channel: 'sandbox', out_trade_no: outTradeNo, amount_fen: notice.amount_fen }).execute();
              const body = sandbox.notificationBody({ outTradeNo, transactionId: `SBXP${run}${randomBytes(6).toString('hex')}`, amountFen: amountOf(e.amount, notice.amount_fen), paidAt: new Date(), payerName: '家长' });
              const r = await notify(body);
              expect(r.statusCode, r.body).toBe(200);
              acknowledged.push(JSON.parse(body).transaction_id);
              if (e.replay) expect((await notify(body)).statusCode).toBe(200);
              return;
            }
            case 'roster': {
              ticket++;
              const header = '电子税票号码,姓名,证件号码,所属期,缴费金额,财政补助,缴费时间,缴费渠道\n';
              const yuan = (amountOf(e.amount, owed || d.payable_fen || 100) / 100).toFixed(2);
              const csv = `${header}${String(332611000000 + run * 100 + ticket).padStart(16, '9')},${name},${idNumber},2027,${yuan},,2026-11-22 09:00:00,电子税务局\n`;
              const created = await collector.request('POST', '/api/v1/imports', { kind: 'paid_roster', fileName: 'roster.csv' });
              const jobId = created.json().job.id as string;
              const put = await t.app.inject({ method: 'PUT', url: `/api/v1/imports/${jobId}/file`, payload: Buffer.from(csv, 'utf8'), headers: { cookie: collector.cookie, 'x-csrf-token': collector.csrfToken, 'content-type': 'text/csv' } });
              expect(put.statusCode, put.body).toBe(200);
              await readSettled(jobId);
              const c = await collector.request('POST', `/api/v1/imports/${jobId}/commit`, { allowErrors: true });
              if (c.statusCode === 202) await commitSettled(jobId);
              expect((await collector.request('GET', `/api/v1/imports/${jobId}`)).json().job.status).toBe('committed');
              await receiptsIdle();
              return;
            }
            case 'unitPayment': {
              if (!d.settlement_id) return;
              const s = await db.selectFrom('settlement').select(['payment_mode', 'payable_fen']).where('id', '=', d.settlement_id).executeTakeFirstOrThrow();
              if (s.payment_mode !== 'unit_total') return;
              const body = { method: 'transfer', transactionId: `UT${run}${randomBytes(4).toString('hex')}`, amountFen: amountOf(e.amount, Math.max(owed, 1)), paidAt: '2026-11-22T10:00:00+08:00' };
              const r = await collector.request('POST', `/api/v1/settlements/${d.settlement_id}/payments`, body);
              expect([200, 201, 409], r.body).toContain(r.statusCode);
              if (e.replay) expect((await collector.request('POST', `/api/v1/settlements/${d.settlement_id}/payments`, body)).json().result).toBe('already_recorded');
              return;
            }
            case 'refund': {
              const payments = await db
                .selectFrom('payment')
                .select(['id', 'amount_fen', 'refunded_fen', 'declaration_id'])
                .where((eb) => eb.or([eb('declaration_id', '=', declarationId), eb('id', 'in', eb.selectFrom('payment_allocation').select('payment_id').where('declaration_id', '=', declarationId))]))
                .orderBy('created_at')
                .execute();
              if (!payments.length) return;
              const p = payments[e.payment % payments.length]!;
              const left = p.amount_fen - p.refunded_fen;
              const over = Math.max(0, d.paid_fen - (d.status === 'removed' ? 0 : d.payable_fen));
              const amountFen = e.amount === 'all' ? Math.max(1, left) : e.amount === 'half' ? Math.max(1, Math.floor(left / 2)) : e.amount === 'over' ? Math.max(1, over) : 1;
              const req = await school.request('POST', '/api/v1/refunds', { paymentId: p.id, ...(p.declaration_id ? {} : { declarationId }), reason: e.reason, amountFen, note: '测试' });
              expect([201, 400, 409], req.body).toContain(req.statusCode);
              if (req.statusCode !== 201 || e.decision === 'leave') return;
              const id = req.json().id as string;
              const decided = await agency.request('POST', `/api/v1/refunds/${id}/decide`, { approve: e.decision === 'approve', note: '审核意见' });
              expect([200, 400, 409], decided.body).toContain(decided.statusCode);
              if (decided.statusCode === 200 && decided.json().status === 'approved' && e.payout) {
                expect((await collector.request('POST', `/api/v1/refunds/${id}/refunded`, { reference: `RF-${run}-${randomBytes(3).toString('hex')}` })).statusCode).toBe(200);
              }
              return;
            }
            case 'remove': {
              const r = await school.request('POST', `/api/v1/declarations/${declarationId}/remove`, { reason: '转学' });
              expect([200, 409], r.body).toContain(r.statusCode);
              return;
            }
            case 'confirm': {
              const r = await school.request('POST', '/api/v1/declarations/confirm', { year: YEAR, ids: [declarationId] });
              expect([200, 409], r.body).toContain(r.statusCode);
              return;
            }
            case 'recompute': {
              const current = (await agency.request('GET', `/api/v1/profiles/${KEY}`)).json();
              const next = structuredClone(current.profile);
              next.categories[0].parts[0].amountFen += 100;
              next.categories[0].totalFen += 100;
              const saved = await agency.request('PUT', `/api/v1/profiles/${KEY}`, { profile: next, note: '调整' });
              expect(saved.statusCode, saved.body).toBe(200);
              const r = await agency.request('POST', `/api/v1/profiles/${KEY}/recompute`, { version: saved.json().version });
              expect([200, 409], r.body).toContain(r.statusCode);
              return;
            }
            case 'issue': {
              await receiptsIdle();
              await issueReceipts(db);
              issuedSinceChange = true;
              return;
            }
          }
        }

        async function check() {
          // Everything the invariants read, in one statement (each table pinned to the region by value, so that it
          // also runs on Citus: one shard).
          type Snapshot = {
            status: string; payable_fen: number; paid_fen: number; unit_id: string; received: number; refunded: number;
            receipts: Array<{ number: string; verify_code: string; amount_fen: number; voided: boolean }>;
            notices: string[];
            pays: Array<{ amount_fen: number; refunded_fen: number; refunds: number; items: number; allocated: number; own: boolean }>;
            claimed: number; found: number; unit_paid: number; unit_paid_fen: number;
          };
          const r = await sql<Snapshot>`
            SELECT d.status, d.payable_fen::int, d.paid_fen::int, d.unit_id,
                   (coalesce((SELECT sum(amount_fen) FROM payment WHERE region_code = '320500' AND declaration_id = d.id), 0)
                  + coalesce((SELECT sum(amount_fen) FROM payment_allocation WHERE region_code = '320500' AND declaration_id = d.id), 0))::int AS received,
                   coalesce((SELECT sum(amount_fen) FROM refund WHERE region_code = '320500' AND declaration_id = d.id AND status = 'refunded'), 0)::int AS refunded,
                   coalesce((SELECT json_agg(json_build_object('number', number, 'verify_code', verify_code, 'amount_fen', amount_fen, 'voided', voided_at IS NOT NULL))
                             FROM receipt WHERE region_code = '320500' AND declaration_id = d.id), '[]') AS receipts,
                   coalesce((SELECT json_agg(status) FROM payment_notice WHERE region_code = '320500' AND declaration_id = d.id AND NOT cancelled), '[]') AS notices,
                   coalesce((SELECT json_agg(json_build_object('amount_fen', p.amount_fen, 'refunded_fen', p.refunded_fen, 'own', p.declaration_id IS NOT NULL,
                               'refunds', coalesce((SELECT sum(amount_fen) FROM refund x WHERE region_code = '320500' AND x.payment_id = p.id AND x.status = 'refunded'), 0),
                               'items', (SELECT count(*) FROM reconciliation_item i WHERE region_code = '320500' AND i.payment_id = p.id),
                               'allocated', coalesce((SELECT sum(amount_fen) FROM payment_allocation a WHERE region_code = '320500' AND a.payment_id = p.id), 0)))
                             FROM payment p
                             WHERE region_code = '320500' AND (p.declaration_id = d.id OR p.id IN (SELECT payment_id FROM payment_allocation WHERE region_code = '320500' AND declaration_id = d.id)
                                OR (p.settlement_id = d.settlement_id AND p.declaration_id IS NULL))), '[]') AS pays,
                   ((SELECT count(*) FROM reconciliation_item WHERE region_code = '320500' AND (declaration_id = d.id OR payment_id IN (SELECT id FROM payment WHERE region_code = '320500' AND declaration_id = d.id)))
                  + (SELECT count(*) FROM refund WHERE region_code = '320500' AND declaration_id = d.id))::int AS claimed,
                   (SELECT count(*) FROM payment WHERE region_code = '320500' AND transaction_id = ANY(${acknowledged}::text[]))::int AS found,
                   (SELECT count(*) FROM declaration x WHERE region_code = '320500' AND x.unit_id = d.unit_id AND x.insurance_year = ${YEAR} AND x.status = 'paid')::int AS unit_paid,
                   (SELECT coalesce(sum(paid_fen), 0) FROM declaration x WHERE region_code = '320500' AND x.unit_id = d.unit_id AND x.insurance_year = ${YEAR} AND x.status <> 'removed')::int AS unit_paid_fen
            FROM declaration d WHERE d.region_code = '320500' AND d.id = ${declarationId}`.execute(db);
          const d = r.rows[0]!;
          // Money: the declaration holds the sum of its records.
          expect(d.paid_fen).toBe(d.received - d.refunded);
          const state = ledgerState({ stage: ledgerStage(d.status as TLedgerStatus), payableFen: d.payable_fen, receivedFen: d.received, refundedFen: d.refunded });
          // Status: the rule's.
          expect(d.status).toBe(state.status);
          // Receipts: never two; none unless required; the one required once the issuer ran, for what it costs.
          const valid = d.receipts.filter((x) => !x.voided);
          expect(valid.length).toBeLessThanOrEqual(1);
          if (!state.receiptRequired) expect(valid).toEqual([]);
          if (state.receiptRequired && issuedSinceChange) expect(valid.map((x) => x.amount_fen)).toEqual([d.payable_fen]);
          if (valid[0]) expect(valid[0].amount_fen).toBe(d.payable_fen);
          // The notice follows the declaration.
          expect(d.notices.length).toBeLessThanOrEqual(1);
          if (d.notices[0]) expect([d.notices[0], state.status]).toEqual(state.status === 'paid' ? ['paid', 'paid'] : ['open', 'settled']);
          // Every payment's refunds: what it says, never more than it; money no declaration holds is an item to resolve.
          for (const p of d.pays) {
            expect(p.refunded_fen).toBe(Number(p.refunds));
            expect(p.refunded_fen).toBeLessThanOrEqual(p.amount_fen);
            if (!p.own && Number(p.allocated) < p.amount_fen - p.refunded_fen) expect(Number(p.items)).toBeGreaterThan(0);
          }
          // Over-paid money is a reconciliation item (or being refunded) until it is gone.
          if (state.overpaidFen > 0 && state.status !== 'removed' && d.payable_fen > 0) expect(d.claimed).toBeGreaterThan(0);
          // No acknowledged notification without its payment.
          expect(d.found).toBe(new Set(acknowledged).size);
          // The family, the receipt check and the progress figures say the same as the ledger.
          const family = await familyStatus(db, unlimited, { idNumber, name, phoneLast4: '5678' });
          const year = family.years.find((y) => y.year === YEAR);
          if (state.status === 'removed') expect(year).toBeUndefined();
          else {
            expect(year).toMatchObject({ status: state.status, covered: state.covered, paidFen: state.netPaidFen });
            // The issuer works in the background and may have added the receipt since it was read above.
            const later = await db.selectFrom('receipt').select('number').where('declaration_id', '=', declarationId).where('voided_at', 'is', null).executeTakeFirst();
            expect([valid[0]?.number ?? null, later?.number ?? null]).toContain(year!.receiptNumber);
          }
          for (const x of d.receipts) expect((await verifyReceipt(db, x.number, x.verify_code)).valid).toBe(!x.voided);
          const progress = (await agency.request('GET', `/api/v1/declarations/progress?year=${YEAR}`)).json().items.find((i: { unitId: string }) => i.unitId === d.unit_id);
          expect(progress?.paid ?? 0).toBe(d.unit_paid);
          expect(progress?.paidFen ?? 0).toBe(d.unit_paid_fen);
        }
      }),
      { seed: options.seed, numRuns: options.runs, endOnFailure: true },
    );
    if (process.env.LEDGER_PROPERTY_STATS) console.log(JSON.stringify({ ends, stats }, null, 1));
  } finally {
    await receiptsIdle();
    await t.close();
  }
}

/** Runs per file: LEDGER_PROPERTY_RUNS, else 500 (four files: 2,000 sequences; the PGlite run of CI sets 150). */
export const LEDGER_PROPERTY_RUNS = Number(process.env.LEDGER_PROPERTY_RUNS ?? 500);

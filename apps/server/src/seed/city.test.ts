import { ledgerStage, ledgerState, parseResidentId, type TLedgerStatus } from '@canbao/domain';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCity, type CityReport } from '../../../../bench/city/generate';
import type { DB } from '../db/schema/index';
import { buildTestApp, createTestDatabase, login, type TestApp } from '../test/build-test-app';
import { DEMO_PASSWORD } from './demo';

/**
 * The city generator (bench/city, `npm run city`) at a small scale: 2,000 persons in 20 units, in the test database
 * (PGlite or PostgreSQL by TEST_DB). What it writes must be what the services would have written: the ledger's
 * invariants, receipts, notices, households, valid ID numbers — and the product's screens must read it.
 */

const PERSONS = 2000;
const UNITS = 20;
const SEED = 7;

let t: TestApp;
let report: CityReport;
const rows = async <T>(query: ReturnType<typeof sql<T>>, db: Kysely<DB> = t.database.db) => (await query.execute(db)).rows;

beforeAll(async () => {
  t = await buildTestApp();
  report = await generateCity(t.database.db, { persons: PERSONS, units: UNITS, seed: SEED, regionCode: '320500', now: t.clock.now(), config: t.config, demo: false, kind: t.database.kind });
}, 240_000);
afterAll(() => t?.close());

describe('[CITY] the generated city', () => {
  it("passes the generator's own checks, phase by phase", () => {
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.checks.length).toBeGreaterThanOrEqual(14);
    expect(report.phases.map((p) => p.phase)).toEqual(expect.arrayContaining(['units and accounts', 'persons, households, exemptions', 'receipts, reasons', 'analyze', 'checks']));
    expect(report.year).toBe(2027); // the test clock is 2026-11-23: this year's campaign is 2027's, last year's 2026's
  });

  it('has the units and persons asked for, in the documented proportions', async () => {
    const kinds = await rows<{ kind: string; n: number }>(sql`SELECT kind, count(*)::int AS n FROM unit WHERE region_code = '320500' GROUP BY kind`);
    const n = (k: string) => kinds.find((x) => x.kind === k)?.n ?? 0;
    expect(n('primary') + n('middle') + n('kindergarten') + n('community_office')).toBe(UNITS);
    expect(n('primary') + n('middle')).toBe(12); // 60%
    expect(n('kindergarten')).toBe(3); // 15%
    expect(n('community_office')).toBe(5); // 25%
    const persons = await rows<{ n: number; pupils: number; kinder: number; residents: number; districts: number }>(sql`
      SELECT count(*)::int AS n,
             count(*) FILTER (WHERE u.kind IN ('primary', 'middle'))::int AS pupils,
             count(*) FILTER (WHERE u.kind = 'kindergarten')::int AS kinder,
             count(*) FILTER (WHERE u.kind = 'community_office')::int AS residents,
             count(DISTINCT u.district_code)::int AS districts
      FROM person p JOIN unit u ON u.id = coalesce(p.unit_id, p.stopped_from_unit_id)`);
    expect(persons[0]).toMatchObject({ n: PERSONS, pupils: 1440, kinder: 160, residents: 400 });
    expect(persons[0]!.districts).toBeGreaterThanOrEqual(4);
    // Grades 01–06 at primary schools, 11–13 at middle schools, 00 at kindergartens; nobody in school at a community office.
    const grades = await rows<{ kind: string; grades: string[] }>(sql`
      SELECT u.kind, array_agg(DISTINCT coalesce(p.grade_code, '-') ORDER BY coalesce(p.grade_code, '-')) AS grades
      FROM person p JOIN unit u ON u.id = coalesce(p.unit_id, p.stopped_from_unit_id) GROUP BY u.kind`);
    expect(Object.fromEntries(grades.map((g) => [g.kind, g.grades]))).toEqual({
      primary: ['01', '02', '03', '04', '05', '06'],
      middle: ['11', '12', '13'],
      kindergarten: ['00'],
      community_office: ['-'],
    });
    // Streets of the region's division data.
    const streets = await rows<{ bad: number }>(sql`
      SELECT count(*)::int AS bad FROM unit u LEFT JOIN division s ON s.code = u.street_code AND s.parent_code = u.district_code AND s.level = 'street'
      WHERE u.region_code = '320500' AND u.street_code IS NOT NULL AND s.code IS NULL`);
    expect(streets[0]!.bad).toBe(0);
    // About 3% hold an exemption identity, some with a certificate.
    const exempt = await rows<{ n: number; certificates: number }>(sql`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE certificate_number IS NOT NULL AND certificate_name IS NOT NULL)::int AS certificates FROM person_exemption`);
    expect(exempt[0]!.n).toBeGreaterThan(PERSONS * 0.015);
    expect(exempt[0]!.n).toBeLessThan(PERSONS * 0.05);
    expect(exempt[0]!.certificates).toBeGreaterThan(0);
  });

  it('gives every person a valid GB 11643 number whose birth date and gender are the person’s', async () => {
    const persons = await rows<{ document_number: string; birth_date: string; gender: string }>(sql`SELECT document_number, birth_date::text, gender FROM person`);
    expect(persons.length).toBe(PERSONS);
    expect(new Set(persons.map((p) => p.document_number)).size).toBe(PERSONS);
    const wrong = persons.filter((p) => {
      const r = parseResidentId(p.document_number, { today: '2026-11-23' });
      return !r.ok || r.birthDate !== p.birth_date || r.gender !== p.gender;
    });
    expect(wrong).toEqual([]);
  });

  it('puts nobody in two households, gives each household one head held by its community office', async () => {
    const [x] = await rows<{ members: number; persons: number; households: number; heads: number; elsewhere: number; relations: string[] }>(sql`
      SELECT count(*)::int AS members, count(DISTINCT m.person_id)::int AS persons, count(DISTINCT m.household_id)::int AS households,
             count(*) FILTER (WHERE m.relation = 'head')::int AS heads,
             count(*) FILTER (WHERE p.unit_id IS DISTINCT FROM m.unit_id OR u.kind <> 'community_office')::int AS elsewhere,
             array_agg(DISTINCT m.relation ORDER BY m.relation) AS relations
      FROM household_member m JOIN person p ON p.id = m.person_id JOIN unit u ON u.id = m.unit_id`);
    expect(x!.members).toBe(400);
    expect(x!.persons).toBe(x!.members);
    expect(x!.heads).toBe(x!.households);
    expect(x!.elsewhere).toBe(0);
    expect(x!.relations).toEqual(expect.arrayContaining(['child', 'head', 'spouse']));
  });

  it('keeps the ledger: money is the records, the status the rule, one receipt when one is owed, notices follow', async () => {
    const ds = await rows<{ id: string; status: TLedgerStatus; payable_fen: number; paid_fen: number; received: number; refunded: number; receipts: number[]; notices: string[] }>(sql`
      SELECT d.id, d.status, d.payable_fen, d.paid_fen,
             (coalesce((SELECT sum(amount_fen) FROM payment WHERE declaration_id = d.id), 0)
            + coalesce((SELECT sum(amount_fen) FROM payment_allocation WHERE declaration_id = d.id), 0))::int AS received,
             coalesce((SELECT sum(amount_fen) FROM refund WHERE declaration_id = d.id AND status = 'refunded'), 0)::int AS refunded,
             coalesce((SELECT json_agg(amount_fen) FROM receipt WHERE declaration_id = d.id AND voided_at IS NULL), '[]') AS receipts,
             coalesce((SELECT json_agg(status) FROM payment_notice WHERE declaration_id = d.id AND NOT cancelled), '[]') AS notices
      FROM declaration d`);
    expect(ds.length).toBeGreaterThan(PERSONS);
    const wrong = ds.filter((d) => {
      const state = ledgerState({ stage: ledgerStage(d.status), payableFen: d.payable_fen, receivedFen: d.received, refundedFen: d.refunded });
      const receiptOk = state.receiptRequired ? d.receipts.length === 1 && d.receipts[0] === d.payable_fen : d.receipts.length === 0;
      const noticeOk = d.notices.length <= 1 && (d.notices.length === 0 || d.notices[0] === (state.status === 'paid' ? 'paid' : 'open'));
      return d.paid_fen !== d.received - d.refunded || state.status !== d.status || !receiptOk || !noticeOk;
    });
    expect(wrong).toEqual([]);
    // Every paid declaration's payments add up to what it costs (an over-payment is an open duplicate with its item).
    const paid = ds.filter((d) => d.status === 'paid');
    expect(paid.every((d) => d.received - d.refunded >= d.payable_fen)).toBe(true);
    const over = paid.filter((d) => d.received - d.refunded > d.payable_fen).map((d) => d.id);
    const claimed = await rows<{ n: number }>(sql`SELECT count(DISTINCT declaration_id)::int AS n FROM reconciliation_item WHERE declaration_id = ANY(${over}::uuid[])`);
    expect(claimed[0]!.n).toBe(over.length);
    // Receipts are numbered 1…n without gaps per year, and their counters say so.
    const numbering = await rows<{ insurance_year: number; n: number; max: string; counter: number }>(sql`
      SELECT r.insurance_year, count(*)::int AS n, max(r.number) AS max, c.last_number AS counter
      FROM receipt r JOIN receipt_counter c USING (region_code, insurance_year) GROUP BY r.insurance_year, c.last_number`);
    for (const y of numbering) {
      expect(y.counter).toBe(y.n);
      expect(y.max).toBe(`320500${y.insurance_year}${String(y.n).padStart(8, '0')}`);
    }
  });

  it('declared, settled and paid ~92% of last year through every channel; this year part-way by unit', async () => {
    const [last] = await rows<{ n: number; paid: number; settled: number; removed: number }>(sql`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'paid')::int AS paid, count(*) FILTER (WHERE status = 'settled')::int AS settled,
             count(*) FILTER (WHERE status = 'removed')::int AS removed
      FROM declaration WHERE insurance_year = ${report.lastYear}`);
    expect(last!.paid / last!.n).toBeGreaterThan(0.85);
    expect(last!.paid / last!.n).toBeLessThan(0.97);
    // Every unit settled last year; only the few registered after their unit had confirmed its list stayed declared.
    expect(last!.settled + last!.paid + last!.removed).toBeGreaterThan(last!.n * 0.97);
    const channels = (await rows<{ channel: string; source: string }>(sql`SELECT DISTINCT channel, source FROM payment WHERE insurance_year = ${report.lastYear}`)).map((c) => c.channel);
    expect(channels).toEqual(expect.arrayContaining(['wechat', 'alipay', 'tax', 'bank_counter', 'app', 'mini_program', 'pos']));
    expect(channels.some((c) => ['unit_transfer', 'bank_draft', 'bank_deduction'].includes(c))).toBe(true);
    // Online payments came through their orders and notices; roster lines through committed paid-roster imports.
    const [links] = await rows<{ orphan_channel: number; orphan_roster: number; roster_jobs: number; enrollment_jobs: number; import_rows: number }>(sql`
      SELECT count(*) FILTER (WHERE source = 'channel' AND (order_id IS NULL OR notice_id IS NULL))::int AS orphan_channel,
             count(*) FILTER (WHERE source = 'reconciliation' AND import_job_id IS NULL)::int AS orphan_roster,
             (SELECT count(*)::int FROM import_job WHERE kind = 'paid_roster' AND status = 'committed') AS roster_jobs,
             (SELECT count(*)::int FROM import_job WHERE kind = 'enrollment' AND status = 'committed') AS enrollment_jobs,
             (SELECT count(*)::int FROM import_row r JOIN import_job j ON j.id = r.job_id WHERE j.rows_total > 0) AS import_rows
      FROM payment`);
    expect(links).toMatchObject({ orphan_channel: 0, orphan_roster: 0 });
    expect(links!.roster_jobs).toBeGreaterThan(0);
    expect(links!.enrollment_jobs).toBeGreaterThan(0);
    const jobRows = await rows<{ bad: number }>(sql`SELECT count(*)::int AS bad FROM import_job j WHERE j.rows_total <> (SELECT count(*) FROM import_row r WHERE r.job_id = j.id)`);
    expect(jobRows[0]!.bad).toBe(0);
    // This year: some units finished (settled, mostly paid), some part-way, some not started.
    const byUnit = await rows<{ declared: number; settled: number; paid: number }>(sql`
      SELECT count(d.id)::int AS declared, count(d.id) FILTER (WHERE d.status IN ('settled', 'paid'))::int AS settled, count(d.id) FILTER (WHERE d.status = 'paid')::int AS paid
      FROM unit u LEFT JOIN declaration d ON d.unit_id = u.id AND d.insurance_year = ${report.year} WHERE u.region_code = '320500' GROUP BY u.id`);
    expect(byUnit.filter((u) => u.declared === 0).length).toBeGreaterThan(0);
    expect(byUnit.filter((u) => u.declared > 0 && u.settled === u.declared && u.paid > 0).length).toBeGreaterThan(0);
    expect(byUnit.filter((u) => u.declared > 0 && u.settled < u.declared).length).toBeGreaterThan(0);
    // Every write has its audit trail.
    const actions = (await rows<{ action: string }>(sql`SELECT DISTINCT action FROM audit_log`)).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['unit.created', 'person.registered', 'household.created', 'declaration.declared', 'declaration.confirmed', 'settlement.created', 'payment.recorded', 'receipt.issued', 'import.committed', 'refund.requested']),
    );
  });

  it('is read by the screens: a school, a community office, the agency, a family', async () => {
    const school = report.logins.find((l) => l.username.startsWith('p'))!;
    const community = report.logins.find((l) => l.username.startsWith('c'))!;
    const admin = report.logins.find((l) => l.role === 'agency_admin')!;
    const op = await login(t.app, school.username, DEMO_PASSWORD, '10.9.1.1');
    const [own] = await rows<{ id: string; n: number }>(sql`SELECT u.id, (SELECT count(*)::int FROM person p WHERE p.unit_id = u.id) AS n FROM unit u WHERE u.name = ${school.unit}`);
    const persons = await op.request('GET', '/api/v1/persons?page=1&pageSize=20');
    expect(persons.statusCode, persons.body).toBe(200);
    expect(persons.json().total).toBe(own!.n);
    const lastYear = await op.request('GET', `/api/v1/declarations?year=${report.lastYear}&page=1&pageSize=5`);
    expect(lastYear.statusCode, lastYear.body).toBe(200);
    expect(lastYear.json().total).toBeGreaterThan(0);
    const settlements = await op.request('GET', `/api/v1/settlements?year=${report.lastYear}`);
    expect(settlements.statusCode, settlements.body).toBe(200);
    expect(settlements.json().items).toHaveLength(1);
    const uninsured = await op.request('GET', `/api/v1/uninsured?year=${report.year}&page=1&pageSize=20`);
    expect(uninsured.statusCode, uninsured.body).toBe(200);
    const [chase] = await rows<{ covered: number }>(sql`SELECT count(*)::int AS covered FROM declaration WHERE unit_id = ${own!.id} AND insurance_year = ${report.year} AND status = 'paid'`);
    expect(uninsured.json().total).toBe(own!.n - chase!.covered);

    const co = await login(t.app, community.username, DEMO_PASSWORD, '10.9.1.2');
    const households = await co.request('GET', '/api/v1/households?page=1&pageSize=20');
    expect(households.statusCode, households.body).toBe(200);
    expect(households.json().total).toBeGreaterThan(0);

    const agency = await login(t.app, admin.username, DEMO_PASSWORD, '10.9.1.3');
    const all = await agency.request('GET', '/api/v1/persons?page=1&pageSize=20');
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json().total).toBe(PERSONS); // the agency sees the stopped too
    const progress = await agency.request('GET', `/api/v1/declarations/progress?year=${report.lastYear}`);
    expect(progress.statusCode, progress.body).toBe(200);
    expect(progress.json().items.length).toBe(UNITS);
    const items = await agency.request('GET', '/api/v1/reconciliation/items?page=1&pageSize=20');
    expect(items.statusCode, items.body).toBe(200);

    // A parent looks a paid pupil up by ID number, name and the phone on file, and checks the receipt.
    const [pupil] = await rows<{ document_number: string; name: string; guardian_phone: string; number: string; verify_code: string }>(sql`
      SELECT p.document_number, p.name, p.guardian_phone, r.number, r.verify_code
      FROM person p JOIN declaration d ON d.person_id = p.id AND d.insurance_year = ${report.lastYear} AND d.status = 'paid'
      JOIN receipt r ON r.declaration_id = d.id AND r.voided_at IS NULL
      WHERE p.grade_code IS NOT NULL AND p.status = 'active' ORDER BY p.document_number LIMIT 1`);
    const family = await t.app.inject({ method: 'POST', url: '/api/v1/family/status', remoteAddress: '10.9.1.4', payload: { idNumber: pupil!.document_number, name: pupil!.name, phoneLast4: pupil!.guardian_phone.slice(-4) } });
    expect(family.statusCode, family.body).toBe(200);
    expect(family.json().years.find((y: { year: number }) => y.year === report.lastYear)).toMatchObject({ status: 'paid', covered: true, receiptNumber: pupil!.number });
    const verify = await t.app.inject({ method: 'GET', url: `/api/v1/receipts/verify?number=${pupil!.number}&code=${pupil!.verify_code}`, remoteAddress: '10.9.1.5' });
    expect(verify.statusCode, verify.body).toBe(200);
  });
});

describe('[CITY] determinism', () => {
  it('makes the same city from the same seed', async () => {
    const fingerprint = async (db: Kysely<DB>) =>
      (
        await sql<{ persons: string; declarations: string; payments: string; households: string }>`
          SELECT
            (SELECT md5(string_agg(concat_ws('|', p.document_number, p.name, p.gender, p.hukou_type, p.hukou_district_code, p.grade_code, p.class_name, p.status, u.name, p.guardian_name), ',' ORDER BY p.document_number))
             FROM person p JOIN unit u ON u.id = coalesce(p.unit_id, p.stopped_from_unit_id)) AS persons,
            (SELECT md5(string_agg(concat_ws('|', p.document_number, d.insurance_year, d.status, d.payable_fen, d.paid_fen, d.category_code, d.declared_on), ',' ORDER BY p.document_number, d.insurance_year))
             FROM declaration d JOIN person p ON p.id = d.person_id) AS declarations,
            (SELECT md5(string_agg(concat_ws('|', y.channel, y.transaction_id, y.amount_fen, y.refunded_fen, y.paid_at), ',' ORDER BY y.channel, y.transaction_id)) FROM payment y) AS payments,
            (SELECT md5(string_agg(concat_ws('|', h.hukou_address, h.hukou_type, (SELECT string_agg(m.relation || p.document_number, ',' ORDER BY p.document_number)
                                                                             FROM household_member m JOIN person p ON p.id = m.person_id WHERE m.household_id = h.id)), ',' ORDER BY h.hukou_address, h.created_at))
             FROM household h) AS households`.execute(db)
      ).rows[0]!;
    const other = await createTestDatabase();
    try {
      const again = await generateCity(other.db, { persons: PERSONS, units: UNITS, seed: SEED, regionCode: '320500', now: t.clock.now(), config: t.config, demo: false, kind: other.kind });
      expect(again.checks.filter((c) => !c.ok)).toEqual([]);
      expect(await fingerprint(other.db)).toEqual(await fingerprint(t.database.db));
    } finally {
      await other.drop();
    }
  }, 240_000);
});

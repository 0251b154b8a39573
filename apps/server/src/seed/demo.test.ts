import { AUDIT_ACTION_NAMES, AUDIT_FIELD_NAMES, AUDIT_INTERNAL_FIELDS, parseResidentId } from '@canbao/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type TestApp } from '../test/build-test-app';
import { DEMO_PASSWORD, DEMO_REGION, demoCampaignYear, seedDemo } from './demo';

let t: TestApp;
let year: number;
beforeAll(async () => {
  t = await buildTestApp();
  year = demoCampaignYear(t.clock.now());
  await seedDemo(t.database.db, { config: t.config, now: t.clock.now() });
}, 240_000);
afterAll(() => t.close());

const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(t.database.db)).rows;

describe('[DEMO] a small real city', () => {
  it('has several districts and dozens of schools, kindergartens, community offices and a welfare home', async () => {
    const units = await rows<{ kind: string; district_code: string; name: string }>(sql`SELECT kind, district_code, name FROM unit WHERE region_code = ${DEMO_REGION.code}`);
    expect(units.length).toBeGreaterThanOrEqual(50);
    expect(new Set(units.map((u) => u.district_code)).size).toBeGreaterThanOrEqual(5);
    const kinds = new Map<string, number>();
    for (const u of units) kinds.set(u.kind, (kinds.get(u.kind) ?? 0) + 1);
    expect(kinds.get('primary')).toBeGreaterThanOrEqual(10);
    expect(kinds.get('kindergarten')).toBeGreaterThanOrEqual(8);
    expect((kinds.get('community_office') ?? 0) + (kinds.get('street_office') ?? 0)).toBeGreaterThanOrEqual(8);
    for (const k of ['middle', 'high', 'village_committee', 'welfare_home']) expect(kinds.get(k), k).toBeGreaterThan(0);
    expect(new Set(units.map((u) => u.name)).size).toBe(units.length);
  });

  it('holds a few thousand residents with distinct, valid numbers and varied names', async () => {
    const persons = await rows<{ document_number: string; name: string; birth_date: string }>(sql`SELECT document_number, name, birth_date::text FROM person`);
    expect(persons.length).toBeGreaterThanOrEqual(2500);
    expect(new Set(persons.map((p) => p.document_number)).size).toBe(persons.length);
    const invalid = persons.filter((p) => !parseResidentId(p.document_number).ok).map((p) => p.document_number.slice(0, 6));
    expect(invalid).toEqual([]);
    // The number's birth date is the person's.
    for (const p of persons) expect(p.document_number.slice(6, 14)).toBe(p.birth_date.replaceAll('-', ''));
    expect(new Set(persons.map((p) => p.name)).size).toBeGreaterThan(persons.length / 3);
    const exempt = await rows<{ category_code: string; n: number }>(sql`SELECT category_code, count(*)::int AS n FROM person_exemption GROUP BY 1`);
    expect(exempt.map((e) => e.category_code).sort()).toEqual(expect.arrayContaining(['dibao', 'orphan', 'tekun']));
  });

  it('declared, settled and paid last year through the ledger; the lapsed units never paid', async () => {
    const byStatus = await rows<{ status: string; n: number }>(sql`SELECT status, count(*)::int AS n FROM declaration WHERE insurance_year = ${year - 1} GROUP BY 1`);
    const count = (s: string) => byStatus.find((r) => r.status === s)?.n ?? 0;
    expect(count('paid')).toBeGreaterThan(1800);
    expect(count('settled')).toBeGreaterThan(0);
    // A declaration is paid exactly when the money allocated to it covers what it owed: the ledger's rule, not a flag.
    const contradictions = await rows<{ id: string }>(sql`
      SELECT d.id FROM declaration d
      LEFT JOIN (SELECT declaration_id, sum(amount_fen) AS fen FROM payment_allocation GROUP BY 1) a ON a.declaration_id = d.id
      WHERE d.insurance_year = ${year - 1} AND ((d.status = 'paid') <> (coalesce(a.fen, 0) >= d.payable_fen))`);
    expect(contradictions).toEqual([]);
    const lapsed = await rows<{ name: string; status: string }>(sql`
      SELECT u.name, s.status FROM settlement s JOIN unit u ON u.region_code = s.region_code AND u.id = s.unit_id WHERE s.insurance_year = ${year - 1} AND s.status <> 'paid'`);
    expect(lapsed.map((l) => l.name).sort()).toEqual(['吴中区东山街道社区社保工作站', '吴江区黎里镇社保所']);
    // The welfare home's children are fully subsidised: nothing to pay, paid all the same.
    const welfare = await rows<{ payable: number; paid: number }>(sql`
      SELECT sum(d.payable_fen)::int AS payable, count(*) FILTER (WHERE d.status = 'paid')::int AS paid
      FROM declaration d JOIN unit u ON u.region_code = d.region_code AND u.id = d.unit_id WHERE u.kind = 'welfare_home' AND d.insurance_year = ${year - 1}`);
    expect(welfare[0]).toMatchObject({ payable: 0 });
    expect(welfare[0]!.paid).toBeGreaterThan(0);
    const queued = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM receipt_due`);
    expect(queued[0]!.n).toBeGreaterThan(0);
  });

  it('this year some units already carried over and paid, the named units are untouched, and carry-over finds last year', async () => {
    const thisYear = await rows<{ status: string; n: number }>(sql`SELECT status, count(*)::int AS n FROM declaration WHERE insurance_year = ${year} GROUP BY 1`);
    expect(thisYear.find((r) => r.status === 'paid')?.n).toBeGreaterThan(0);
    expect(thisYear.find((r) => r.status === 'declared')?.n).toBeGreaterThan(0);
    const school1 = await login(t.app, 'school1', DEMO_PASSWORD);
    const list = await school1.request('GET', `/api/v1/declarations?year=${year}&page=1&pageSize=5`);
    expect(list.json().total).toBe(0);
    const carry = await school1.request('POST', '/api/v1/declarations/batch', { year, mode: 'carry_over' });
    expect(carry.statusCode, carry.body).toBe(200);
    expect(carry.json().declared).toBeGreaterThan(10);
  });

  describe('南通市区: a community station runs its campaign for adults and families', () => {
    type Item = { id: string; headName: string; memberCount?: number };
    const byHead = async (c: Awaited<ReturnType<typeof login>>) => {
      const list = (await c.request('GET', '/api/v1/households?page=1&pageSize=20')).json();
      return new Map<string, string>(list.items.map((i: Item) => [i.headName, i.id]));
    };

    it('has its own profile (the notice’s rules carried to this year), station, accounts and five households', async () => {
      const profile = await rows<{ key: string; adult: number; months: number }>(sql`
        SELECT profile_key AS key, (body->'categories'->0->>'totalFen')::int AS adult, (body->'eligibility'->'residencePermit'->>'minMonths')::int AS months
        FROM policy_profile WHERE region_code = '320600' AND insurance_year = ${year}`);
      expect(profile).toEqual([{ key: `nantong-${year}`, adult: 43000, months: 3 }]);
      const station = await login(t.app, 'nantong1', DEMO_PASSWORD);
      const heads = await byHead(station);
      expect([...heads.keys()].sort()).toEqual(['刘志明', '吴国强', '徐卫东', '陈建华', '马春梅'].sort());
      // Suzhou's community office sees none of them.
      const suzhou = await login(t.app, 'community1', DEMO_PASSWORD);
      expect((await suzhou.request('GET', `/api/v1/households?q=${encodeURIComponent('陈建华')}`)).json().total).toBe(0);
    });

    it('carries last year’s households over, each member at its own fee; the 低保 family pays nothing', async () => {
      const station = await login(t.app, 'nantong1', DEMO_PASSWORD);
      const carry = await station.request('POST', '/api/v1/declarations/batch', { year, mode: 'carry_over' });
      expect(carry.statusCode, carry.body).toBe(200);
      expect(carry.json()).toMatchObject({ declared: 6, refused: [] });
      const heads = await byHead(station);
      const fees = async (head: string) => {
        const h = (await station.request('GET', `/api/v1/households/${heads.get(head)}?year=${year}`)).json();
        return Object.fromEntries(h.members.map((m: { name: string; declaration: { payableFen: number } | null }) => [m.name, m.declaration?.payableFen ?? null]));
      };
      expect(await fees('陈建华')).toEqual({ 陈建华: 43000, 周丽: 43000, 陈一诺: 30000, 陈德明: 43000 });
      expect(await fees('徐卫东')).toEqual({ 徐卫东: 0, 徐梦瑶: 0 });
    });

    it('accepts a residence permit held four months and refuses one held two, naming the day it is full', async () => {
      const station = await login(t.app, 'nantong1', DEMO_PASSWORD);
      const heads = await byHead(station);
      const four = await station.request('POST', `/api/v1/households/${heads.get('刘志明')}/declare`, { year });
      expect(four.json()).toMatchObject({ declared: 2, refused: [] });
      const two = await station.request('POST', `/api/v1/households/${heads.get('马春梅')}/declare`, { year });
      expect(two.json().declared).toBe(0);
      const reasons = two.json().refused.map((r: { reason: string }) => r.reason);
      expect(reasons).toHaveLength(2);
      for (const r of reasons) expect(r).toMatch(/居住证或暂住证自 \d{4}-\d{2}-\d{2} 起持有，至申报日 .* 未满 3 个月/);
      const adults = await station.request('POST', `/api/v1/households/${heads.get('吴国强')}/declare`, { year });
      expect(adults.json()).toMatchObject({ declared: 2, refused: [] });
    });
  });

  it('every action and field its audit trail holds has a Chinese name for the audit log page', async () => {
    const actions = await rows<{ action: string }>(sql`SELECT DISTINCT action FROM audit_log`);
    expect(actions.filter((a) => !AUDIT_ACTION_NAMES[a.action])).toEqual([]);
    const keys = await rows<{ key: string }>(sql`
      SELECT DISTINCT k AS key FROM audit_log,
        LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(before) = 'object' THEN before ELSE '{}' END || CASE WHEN jsonb_typeof(after) = 'object' THEN after ELSE '{}' END) k`);
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.map((k) => k.key).filter((k) => !AUDIT_FIELD_NAMES[k] && !AUDIT_INTERNAL_FIELDS.has(k))).toEqual([]);
  });

  it('commits whole or not at all: a second seed on the same database is refused and changes nothing', async () => {
    const before = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM person`);
    await expect(seedDemo(t.database.db, { config: t.config, now: t.clock.now() })).rejects.toThrow();
    const after = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM person`);
    expect(after).toEqual(before);
  });
});

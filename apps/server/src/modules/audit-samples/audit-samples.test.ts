import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, buildUser, residentId } from '../../test/factories';
import { sampleKey } from './audit-samples.service';

// 抽查 (issue 15, item 5): a reproducible random sample of the year's declarations, a result and a follow-up once each.
let t: TestApp;
let agency: Client;
let schoolA: Client;
let schoolB: Client;
let unitA: string;
let unitB: string;
const YEAR = 2027;
const declarations: Array<{ id: string; unitId: string; exempt: boolean; inflow: boolean }> = [];

type Item = { id: string; declarationId: string; unitId: string; personName: string; idNumberMasked: string; weighted: boolean; result: string | null; resultName: string | null; note: string | null; checkedBy: string | null; followUp: string | null };
type Sample = { id: string; seed: string; population: number; ratio: number | null; count: number | null; items: Item[]; counts: Record<string, number>; weights: Record<string, number> };

beforeAll(async () => {
  t = await buildTestApp();
  await buildCampaign(t.database.db, YEAR);
  const A = await buildUnitWithOperator(t.database.db, { name: '抽查甲校' });
  const B = await buildUnitWithOperator(t.database.db, { name: '抽查乙校' });
  unitA = A.unit.id;
  unitB = B.unit.id;
  schoolA = await login(t.app, A.operator.username, TEST_PASSWORD);
  schoolB = await login(t.app, B.operator.username, TEST_PASSWORD);
  agency = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
  for (let i = 0; i < 40; i++) {
    const school = i < 30 ? schoolA : schoolB;
    // Every third pupil of school B moved its hukou in (户籍迁入), recorded at registration.
    const inflow = i >= 30 && (i - 30) % 3 === 0;
    const p = await school.request('POST', '/api/v1/persons', {
      documentType: '01', documentNumber: residentId('320508', '2018-04-01', 100 + i), name: `抽查${String.fromCharCode(0x4e00 + i)}`, hukouType: 'local_urban', gradeCode: '03', className: '1班',
      ...(inflow ? { inflow: { from: '安徽省阜阳市颍州区', on: '2024-06-01' } } : {}),
    });
    expect(p.statusCode, p.body).toBe(201);
    const personId = p.json().person.id as string;
    // Every tenth pupil of school A is exempt (低保).
    const exempt = i < 30 && i % 10 === 0;
    if (exempt) {
      const e = await school.request('POST', `/api/v1/persons/${personId}/exemptions`, { categoryCode: 'dibao', certifyingDepartment: '民政局', validFrom: '2020-01-01', source: 'department_list' });
      expect(e.statusCode, e.body).toBe(201);
    }
    const d = await school.request('POST', '/api/v1/declarations', { year: YEAR, personId });
    expect(d.statusCode, d.body).toBe(201);
    declarations.push({ id: d.json().id, unitId: i < 30 ? unitA : unitB, exempt, inflow });
  }
  const subsidised = await t.database.db.selectFrom('declaration').select('id').where('subsidy_fen', '>', 0).execute();
  expect(subsidised.length, 'fixture: the exempt are subsidised').toBe(3);
});
afterAll(() => t.close());

const draw = async (body: Record<string, unknown>) => {
  const res = await agency.request('POST', '/api/v1/audit-samples', { year: YEAR, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Sample;
};

/** The sample the seed gives, computed again in TypeScript. */
const redraw = (seed: string, population: typeof declarations, size: number, exemptWeight = 1, inflowWeight = 1) =>
  population
    .map((d) => ({ id: d.id, key: sampleKey(seed, d.id, (d.exempt ? exemptWeight : 1) * (d.inflow ? inflowWeight : 1)) }))
    .sort((a, b) => a.key - b.key || (a.id < b.id ? -1 : 1))
    .slice(0, size)
    .map((d) => d.id)
    .sort();

describe('drawing a sample', () => {
  it('draws 10% of the region’s declarations, as its stored seed reproduces it, and audits the draw', async () => {
    const s = await draw({ ratio: 0.1 });
    expect(s).toMatchObject({ population: 40, ratio: 0.1, count: null });
    expect(s.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(s.items).toHaveLength(4);
    expect(s.items.map((i) => i.declarationId).sort()).toEqual(redraw(s.seed, declarations, 4));
    expect(s.items[0]!.idNumberMasked).toMatch(/\*/);
    const row = await t.database.db.selectFrom('audit_log').select('after').where('action', '=', 'audit_sample.drawn').where('entity_id', '=', s.id).executeTakeFirstOrThrow();
    expect(row.after).toMatchObject({ population: 40, drawn: 4, seed: s.seed });
  });

  it('draws a count within chosen units; weighted to the exempt, as the seed reproduces it', async () => {
    const inB = await draw({ count: 3, unitIds: [unitB] });
    expect(inB.population).toBe(10);
    expect(inB.items.every((i) => i.unitId === unitB)).toBe(true);
    expect((await draw({ count: 100 })).items).toHaveLength(40);
    const weighted = await draw({ count: 5, unitIds: [unitA], weights: { exempt: 20 } });
    const inA = declarations.filter((d) => d.unitId === unitA);
    expect(weighted.items.map((i) => i.declarationId).sort()).toEqual(redraw(weighted.seed, inA, 5, 20));
    expect(weighted.items.filter((i) => i.weighted).every((i) => declarations.find((d) => d.id === i.declarationId)!.exempt)).toBe(true);
    // Weighted to the inflow registrations of school B: 4 of its 10, drawn far more often.
    const inflow = await draw({ count: 4, unitIds: [unitB], weights: { inflow: 20 } });
    const ofB = declarations.filter((d) => d.unitId === unitB);
    expect(ofB.filter((d) => d.inflow)).toHaveLength(4);
    expect(inflow.weights).toEqual({ inflow: 20 });
    expect(inflow.items.map((i) => i.declarationId).sort()).toEqual(redraw(inflow.seed, ofB, 4, 1, 20));
    expect(inflow.items.filter((i) => i.weighted).every((i) => declarations.find((d) => d.id === i.declarationId)!.inflow)).toBe(true);
  });

  it('refuses a draw without a size, with both, of a year with nothing declared, or of another region’s unit', async () => {
    expect((await agency.request('POST', '/api/v1/audit-samples', { year: YEAR })).json().error.details[0].message).toBe('请填写抽查比例或抽查数量（二选一）');
    expect((await agency.request('POST', '/api/v1/audit-samples', { year: YEAR, ratio: 0.1, count: 3 })).statusCode).toBe(400);
    const none = await agency.request('POST', '/api/v1/audit-samples', { year: 2031, count: 3 });
    expect(none.statusCode).toBe(409);
    expect(none.json().error.message).toBe('2031 年度本统筹区还没有可抽查的申报');
    expect((await agency.request('POST', '/api/v1/audit-samples', { year: YEAR, count: 3, unitIds: ['00000000-0000-4000-8000-000000000000'] })).statusCode).toBe(400);
    expect((await schoolA.request('POST', '/api/v1/audit-samples', { year: YEAR, count: 3 })).statusCode).toBe(403);
  });
});

describe('results and follow-ups', () => {
  let sample: Sample;
  let itemA: Item[];

  it('records a result once: a rewrite is refused, and a finding needs its note', async () => {
    sample = await draw({ count: 4, unitIds: [unitA] });
    itemA = sample.items;
    const put = (item: Item, body: Record<string, unknown>, c = agency) => c.request('PUT', `/api/v1/audit-samples/${sample.id}/items/${item.id}`, body);
    const ok = await put(itemA[0]!, { result: 'complete' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ result: 'complete', resultName: '材料齐全', checkedBy: expect.any(String) });
    const again = await put(itemA[0]!, { result: 'wrong', note: '改口' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/^抽查.+ 已于 \d{4}-\d{2}-\d{2} 登记抽查结果“材料齐全”，不能改写$/);
    expect((await put(itemA[1]!, { result: 'missing' })).json().error.message).toBe('材料缺失或有误时，请说明缺少或有误的材料');
    expect((await put(itemA[1]!, { result: 'missing', note: '缺少户口簿复印件' })).statusCode).toBe(200);
    expect((await put(itemA[2]!, { result: 'wrong', note: '低保证明已过期' })).statusCode).toBe(200);
    expect((await put(itemA[3]!, { result: 'complete' }, schoolA)).statusCode).toBe(403);
    // Not even the database's owner rewrites it.
    await expect(sql`UPDATE audit_sample_item SET result = 'complete' WHERE id = ${itemA[1]!.id}::uuid`.execute(t.database.db)).rejects.toThrow(/never rewritten/);
    await expect(sql`DELETE FROM audit_sample_item WHERE id = ${itemA[1]!.id}::uuid`.execute(t.database.db)).rejects.toThrow(/never deleted/);
    expect(await t.database.db.selectFrom('audit_log').select('id').where('action', '=', 'audit_sample.checked').execute()).toHaveLength(3);
  });

  it('lets the responsible unit answer a finding once; the unit sees only its own items', async () => {
    const follow = (item: Item, c: Client, note = '已补交户口簿复印件') => c.request('POST', `/api/v1/audit-samples/${sample.id}/items/${item.id}/follow-up`, { note });
    const done = await follow(itemA[1]!, schoolA);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ followUp: '已补交户口簿复印件' });
    expect((await follow(itemA[1]!, schoolA)).json().error.message).toMatch(/的整改情况已于 .+ 登记，不能改写$/);
    expect((await follow(itemA[0]!, schoolA)).json().error.message).toBe('抽查结果为材料齐全，不需整改');
    expect((await follow(itemA[3]!, schoolA)).json().error.message).toBe('这一份还没有抽查结果，不需整改');
    expect((await follow(itemA[2]!, schoolB)).statusCode).toBe(404);
    // School B sees the samples holding its declarations, and in them only its own items.
    const seenByB = (await schoolB.request('GET', `/api/v1/audit-samples?year=${YEAR}`)).json().items as Array<{ id: string }>;
    expect(seenByB.map((s) => s.id)).not.toContain(sample.id);
    expect((await schoolB.request('GET', `/api/v1/audit-samples/${sample.id}`)).statusCode).toBe(404);
    const mixed = (await schoolB.request('GET', `/api/v1/audit-samples/${seenByB[0]!.id}`)).json() as Sample;
    expect(mixed.items.length).toBeGreaterThan(0);
    expect(mixed.items.every((i) => i.unitId === unitB)).toBe(true);
  });

  it('takes one of ten results sent at once for the same item, and refuses the other nine', async () => {
    const race = await draw({ count: 1, unitIds: [unitB] });
    const item = race.items[0]!;
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => agency.request('PUT', `/api/v1/audit-samples/${race.id}/items/${item.id}`, { result: i % 2 ? 'complete' : 'wrong', note: `第 ${i} 次` })),
    );
    expect(replies.map((r) => r.statusCode).sort()).toEqual([200, ...Array<number>(9).fill(409)]);
    const audits = await t.database.db.selectFrom('audit_log').select('id').where('action', '=', 'audit_sample.checked').where('entity_id', '=', item.id).execute();
    expect(audits).toHaveLength(1);
  });

  it('reports findings per unit, the units with findings first', async () => {
    const report = (await agency.request('GET', `/api/v1/audit-samples/${sample.id}/report`)).json();
    expect(report.totals).toEqual({ items: 4, checked: 3, complete: 1, missing: 1, wrong: 1, followedUp: 1 });
    expect(report.units).toEqual([{ unitId: unitA, unitName: '抽查甲校', items: 4, checked: 3, complete: 1, missing: 1, wrong: 1, followedUp: 1 }]);
    const list = (await agency.request('GET', `/api/v1/audit-samples?year=${YEAR}`)).json().items as Array<{ id: string; counts: Record<string, number> }>;
    expect(list.find((s) => s.id === sample.id)!.counts).toEqual(report.totals);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, buildUser, residentId } from '../../test/factories';

let t: TestApp;
let unit: Client;
let agency: Client;
const KEY = 'campaign-320500-2027';

beforeAll(async () => {
  t = await buildTestApp();
  await buildCampaign(t.database.db, 2027);
  const A = await buildUnitWithOperator(t.database.db, { name: '重算小学' });
  unit = await login(t.app, A.operator.username, TEST_PASSWORD);
  agency = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
  for (const [i, name] of ['甲一', '甲二', '甲三'].entries()) {
    const res = await unit.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: residentId('320508', '2017-05-01', 300 + i), name, hukouType: 'local_urban', gradeCode: '04', className: i === 2 ? '2班' : '1班' });
    expect(res.statusCode, res.body).toBe(201);
  }
  await unit.request('POST', '/api/v1/declarations/batch', { year: 2027, mode: 'class', className: '2班' });
  await unit.request('POST', '/api/v1/declarations/confirm', { year: 2027 });
  // 2班 is settled (frozen); 1班 is declared, then one of it confirmed.
  expect((await unit.request('POST', '/api/v1/settlements', { year: 2027, paymentMode: 'per_person' })).statusCode).toBe(201);
  await unit.request('POST', '/api/v1/declarations/batch', { year: 2027, mode: 'class', className: '1班' });
  const list = (await unit.request('GET', '/api/v1/declarations?year=2027&className=1班')).json().items;
  await unit.request('POST', '/api/v1/declarations/confirm', { year: 2027, ids: [list[0].id] });
});
afterAll(() => t.close());

describe('changing a year’s rules after declarations exist', () => {
  it('saves the new version, keeps every price, and says how many declarations are outdated', async () => {
    const current = (await agency.request('GET', `/api/v1/profiles/${KEY}`)).json().profile;
    const next = structuredClone(current);
    next.categories[0].parts[0].amountFen = 42000;
    next.categories[0].totalFen = 42000;
    const res = await agency.request('PUT', `/api/v1/profiles/${KEY}`, { profile: next, note: '个人缴费标准调整为 420 元' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, outdatedDeclarations: 3 });
    const prices = await t.database.db.selectFrom('declaration').select('total_fen').execute();
    expect(prices.every((p) => p.total_fen === 40000)).toBe(true);
  });

  it('previews who is affected and how, before anything changes', async () => {
    expect((await unit.request('GET', `/api/v1/profiles/${KEY}/recompute`)).statusCode).toBe(403);
    const preview = (await agency.request('GET', `/api/v1/profiles/${KEY}/recompute`)).json();
    expect(preview).toMatchObject({ version: 2, outdated: 3, frozen: 1, unchanged: 0 });
    expect(preview.affected).toHaveLength(2);
    expect(preview.affected[0]).toMatchObject({ before: { totalFen: 40000, payableFen: 40000 }, after: { totalFen: 42000, payableFen: 42000 }, unitName: '重算小学' });
  });

  it('applies only the version it previewed; confirmed declarations whose price moved need confirming again', async () => {
    expect((await agency.request('POST', `/api/v1/profiles/${KEY}/recompute`, { version: 1 })).statusCode).toBe(409);
    const res = (await agency.request('POST', `/api/v1/profiles/${KEY}/recompute`, { version: 2 })).json();
    expect(res).toEqual({ version: 2, repriced: 2, versionOnly: 0, leftIneligible: 0, frozen: 1 });
    const rows = await t.database.db.selectFrom('declaration').select(['status', 'total_fen', 'profile_version']).orderBy('status').execute();
    expect(rows).toEqual([
      { status: 'declared', total_fen: 42000, profile_version: 2 },
      { status: 'declared', total_fen: 42000, profile_version: 2 },
      { status: 'settled', total_fen: 40000, profile_version: 1 },
    ]);
    const audits = await t.database.db.selectFrom('audit_log').select('action').where('action', 'in', ['declaration.repriced', 'profile.recomputed']).execute();
    expect(audits).toHaveLength(3);
    const again = (await agency.request('GET', `/api/v1/profiles/${KEY}/recompute`)).json();
    expect(again).toMatchObject({ outdated: 1, frozen: 1, affected: [] });
  });
});

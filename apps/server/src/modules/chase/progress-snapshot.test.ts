import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, buildUser, residentId } from '../../test/factories';
import { progressRefreshesIdle } from './progress.service';

// The region's board from its snapshot (issue 14, item 8): served while young, recounted in the background once old.
let t: TestApp;
let school: Client;
let agency: Client;
let unitId: string;
const YEAR = 2027;
const persons: string[] = [];

beforeAll(async () => {
  t = await buildTestApp({ PROGRESS_MAX_AGE_SECONDS: '60' });
  await buildCampaign(t.database.db, YEAR);
  const A = await buildUnitWithOperator(t.database.db, { name: '看板小学' });
  unitId = A.unit.id;
  school = await login(t.app, A.operator.username, TEST_PASSWORD);
  agency = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
  for (const [i, name] of ['看板甲', '看板乙'].entries()) {
    const res = await school.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: residentId('320508', '2019-05-01', 700 + i), name, hukouType: 'local_urban', gradeCode: '02', className: '1班' });
    expect(res.statusCode, res.body).toBe(201);
    persons.push(res.json().person.id);
  }
  expect((await school.request('POST', '/api/v1/declarations', { year: YEAR, personId: persons[0] })).statusCode).toBe(201);
});
afterAll(() => t.close());

type Board = { asOf: string; totals: { declared: number }; rows: Array<{ key: string; declared: number }> };
const board = async (c: Client) => (await c.request('GET', `/api/v1/progress?year=${YEAR}&groupBy=unit`)).json() as Board;

describe('the region’s board from its snapshot', () => {
  it('serves the snapshot while it is young, recounts it in the background once old; a unit’s own line is always live', async () => {
    const first = await board(agency);
    expect(first.totals.declared).toBe(1);
    expect(first.asOf).toBe(t.clock.now().toISOString());

    expect((await school.request('POST', '/api/v1/declarations', { year: YEAR, personId: persons[1] })).statusCode).toBe(201);
    t.clock.advanceMinutes(0.5);
    const young = await board(agency);
    expect(young).toMatchObject({ asOf: first.asOf, totals: { declared: 1 } });
    // The school's own line is counted at each call.
    expect((await board(school)).rows.find((r) => r.key === unitId)?.declared).toBe(2);

    // Old: served once more as it was, while it is recounted; then the new count.
    t.clock.advanceMinutes(1);
    expect((await board(agency)).totals.declared).toBe(1);
    await progressRefreshesIdle();
    const fresh = await board(agency);
    expect(fresh.totals.declared).toBe(2);
    expect(fresh.asOf > first.asOf).toBe(true);
  });

  it('keeps the daily report from a fresh count, not from the snapshot', async () => {
    await school.request('POST', '/api/v1/declarations/confirm', { year: YEAR });
    const kept = await agency.request('POST', '/api/v1/daily-reports', { year: YEAR });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json().totals).toMatchObject({ declared: 2, confirmed: 2 });
  });
});

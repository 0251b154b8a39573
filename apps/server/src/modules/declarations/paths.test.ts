import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, buildUser, residentId } from '../../test/factories';
import { commitSettled, readSettled } from '../imports/imports.service';

// Enrollment paths (issue 16, item 2): the profile sends a rural-hukou pupil to the village committee with the family
// (Guangzhou 003 二.(二)); the school is told so when it declares, the village committee declares the pupil.
let t: TestApp;
let school: Client;
let village: Client;
const YEAR = 2027;

beforeAll(async () => {
  t = await buildTestApp();
  await buildCampaign(t.database.db, YEAR);
  // This region's own rule, before the template's: rural hukou enrolls at the village committee, pupils too.
  const rule = { path: 'village', name: '所属村民委员会，以家庭为单位', when: [{ hukouTypes: ['local_rural'] }], source: { notice: '003', section: '二、（二）' } };
  await sql`UPDATE policy_profile SET body = jsonb_set(body, '{paths}', ${JSON.stringify([rule])}::jsonb || (body->'paths')) WHERE region_code = '320500' AND insurance_year = ${YEAR}`.execute(t.database.db);
  const A = await buildUnitWithOperator(t.database.db, { name: '途径小学' });
  const V = await buildUnitWithOperator(t.database.db, { name: '途径村委会', kind: 'village_committee' });
  school = await login(t.app, A.operator.username, TEST_PASSWORD);
  village = await login(t.app, V.operator.username, TEST_PASSWORD);
});
afterAll(() => t.close());

async function register(c: Client, name: string, hukouType: string, serial: number, extra: Record<string, unknown> = {}) {
  const res = await c.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: residentId('320508', '2018-02-01', serial), name, hukouType, gradeCode: '03', className: '1班', ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().person.id as string;
}

describe('enrollment paths', () => {
  it('a school declaring a rural-hukou pupil is told the pupil enrolls through the village committee; an urban one is declared', async () => {
    const rural = await register(school, '农村学生', 'local_rural', 801);
    const urban = await register(school, '城镇学生', 'local_urban', 802);
    const one = await school.request('POST', '/api/v1/declarations', { year: YEAR, personId: rural });
    expect(one.statusCode).toBe(400);
    expect(one.json().error.message).toBe('农村学生：按本统筹区政策应由“所属村民委员会，以家庭为单位”办理参保，小学不能代为申报');
    const batch = (await school.request('POST', '/api/v1/declarations/batch', { year: YEAR, mode: 'class', className: '1班' })).json();
    expect(batch.declared).toBe(1);
    expect(batch.refused).toEqual([expect.objectContaining({ personId: rural, name: '农村学生', reason: expect.stringContaining('所属村民委员会') })]);
    expect((await t.database.db.selectFrom('declaration').select('person_id').where('person_id', 'in', [rural, urban]).execute()).map((d) => d.person_id)).toEqual([urban]);
  });

  it('the school’s uninsured list says the rural pupil enrolls through the village committee, as the reason', async () => {
    const items = (await school.request('GET', `/api/v1/uninsured?year=${YEAR}`)).json().items as Array<{ name: string; enrollsThrough: string | null; reason: { text: string; note: string | null } | null }>;
    const rural = items.find((i) => i.name === '农村学生')!;
    expect(rural.enrollsThrough).toBe('所属村民委员会，以家庭为单位');
    expect(rural.reason).toMatchObject({ text: '随家庭参保', note: '按政策由“所属村民委员会，以家庭为单位”办理' });
    // A reason the school records itself wins.
    expect((await school.request('PUT', `/api/v1/persons/${(rural as unknown as { personId: string }).personId}/uninsured-reason`, { year: YEAR, code: 'insured_elsewhere' })).statusCode).toBe(200);
    const again = (await school.request('GET', `/api/v1/uninsured?year=${YEAR}`)).json().items.find((i: { name: string }) => i.name === '农村学生');
    expect(again.reason.text).toBe('外地参保');
    expect(again.enrollsThrough).toBe('所属村民委员会，以家庭为单位');
  });

  it('the village committee declares its rural villagers', async () => {
    const p = (await village.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: residentId('320508', '1980-05-01', 803), name: '村民甲', hukouType: 'local_rural' })).json().person.id;
    const d = await village.request('POST', '/api/v1/declarations', { year: YEAR, personId: p });
    expect(d.statusCode, d.body).toBe(201);
  });

  it('a person on the agency’s employee insurance list is refused, with the profile’s words', async () => {
    const agency = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
    const doc = residentId('320508', '1982-07-01', 804);
    const created = await agency.request('POST', '/api/v1/imports', { kind: 'employee_insured', fileName: '职工医保.csv' });
    expect(created.statusCode, created.body).toBe(201);
    const jobId = created.json().job.id as string;
    const body = Buffer.from(`姓名,证件号码,参保起始日期\n村民职工,${doc},2015-01-01\n未登记者,${residentId('320508', '1979-01-01', 805)},\n`, 'utf8');
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/imports/${jobId}/file`, payload: body, headers: { cookie: agency.cookie, 'x-csrf-token': agency.csrfToken, 'content-type': 'text/csv' } });
    expect(put.statusCode, put.body).toBe(200);
    await readSettled(jobId);
    expect((await agency.request('GET', `/api/v1/imports/${jobId}`)).json().job.counts).toMatchObject({ new: 2 });
    const commit = await agency.request('POST', `/api/v1/imports/${jobId}/commit`, {});
    if (commit.statusCode === 202) await commitSettled(jobId);
    expect((await agency.request('GET', `/api/v1/imports/${jobId}`)).json().job.counts).toMatchObject({ listed: 2 });

    const p = (await village.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: doc, name: '村民职工', hukouType: 'local_rural' })).json().person.id;
    const d = await village.request('POST', '/api/v1/declarations', { year: YEAR, personId: p });
    expect(d.statusCode).toBe(400);
    expect(d.json().error.message).toBe('村民职工：已参加职工医保或其他统筹区基本医疗保险的，不得重复参保');
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, residentId } from '../../test/factories';

// 家庭 (issue 16, item 1): a community office registers a household of four and declares it in one step.
let t: TestApp;
let office: Client;
let other: Client;
let householdId: string;
const YEAR = 2027;
const doc = {
  father: residentId('320508', '1985-04-01', 901),
  mother: residentId('320508', '1987-06-01', 902),
  son: residentId('320508', '2012-09-01', 903),
  grandma: residentId('320508', '1958-02-01', 904),
};
const member = (name: string, documentNumber: string, relation: string, extra: Record<string, unknown> = {}) => ({
  relation,
  person: { documentType: '01', documentNumber, name, hukouType: 'local_urban', ...extra },
});

beforeAll(async () => {
  t = await buildTestApp();
  await buildCampaign(t.database.db, YEAR);
  // As Nantong 004 二 sets them: minors at another fee than adults (this region's own category, before the template's).
  const minors = { code: 'minor', name: '未成年人', select: [{ ageMax: 17 }], parts: [{ code: 'basic', name: '城乡居民基本医疗保险费', amountFen: 30000, source: { notice: '004', section: '二' } }], totalFen: 30000, source: { notice: '004', section: '二' } };
  await sql`UPDATE policy_profile SET body = jsonb_set(body, '{categories}', ${JSON.stringify([minors])}::jsonb || (body->'categories')) WHERE region_code = '320500' AND insurance_year = ${YEAR}`.execute(t.database.db);
  const A = await buildUnitWithOperator(t.database.db, { name: '家庭社区', kind: 'community_office' });
  const B = await buildUnitWithOperator(t.database.db, { name: '别的社区', kind: 'community_office' });
  office = await login(t.app, A.operator.username, TEST_PASSWORD);
  other = await login(t.app, B.operator.username, TEST_PASSWORD);
});
afterAll(() => t.close());

describe('registering a household', () => {
  it('is all or nothing: one bad member and nobody is registered', async () => {
    const bad = await office.request('POST', '/api/v1/households', {
      hukouType: 'local_urban',
      hukouAddress: '姑苏区十全街 8 号',
      members: [member('张父', doc.father, 'head'), member('张错', '320508198501010000', 'spouse')],
    });
    expect(bad.statusCode).toBe(400);
    expect(await t.database.db.selectFrom('person').select('id').where('document_number', '=', doc.father).execute()).toEqual([]);
    const twoHeads = await office.request('POST', '/api/v1/households', { hukouType: 'local_urban', hukouAddress: '某地址', members: [member('甲', doc.father, 'head'), member('乙', doc.mother, 'head')] });
    expect(twoHeads.statusCode).toBe(400);
    expect(twoHeads.body).toContain('一户只能有一名户主');
  });

  it('registers four persons with their relations in one step', async () => {
    const res = await office.request('POST', '/api/v1/households', {
      hukouType: 'local_urban',
      hukouAddress: '姑苏区十全街 8 号',
      members: [member('张父', doc.father, 'head'), member('李母', doc.mother, 'spouse'), member('张子', doc.son, 'child'), member('王祖母', doc.grandma, 'parent')],
    });
    expect(res.statusCode, res.body).toBe(201);
    const h = res.json();
    householdId = h.id;
    expect(h).toMatchObject({ headName: '张父', hukouTypeName: '本市城镇', hukouAddress: '姑苏区十全街 8 号', unitName: '家庭社区', year: YEAR, dueFen: 0 });
    expect(h.members.map((m: { name: string; relationName: string }) => `${m.relationName}${m.name}`)).toEqual(['户主张父', '配偶李母', '子女张子', '父母王祖母']);
    expect(h.members[0].idNumberMasked).toMatch(/\*/);
    // Registered with the household, each member shares its hukou address: the persons list finds them by it.
    expect((await office.request('GET', `/api/v1/persons?q=${encodeURIComponent('十全街 8 号')}`)).json().total).toBe(4);
    const audited = await t.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', householdId).execute();
    expect(audited.map((a) => a.action)).toEqual(['household.created']);
  });

  it('keeps a person in one household only', async () => {
    const father = (await t.database.db.selectFrom('person').select('id').where('document_number', '=', doc.father).executeTakeFirstOrThrow()).id;
    const again = await office.request('POST', '/api/v1/households', { hukouType: 'local_urban', hukouAddress: '另一个地址', members: [{ personId: father, relation: 'head' }] });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('张父 已属于另一个家庭，一人只能属于一个家庭');
  });

  it('is the unit’s own: another unit neither finds nor opens it', async () => {
    expect((await office.request('GET', `/api/v1/households?q=${encodeURIComponent('张子')}`)).json().items.map((i: { id: string }) => i.id)).toEqual([householdId]);
    expect((await office.request('GET', `/api/v1/households?q=${doc.mother}`)).json().total).toBe(1);
    expect((await office.request('GET', `/api/v1/households?q=${encodeURIComponent('十全街')}`)).json().total).toBe(1);
    expect((await other.request('GET', `/api/v1/households?q=${encodeURIComponent('张子')}`)).json().total).toBe(0);
    expect((await other.request('GET', `/api/v1/households/${householdId}`)).statusCode).toBe(404);
    expect((await other.request('POST', `/api/v1/households/${householdId}/declare`, { year: YEAR })).statusCode).toBe(404);
  });
});

describe('declaring a household', () => {
  it('declares every member at once, each priced by its own rules (adult, minor, exempt)', async () => {
    const grandma = (await t.database.db.selectFrom('person').select('id').where('document_number', '=', doc.grandma).executeTakeFirstOrThrow()).id;
    const ex = await office.request('POST', `/api/v1/persons/${grandma}/exemptions`, { categoryCode: 'dibao', certifyingDepartment: '姑苏区民政局', validFrom: '2026-01-01', source: 'department_list' });
    expect(ex.statusCode, ex.body).toBe(201);
    const res = await office.request('POST', `/api/v1/households/${householdId}/declare`, { year: YEAR });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ declared: 4, refused: [], conflicts: [] });
    const h = (await office.request('GET', `/api/v1/households/${householdId}`)).json();
    const by = Object.fromEntries(h.members.map((m: { name: string; declaration: Record<string, unknown> }) => [m.name, m.declaration]));
    expect(by['张父']!.categoryName).toBe(by['李母']!.categoryName);
    expect(by['张子']).toMatchObject({ categoryName: '未成年人', payableFen: 30000 });
    expect(by['张父']).toMatchObject({ categoryName: '城乡居民', payableFen: 40000 });
    expect(by['王祖母']!.subsidyName).not.toBeNull();
    expect(Number(by['王祖母']!.payableFen)).toBeLessThan(Number(by['张父']!.payableFen));
    expect(h.dueFen).toBe(h.members.reduce((s: number, m: { declaration: { payableFen: number } }) => s + m.declaration.payableFen, 0));
    // The list shows the household's year at a glance.
    const row = (await office.request('GET', `/api/v1/households?q=${encodeURIComponent('张子')}`)).json().items[0];
    expect(row).toMatchObject({ memberCount: 4, declaredCount: 4, paidCount: 0, dueFen: h.dueFen });
    // Declared again: nothing twice.
    expect((await office.request('POST', `/api/v1/households/${householdId}/declare`, { year: YEAR })).json()).toMatchObject({ declared: 0, alreadyDeclared: 4 });
  });
});

describe('members', () => {
  it('takes a member given by a number the unit already holds as that person', async () => {
    const held = residentId('320508', '1990-01-01', 907);
    const p = (await office.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: held, name: '赵已登', hukouType: 'local_urban' })).json().person.id;
    const h = await office.request('POST', '/api/v1/households', { hukouType: 'local_urban', hukouAddress: '姑苏区凤凰街 2 号', members: [member('赵已登', held, 'head')] });
    expect(h.statusCode, h.body).toBe(201);
    expect(h.json().members.map((m: { personId: string }) => m.personId)).toEqual([p]);
  });

  it('adds a person the unit holds, removes a member, keeps the head', async () => {
    const baby = (await office.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: residentId('320508', '2026-03-01', 905), name: '张小宝', hukouType: 'local_urban' })).json().person.id;
    const added = await office.request('POST', `/api/v1/households/${householdId}/members`, { personId: baby, relation: 'child' });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().members).toHaveLength(5);
    const secondHead = await office.request('POST', `/api/v1/households/${householdId}/members`, { person: { documentType: '01', documentNumber: residentId('320508', '1960-01-01', 906), name: '新户主', hukouType: 'local_urban' }, relation: 'head' });
    expect(secondHead.statusCode).toBe(400);
    expect(secondHead.json().error.message).toBe('该家庭已有户主');
    const removed = await office.request('DELETE', `/api/v1/households/${householdId}/members/${baby}`);
    expect(removed.json().members).toHaveLength(4);
    const father = (await t.database.db.selectFrom('person').select('id').where('document_number', '=', doc.father).executeTakeFirstOrThrow()).id;
    const head = await office.request('DELETE', `/api/v1/households/${householdId}/members/${father}`);
    expect(head.statusCode).toBe(409);
    expect(head.json().error.message).toBe('户主不能移出，请先登记新的户主');
  });
});

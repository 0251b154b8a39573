import { computeResidentIdCheckChar } from '@canbao/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, buildUser } from '../test/factories';
import { buildTestApp, login, type Client, type TestApp } from '../test/build-test-app';
import type { RegisteredRoute, ResourceKind } from './access';

/**
 * Walks EVERY /api/v1 route as the operator of unit A against the records of unit B. Routes are read from the
 * app's registry, so a route added later is walked without editing this file; a route with a request body needs an
 * example body below (the test fails and says so), so it is exercised past validation.
 */
const B_PUPIL_ID = `32050820100301123${computeResidentIdCheckChar('32050820100301123')}`;

const EXAMPLE_BODIES: Record<string, unknown> = {
  'POST /api/v1/auth/login': { username: 'x', password: 'y' },
  'POST /api/v1/auth/password': { currentPassword: TEST_PASSWORD, newPassword: 'Another2026' },
  'POST /api/v1/users': { username: 'walker1', displayName: '越权测试', role: 'unit_operator' },
  'PATCH /api/v1/users/:id': { displayName: '被篡改', isDisabled: true },
  'PUT /api/v1/profiles/:id': { profile: { id: 'suzhou-2019' }, note: '越权修改' },
  'POST /api/v1/units': { name: '越权新建学校', kind: 'primary', districtCode: '320508' },
  'PATCH /api/v1/units/:id': { contactName: '被篡改' },
  'POST /api/v1/units/:id/coordinators': { name: '越权协管员' },
  'PUT /api/v1/units/:unitId/coordinators/:id': { name: '越权协管员' },
  'POST /api/v1/persons': { documentType: '01', documentNumber: B_PUPIL_ID, name: '越权登记', hukouType: 'local_urban' },
  'PATCH /api/v1/persons/:id': { className: '被篡改' },
  'POST /api/v1/persons/:id/stop': { reason: 'other' },
  'PUT /api/v1/persons/:id/uninsured-reason': { year: 2027, code: 'unreachable' },
  // Unit A's reminders: its own scope prints only its own notices, never B's settled pupils.
  'POST /api/v1/uninsured/reminders': { year: 2027 },
  'PUT /api/v1/persons/:id/sign-off': { year: 2027, toldOn: '2026-11-22', method: 'phone', signedBy: '越权签字' },
  // Unit A sends its own list; B's submission is untouched.
  'POST /api/v1/unpaid-lists/submissions': { year: 2027 },
  'PUT /api/v1/persons/:id/handbook-urgent': { year: 2027, urgent: true, note: '越权标记' },
  // Unit A's own next batch: it holds nobody paid, so nothing of B's prints.
  'POST /api/v1/handbooks/print': { year: 2027 },
  'POST /api/v1/households/:id/members': { relation: 'child', personId: '00000000-0000-4000-8000-000000000000' },
  'POST /api/v1/households/:id/declare': { year: 2027 },
  'POST /api/v1/audit-samples/:id/items/:itemId/follow-up': { note: '越权整改' },
  'POST /api/v1/persons/:id/reveal': { reason: '越权查看' },
  'POST /api/v1/persons/:id/transfer': { unitId: '00000000-0000-4000-8000-000000000000' },
  'POST /api/v1/persons/:id/document': { documentType: '01', documentNumber: B_PUPIL_ID },
  'POST /api/v1/persons/:id/exemptions': { categoryCode: 'dibao', certifyingDepartment: '民政', validFrom: '2018-01-01', source: 'department_list' },
  'PUT /api/v1/persons/:id/deduction-agreement': { bankCode: 'icbc', accountNumber: '6222020200012345678', accountHolder: '越权户名', signedOn: '2026-11-01' },
  'POST /api/v1/branch-offices': { name: '越权网点', address: '某处', phone: '0512-65000000' },
  'PATCH /api/v1/branch-offices/:id': { phone: '0512-65000001' },
  'POST /api/v1/imports': { kind: 'enrollment', fileName: '越权.xlsx' },
  'POST /api/v1/imports/:id/commit': { allowErrors: true },
  'POST /api/v1/declarations': { year: 2027, personId: '00000000-0000-4000-8000-000000000000' },
  'POST /api/v1/declarations/batch': { year: 2027, mode: 'class', className: '乙班' },
  'POST /api/v1/declarations/:id/remove': { reason: '越权撤销' },
  'POST /api/v1/declarations/confirm': { year: 2027 },
  'POST /api/v1/settlements': { year: 2027, paymentMode: 'per_person', unitId: '00000000-0000-4000-8000-000000000000' },
  'POST /api/v1/settlements/:id/cancel': { reason: '越权作废' },
  'POST /api/v1/settlements/:id/payments': { method: 'transfer', transactionId: 'T-X-0001', amountFen: 100, paidAt: '2026-11-23T10:00:00+08:00' },
  'POST /api/v1/refunds': { paymentId: '00000000-0000-4000-8000-000000000000', reason: 'duplicate', amountFen: 100 },
  'POST /api/v1/fee-quotes': { profile: 'suzhou-2019', birthDate: '2012-05-01', inSchool: true, schoolLevel: 'primary' },
};
/**
 * Deliberate, narrow disclosures: registering a child another unit holds must name that unit (BRIEF: "a second
 * unit trying gets a clear conflict that names who holds it") — the unit's name only, never its records.
 */
const DISCLOSES_HOLDER_UNIT_NAME = new Set(['POST /api/v1/persons']);
/** Routes whose parameter names reference data that is the same for every unit (an import template by kind). */
const REFERENCE_DATA = new Set(['GET /api/v1/import-templates/:kind', 'GET /api/v1/rosters/:kind/export']);
/** Routes an operator may legitimately call that change only the operator's own account. */
const SELF_ONLY = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/password']);

let t: TestApp;
let a: Client;
let ids: Record<ResourceKind, string>;
let secrets: string[];
const secretUnitName = '乙校机密名称';

beforeAll(async () => {
  t = await buildTestApp();
  const A = await buildUnitWithOperator(t.database.db, { name: '甲校' });
  const B = await buildUnitWithOperator(t.database.db, { name: '乙校机密名称' });
  await t.database.db.updateTable('unit').set({ contact_phone: '13999990000', contact_name: '乙校联系人' }).where('id', '=', B.unit.id).execute();
  // Unit B's activity leaves audit rows and records that A must never read.
  const b = await login(t.app, B.operator.username, TEST_PASSWORD);
  const coordinator = (await b.request('POST', `/api/v1/units/${B.unit.id}/coordinators`, { name: '乙校协管员', mobile: '13988887777' })).json();
  const pupil = (await b.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: B_PUPIL_ID, name: '乙校学生', hukouType: 'local_urban', className: '乙班' })).json().person;
  const withExemption = (
    await b.request('POST', `/api/v1/persons/${pupil.id}/exemptions`, { categoryCode: 'dibao', certifyingDepartment: '民政局', validFrom: '2018-01-01', source: 'department_list' })
  ).json().person;
  expect(withExemption?.exemptions?.length, 'fixture: exemption of B').toBe(1);
  const office = await t.database.db.insertInto('branch_office').values({ region_code: '320500', name: '乙区网点', address: '某路', phone: '0512-65000000' }).returning('id').executeTakeFirstOrThrow();
  const job = (await b.request('POST', '/api/v1/imports', { kind: 'enrollment', fileName: '乙校学生名单.xlsx' })).json().job;
  expect(job?.id, 'fixture: import job of B').toBeTruthy();
  // B's money flow: a declaration settled with a notice per person.
  await buildCampaign(t.database.db, 2027);
  const declaration = (await b.request('POST', '/api/v1/declarations', { year: 2027, personId: pupil.id })).json();
  expect(declaration?.id, 'fixture: declaration of B').toBeTruthy();
  EXAMPLE_BODIES['POST /api/v1/declarations'] = { year: 2027, personId: pupil.id };
  await b.request('POST', '/api/v1/declarations/confirm', { year: 2027 });
  const settlement = (await b.request('POST', '/api/v1/settlements', { year: 2027, paymentMode: 'per_person' })).json();
  expect(settlement?.id, 'fixture: settlement of B').toBeTruthy();
  // Money B received, an exception on it and a refund B asked for.
  const payment = await t.database.db
    .insertInto('payment')
    .values({ region_code: '320500', insurance_year: 2027, channel: 'tax', transaction_id: 'B-TICKET-0001', source: 'reconciliation', declaration_id: declaration.id, unit_id: B.unit.id, amount_fen: 40000, paid_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const item = await t.database.db
    .insertInto('reconciliation_item')
    .values({ region_code: '320500', kind: 'amount_mismatch', channel: 'tax', transaction_id: 'B-TICKET-0001', amount_fen: 40000, payment_id: payment.id, unit_id: B.unit.id, detail: '乙校对账异常' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const refund = (await b.request('POST', '/api/v1/refunds', { paymentId: payment.id, reason: 'duplicate', amountFen: 100, note: '乙校退费' })).json();
  expect(refund?.id, 'fixture: refund of B').toBeTruthy();
  EXAMPLE_BODIES['POST /api/v1/refunds'] = { paymentId: payment.id, reason: 'duplicate', amountFen: 100 };
  // B told its unpaid family and sent its unpaid list.
  expect((await b.request('PUT', `/api/v1/persons/${pupil.id}/sign-off`, { year: 2027, toldOn: '2026-11-22', method: 'in_person', signedBy: '乙校签字人' })).statusCode, 'fixture: sign-off of B').toBe(200);
  expect((await b.request('POST', '/api/v1/unpaid-lists/submissions', { year: 2027 })).statusCode, 'fixture: unpaid list of B').toBe(200);
  // B's pupil has a card made, waiting for B to collect it; A tries to record its collection.
  await t.database.db.insertInto('social_card').values({ region_code: '320500', person_id: pupil.id, unit_id: B.unit.id, made_on: '2026-11-20' }).execute();
  EXAMPLE_BODIES['POST /api/v1/handbooks/print'] = { year: 2027, personIds: [pupil.id] };
  EXAMPLE_BODIES['POST /api/v1/cards/collections'] = { personIds: [pupil.id], collectedOn: '2026-11-23', collectedBy: '越权领卡' };
  // B keeps its pupil's household.
  const home = await b.request('POST', '/api/v1/households', { hukouType: 'local_urban', hukouAddress: '乙校机密地址 1 号', members: [{ personId: pupil.id, relation: 'head' }] });
  expect(home.statusCode, 'fixture: household of B').toBe(201);
  EXAMPLE_BODIES['POST /api/v1/households'] = { hukouType: 'local_urban', hukouAddress: '越权地址', members: [{ personId: pupil.id, relation: 'head' }] };
  // The agency samples B's declaration and finds its materials missing.
  const agency = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
  const sample = (await agency.request('POST', '/api/v1/audit-samples', { year: 2027, count: 1, unitIds: [B.unit.id] })).json();
  expect(sample?.items?.length, 'fixture: audit sample of B').toBe(1);
  await agency.request('PUT', `/api/v1/audit-samples/${sample.id}/items/${sample.items[0].id}`, { result: 'missing', note: '乙校缺少户口簿' });
  a = await login(t.app, A.operator.username, TEST_PASSWORD);
  ids = {
    household: home.json().id,
    audit_sample: sample.id,
    audit_sample_item: sample.items[0].id,
    refund: refund.id,
    reconciliation_item: item.id,
    channel_terminal: '320500-KIOSK-B',
    declaration: declaration.id,
    settlement: settlement.id, import_job: job.id, import_kind: 'enrollment', report_date: '2026-11-23', roster_kind: 'insured', branch_office: office.id, unit: B.unit.id, user: B.operator.id, profile: 'suzhou-2019', coordinator: coordinator.id, person: pupil.id, exemption: withExemption.exemptions[0].id };
  secrets = [B.unit.id, B.unit.name, B.operator.id, B.operator.username, '13999990000', '乙校联系人', coordinator.id, '乙校协管员', pupil.id, '乙校学生', B_PUPIL_ID.slice(-8), job.id, '乙校学生名单', declaration.id, settlement.id, settlement.number, payment.id, 'B-TICKET-0001', refund.id, item.id, '乙校对账异常', sample.id, sample.items[0].id, '乙校缺少户口簿', '乙校签字人', '乙校机密地址'];
});
afterAll(() => t.close());

const key = (r: RegisteredRoute) => `${r.method} ${r.url}`;
const allows = (r: RegisteredRoute, role: string) => !('public' in r.access) && (r.access.roles === 'any' || r.access.roles.includes(role as never));

function fill(r: RegisteredRoute): string {
  if ('public' in r.access) return r.url;
  const params = r.access.params ?? {};
  return r.url.replace(/:(\w+)/g, (_, p: string) => ids[params[p]!]);
}

describe('[ACCESS] every route as unit A against unit B', () => {
  it('the registry holds every API route, each with an access rule', () => {
    const routes = t.app.apiRoutes;
    expect(routes.length).toBeGreaterThanOrEqual(10);
    for (const r of routes) expect(r.access, key(r)).toBeTruthy();
    // Cross-check the registry against Fastify's own route table.
    for (const r of routes) expect(t.app.hasRoute({ method: r.method as 'GET', url: r.url }), key(r)).toBe(true);
  });

  it('every non-public route refuses an anonymous caller with 401', async () => {
    for (const r of t.app.apiRoutes.filter((r) => !('public' in r.access))) {
      const res = await t.app.inject({ method: r.method as 'GET', url: fill(r), payload: EXAMPLE_BODIES[key(r)] as object });
      expect(res.statusCode, key(r)).toBe(401);
      for (const s of secrets) expect(res.body, key(r)).not.toContain(s);
    }
  });

  it('no route gives unit A any of unit B’s data or changes it', async () => {
    const walked: string[] = [];
    for (const r of t.app.apiRoutes) {
      if ('public' in r.access || SELF_ONLY.has(key(r))) continue;
      const hasBody = r.hasBody;
      if (hasBody && allows(r, 'unit_operator')) {
        expect(EXAMPLE_BODIES, `add an example body for ${key(r)} to this test`).toHaveProperty([key(r)]);
      }
      const res = await a.request(r.method, fill(r), hasBody ? (EXAMPLE_BODIES[key(r)] ?? {}) : undefined);
      walked.push(`${key(r)} → ${res.statusCode}`);
      const allowed = DISCLOSES_HOLDER_UNIT_NAME.has(key(r)) ? [secretUnitName] : [];
      for (const s of secrets.filter((x) => !allowed.includes(x))) expect(res.body, `${key(r)} leaked ${s}`).not.toContain(s);
      if (DISCLOSES_HOLDER_UNIT_NAME.has(key(r))) expect(res.statusCode, key(r)).toBe(409);
      if (!allows(r, 'unit_operator')) {
        expect(res.statusCode, key(r)).toBe(403);
      } else if (r.url.includes(':') && !REFERENCE_DATA.has(key(r))) {
        expect([403, 404], key(r)).toContain(res.statusCode);
      } else {
        expect(res.statusCode, key(r)).toBeLessThan(500);
      }
    }
    // B's records are untouched.
    const bUnit = await t.database.db.selectFrom('unit').selectAll().where('id', '=', ids.unit).executeTakeFirstOrThrow();
    expect(bUnit.name).toBe('乙校机密名称');
    const bUser = await t.database.db.selectFrom('app_user').selectAll().where('id', '=', ids.user).executeTakeFirstOrThrow();
    expect(bUser.is_disabled).toBe(false);
    expect(bUser.display_name).toBe('测试用户');
    const bDeclaration = await t.database.db.selectFrom('declaration').selectAll().where('id', '=', ids.declaration).executeTakeFirstOrThrow();
    expect(bDeclaration.status).toBe('settled');
    const bSettlement = await t.database.db.selectFrom('settlement').selectAll().where('id', '=', ids.settlement).executeTakeFirstOrThrow();
    expect(bSettlement.status).toBe('awaiting_payment');
    const bSignOff = await t.database.db.selectFrom('unpaid_sign_off').select('signed_by').where('person_id', '=', ids.person).executeTakeFirstOrThrow();
    expect(bSignOff.signed_by).toBe('乙校签字人');
    const bSent = await t.database.db.selectFrom('unpaid_list_submission').select('submission_count').where('unit_id', '=', ids.unit).executeTakeFirstOrThrow();
    expect(bSent.submission_count).toBe(1);
    const bCard = await t.database.db.selectFrom('social_card').select(['collected_on', 'collected_by']).where('person_id', '=', ids.person).executeTakeFirstOrThrow();
    expect(bCard).toEqual({ collected_on: null, collected_by: null });
    const bRefunds = await t.database.db.selectFrom('refund').select('id').where('payment_id', '=', (await t.database.db.selectFrom('payment').select('id').where('transaction_id', '=', 'B-TICKET-0001').executeTakeFirstOrThrow()).id).execute();
    expect(bRefunds).toHaveLength(1);
    expect(walked.length).toBeGreaterThan(5);
  });

  it('no export gives unit A any of unit B’s rows, whatever the filter asks', async () => {
    // An xlsx is a zip: the walk above cannot read it, so every export is opened and its cells searched.
    const exports = t.app.apiRoutes.filter((r) => r.method === 'GET' && r.url.endsWith('/export') && allows(r, 'unit_operator'));
    expect(exports.map(key)).toEqual(expect.arrayContaining(['GET /api/v1/persons/export', 'GET /api/v1/units/export']));
    for (const r of exports) {
      for (const query of ['', `?unitId=${ids.unit}`, `?q=${encodeURIComponent('乙校')}`, `?className=${encodeURIComponent('乙班')}`]) {
        const res = await a.request('GET', `${fill(r)}${query}`);
        expect(res.statusCode, `${key(r)}${query}`).toBe(200);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
        const cells: string[] = [];
        wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => void cells.push(c.text))));
        const text = cells.join('\n');
        for (const s of secrets) expect(text, `${key(r)}${query} leaked ${s}`).not.toContain(s);
      }
    }
  });

  it('another region’s admin sees nothing of this region', async () => {
    const other = await buildUser(t.database.db, { role: 'agency_admin', regionCode: '510100' });
    const c = await login(t.app, other.username, TEST_PASSWORD);
    for (const r of t.app.apiRoutes.filter((r) => allows(r, 'agency_admin') && r.method === 'GET')) {
      const res = await c.request('GET', fill(r));
      for (const s of secrets) expect(res.body, `${key(r)} leaked ${s}`).not.toContain(s);
      if (r.url.includes(':') && !REFERENCE_DATA.has(key(r))) expect(res.statusCode, key(r)).toBe(404);
    }
  });
});

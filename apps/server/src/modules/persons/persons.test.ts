import { computeResidentIdCheckChar } from '@canbao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, buildUnitWithOperator, buildUser } from '../../test/factories';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { sql } from 'kysely';
import { inScope } from '../../db/database';

/** A 2019 profile belongs to a closed year: changing it needs the agency's reason (issue 15, item 1). */
const PAST_YEAR = { 'x-change-reason': encodeURIComponent('更正历年政策方案（测试）') };

let t: TestApp;
let admin: Client;
let a: Client;
let b: Client;
let unitA: string;
let unitB: string;
let seq = 100;
/** A fresh valid resident ID for a child born on the given date in 姑苏区. */
const newId = (birth = '20100301', gender: 'male' | 'female' = 'male') => {
  seq += 2;
  const s = String(seq).padStart(3, '0').slice(-3);
  const digit = gender === 'male' ? (Number(s) | 1) % 10 : (Number(s) & ~1) % 10;
  const first17 = `320508${birth}${s.slice(0, 2)}${digit}`;
  return first17 + computeResidentIdCheckChar(first17);
};
const pupil = (documentNumber: string, extra: object = {}) => ({ documentType: '01', documentNumber, name: '张小明', hukouType: 'local_urban', gradeCode: '03', className: '3班', ...extra });

beforeAll(async () => {
  t = await buildTestApp();
  admin = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
  const A = await buildUnitWithOperator(t.database.db, { name: '甲小学' });
  const B = await buildUnitWithOperator(t.database.db, { name: '乙小学' });
  unitA = A.unit.id;
  unitB = B.unit.id;
  a = await login(t.app, A.operator.username, TEST_PASSWORD);
  b = await login(t.app, B.operator.username, TEST_PASSWORD);
});
afterAll(() => t.close());

describe('[PERSONS] registration', () => {
  it('derives birth date and gender from the ID number and masks it in the answer', async () => {
    const id = newId('20100301', 'female');
    const res = await a.request('POST', '/api/v1/persons', pupil(id.toLowerCase(), { name: '阿依古丽·买买提', guardian: { name: '买买提', relation: '父亲', phone: '139 1234 5678' } }));
    expect(res.statusCode).toBe(201);
    const p = res.json().person;
    expect(p).toMatchObject({ birthDate: '2010-03-01', gender: 'female', unitId: unitA, name: '阿依古丽·买买提', status: 'active' });
    expect(p.documentNumber).toBe(`${id.slice(0, 4)}**********${id.slice(-4)}`);
    expect(p.guardian).toEqual({ name: '买买提', relation: '父亲', phone: '139****5678' });
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', p.id).where('action', '=', 'person.registered').executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.after)).not.toContain(id);
  });

  it('refuses a typed birth date that contradicts the ID number, and a wrong check digit', async () => {
    const id = newId();
    const wrong = await a.request('POST', '/api/v1/persons', pupil(id, { birthDate: '2011-01-01' }));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].path).toBe('birthDate');
    const badCheck = id.slice(0, 17) + (id.endsWith('1') ? '2' : '1');
    const res = await a.request('POST', '/api/v1/persons', pupil(badCheck));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/校验/);
  });

  it('accepts other document types with the facts they do not carry', async () => {
    const passport = await a.request('POST', '/api/v1/persons', { documentType: '08', documentNumber: 'E12345678', name: 'JOHN SMITH', hukouType: 'nonlocal', gender: 'male', birthDate: '2012-06-01' });
    expect(passport.statusCode).toBe(201);
    expect(passport.json().person.name).toBe('JOHN SMITH');
    const missing = await a.request('POST', '/api/v1/persons', { documentType: '08', documentNumber: 'E12345679', name: 'JANE DOE', hukouType: 'nonlocal' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toMatch(/出生日期/);
  });

  it('a second unit gets a conflict naming the holder with masked data; the holder is told it already has them', async () => {
    const id = newId();
    expect((await a.request('POST', '/api/v1/persons', pupil(id))).statusCode).toBe(201);
    const res = await b.request('POST', '/api/v1/persons', pupil(id));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('已在“甲小学”登记（张*）');
    expect(res.json().error.message).not.toContain(id);
    expect(res.json().error.details.holder).toEqual({ unitName: '甲小学', maskedName: '张*', canTransfer: false });
    const again = await a.request('POST', '/api/v1/persons', pupil(id));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/本单位已登记该人员/);
    const count = await t.database.db.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n')).where('document_number', '=', id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('two units registering the same number at the same moment end with one person and one conflict', async () => {
    for (let round = 0; round < 5; round++) {
      const id = newId();
      const results = await Promise.all([a.request('POST', '/api/v1/persons', pupil(id)), b.request('POST', '/api/v1/persons', pupil(id))]);
      const codes = results.map((r) => r.statusCode).sort();
      expect(codes).toEqual([201, 409]);
      const rows = await t.database.db.selectFrom('person').select('unit_id').where('document_number', '=', id).execute();
      expect(rows).toHaveLength(1);
      const memberships = await t.database.db.selectFrom('person_membership as m').innerJoin('person as p', (j) => j.onRef('p.region_code', '=', 'm.region_code').onRef('p.id', '=', 'm.person_id')).select('m.id').where('p.document_number', '=', id).execute();
      expect(memberships).toHaveLength(1);
    }
  });

  it('a pupil stopped by one school is taken over by the next, with the timeline kept', async () => {
    const id = newId();
    const p = (await a.request('POST', '/api/v1/persons', pupil(id))).json().person;
    expect((await a.request('POST', `/api/v1/persons/${p.id}/stop`, { reason: 'moved_away', date: '2026-07-01', note: '转学' })).statusCode).toBe(204);
    expect((await a.request('GET', `/api/v1/persons/${p.id}`)).json().person).toMatchObject({ status: 'stopped', unitId: null, stoppedOn: '2026-07-01' });
    const res = await b.request('POST', '/api/v1/persons', pupil(id, { className: '5班' }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ transferredIn: true, person: { id: p.id, unitId: unitB, className: '5班', status: 'active', stoppedOn: null } });
    // Taken over: the school that let the pupil go no longer reads the record (it is another unit's now).
    expect((await a.request('GET', `/api/v1/persons/${p.id}`)).statusCode).toBe(404);
    const timeline = (await admin.request('GET', `/api/v1/persons/${p.id}/timeline`)).json();
    expect(timeline.memberships).toEqual([
      expect.objectContaining({ unitName: '甲小学', endedOn: '2026-07-01', endReason: 'moved_away', endReasonName: '迁出本统筹区' }),
      expect.objectContaining({ unitName: '乙小学', endedOn: null }),
    ]);
    expect(timeline.events.map((e: { action: string }) => e.action)).toEqual(['person.registered', 'person.stopped', 'person.transferred_in']);
  });

  it('a unit reads the pupils it stopped this year and last, read-only, with the reason; nobody else does', async () => {
    const thisYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
    const recent = (await a.request('POST', '/api/v1/persons', pupil(newId(), { name: '减员甲' }))).json().person;
    const old = (await a.request('POST', '/api/v1/persons', pupil(newId(), { name: '减员乙' }))).json().person;
    expect((await a.request('POST', `/api/v1/persons/${recent.id}/stop`, { reason: 'moved_away', date: `${thisYear - 1}-01-01`, note: '转入外省学校' })).statusCode).toBe(204);
    expect((await a.request('POST', `/api/v1/persons/${old.id}/stop`, { reason: 'graduated', date: `${thisYear - 2}-12-31` })).statusCode).toBe(204);

    const list = (await a.request('GET', '/api/v1/persons?status=stopped&pageSize=100')).json();
    const names = list.items.map((x: { name: string }) => x.name);
    expect(names).toContain('减员甲');
    expect(names).not.toContain('减员乙');
    expect(list.items.find((x: { name: string }) => x.name === '减员甲')).toMatchObject({ status: 'stopped', stopReason: '迁出本统筹区：转入外省学校', stoppedOn: `${thisYear - 1}-01-01`, unitId: null });
    const detail = await a.request('GET', `/api/v1/persons/${recent.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().person.documentNumber).toContain('*');
    expect((await a.request('GET', `/api/v1/persons/${recent.id}/timeline`)).statusCode).toBe(200);
    expect((await a.request('GET', `/api/v1/persons/${old.id}`)).statusCode).toBe(404);
    expect((await b.request('GET', `/api/v1/persons/${recent.id}`)).statusCode).toBe(404);
    expect((await b.request('GET', '/api/v1/persons?status=stopped&pageSize=100')).json().items.map((x: { name: string }) => x.name)).not.toContain('减员甲');

    // Read-only: every change is refused with a plain answer, and nothing is written.
    const edit = await a.request('PATCH', `/api/v1/persons/${recent.id}`, { className: '9班' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.message).toContain('只能查看');
    expect((await a.request('POST', `/api/v1/persons/${recent.id}/reveal`, { reason: '核对' })).statusCode).toBe(409);
    expect((await a.request('POST', `/api/v1/persons/${recent.id}/stop`, { reason: 'other' })).statusCode).toBe(409);

    // The database draws the same line: unit A's scope reads the row and cannot change it; unit B's cannot read it.
    const scopeOf = (unitId: string) => ({ userId: 'x', username: 'x', role: 'unit_operator' as const, regionCode: '320500', unitId });
    const seenByA = await inScope(t.database.db, scopeOf(unitA), (trx) => trx.selectFrom('person').select('id').where('id', 'in', [recent.id, old.id]).execute());
    expect(seenByA).toEqual([{ id: recent.id }]);
    const changedByA = await inScope(t.database.db, scopeOf(unitA), (trx) => trx.updateTable('person').set({ class_name: '9班' }).where('id', '=', recent.id).executeTakeFirst());
    expect(Number(changedByA.numUpdatedRows)).toBe(0);
    const seenByB = await inScope(t.database.db, scopeOf(unitB), (trx) => trx.selectFrom('person').select('id').where('id', '=', recent.id).execute());
    expect(seenByB).toEqual([]);
    const row = await t.database.db.selectFrom('person').select(['class_name', 'stopped_from_unit_id']).where('id', '=', recent.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ class_name: '3班', stopped_from_unit_id: unitA });
  });

  it('the agency transfers a person between units; a unit cannot', async () => {
    const p = (await a.request('POST', '/api/v1/persons', pupil(newId()))).json().person;
    expect((await a.request('POST', `/api/v1/persons/${p.id}/transfer`, { unitId: unitB })).statusCode).toBe(403);
    const res = await admin.request('POST', `/api/v1/persons/${p.id}/transfer`, { unitId: unitB, date: '2026-09-01' });
    expect(res.statusCode).toBe(200);
    expect(res.json().person.unitId).toBe(unitB);
    expect((await a.request('GET', `/api/v1/persons/${p.id}`)).statusCode).toBe(404);
    expect((await b.request('GET', `/api/v1/persons/${p.id}`)).statusCode).toBe(200);
  });

  it('a newborn gets a temporary number, later replaced by the real ID on the same record', async () => {
    const res = await a.request('POST', '/api/v1/persons', { documentType: '01', temporaryNumber: true, name: '李宝宝', gender: 'female', birthDate: '2026-10-01', hukouType: 'local_urban' });
    expect(res.statusCode).toBe(201);
    const p = res.json().person;
    expect(p.isTemporaryNumber).toBe(true);
    expect(p.documentNumber).toMatch(/^LS320500\d{8}$/);
    const realId = `32050820261001${'24'}${'6'}`;
    const real = realId + computeResidentIdCheckChar(realId);
    const merged = await a.request('POST', `/api/v1/persons/${p.id}/document`, { documentType: '01', documentNumber: real });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().person).toMatchObject({ id: p.id, isTemporaryNumber: false, documentType: '01' });
    const wrongBirth = `32050820261002${'24'}${'6'}`;
    const other = (await a.request('POST', '/api/v1/persons', { documentType: '01', temporaryNumber: true, name: '王宝宝', gender: 'female', birthDate: '2026-10-01', hukouType: 'local_urban' })).json().person;
    const bad = await a.request('POST', `/api/v1/persons/${other.id}/document`, { documentType: '01', documentNumber: wrongBirth + computeResidentIdCheckChar(wrongBirth) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/出生日期/);
  });
});

describe('[PERSONS] hukou fill-in rules (Beijing 002 八) only where the region’s profile defines them', () => {
  it('a Suzhou unit is refused Beijing’s special cases', async () => {
    const res = await a.request('POST', '/api/v1/persons', pupil(newId(), { hukouSpecialCase: 'bda' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ message: '本统筹区的政策没有这种户籍特殊情况，请不要选择', details: [{ path: 'hukouSpecialCase' }] });
  });

  it('once the region’s profile defines them: fills district and street, and asks for the certifier’s location', async () => {
    const { profile } = (await admin.request('GET', '/api/v1/profiles/suzhou-2019')).json();
    const saved = await admin.request('PUT', '/api/v1/profiles/suzhou-2019', { profile: { ...profile, hukouSpecialCases: ['bda', 'university_collective', 'borrowing_student'] }, note: '户籍特殊情况' }, PAST_YEAR);
    expect(saved.statusCode, saved.body).toBe(200);
    const bda = await a.request('POST', '/api/v1/persons', pupil(newId(), { hukouSpecialCase: 'bda', hukouDistrictCode: '320508' }));
    expect(bda.statusCode).toBe(201);
    expect(bda.json().person).toMatchObject({ hukouSpecialCase: 'bda', hukouDistrictCode: '110115', hukouDistrictName: '大兴区', hukouStreetName: '开发区医疗保险代理处' });
    const uni = await a.request('POST', '/api/v1/persons', pupil(newId(), { hukouSpecialCase: 'university_collective' }));
    const unitRow = await t.database.db.selectFrom('unit').select('district_code').where('id', '=', unitA).executeTakeFirstOrThrow();
    expect(uni.json().person.hukouDistrictCode).toBe(unitRow.district_code);
    const borrowing = await a.request('POST', '/api/v1/persons', pupil(newId(), { hukouSpecialCase: 'borrowing_student' }));
    expect(borrowing.statusCode).toBe(400);
    expect(borrowing.json().error.message).toMatch(/开具证明机构/);
  });
});

describe('[PERSONS] finding and reading', () => {
  it('searches by name, by full ID number and by class, within the unit only, masked', async () => {
    const id = newId('20110505');
    await a.request('POST', '/api/v1/persons', pupil(id, { name: '欧阳娜娜', className: '6班' }));
    const byName = (await a.request('GET', '/api/v1/persons?q=欧阳')).json();
    expect(byName.items.map((p: { name: string }) => p.name)).toContain('欧阳娜娜');
    const byId = (await a.request('GET', `/api/v1/persons?q=${id}`)).json();
    expect(byId.total).toBe(1);
    expect(byId.items[0].documentNumber).not.toBe(id);
    expect((await a.request('GET', '/api/v1/persons?className=6班')).json().total).toBeGreaterThanOrEqual(1);
    const fromB = (await b.request('GET', `/api/v1/persons?q=${id}`)).json();
    expect(fromB.total).toBe(0);
    // Wildcards typed into the search match themselves: no name holds % or _, so nothing is found.
    for (const q of ['%', '_', '欧阳_娜']) expect((await a.request('GET', `/api/v1/persons?q=${encodeURIComponent(q)}`)).json().total, q).toBe(0);
  });

  it('across the region the agency finds a part of a name (any part, one character too) and a full ID; a class only once a unit is chosen', async () => {
    const idA = newId('20120606');
    const idB = newId('20120707');
    await a.request('POST', '/api/v1/persons', pupil(idA, { name: '司马相如', className: '9班' }));
    await b.request('POST', '/api/v1/persons', pupil(idB, { name: '马相', className: '9班' }));
    const names = async (q: string, extra = '') =>
      ((await admin.request('GET', `/api/v1/persons?q=${encodeURIComponent(q)}${extra}`)).json().items as Array<{ name: string }>).map((p) => p.name).sort();
    expect(await names('相如')).toEqual(['司马相如']);
    expect(await names('马相')).toEqual(['司马相如', '马相']);
    expect(await names('如')).toEqual(['司马相如']);
    expect(await names('司马如')).toEqual([]);
    expect(await names('马_')).toEqual([]);
    expect((await admin.request('GET', `/api/v1/persons?q=${idB}`)).json().items.map((p: { name: string }) => p.name)).toEqual(['马相']);
    // A class name is a unit's own: across the region it is not searched, within a chosen unit it is.
    expect(await names('9班')).toEqual([]);
    expect(await names('9班', `&unitId=${unitA}`)).toEqual(['司马相如']);
    // The declarations and the uninsured lists of the region search the same way.
    const year = 2027;
    const unins = (await admin.request('GET', `/api/v1/uninsured?year=${year}&q=${encodeURIComponent('马相')}`)).json();
    expect(unins.items.map((p: { name: string }) => p.name).sort()).toEqual(['司马相如', '马相']);
    // The definer function behind it answers the whole region's scope only: a unit's scope gets nothing from it.
    const asUnit = await inScope(t.database.db, { userId: 'x', username: 'x', role: 'unit_operator', regionCode: '320500', unitId: unitA }, (trx) =>
      sql<{ id: string }>`SELECT id FROM canbao_persons_named('320500', ARRAY['马相'], '%马相%')`.execute(trx),
    );
    expect(asUnit.rows).toEqual([]);
  });

  it('reveals full numbers only on request and for a stated reason, kept in the audit row', async () => {
    const id = newId();
    const p = (await a.request('POST', '/api/v1/persons', pupil(id, { phone: '13712345678' }))).json().person;
    const bare = await a.request('POST', `/api/v1/persons/${p.id}/reveal`, {});
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.message).toContain('请说明查看完整号码的原因');
    const res = await a.request('POST', `/api/v1/persons/${p.id}/reveal`, { reason: '家长来电核实' });
    expect(res.json().person).toMatchObject({ documentNumber: id, phone: '13712345678' });
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', p.id).where('action', '=', 'person.revealed').execute();
    expect(audit).toEqual([{ action: 'person.revealed', after: { reason: '家长来电核实' } }]);
  });

  it('derived fields cannot be edited; others can', async () => {
    const p = (await a.request('POST', '/api/v1/persons', pupil(newId()))).json().person;
    const bad = await a.request('PATCH', `/api/v1/persons/${p.id}`, { birthDate: '2012-01-01' });
    expect(bad.statusCode).toBe(400);
    const ok = await a.request('PATCH', `/api/v1/persons/${p.id}`, { className: '4班', designatedInstitutions: ['苏州大学附属儿童医院'] });
    expect(ok.json().person).toMatchObject({ className: '4班', designatedInstitutions: ['苏州大学附属儿童医院'] });
  });
});

describe('[PERSONS] exemption identities', () => {
  it('records a category of the region’s policy with certificate and validity; refuses unknown categories', async () => {
    const p = (await a.request('POST', '/api/v1/persons', pupil(newId()))).json().person;
    const unknown = await a.request('POST', `/api/v1/persons/${p.id}/exemptions`, { categoryCode: 'martian', certifyingDepartment: '民政局', validFrom: '2018-01-01', source: 'department_list' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toMatch(/低保人员/);
    const noCert = await a.request('POST', `/api/v1/persons/${p.id}/exemptions`, { categoryCode: 'orphan', certifyingDepartment: '民政局', validFrom: '2018-01-01', source: 'document' });
    expect(noCert.statusCode).toBe(400);
    const ok = await a.request('POST', `/api/v1/persons/${p.id}/exemptions`, {
      categoryCode: 'orphan', certifyingDepartment: '民政局', certificateName: '孤儿证', certificateNumber: 'GE2018000123', validFrom: '2018-01-01', validTo: '2028-12-31', source: 'document',
    });
    expect(ok.statusCode).toBe(201);
    const [e] = ok.json().person.exemptions;
    expect(e).toMatchObject({ categoryName: '孤儿', certificateName: '孤儿证', validTo: '2028-12-31' });
    expect((await a.request('DELETE', `/api/v1/persons/${p.id}/exemptions/${e.id}`)).statusCode).toBe(204);
  });
});

describe('[PERSONS] the classes to declare from', () => {
  it('lists a unit’s classes on the roll by grade with head counts; another unit sees none of them; the agency picks the unit', async () => {
    await a.request('POST', '/api/v1/persons', pupil(newId(), { gradeCode: '04', className: '甲4班' }));
    await a.request('POST', '/api/v1/persons', pupil(newId(), { gradeCode: '04', className: '甲4班' }));
    await b.request('POST', '/api/v1/persons', pupil(newId(), { gradeCode: '04', className: '乙4班' }));
    const own = (await a.request('GET', '/api/v1/persons/classes?gradeCode=04')).json();
    expect(own.items).toEqual([{ gradeCode: '04', className: '甲4班', count: 2 }]);
    expect((await b.request('GET', '/api/v1/persons/classes?gradeCode=04')).json().items).toEqual([{ gradeCode: '04', className: '乙4班', count: 1 }]);
    // Asking for another unit's id changes nothing for a unit: its scope is its own.
    expect((await b.request('GET', `/api/v1/persons/classes?gradeCode=04&unitId=${unitA}`)).json().items).toEqual([]);
    expect((await admin.request('GET', `/api/v1/persons/classes?gradeCode=04&unitId=${unitA}`)).json().items).toEqual([{ gradeCode: '04', className: '甲4班', count: 2 }]);
  });
});

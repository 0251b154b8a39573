import { placementFor } from '@canbao/domain';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnit, buildUnitWithOperator, buildUser, residentId } from '../../test/factories';
import { commitSettled, readSettled } from '../imports/imports.service';
import { keepMissingDailyReports } from './daily-report.service';
import type { SandboxProvider } from '../payments/channels/sandbox';

// The chase (issue 14): who a unit is responsible for and is not yet covered, and why.
let t: TestApp;
let school: Client;
let other: Client;
let agency: Client;
let schoolUnitId: string;
let otherUnitId: string;
let sandbox: SandboxProvider;
const YEAR = 2027;
const ids: Record<string, string> = {};
const docs: Record<string, string> = {};
let serial = 500;

type Item = { personId: string; name: string; gradeCode: string | null; gradeName: string; className: string | null; stage: string; reason: { code: string; text: string; note: string | null } | null; idNumberMasked: string; graduating: boolean; leaving: boolean; daysSinceNotice: number | null };
const list = async (c: Client, query = '') => (await c.request('GET', `/api/v1/uninsured?year=${YEAR}${query}`)).json() as { items: Item[]; total: number; counts: { undeclared: number; unpaid: number } };
const names = (items: Item[]) => items.map((i) => i.name).sort();

async function register(c: Client, name: string, gradeCode: string, className: string, extra: Record<string, unknown> = {}) {
  docs[name] = residentId('320508', '2019-03-01', serial++);
  const res = await c.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: docs[name], name, hukouType: 'local_urban', gradeCode, className, guardian: { name: '家长', relation: '父母', phone: '13912345678' }, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  ids[name] = res.json().person.id;
  return ids[name]!;
}

beforeAll(async () => {
  t = await buildTestApp();
  await buildCampaign(t.database.db, YEAR);
  const A = await buildUnitWithOperator(t.database.db, { name: '追缴小学' });
  const B = await buildUnitWithOperator(t.database.db, { name: '别的小学' });
  schoolUnitId = A.unit.id;
  otherUnitId = B.unit.id;
  school = await login(t.app, A.operator.username, TEST_PASSWORD);
  other = await login(t.app, B.operator.username, TEST_PASSWORD);
  agency = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
  sandbox = t.app.paymentProviders.get('sandbox') as SandboxProvider;

  // 一年级2班 entered this September: three not declared, one declared and paid, one declared only.
  for (const n of ['未报甲', '未报乙', '未报丙', '已缴丁', '待确认戊']) await register(school, n, '01', '2班', { entryYear: 2026 });
  // Entered in 2025 as 一年级: 二年级 in the school year of the 2027 campaign.
  await register(school, '升级己', '01', '1班', { entryYear: 2025 });
  // 小学六年级 of 2025–26, left in July 2026: the graduating class.
  await register(school, '毕业庚', '06', '1班', { entryYear: 2020 });
  // On the leaver list (transferred out), and one stopped.
  await register(school, '离校辛', '03', '1班');
  await t.database.db.updateTable('person').set({ leaving_reason: 'transferred_out', leaving_on: '2026-08-01' }).where('id', '=', ids['离校辛']!).execute();
  await register(school, '减员壬', '03', '1班');
  expect((await school.request('POST', `/api/v1/persons/${ids['减员壬']}/stop`, { reason: 'moved_away' })).statusCode).toBe(204);
  // Declared and paid by the first school, then moved to the other one: covered, chased by nobody.
  await register(school, '转学癸', '04', '1班');
  await register(other, '别校子', '02', '3班');

  for (const n of ['已缴丁', '待确认戊', '转学癸']) {
    const d = await school.request('POST', '/api/v1/declarations', { year: YEAR, personId: ids[n] });
    expect(d.statusCode, d.body).toBe(201);
    ids[`d:${n}`] = d.json().id;
  }
  await school.request('POST', '/api/v1/declarations/confirm', { year: YEAR, ids: [ids['d:已缴丁'], ids['d:转学癸']] });
  const s = await school.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' });
  expect(s.statusCode, s.body).toBe(201);
  const notices = (await school.request('GET', `/api/v1/settlements/${s.json().id}/notices`)).json().items as Array<{ personName: string; token: string }>;
  for (const n of ['已缴丁', '转学癸']) ids[`t:${n}`] = notices.find((x) => x.personName === n)!.token;
  await pay(ids['t:转学癸']!, '转学癸');
  expect((await agency.request('POST', `/api/v1/persons/${ids['转学癸']}/transfer`, { unitId: otherUnitId })).statusCode).toBe(200);
});
afterAll(() => t.close());

async function pay(token: string, name: string) {
  const order = await t.app.inject({ method: 'POST', url: `/api/v1/pay/${token}/orders`, payload: { name, channel: 'sandbox' } });
  expect(order.statusCode, order.body).toBe(200);
  sandbox.pay(order.json().outTradeNo);
  await sandbox.settle();
}

describe('the uninsured list', () => {
  it('lists the undeclared and the unpaid of this school year’s classes, without graduates, leavers and stopped pupils', async () => {
    const r = await list(school);
    expect(names(r.items)).toEqual(['升级己', '已缴丁', '待确认戊', '未报丙', '未报乙', '未报甲'].sort());
    expect(r.counts).toEqual({ undeclared: 4, unpaid: 2 });
    expect(r.total).toBe(6);
    const by = Object.fromEntries(r.items.map((i) => [i.name, i]));
    expect(by['未报甲']).toMatchObject({ stage: 'undeclared', gradeCode: '01', gradeName: '小学一年级', className: '2班', reason: null });
    expect(by['未报甲']!.idNumberMasked).toMatch(/^\d{4}\*+\d{3}[\dX]$/);
    expect(by['待确认戊']!.stage).toBe('declared');
    expect(by['已缴丁']).toMatchObject({ stage: 'settled', daysSinceNotice: 0 });
    // Promotion on 1 September: registered as 一年级 in 2025, 二年级 now.
    expect(by['升级己']).toMatchObject({ gradeCode: '02', gradeName: '小学二年级' });
  });

  it('filters by this year’s grade, class and stage; shows graduates and leavers only when asked', async () => {
    expect(names((await list(school, '&gradeCode=01&className=2班&stage=undeclared')).items)).toEqual(['未报丙', '未报乙', '未报甲']);
    const unpaid = await list(school, '&stage=unpaid');
    expect(names(unpaid.items)).toEqual(['已缴丁', '待确认戊']);
    // The counts are of every stage whatever the page shows, and a page past the end still has them.
    expect({ counts: unpaid.counts, total: unpaid.total }).toEqual({ counts: { undeclared: 4, unpaid: 2 }, total: 2 });
    const past = await list(school, '&page=5&pageSize=2');
    expect({ items: past.items.length, counts: past.counts, total: past.total }).toEqual({ items: 0, counts: { undeclared: 4, unpaid: 2 }, total: 6 });
    const second = await list(school, '&page=2&pageSize=4');
    expect({ items: names(second.items).length, total: second.total }).toEqual({ items: 2, total: 6 });
    expect(names((await list(school, '&gradeCode=02')).items)).toEqual(['升级己']);
    const all = await list(school, '&includeGraduating=true');
    const by = Object.fromEntries(all.items.map((i) => [i.name, i]));
    expect(by['毕业庚']).toMatchObject({ graduating: true });
    expect(by['离校辛']).toMatchObject({ leaving: true });
    expect(by['减员壬']).toBeUndefined();
    expect(all.total).toBe(8);
  });

  it('drops a pupil the moment the money is in; a pupil covered by the previous school is nobody’s to chase', async () => {
    await pay(ids['t:已缴丁']!, '已缴丁');
    const r = await list(school);
    expect(r.items.map((i) => i.name)).not.toContain('已缴丁');
    expect(r.counts).toEqual({ undeclared: 4, unpaid: 1 });
    expect(names((await list(other)).items)).toEqual(['别校子']);
  });

  it('shows a unit only its own, whatever it asks; the agency sees a unit or the whole region', async () => {
    expect(names((await list(school, `&unitId=${otherUnitId}`)).items)).not.toContain('别校子');
    expect(names((await list(agency, `&unitId=${otherUnitId}`)).items)).toEqual(['别校子']);
    expect((await list(agency)).total).toBe(6);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/uninsured?year=${YEAR}` })).statusCode).toBe(401);
    const viewer = await login(t.app, (await buildUser(t.database.db, { role: 'viewer' })).username, TEST_PASSWORD);
    expect((await viewer.request('GET', `/api/v1/uninsured?year=${YEAR}`)).statusCode).toBe(403);
  });
});

describe('reasons', () => {
  it('records a reason per person and year, shows it on the list, replaces it when recorded again, and audits each', async () => {
    const res = await school.request('PUT', `/api/v1/persons/${ids['未报甲']}/uninsured-reason`, { year: YEAR, code: 'insured_elsewhere', note: '在老家参保' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ code: 'insured_elsewhere', text: '外地参保', note: '在老家参保' });
    let item = (await list(school)).items.find((i) => i.name === '未报甲')!;
    expect(item.reason).toMatchObject({ code: 'insured_elsewhere', text: '外地参保', note: '在老家参保' });
    await school.request('PUT', `/api/v1/persons/${ids['未报甲']}/uninsured-reason`, { year: YEAR, code: 'unreachable' });
    item = (await list(school)).items.find((i) => i.name === '未报甲')!;
    expect(item.reason).toMatchObject({ code: 'unreachable', text: '联系不上', note: null });
    const rows = await t.database.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('action', '=', 'uninsured_reason.recorded').orderBy('id').execute();
    expect(rows).toHaveLength(2);
    expect(rows[1]!.before).toEqual({ code: 'insured_elsewhere', note: '在老家参保' });
  });

  it('refuses an unknown code, "other" without a note, a paid pupil, and another unit’s pupil', async () => {
    const bad = await school.request('PUT', `/api/v1/persons/${ids['未报乙']}/uninsured-reason`, { year: YEAR, code: 'bribe' });
    expect(bad.statusCode).toBe(400);
    const noNote = await school.request('PUT', `/api/v1/persons/${ids['未报乙']}/uninsured-reason`, { year: YEAR, code: 'other' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'note', message: '选择“其他”时请填写说明' })]));
    const paid = await school.request('PUT', `/api/v1/persons/${ids['已缴丁']}/uninsured-reason`, { year: YEAR, code: 'unreachable' });
    expect(paid.statusCode).toBe(409);
    expect(paid.json().error.message).toBe('已缴丁 的 2027 年度已缴费，没有未参保原因');
    expect((await school.request('PUT', `/api/v1/persons/${ids['别校子']}/uninsured-reason`, { year: YEAR, code: 'unreachable' })).statusCode).toBe(404);
    // Row-level security holds the same line: in the school's scope the other school's reasons do not exist.
    await other.request('PUT', `/api/v1/persons/${ids['别校子']}/uninsured-reason`, { year: YEAR, code: 'with_family' });
    const seen = await sql<{ n: number }>`SELECT count(*)::int AS n FROM uninsured_reason`.execute(t.database.db);
    expect(seen.rows[0]!.n).toBe(2);
  });
});

describe('the export', () => {
  it('writes one sheet per class with masked numbers and the reasons, and audits it', async () => {
    const res = await school.request('GET', `/api/v1/uninsured/export?year=${YEAR}`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['小学一年级2班', '小学二年级1班']);
    const first = wb.worksheets[0]!;
    const header = (first.getRow(1).values as string[]).slice(1);
    const rows: Record<string, string>[] = [];
    first.eachRow((row, n) => n > 1 && rows.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).text]))));
    expect(rows.map((r) => r['姓名']).sort()).toEqual(['待确认戊', '未报丙', '未报乙', '未报甲'].sort());
    expect(rows.find((r) => r['姓名'] === '未报甲')).toMatchObject({ 参保情况: '未申报', 未参保原因: '联系不上' });
    expect(rows.every((r) => /\*/.test(r['证件号码']!))).toBe(true);
    expect((await t.database.db.selectFrom('audit_log').select('action').where('action', '=', 'uninsured.exported').execute()).length).toBe(1);
  });
});

describe('the class sheet (参保情况表)', () => {
  it('lists every pupil of the class, insured or not, with the stage and the reason, as the list says', async () => {
    const res = await school.request('GET', `/api/v1/class-sheets?year=${YEAR}&gradeCode=01&className=2班`);
    expect(res.statusCode, res.body).toBe(200);
    const { classes } = res.json() as { classes: Array<{ gradeName: string; className: string; counts: Record<string, number>; rows: Item[] }> };
    expect(classes).toHaveLength(1);
    expect(classes[0]).toMatchObject({ gradeName: '小学一年级', className: '2班', counts: { total: 5, paid: 1, uninsured: 4 } });
    const by = Object.fromEntries(classes[0]!.rows.map((r) => [r.name, r]));
    expect(by['已缴丁']).toMatchObject({ stage: 'paid', reason: null });
    expect(by['未报甲']!.reason).toMatchObject({ text: '联系不上' });
    // The sheet and the list agree on who is uninsured.
    const listed = (await list(school, '&gradeCode=01&className=2班')).items.map((i) => i.name).sort();
    expect(classes[0]!.rows.filter((r) => r.stage !== 'paid').map((r) => r.name).sort()).toEqual(listed);
    // Every class of the unit at once; the agency names the unit.
    const all = (await school.request('GET', `/api/v1/class-sheets?year=${YEAR}`)).json().classes as Array<{ className: string; gradeName: string }>;
    expect(all.map((c) => `${c.gradeName}${c.className}`)).toEqual(['小学一年级2班', '小学二年级1班']);
    expect((await agency.request('GET', `/api/v1/class-sheets?year=${YEAR}`)).statusCode).toBe(400);
    // The export is refused as a plain answer too, before any file is sent.
    const noUnit = await agency.request('GET', `/api/v1/class-sheets/export?year=${YEAR}`);
    expect(noUnit.statusCode).toBe(400);
    expect(noUnit.json().error.message).toBe('请选择单位');
    expect((await agency.request('GET', `/api/v1/class-sheets?year=${YEAR}&unitId=${schoolUnitId}`)).json().classes).toHaveLength(2);
    const xlsx = await school.request('GET', `/api/v1/class-sheets/export?year=${YEAR}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['小学一年级2班', '小学二年级1班']);
    expect(wb.worksheets[0]!.rowCount).toBe(6);
  });
});

describe('the progress board', () => {
  type Row = { key: string; label: string; roster: number; declared: number; confirmed: number; paid: number; exempt: number; uninsured: number; rate: number };
  const board = async (c: Client, groupBy = 'unit') => {
    const res = await c.request('GET', `/api/v1/progress?year=${YEAR}&groupBy=${groupBy}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { rows: Row[]; totals: Omit<Row, 'key' | 'label'> };
  };

  it('shows every unit, those that declared nobody too, with figures that agree with the lists; furthest behind first', async () => {
    await buildUnit(t.database.db, { name: '还没申报的幼儿园', kind: 'kindergarten' });
    const { rows, totals } = await board(agency);
    const by = Object.fromEntries(rows.map((r) => [r.label, r]));
    // 追缴小学: six on the roster (the graduate, the leaver, the stopped and the transferred are not), one covered.
    expect(by['追缴小学']).toMatchObject({ roster: 6, declared: 3, confirmed: 2, paid: 2, exempt: 0, uninsured: 5, rate: 16.7 });
    expect(by['追缴小学']!.uninsured).toBe((await list(school)).total);
    // 别的小学 declared nobody; the pupil who came covered from the first school counts as covered.
    expect(by['别的小学']).toMatchObject({ roster: 2, declared: 0, uninsured: 1, rate: 50 });
    expect(by['别的小学']!.uninsured).toBe((await list(other)).total);
    expect(by['还没申报的幼儿园']).toMatchObject({ roster: 0, declared: 0, rate: 0 });
    expect(rows.map((r) => r.label)).toEqual(['追缴小学', '别的小学', '还没申报的幼儿园']);
    expect(totals).toMatchObject({ roster: 8, declared: 3, paid: 2, uninsured: 6, rate: 25 });
  });

  it('groups by district, by unit type and by day with the same totals; the viewer reads it, a unit only its own line', async () => {
    const units = await board(agency);
    for (const g of ['district', 'schoolType']) {
      const grouped = await board(agency, g);
      expect(grouped.totals).toEqual(units.totals);
      expect(grouped.rows.reduce((n, r) => n + r.roster, 0)).toBe(units.totals.roster);
    }
    expect((await board(agency, 'schoolType')).rows.map((r) => r.label).sort()).toEqual(['小学', '幼儿园']);
    const days = (await board(agency, 'day')).rows;
    expect(days.length).toBeGreaterThan(0);
    expect(days[days.length - 1]).toMatchObject({ declared: 3, paid: 2 });
    const viewer = await login(t.app, (await buildUser(t.database.db, { role: 'viewer' })).username, TEST_PASSWORD);
    const seen = await board(viewer);
    expect(seen.totals).toEqual(units.totals);
    expect(JSON.stringify(seen)).not.toMatch(/未报甲|3205/);
    expect((await board(school)).rows.map((r) => r.label)).toEqual(['追缴小学']);
  });

  it('exports the board as xlsx with a total line', async () => {
    const res = await agency.request('GET', `/api/v1/progress/export?year=${YEAR}`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(ws.rowCount).getCell(1).text).toBe('合计');
    expect(ws.getRow(ws.rowCount).getCell(2).text).toBe('8');
  });
});

describe('this school year’s grade in SQL', () => {
  it('canbao_grade_for and canbao_graduated agree with placementFor', async () => {
    const grade = fc.constantFrom(null, '00', '01', '03', '06', '11', '13', '14', '16', '17', '19', '21', '24', '25', '26', '31', '99');
    const year = fc.option(fc.integer({ min: 2010, max: 2030 }), { nil: null });
    await fc.assert(
      fc.asyncProperty(grade, year, year, fc.integer({ min: 2015, max: 2032 }), async (gradeCode, entryYear, expectedGraduationYear, insuranceYear) => {
        const r = await sql<{ g: string | null; d: boolean }>`SELECT canbao_grade_for(${gradeCode}::text, ${entryYear}::int, ${expectedGraduationYear}::int, ${insuranceYear}::int) AS g,
                 canbao_graduated(${gradeCode}::text, ${entryYear}::int, ${expectedGraduationYear}::int, ${insuranceYear}::int) AS d`.execute(t.database.db);
        expect({ gradeCode: r.rows[0]!.g, graduated: r.rows[0]!.d }).toEqual(placementFor({ gradeCode, entryYear, expectedGraduationYear }, insuranceYear));
      }),
      { numRuns: 300 },
    );
  });
});

describe('the region’s own reasons and the class teachers’ sheets', () => {
  type Option = { code: string; name: string; needsNote: boolean };
  const options = async () => ((await school.request('GET', `/api/v1/uninsured-reasons?year=${YEAR}`)).json() as { items: Option[] }).items;

  it('offers the built-in reasons, then the region’s own from its profile before 其他, and records one of them', async () => {
    const built = await options();
    expect(built.map((o) => o.name)).toEqual(['外地参保', '职工医保', '随家庭参保', '家长不愿参保', '联系不上', '转学离校', '其他']);
    expect(built.at(-1)).toEqual({ code: 'other', name: '其他', needsNote: true });
    // The region adds 入伍 and 出国（境）, the latter with a note, to this year's profile.
    const own = [
      { code: 'enlisted', name: '入伍', source: { notice: '000', section: '四.6' } },
      { code: 'abroad', name: '出国（境）', needsNote: true, source: { notice: '000', section: '四.6' } },
    ];
    await sql`UPDATE policy_profile SET body = jsonb_set(body, '{uninsuredReasons}', ${JSON.stringify(own)}::jsonb)
      WHERE region_code = '320500' AND insurance_year = ${YEAR}`.execute(t.database.db);
    expect((await options()).map((o) => o.name)).toEqual(['外地参保', '职工医保', '随家庭参保', '家长不愿参保', '联系不上', '转学离校', '入伍', '出国（境）', '其他']);
    const res = await school.request('PUT', `/api/v1/persons/${ids['未报丙']}/uninsured-reason`, { year: YEAR, code: 'enlisted' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await list(school)).items.find((i) => i.name === '未报丙')!.reason).toMatchObject({ code: 'enlisted', text: '入伍' });
    const noNote = await school.request('PUT', `/api/v1/persons/${ids['未报丙']}/uninsured-reason`, { year: YEAR, code: 'abroad' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.message).toBe('选择“出国（境）”时请填写说明');
    // Another year has no such reason.
    expect((await school.request('PUT', `/api/v1/persons/${ids['未报丙']}/uninsured-reason`, { year: 2026, code: 'enlisted' })).statusCode).toBe(400);
  });

  it('has a template with the columns of the class teacher’s sheet', async () => {
    const res = await school.request('GET', '/api/v1/import-templates/uninsured_reasons');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('未参保原因')!;
    expect((sheet.getRow(1).values as string[]).slice(1)).toEqual(['姓名', '证件类型', '证件号码', '参保年度', '未参保原因', '原因说明']);
  });

  async function importSheet(c: Client, lines: string[]) {
    const created = await c.request('POST', '/api/v1/imports', { kind: 'uninsured_reasons', fileName: '一年级2班.csv' });
    expect(created.statusCode, created.body).toBe(201);
    const jobId = created.json().job.id as string;
    const body = Buffer.from(['姓名,证件号码,参保年度,未参保原因,原因说明', ...lines].join('\n') + '\n', 'utf8');
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/imports/${jobId}/file`, payload: body, headers: { cookie: c.cookie, 'x-csrf-token': c.csrfToken, 'content-type': 'text/csv' } });
    expect(put.statusCode, put.body).toBe(200);
    await readSettled(jobId);
    const preview = (await c.request('GET', `/api/v1/imports/${jobId}`)).json().job as { status: string; counts: Record<string, number> };
    const errors = ((await c.request('GET', `/api/v1/imports/${jobId}/rows?outcome=error`)).json().items as Array<{ name: string; errors: Array<{ message: string }> }>)
      .map((r) => `${r.name}: ${r.errors.map((e) => e.message).join('；')}`);
    const done = await c.request('POST', `/api/v1/imports/${jobId}/commit`, { allowErrors: true });
    if (done.statusCode === 202) await commitSettled(jobId);
    const job = (await c.request('GET', `/api/v1/imports/${jobId}`)).json().job as { status: string; counts: Record<string, number> };
    return { preview, errors, job };
  }

  it('imports a sheet of reasons for the school’s own unpaid pupils; refuses the rest row by row; a second import changes nothing', async () => {
    const lines = [
      `未报乙,${docs['未报乙']},${YEAR},随家庭参保,`,
      `待确认戊,${docs['待确认戊']},${YEAR},出国（境）,随父母出国`,
      `别校子,${docs['别校子']},${YEAR},外地参保,`,
      `已缴丁,${docs['已缴丁']},${YEAR},联系不上,`,
      `升级己,${docs['升级己']},${YEAR},不想交,`,
      `张冠李,${docs['未报甲']},${YEAR},外地参保,`,
      `减员壬,${docs['减员壬']},${YEAR},转学离校,`,
    ];
    const first = await importSheet(school, lines);
    expect(first.preview).toMatchObject({ status: 'validated', counts: { matched: 2, error: 5 } });
    expect(first.errors).toHaveLength(5);
    expect(first.errors).toEqual(
      expect.arrayContaining([
        '别校子: 该证件号码不是本单位登记的人员',
        '已缴丁: 该人员 2027 年度已缴费，没有未参保原因',
        expect.stringMatching(/^升级己: 未参保原因“不想交”不在本统筹区 2027 年度的原因列表中（外地参保、.*、入伍、出国（境）、其他）$/),
        '张冠李: 姓名与登记的“未报甲”不一致，请核对证件号码',
        '减员壬: 该人员已减员，不需登记未参保原因',
      ]),
    );
    expect(first.job).toMatchObject({ status: 'committed', counts: { recorded: 2, error: 5 } });
    const by = Object.fromEntries((await list(school)).items.map((i) => [i.name, i.reason]));
    expect(by['未报乙']).toMatchObject({ code: 'with_family', text: '随家庭参保', note: null });
    expect(by['待确认戊']).toMatchObject({ code: 'abroad', text: '出国（境）', note: '随父母出国' });
    // The other school's pupil keeps the reason its own school gave.
    expect((await list(other)).items.find((i) => i.name === '别校子')!.reason).toMatchObject({ code: 'with_family' });
    const audits = await t.database.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'uninsured_reason.recorded').where('entity_id', 'in', [ids['未报乙']!, ids['待确认戊']!]).execute();
    expect(audits).toHaveLength(2);

    const again = await importSheet(school, lines.slice(0, 2));
    expect(again.preview.counts).toEqual({ unchanged: 2 });
  });

  it('has the agency name the school it imports into', async () => {
    const created = await agency.request('POST', '/api/v1/imports', { kind: 'uninsured_reasons', fileName: 'x.csv' });
    expect(created.statusCode).toBe(400);
    const into = await agency.request('POST', '/api/v1/imports', { kind: 'uninsured_reasons', fileName: 'x.csv', unitId: schoolUnitId });
    expect(into.statusCode, into.body).toBe(201);
  });
});

describe('reminders: the notices of the unpaid printed again', () => {
  it('re-prints the open notices of a class as they were, dates and counts each reminder, and audits it', async () => {
    const d = await school.request('POST', '/api/v1/declarations', { year: YEAR, personId: ids['未报乙'] });
    expect(d.statusCode, d.body).toBe(201);
    await school.request('POST', '/api/v1/declarations/confirm', { year: YEAR, ids: [d.json().id] });
    const s = await school.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' });
    expect(s.statusCode, s.body).toBe(201);
    const issued = (await school.request('GET', `/api/v1/settlements/${s.json().id}/notices`)).json().items as Array<{ token: string }>;

    const remind = (c: Client, body: Record<string, unknown>) => c.request('POST', '/api/v1/uninsured/reminders', { year: YEAR, ...body });
    const first = await remind(school, { gradeCode: '01', className: '2班' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ year: YEAR, unitName: '追缴小学', payBy: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const items = first.json().items as Array<{ personName: string; token: string; reminderCount: number; sentAt: string; remindedAt: string; settlementNumber: string; documentNumber: string; gradeCode: string }>;
    expect(items.map((n) => n.personName)).toEqual(['未报乙']);
    // The same notice (same QR code), not a new one; the number masked.
    expect(items[0]).toMatchObject({ token: issued[0]!.token, reminderCount: 1, settlementNumber: s.json().number, gradeCode: '01' });
    expect(items[0]!.documentNumber).toMatch(/\*/);
    expect((await remind(school, { gradeCode: '01', className: '2班' })).json().items[0].reminderCount).toBe(2);
    // Another class has nobody waiting; another school's list is its own.
    expect((await remind(school, { gradeCode: '02' })).json().items).toEqual([]);
    expect((await remind(other, { unitId: schoolUnitId })).json().items).toEqual([]);
    const noUnit = await remind(agency, {});
    expect(noUnit.statusCode).toBe(400);
    expect((await remind(agency, { unitId: schoolUnitId })).json().items[0].reminderCount).toBe(3);

    // The list says when the family was last reminded, how often, and whom to phone (masked).
    const item = (await list(school)).items.find((i) => i.name === '未报乙') as Item & Record<string, unknown>;
    expect(item).toMatchObject({ stage: 'settled', reminderCount: 3, contactName: '家长', contactRelation: '父母', contactPhoneMasked: '139****5678' });
    expect(item.noticeRemindedAt).toEqual(t.clock.now().toISOString());
    const audits = await t.database.db.selectFrom('audit_log').select('actor_username').where('action', '=', 'notice.reminded').execute();
    expect(audits).toHaveLength(3);
  });
});

describe('the daily report (每天通报)', () => {
  type Figures = { roster: number; declared: number; paid: number; uninsured: number; rate: number };
  type Report = { date: string; previousDate: string | null; generatedBy: string | null; totals: Figures; change: Figures | null; districts: Array<{ label: string }>; units: Array<{ key: string; label: string; declared: number; change: Figures | null }> };

  it('keeps the day as it stood, reopens an earlier day unchanged, and states the change since the day before', async () => {
    const first = await agency.request('POST', '/api/v1/daily-reports', { year: YEAR });
    expect(first.statusCode, first.body).toBe(200);
    const day1 = first.json() as Report;
    const board = (await agency.request('GET', `/api/v1/progress?year=${YEAR}&groupBy=district`)).json();
    expect(day1).toMatchObject({ date: '2026-11-23', previousDate: null, change: null });
    expect(day1.generatedBy).toBeTruthy();
    expect(day1.totals).toEqual(board.totals);
    expect(day1.districts.map((r) => r.label)).toEqual(board.rows.map((r: { label: string }) => r.label));
    expect(day1.units.find((u) => u.key === schoolUnitId)).toMatchObject({ label: '追缴小学' });

    // The next day a pupil is declared; the day is kept again and compared with the first.
    t.clock.advanceMinutes(24 * 60);
    const admin = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
    const viewer = await login(t.app, (await buildUser(t.database.db, { role: 'viewer' })).username, TEST_PASSWORD);
    const s = await login(t.app, (await t.database.db.selectFrom('app_user').select('username').where('unit_id', '=', schoolUnitId).executeTakeFirstOrThrow()).username, TEST_PASSWORD);
    expect((await s.request('POST', '/api/v1/declarations', { year: YEAR, personId: ids['未报甲'] })).statusCode).toBe(201);
    const day2 = (await admin.request('POST', '/api/v1/daily-reports', { year: YEAR })).json() as Report;
    expect(day2).toMatchObject({ date: '2026-11-24', previousDate: '2026-11-23' });
    expect(day2.totals.declared).toBe(day1.totals.declared + 1);
    expect(day2.change).toMatchObject({ declared: 1, paid: 0 });
    expect(day2.units.find((u) => u.key === schoolUnitId)!.change).toMatchObject({ declared: 1 });
    // Kept again the same day: still one report for the day.
    expect((await admin.request('POST', '/api/v1/daily-reports', { year: YEAR })).statusCode).toBe(200);

    const listed = (await viewer.request('GET', `/api/v1/daily-reports?year=${YEAR}`)).json().items as Array<{ date: string }>;
    expect(listed.map((i) => i.date)).toEqual(['2026-11-24', '2026-11-23']);
    const again = (await viewer.request('GET', `/api/v1/daily-reports/2026-11-23?year=${YEAR}`)).json() as Report;
    expect(again.totals).toEqual(day1.totals);
    const missing = await viewer.request('GET', `/api/v1/daily-reports/2026-11-20?year=${YEAR}`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe('2026-11-20 没有保存 2027 年度的通报');
    // A unit has the board's own line, not the region's report; the viewer reads but does not keep.
    expect((await s.request('GET', `/api/v1/daily-reports?year=${YEAR}`)).statusCode).toBe(403);
    expect((await viewer.request('POST', '/api/v1/daily-reports', { year: YEAR })).statusCode).toBe(403);

    const xlsx = await viewer.request('GET', `/api/v1/daily-reports/2026-11-24/export?year=${YEAR}`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按区县', '按单位']);
    expect(wb.worksheets[0]!.getRow(1).getCell(4).value).toBe('较前日');
    expect(wb.worksheets[1]!.getRow(1).getCell(2).value).toBe('区县');
    expect(wb.worksheets[1]!.rowCount).toBe(day2.units.length + 1);
  });

  it('is kept by the server at the day’s end when nobody kept it, once however often it tries', async () => {
    t.clock.advanceMinutes(24 * 60);
    expect(await keepMissingDailyReports(t.database.db, t.config, t.clock.now())).toBe(1);
    expect(await keepMissingDailyReports(t.database.db, t.config, t.clock.now())).toBe(0);
    const kept = await t.database.db.selectFrom('daily_report').select(['report_date', 'generated_by']).where('report_date', '=', '2026-11-25').execute();
    expect(kept).toEqual([{ report_date: '2026-11-25', generated_by: null }]);
    const audit = await t.database.db.selectFrom('audit_log').select(['actor_username', 'actor_user_id']).where('action', '=', 'daily_report.kept').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_username: 'daily-report', actor_user_id: null });
  });
});

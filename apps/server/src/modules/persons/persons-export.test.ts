import { computeResidentIdCheckChar } from '@canbao/domain';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, buildUnitWithOperator, buildUser } from '../../test/factories';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';

let t: TestApp;
let admin: Client;
let a: Client;
let b: Client;
let unitA: string;
let unitB: string;
let seq = 300;
/** A fresh valid resident ID for a child born on the given date in 姑苏区. */
const newId = (birth = '20160301', gender: 'male' | 'female' = 'male') => {
  seq += 2;
  const s = String(seq).padStart(3, '0').slice(-3);
  const digit = gender === 'male' ? (Number(s) | 1) % 10 : (Number(s) & ~1) % 10;
  const first17 = `320508${birth}${s.slice(0, 2)}${digit}`;
  return first17 + computeResidentIdCheckChar(first17);
};

const HEADERS = [
  '姓名', '证件类型', '证件号码', '性别', '出生日期', '民族', '户籍类型', '户籍区县', '户籍街道（乡镇）', '代办单位', '年级', '班级', '学号',
  '入学年份', '预计毕业年份', '联系电话', '监护人', '监护人关系', '监护人电话', '社保卡', '状态', '减员原因', '减员日期',
];

const ids = { girl: newId('20160301', 'female'), boy: newId('20160402', 'male'), otherClass: newId('20160503'), stopped: newId('20160604'), ofB: newId('20160705') };

type Sheet = { headers: string[]; rows: Record<string, string>[]; ws: ExcelJS.Worksheet; text: string };

/** The exported workbook's one sheet: header names, rows as header → text, and all cell text together. */
async function readExport(res: LightMyRequestResponse): Promise<Sheet> {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  expect(wb.worksheets).toHaveLength(1);
  const ws = wb.worksheets[0]!;
  const headers = (ws.getRow(1).values as string[]).slice(1);
  const rows: Record<string, string>[] = [];
  const texts: string[] = [];
  ws.eachRow((row, n) => {
    texts.push(...(row.values as unknown[]).map((v) => String(v ?? '')));
    if (n === 1) return;
    rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).text])));
  });
  return { headers, rows, ws, text: texts.join('\n') };
}

beforeAll(async () => {
  t = await buildTestApp();
  admin = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
  const A = await buildUnitWithOperator(t.database.db, { name: '甲小学' });
  const B = await buildUnitWithOperator(t.database.db, { name: '乙小学' });
  unitA = A.unit.id;
  unitB = B.unit.id;
  a = await login(t.app, A.operator.username, TEST_PASSWORD);
  b = await login(t.app, B.operator.username, TEST_PASSWORD);
  const register = async (c: Client, body: object) => {
    const res = await c.request('POST', '/api/v1/persons', { documentType: '01', hukouType: 'local_urban', gradeCode: '03', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().person as { id: string };
  };
  await register(a, {
    documentNumber: ids.girl,
    name: '林晓雨',
    className: '3班',
    studentNumber: 'G3205082016030100',
    phone: '13912345678',
    guardian: { name: '林建国', relation: '父亲', phone: '13887654321' },
  });
  await register(a, { documentNumber: ids.boy, name: '王小虎', className: '3班', hukouType: 'local_rural' });
  await register(a, { documentNumber: ids.otherClass, name: '赵四班', className: '4班', hukouType: 'nonlocal' });
  const stopped = await register(a, { documentNumber: ids.stopped, name: '钱已走', className: '3班' });
  expect((await a.request('POST', `/api/v1/persons/${stopped.id}/stop`, { reason: 'moved_away' })).statusCode).toBe(204);
  await register(b, { documentNumber: ids.ofB, name: '乙校学生', className: '3班' });
});
afterAll(() => t.close());

describe('[PERSONS] export to xlsx', () => {
  it('streams the filtered list with Chinese headers, readable values and masked numbers', async () => {
    const res = await a.request('GET', `/api/v1/persons/export?className=${encodeURIComponent('3班')}&status=active`);
    expect(res.headers['content-type']).toContain('spreadsheetml.sheet');
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment;/);
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('参保人员_2026-11-23.xlsx')}`);
    expect(res.headers['cache-control']).toBe('no-store');

    const sheet = await readExport(res);
    expect(sheet.headers).toEqual(HEADERS);
    expect(sheet.rows.map((r) => r['姓名']).sort()).toEqual(['林晓雨', '王小虎']);
    const girl = sheet.rows.find((r) => r['姓名'] === '林晓雨')!;
    expect(girl).toMatchObject({
      证件类型: '居民身份证（户口簿）',
      证件号码: `${ids.girl.slice(0, 4)}**********${ids.girl.slice(-4)}`,
      性别: '女',
      出生日期: '2016-03-01',
      户籍类型: '本市城镇',
      代办单位: '甲小学',
      年级: '小学三年级',
      班级: '3班',
      学号: 'G3205082016030100',
      联系电话: '139****5678',
      监护人: '林建国',
      监护人关系: '父亲',
      监护人电话: '138****4321',
      社保卡: '未知',
      状态: '在册',
    });
    expect(sheet.rows.find((r) => r['姓名'] === '王小虎')).toMatchObject({ 性别: '男', 户籍类型: '本市农村' });
    // Nobody gets a full number from an export.
    for (const full of [ids.girl, ids.boy, '13912345678', '13887654321']) expect(sheet.text).not.toContain(full);

    // A bold, frozen header row and set widths.
    expect(sheet.ws.getRow(1).font?.bold).toBe(true);
    expect(sheet.ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.ws.getColumn(3).width).toBeGreaterThanOrEqual(20);
  });

  it('applies every list filter: q, gradeCode, status; a full ID number finds its person', async () => {
    const byName = await readExport(await a.request('GET', `/api/v1/persons/export?q=${encodeURIComponent('赵四')}`));
    expect(byName.rows.map((r) => r['姓名'])).toEqual(['赵四班']);
    expect(byName.rows[0]).toMatchObject({ 户籍类型: '外地', 班级: '4班' });
    const byNumber = await readExport(await a.request('GET', `/api/v1/persons/export?q=${ids.boy}`));
    expect(byNumber.rows.map((r) => r['姓名'])).toEqual(['王小虎']);
    // A stopped person has left the unit; the unit that stopped it still lists it (read-only), as the agency does.
    const stoppedOfA = await readExport(await a.request('GET', '/api/v1/persons/export?status=stopped'));
    expect(stoppedOfA.rows.map((r) => r['姓名'])).toEqual(['钱已走']);
    expect((await readExport(await b.request('GET', '/api/v1/persons/export?status=stopped'))).rows).toHaveLength(0);
    const stopped = await readExport(await admin.request('GET', '/api/v1/persons/export?status=stopped'));
    expect(stopped.rows).toHaveLength(1);
    expect(stopped.rows[0]).toMatchObject({ 姓名: '钱已走', 状态: '已减员', 代办单位: '' });
    expect(stopped.rows[0]!['减员原因']).toContain('迁出');
    expect(stopped.rows[0]!['减员日期']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const otherGrade = await readExport(await a.request('GET', '/api/v1/persons/export?gradeCode=05'));
    expect(otherGrade.rows).toHaveLength(0);
    expect(otherGrade.headers).toEqual(HEADERS);
  });

  it('a unit operator exports only its own persons, whatever the filter asks', async () => {
    const all = await readExport(await a.request('GET', '/api/v1/persons/export'));
    expect(all.rows.map((r) => r['姓名']).sort()).toEqual(['林晓雨', '王小虎', '赵四班', '钱已走'].sort());
    expect(all.text).not.toContain('乙校学生');
    expect(all.text).not.toContain('乙小学');
    const asking = await readExport(await a.request('GET', `/api/v1/persons/export?unitId=${unitB}`));
    expect(asking.rows).toHaveLength(0);
    const ofB = await readExport(await b.request('GET', '/api/v1/persons/export'));
    expect(ofB.rows.map((r) => r['姓名'])).toEqual(['乙校学生']);
  });

  it('the agency exports the region or one unit, still masked', async () => {
    const region = await readExport(await admin.request('GET', `/api/v1/persons/export?className=${encodeURIComponent('3班')}`));
    expect(region.rows.map((r) => r['姓名']).sort()).toEqual(['乙校学生', '林晓雨', '王小虎', '钱已走'].sort());
    expect(region.text).not.toContain(ids.ofB);
    const one = await readExport(await admin.request('GET', `/api/v1/persons/export?unitId=${unitB}`));
    expect(one.rows).toEqual([expect.objectContaining({ 姓名: '乙校学生', 代办单位: '乙小学', 证件号码: `${ids.ofB.slice(0, 4)}**********${ids.ofB.slice(-4)}` })]);
    expect(one.text).not.toContain(ids.ofB);
  });

  it('writes an audit row with the filter and the row count, no personal data', async () => {
    const res = await a.request('GET', `/api/v1/persons/export?className=${encodeURIComponent('3班')}&q=${ids.girl}`);
    expect((await readExport(res)).rows).toHaveLength(1);
    const row = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'person.exported')
      .where('request_id', '=', String(res.headers['x-request-id']))
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ entity_type: 'person', unit_id: unitA, actor_role: 'unit_operator' });
    const after = row.after as { filter: Record<string, string>; rows: number; complete: boolean };
    expect(after).toMatchObject({ rows: 1, complete: true, filter: { className: '3班' } });
    expect(Object.keys(after.filter).sort()).toEqual(['className', 'q']);
    // The query was a full ID number: stored masked, like every personal number in the trail.
    expect(JSON.stringify(row.after)).not.toContain(ids.girl);
    expect(JSON.stringify(row.after)).not.toContain('林晓雨');
  });

  it('pages through more rows than one page holds, each person once', async () => {
    const bulk = await buildUnitWithOperator(t.database.db, { name: '丙学校' });
    const n = 2_345;
    await t.database.db
      .insertInto('person')
      .values(
        Array.from({ length: n }, (_, i) => ({
          region_code: '320500',
          document_type: '08',
          document_number: `E${String(i).padStart(8, '0')}`,
          name: `学生${i}`,
          gender: i % 2 ? ('male' as const) : ('female' as const),
          birth_date: '2015-01-01',
          hukou_type: 'nonlocal' as const,
          unit_id: bulk.unit.id,
          grade_code: '04',
          class_name: `${(i % 9) + 1}班`,
        })),
      )
      .execute();
    const sheet = await readExport(await admin.request('GET', `/api/v1/persons/export?unitId=${bulk.unit.id}`));
    expect(sheet.rows).toHaveLength(n);
    expect(new Set(sheet.rows.map((r) => r['证件号码'])).size).toBe(n);
    expect(sheet.rows[0]!['证件号码']).toMatch(/^E000\*/);
  });

  it('needs a session, a role that reads persons and a valid filter', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/persons/export' })).statusCode).toBe(401);
    const viewer = await login(t.app, (await buildUser(t.database.db, { role: 'viewer' })).username, TEST_PASSWORD);
    expect((await viewer.request('GET', '/api/v1/persons/export')).statusCode).toBe(403);
    const bad = await a.request('GET', '/api/v1/persons/export?status=gone');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('[PERSONS] export neutralises formulas', () => {
  it('a person named like a formula goes out as text with a quote in front, as does every such cell', async () => {
    const hyperlink = '=HYPERLINK("http://x","y")';
    // Written around the validators (data of an older system): whatever is in the register, the file stays text.
    await t.database.db.updateTable('person').set({ name: hyperlink, class_name: '@3班', guardian_name: '+1+1' }).where('document_number', '=', ids.boy).execute();
    const sheet = await readExport(await a.request('GET', '/api/v1/persons/export'));
    const boy = sheet.rows.find((r) => r['姓名']?.includes('HYPERLINK'))!;
    expect([boy['姓名'], boy['班级'], boy['监护人']]).toEqual([`'${hyperlink}`, "'@3班", "'+1+1"]);
    sheet.ws.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });
});

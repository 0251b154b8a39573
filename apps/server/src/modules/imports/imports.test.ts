import { computeResidentIdCheckChar } from '@canbao/domain';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inScope } from '../../db/database';
import { TEST_PASSWORD, buildUnitWithOperator, buildUser } from '../../test/factories';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { png } from '../../test/images';
import { commitFaults, commitSettled, readSettled } from './imports.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const id = (first17: string) => first17 + computeResidentIdCheckChar(first17);
/** Valid pupil numbers of 姑苏区, born 2017-2019, distinct per n. */
const pupil = (n: number) => id(`3205082018${String(1 + (n % 12)).padStart(2, '0')}${10 + (n % 18)}${String(n).padStart(3, '0')}`);
const HEADERS = ['姓名', '证件号码', '户籍类型', '户籍所在地代码', '年级', '班级', '联系电话'];

async function xlsx(sheets: { name: string; rows: unknown[][] }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

let t: TestApp;
let a: Client;
let b: Client;
let unitA: string;
let unitB: string;

async function upload(c: Client, fileName: string, body: Buffer, type = XLSX, kind = 'enrollment') {
  const created = await c.request('POST', '/api/v1/imports', { kind, fileName });
  expect(created.statusCode, created.body).toBe(201);
  const jobId = created.json().job.id as string;
  const res = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/imports/${jobId}/file`,
    payload: body,
    headers: { cookie: c.cookie, 'x-csrf-token': c.csrfToken, 'content-type': type },
  });
  // The file is stored by the PUT and read in the background; the job then shows the preview (or the failure).
  if (res.statusCode === 200) await readSettled(jobId);
  const job = (await c.request('GET', `/api/v1/imports/${jobId}`)).json().job;
  // A read that failed says why, instead of an empty count further down.
  if (res.statusCode === 200 && job.status !== 'validated') console.error(`import ${fileName}: ${job.status} ${job.message ?? ''}`);
  return { jobId, res, job };
}

async function commit(c: Client, jobId: string, allowErrors = false) {
  const res = await c.request('POST', `/api/v1/imports/${jobId}/commit`, { allowErrors });
  if (res.statusCode === 202) await commitSettled(jobId);
  const job = (await c.request('GET', `/api/v1/imports/${jobId}`)).json().job;
  return { res, job };
}

const personCount = async (unitId: string) =>
  Number((await t.database.db.selectFrom('person').select((eb) => eb.fn.countAll<string>().as('n')).where('unit_id', '=', unitId).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  t = await buildTestApp();
  const A = await buildUnitWithOperator(t.database.db, { name: '甲小学' });
  const B = await buildUnitWithOperator(t.database.db, { name: '乙小学' });
  unitA = A.unit.id;
  unitB = B.unit.id;
  a = await login(t.app, A.operator.username, TEST_PASSWORD);
  b = await login(t.app, B.operator.username, TEST_PASSWORD);
});
afterAll(() => t.close());

describe('[IMPORT] templates', () => {
  it('the enrollment template has instructions, both lists, notes on headers and drop-downs', async () => {
    const res = await a.request('GET', '/api/v1/import-templates/enrollment');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['填写说明', '代码表', '参保学生', '未参保学生']);
    const data = wb.getWorksheet('参保学生')!;
    const headers = (data.getRow(1).values as string[]).slice(1);
    expect(headers).toEqual(expect.arrayContaining(['姓名', '证件号码', '户籍类型', '年级', '班级']));
    expect(headers).not.toContain('未参保原因');
    expect((wb.getWorksheet('未参保学生')!.getRow(1).values as string[]).slice(1)).toContain('未参保原因');
    const nameCell = data.getRow(1).getCell(headers.indexOf('证件号码') + 1);
    expect(JSON.stringify(nameCell.note)).toContain('18 位');
    const hukouCol = headers.indexOf('户籍类型') + 1;
    const dv = data.getCell(2, hukouCol).dataValidation;
    expect(dv?.type).toBe('list');
    expect(wb.getWorksheet('填写说明')!.getColumn(4).values).toContain('320508201805090247');
  });

  it('an unknown kind is a clear 400', async () => {
    const res = await a.request('GET', '/api/v1/import-templates/nonsense');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('不支持的导入类型');
  });
});

describe('[IMPORT] enrollment file', () => {
  let jobId: string;
  const good = [1, 2, 3, 4, 5].map(pupil);
  const badCheck = pupil(6).slice(0, 17) + (pupil(6).endsWith('1') ? '2' : '1');

  it('reads, checks every cell and previews counts without writing anything', async () => {
    const body = await xlsx([
      {
        name: '参保学生',
        rows: [
          ['2026年度 甲小学 学生参保名单'],
          [...HEADERS, '备注'],
          ['张一', good[0], '本市城镇', '320508', '01', '1班', '13912345678', 'x'],
          ['张二', good[1], '本市农村', '', '小学一年级', '1班', '', ''],
          ['张三', good[2], '外地', '', '1', '2班', '', ''],
          ['', badCheck, '火星', '', '99', '2班', '123', ''],
          ['张五', good[0], '本市城镇', '', '01', '2班', '', ''],
          ['张六', good[3], '本市城镇', '320599', '01', '2班', '', ''],
        ],
      },
      { name: '未参保学生', rows: [[...HEADERS, '未参保原因'], ['李七', good[4], '本市城镇', '', '01', '1班', '', '已在户籍地参保']] },
    ]);
    const up = await upload(a, '甲小学名单.xlsx', body);
    expect(up.res.statusCode, up.res.body).toBe(200);
    jobId = up.jobId;
    expect(up.res.json().job.status).toBe('reading');
    const job = up.job;
    expect(job.status).toBe('validated');
    expect(job.rowsTotal).toBe(7);
    expect(job.counts).toEqual({ new: 4, error: 3 });
    expect(job.fileBytes).toBe(body.length);
    expect(await personCount(unitA)).toBe(0);

    const rows = (await a.request('GET', `/api/v1/imports/${jobId}/rows?outcome=error`)).json();
    expect(rows.total).toBe(3);
    const byRow = Object.fromEntries(rows.items.map((r: { rowNo: number; errors: { column: string; message: string }[] }) => [r.rowNo, r.errors]));
    // Row numbers are the sheet's own (the title line and header come first).
    expect(byRow[6].map((e: { column: string }) => e.column).sort()).toEqual(['姓名', '年级', '户籍类型', '联系电话', '证件号码'].sort());
    expect(byRow[7][0]).toMatchObject({ column: '证件号码', message: expect.stringContaining('第 3 行') });
    expect(byRow[8][0]).toMatchObject({ column: '户籍所在地代码', message: expect.stringContaining('320599') });
  });

  it('refuses to commit with errors unless told to skip them', async () => {
    const { res } = await commit(a, jobId);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('有 3 行存在错误');
    expect(await personCount(unitA)).toBe(0);
  });

  it('the error report has the original rows, a reason column and the bad cells marked', async () => {
    const res = await a.request('GET', `/api/v1/imports/${jobId}/error-report`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('参保学生')!;
    const headers = (ws.getRow(1).values as string[]).slice(1);
    expect(headers).toEqual([...HEADERS, '备注', '错误原因', '原行号']);
    expect(ws.rowCount).toBe(4);
    const bad = ws.getRow(2);
    expect(bad.getCell(headers.indexOf('原行号') + 1).value).toBe(6);
    const idCell = bad.getCell(2);
    expect(idCell.value).toBe(badCheck);
    expect((idCell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(JSON.stringify(idCell.note)).toContain('校验');
    expect(String(bad.getCell(headers.indexOf('错误原因') + 1).value)).toContain('户籍类型');
    expect((bad.getCell(4).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).not.toBe('FFFFC7CE');
  });

  it('a failure inside the commit leaves no persons and the job can be committed again', async () => {
    commitFaults.afterWrite = () => {
      throw new Error('simulated crash after the rows were written');
    };
    try {
      const { res, job } = await commit(a, jobId, true);
      expect(res.statusCode).toBe(202);
      expect(job.status).toBe('validated');
      expect(job.message).toContain('未写入任何数据');
    } finally {
      delete commitFaults.afterWrite;
    }
    expect(await personCount(unitA)).toBe(0);
    const audit = await t.database.db.selectFrom('audit_log').select('id').where('action', '=', 'person.registered').execute();
    expect(audit).toHaveLength(0);
  });

  it('a commit another instance has just started is left alone; one whose instance died is given back once stale', async () => {
    // As another instance leaves it between marking the job committing and its commit transaction taking the lock.
    const mark = (updatedAt: Date) => t.database.db.updateTable('import_job').set({ status: 'committing', updated_at: updatedAt }).where('id', '=', jobId).execute();
    await mark(t.clock.now());
    expect((await a.request('GET', `/api/v1/imports/${jobId}`)).json().job.status).toBe('committing');
    await mark(new Date(t.clock.now().getTime() - 31_000));
    const recovered = (await a.request('GET', `/api/v1/imports/${jobId}`)).json().job;
    expect(recovered.status).toBe('validated');
    expect(recovered.message).toContain('提交时服务中断，未写入任何数据');
    expect(await personCount(unitA)).toBe(0);
  });

  it('commits the valid rows in one go, with memberships and an audit row per person', async () => {
    const { res, job } = await commit(a, jobId, true);
    expect(res.statusCode).toBe(202);
    expect(job.status, job.message).toBe('committed');
    expect(job.counts).toMatchObject({ created: 4, error: 3 });
    expect(await personCount(unitA)).toBe(4);
    const li = await t.database.db.selectFrom('person').selectAll().where('document_number', '=', good[4]!).executeTakeFirstOrThrow();
    expect(li).toMatchObject({ enrolls_through_unit: false, not_enrolled_reason: '已在户籍地参保', unit_id: unitA, gender: expect.any(String) });
    const liShown = (await a.request('GET', `/api/v1/persons/${li.id}`)).json().person;
    expect([liShown.enrollsThroughUnit, liShown.notEnrolledReason]).toEqual([false, '已在户籍地参保']);
    const zhang = await t.database.db.selectFrom('person').selectAll().where('document_number', '=', good[0]!).executeTakeFirstOrThrow();
    expect(zhang).toMatchObject({ name: '张一', hukou_district_code: '320508', grade_code: '01', class_name: '1班', phone: '13912345678' });
    const memberships = await t.database.db.selectFrom('person_membership').select('person_id').where('unit_id', '=', unitA).execute();
    expect(memberships).toHaveLength(4);
    const audit = await t.database.db.selectFrom('audit_log').select(['entity_id', 'after']).where('action', '=', 'person.registered').execute();
    expect(audit).toHaveLength(4);
    expect(JSON.stringify(audit[0]!.after)).toContain('importJobId');
    const again = await a.request('POST', `/api/v1/imports/${jobId}/commit`, { allowErrors: true });
    expect(again.statusCode).toBe(409);
    // The stored file is not kept once its rows are in the register.
    expect(await t.database.db.selectFrom('import_file_chunk').select('seq').where('job_id', '=', jobId).execute()).toEqual([]);
  });

  it('the same file again changes nothing; a changed cell is an update', async () => {
    const body = await xlsx([{ name: '参保学生', rows: [HEADERS, ['张一', good[0], '本市城镇', '320508', '01', '1班', '13912345678'], ['张二', good[1], '本市农村', '', '01', '3班', '']] }]);
    const up = await upload(a, '再次导入.xlsx', body);
    expect(up.job.counts).toEqual({ unchanged: 1, changed: 1 });
    const { job } = await commit(a, up.jobId);
    expect(job.status).toBe('committed');
    expect(await personCount(unitA)).toBe(4);
    const zhang2 = await t.database.db.selectFrom('person').select('class_name').where('document_number', '=', good[1]!).executeTakeFirstOrThrow();
    expect(zhang2.class_name).toBe('3班');
  });

  it('another unit importing a held pupil gets the holder named, and a GBK csv in another column order is read', async () => {
    const csv = iconv.encode(['班级,户籍类型,证件号码,姓名,无关列', `1班,本市城镇,${good[0]},张一,x`, `2班,本市城镇,${pupil(40)},王八,y`].join('\r\n'), 'gbk');
    const up = await upload(b, '乙小学.csv', csv, 'text/csv');
    expect(up.res.statusCode, up.res.body).toBe(200);
    const job = up.job;
    expect(job.fileEncoding).toBe('gb18030');
    expect(job.counts).toEqual({ new: 1, error: 1 });
    const rows = (await b.request('GET', `/api/v1/imports/${up.jobId}/rows?outcome=error`)).json();
    expect(rows.items[0].errors[0].message).toContain('甲小学');
    const { job: done } = await commit(b, up.jobId, true);
    expect(done.counts).toMatchObject({ created: 1 });
    expect(await personCount(unitB)).toBe(1);
  });

  it('a pupil stopped by the old school is taken over by the importing one', async () => {
    const held = await t.database.db.selectFrom('person').select('id').where('document_number', '=', good[2]!).executeTakeFirstOrThrow();
    const stop = await a.request('POST', `/api/v1/persons/${held.id}/stop`, { reason: 'other' });
    expect(stop.statusCode).toBe(204);
    const up = await upload(b, '转入.xlsx', await xlsx([{ name: '参保学生', rows: [HEADERS, ['张三', good[2], '外地', '', '02', '5班', '']] }]));
    expect(up.job.counts).toEqual({ transfer_in: 1 });
    const { job } = await commit(b, up.jobId);
    expect(job.counts).toMatchObject({ transferred_in: 1 });
    const p = await t.database.db.selectFrom('person').selectAll().where('id', '=', held.id).executeTakeFirstOrThrow();
    expect(p).toMatchObject({ unit_id: unitB, status: 'active', class_name: '5班' });
  });

  it('a unit never sees another unit’s jobs', async () => {
    expect((await b.request('GET', `/api/v1/imports/${jobId}`)).statusCode).toBe(404);
    expect((await b.request('GET', `/api/v1/imports/${jobId}/error-report`)).statusCode).toBe(404);
    expect((await b.request('POST', `/api/v1/imports/${jobId}/commit`, { allowErrors: true })).statusCode).toBe(404);
    const list = (await b.request('GET', '/api/v1/imports')).json();
    expect(list.items.map((j: { id: string }) => j.id)).not.toContain(jobId);
  });

  it('the commit’s definer functions write only for a job of the caller’s scope that is being committed', async () => {
    const job = await t.database.db.selectFrom('import_job').select(['id', 'region_code']).where('id', '=', jobId).executeTakeFirstOrThrow();
    const scope = (unitId: string) => ({ userId: unitId, username: 'x', role: 'unit_operator' as const, regionCode: job.region_code, unitId });
    const call = (unitId: string, fn: 'create_persons' | 'audit') =>
      inScope(t.database.db, scope(unitId), (trx) =>
        fn === 'create_persons'
          ? sql`SELECT canbao_import_create_persons(${job.region_code}, ${jobId}::uuid, '2025-09-01'::date)`.execute(trx)
          : sql`SELECT canbao_import_audit(${job.region_code}, ${jobId}::uuid, '{"created":"person.registered"}'::jsonb, ${unitId}::uuid, 'x', 'unit_operator', 'r', 'ip')`.execute(trx),
      );
    // Another unit's job, and this unit's job once committed: refused, nothing written.
    const audits = async () => Number((await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await audits();
    for (const fn of ['create_persons', 'audit'] as const) {
      await expect(call(unitB, fn)).rejects.toThrow(/not being committed in the caller/);
      await expect(call(unitA, fn)).rejects.toThrow(/not being committed in the caller/);
    }
    expect(await audits()).toBe(before);
  });

  it('a file that is not a spreadsheet fails the job with a Chinese message and no rows', async () => {
    const up = await upload(a, '坏文件.xlsx', Buffer.from('this is not a zip file'));
    expect(up.res.statusCode).toBe(400);
    expect(up.res.json().error.message).toContain('无法读取');
    const job = (await a.request('GET', `/api/v1/imports/${up.jobId}`)).json().job;
    expect(job.status).toBe('failed');
    const noHeader = await upload(a, '无表头.xlsx', await xlsx([{ name: 'Sheet1', rows: [['a', 'b'], ['c', 'd']] }]));
    expect(noHeader.job.status).toBe('failed');
    expect(noHeader.job.message).toContain('没有找到表头');
    // The file stays stored: a failed read can be run again (here it fails the same way).
    const again = await a.request('POST', `/api/v1/imports/${noHeader.jobId}/read`);
    expect(again.statusCode).toBe(202);
    await readSettled(noHeader.jobId);
    expect((await a.request('GET', `/api/v1/imports/${noHeader.jobId}`)).json().job.message).toContain('没有找到表头');
    const chunks = await t.database.db.selectFrom('import_file_chunk').select('seq').where('job_id', '=', noHeader.jobId).execute();
    expect(chunks.length).toBeGreaterThan(0);
  });
});

describe('[IMPORT] exemption lists from the departments', () => {
  it('only the agency imports them; rows match registered persons, categories are the region’s', async () => {
    const unitTry = await a.request('POST', '/api/v1/imports', { kind: 'exemptions', fileName: '低保名单.xlsx' });
    expect(unitTry.statusCode).toBe(403);

    const admin = await buildUser(t.database.db, { role: 'agency_admin' });
    const c = await login(t.app, admin.username, TEST_PASSWORD);
    const registered = await t.database.db.selectFrom('person').select(['document_number', 'name']).where('unit_id', '=', unitA).orderBy('name').execute();
    const [first, second] = registered;
    const body = await xlsx([
      {
        name: '减免人员',
        rows: [
          ['姓名', '证件号码', '减免类别', '认定部门', '证明名称', '证明编号', '有效期起', '有效期止'],
          [first!.name, first!.document_number, '低保人员', '民政部门', '最低生活保障证', 'DB-1', '2025-01-01', '2026-12-31'],
          [second!.name, second!.document_number, 'dibao_edge', '民政部门', '', '', new Date(Date.UTC(2025, 5, 1)), ''],
          ['王某', pupil(150), '低保人员', '民政部门', '', '', '2025-01-01', ''],
          ['错名字', first!.document_number, '低保人员', '民政部门', '', '', '2025-01-01', ''],
          ['赵某', pupil(151), '外星人', '', '', '', '2025-13-01', ''],
        ],
      },
    ]);
    const up = await upload(c, '民政低保名单.xlsx', body, XLSX, 'exemptions');
    expect(up.res.statusCode, up.res.body).toBe(200);
    // The wrong-name row repeats the first row's number: the duplicate check names it first.
    expect(up.job.counts).toEqual({ matched: 2, unmatched: 1, error: 2 });
    const errors = (await c.request('GET', `/api/v1/imports/${up.jobId}/rows?outcome=error`)).json().items;
    const cols = errors.flatMap((r: { errors: { column: string }[] }) => r.errors.map((e) => e.column)).sort();
    expect(cols).toEqual(['减免类别', '有效期起', '认定部门', '证件号码'].sort());
    const { job } = await commit(c, up.jobId, true);
    expect(job.status, job.message).toBe('committed');
    expect(job.counts).toMatchObject({ added: 2, unmatched: 1 });
    const ex = await t.database.db.selectFrom('person_exemption').selectAll().orderBy('valid_from').execute();
    expect(ex.map((e) => [e.category_code, e.valid_from, e.valid_to, e.source])).toEqual([
      ['dibao', '2025-01-01', '2026-12-31', 'department_list'],
      ['dibao_edge', '2025-06-01', null, 'department_list'],
    ]);
    // The same list again adds nothing.
    const again = await upload(c, '民政低保名单.xlsx', body, XLSX, 'exemptions');
    expect(again.job.counts).toMatchObject({ unchanged: 2, unmatched: 1 });
  });
});

describe('[IMPORT] leaver lists from the student registry', () => {
  it('marks matched pupils as leaving, keeps them with their unit, lists the unknown', async () => {
    const admin = await buildUser(t.database.db, { role: 'agency_admin' });
    const c = await login(t.app, admin.username, TEST_PASSWORD);
    const held = await t.database.db.selectFrom('person').select(['id', 'document_number', 'name']).where('unit_id', '=', unitA).orderBy('name').executeTakeFirstOrThrow();
    const body = await xlsx([
      {
        name: '离校学生',
        rows: [
          ['姓名', '证件号码', '离校类型', '离校日期'],
          [held.name, held.document_number, '毕业', '202607'],
          ['钱某', pupil(160), '转学', '2026-03-01'],
          ['孙某', pupil(161), '升学', ''],
        ],
      },
    ]);
    const up = await upload(c, '毕业生名单.xlsx', body, XLSX, 'leavers');
    expect(up.res.statusCode, up.res.body).toBe(200);
    expect(up.job.counts).toEqual({ matched: 1, unmatched: 1, error: 1 });
    const { job } = await commit(c, up.jobId, true);
    expect(job.counts).toMatchObject({ marked: 1 });
    const p = await t.database.db.selectFrom('person').selectAll().where('id', '=', held.id).executeTakeFirstOrThrow();
    expect(p).toMatchObject({ leaving_reason: 'graduated', leaving_on: '2026-07-01', unit_id: unitA, status: 'active' });
    const shown = (await a.request('GET', `/api/v1/persons/${held.id}`)).json().person;
    expect(shown.leaving).toEqual({ reason: 'graduated', reasonName: '毕业', on: '2026-07-01' });
    const audit = await t.database.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'person.leaving_marked').execute();
    expect(audit.map((x) => x.entity_id)).toEqual([held.id]);
  });
});

describe('[IMPORT] sheets named otherwise', () => {
  it('a sheet not named like the template is read as the first list, and its error report still lists its rows', async () => {
    const body = await xlsx([{ name: 'Sheet1', rows: [HEADERS, ['周一', pupil(170), '本市城镇', '', '01', '1班', ''], ['', pupil(171), '本市城镇', '', '01', '1班', '']] }]);
    const up = await upload(a, 'Sheet1.xlsx', body);
    expect(up.job.counts).toEqual({ new: 1, error: 1 });
    const rows = (await a.request('GET', `/api/v1/imports/${up.jobId}/rows?outcome=error`)).json();
    expect(rows.items[0]).toMatchObject({ sheet: 'Sheet1', rowNo: 3 });
    const res = await a.request('GET', `/api/v1/imports/${up.jobId}/error-report`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Sheet1')!.rowCount).toBe(2);
    const { job } = await commit(a, up.jobId, true);
    const p = await t.database.db.selectFrom('person').select('enrolls_through_unit').where('document_number', '=', pupil(170)).executeTakeFirstOrThrow();
    expect([job.status, p.enrolls_through_unit]).toEqual(['committed', true]);
  });
});

describe('[IMPORT] education department prefill', () => {
  it('shows what differs per row, notes another school, and takes the department’s grade and class', async () => {
    const admin = await buildUser(t.database.db, { role: 'agency_admin' });
    const c = await login(t.app, admin.username, TEST_PASSWORD);
    const [p1, p2] = await t.database.db
      .selectFrom('person')
      .select(['id', 'document_number', 'name', 'grade_code', 'class_name'])
      .where('unit_id', '=', unitA)
      .where('status', '=', 'active')
      .orderBy('name')
      .limit(2)
      .execute();
    const body = await xlsx([
      {
        name: '在校学生',
        rows: [
          ['姓名', '证件号码', '学校名称', '年级', '班级', '学籍号'],
          [p1!.name, p1!.document_number, '甲小学', '02', '7班', ''],
          [p2!.name, p2!.document_number, '别的学校', p2!.grade_code, p2!.class_name, ''],
          ['吴某', pupil(180), '甲小学', '02', '1班', ''],
        ],
      },
    ]);
    const up = await upload(c, '教育局在校生.xlsx', body, XLSX, 'prefill');
    expect(up.res.statusCode, up.res.body).toBe(200);
    expect(up.job.counts).toEqual({ changed: 1, unchanged: 1, unmatched: 1 });
    const rows = (await c.request('GET', `/api/v1/imports/${up.jobId}/rows`)).json().items;
    expect(rows[0].changes).toEqual([
      { column: '年级', from: p1!.grade_code, to: '02' },
      { column: '班级', from: p1!.class_name, to: '7班' },
    ]);
    expect(rows[1].changes).toEqual([{ column: '学校', from: '甲小学', to: '别的学校' }]);
    const { job } = await commit(c, up.jobId);
    expect(job.counts).toMatchObject({ updated: 1 });
    const after = await t.database.db.selectFrom('person').select(['grade_code', 'class_name', 'unit_id']).where('id', '=', p1!.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ grade_code: '02', class_name: '7班', unit_id: unitA });
  });
});

describe('[IMPORT] photo zips', () => {
  it('matches files named by ID number, checks each like a single upload, and stores them for the unit’s own pupils', async () => {
    const JSZip = (await import('jszip')).default;
    const own = await t.database.db.selectFrom('person').select(['id', 'document_number']).where('unit_id', '=', unitA).orderBy('document_number').limit(2).execute();
    const other = await t.database.db.selectFrom('person').select('document_number').where('unit_id', '=', unitB).executeTakeFirstOrThrow();
    const zip = new JSZip();
    zip.file(`照片/${own[0]!.document_number}.png`, png(300, 400));
    zip.file(`${own[1]!.document_number}.PNG`, png(400, 300)); // landscape: refused
    zip.file(`${other.document_number}.png`, png(300, 400)); // another unit's pupil
    zip.file(`${pupil(190)}.png`, png(300, 400)); // nobody
    zip.file('说明.txt', 'not a photo');
    zip.file('__MACOSX/._x.png', 'resource fork');
    const body = await zip.generateAsync({ type: 'nodebuffer' });
    const up = await upload(a, '照片.zip', body, 'application/zip', 'photos');
    expect(up.res.statusCode, up.res.body).toBe(200);
    expect(up.job.counts).toEqual({ matched: 1, error: 3, unmatched: 1 });
    const errors = (await a.request('GET', `/api/v1/imports/${up.jobId}/rows?outcome=error`)).json().items;
    const messages = errors.map((r: { errors: { message: string }[] }) => r.errors[0]!.message).join('|');
    expect(messages).toContain('400×300');
    expect(messages).toContain('不是本单位登记的人员');
    expect(messages).toContain('.jpg');
    // Each file is named in the job's lists: the unmatched one, and the refused ones — the ID number in the name masked.
    const masked = (n: string) => `${n.slice(0, 4)}**********${n.slice(-4)}`;
    const unmatched = (await a.request('GET', `/api/v1/imports/${up.jobId}/rows?outcome=unmatched`)).json().items;
    expect(unmatched.map((r: { name: string }) => r.name)).toEqual([`${masked(pupil(190))}.png`]);
    expect(errors.map((r: { name: string }) => r.name).sort()).toEqual([`${masked(other.document_number)}.png`, `${masked(own[1]!.document_number)}.PNG`, '说明.txt'].sort());
    const { job } = await commit(a, up.jobId, true);
    expect(job.counts).toMatchObject({ saved: 1 });
    const photo = await a.request('GET', `/api/v1/persons/${own[0]!.id}/photo`);
    expect([photo.statusCode, photo.headers['content-type']]).toEqual([200, 'image/png']);
    const staged = await t.database.db.selectFrom('import_row').select('blob').where('job_id', '=', up.jobId).where('blob', 'is not', null).execute();
    expect(staged).toHaveLength(0);
    const again = await upload(a, '照片.zip', body, 'application/zip', 'photos');
    expect(again.job.counts).toMatchObject({ unchanged: 1 });
  });
});

describe('[IMPORT] every action on a job checks the kind’s roles and the job’s unit', () => {
  it('the collector can neither see nor upload into, read, commit, cancel or report a school’s enrollment job', async () => {
    const collector = await login(t.app, (await buildUser(t.database.db, { role: 'collector' })).username, TEST_PASSWORD);
    const body = await xlsx([{ name: '参保学生', rows: [HEADERS, ['冯一', pupil(200), '本市城镇', '', '01', '1班', ''], ['冯二', pupil(201), '本市城镇', '', '01', '1班', '']] }]);
    const validated = await upload(a, '冯.xlsx', body);
    expect(validated.job.counts).toEqual({ new: 2 });
    const failed = await upload(a, '无表头2.xlsx', await xlsx([{ name: 'Sheet1', rows: [['a'], ['b']] }]));
    expect(failed.job.status).toBe('failed');
    const created = (await a.request('POST', '/api/v1/imports', { kind: 'enrollment', fileName: '空.xlsx' })).json().job.id as string;

    const state = async () => ({
      persons: await personCount(unitA),
      jobs: await t.database.db.selectFrom('import_job').select(['id', 'status', 'updated_at']).where('id', 'in', [validated.jobId, failed.jobId, created]).orderBy('id').execute(),
      rows: Number((await t.database.db.selectFrom('import_row').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
      chunks: Number((await t.database.db.selectFrom('import_file_chunk').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
      audits: Number((await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
    });
    const before = await state();
    const refused = (res: { statusCode: number; body: string }) => {
      expect([403, 404], res.body).toContain(res.statusCode);
      expect(JSON.parse(res.body).error.message).toMatch(/^[^A-Za-z]*[\u4e00-\u9fff][^A-Za-z]*$/);
    };
    refused(
      await t.app.inject({
        method: 'PUT',
        url: `/api/v1/imports/${created}/file`,
        payload: body,
        headers: { cookie: collector.cookie, 'x-csrf-token': collector.csrfToken, 'content-type': XLSX },
      }),
    );
    refused(await collector.request('POST', `/api/v1/imports/${failed.jobId}/read`));
    refused(await collector.request('POST', `/api/v1/imports/${validated.jobId}/commit`, { allowErrors: true }));
    for (const jobId of [validated.jobId, failed.jobId, created]) {
      refused(await collector.request('DELETE', `/api/v1/imports/${jobId}`));
      refused(await collector.request('GET', `/api/v1/imports/${jobId}`));
      refused(await collector.request('GET', `/api/v1/imports/${jobId}/rows`));
      refused(await collector.request('GET', `/api/v1/imports/${jobId}/error-report?all=true`));
    }
    const forbidden = await collector.request('POST', `/api/v1/imports/${validated.jobId}/commit`, { allowErrors: true });
    expect(forbidden.json().error.message).toContain('由经办机构或代办单位导入');
    const list = (await collector.request('GET', '/api/v1/imports')).json();
    expect(list.items.map((j: { kind: string }) => j.kind)).not.toContain('enrollment');
    await readSettled(created);
    await commitSettled(validated.jobId);
    expect(await state()).toEqual(before);

    // The school itself still can.
    const { job } = await commit(a, validated.jobId);
    expect(job.status).toBe('committed');
    expect(await personCount(unitA)).toBe(before.persons + 2);
    expect((await a.request('DELETE', `/api/v1/imports/${created}`)).statusCode).toBe(204);
  });
});

describe('[IMPORT] formulas in a file stay text in what the server writes back', () => {
  it('the error report neutralises cells and headers that would start a formula, and reads back as the original', async () => {
    const hyperlink = '=HYPERLINK("http://x","y")';
    const body = await xlsx([{ name: '参保学生', rows: [[...HEADERS, '@备注'], [hyperlink, pupil(210), '本市城镇', '', '01', '+1+1', '', '-2+3'], ['褚一', pupil(211), '本市城镇', '', '01', '1班', '', -7]] }]);
    const up = await upload(a, '公式.xlsx', body);
    expect(up.job.counts).toEqual({ new: 1, error: 1 });
    const res = await a.request('GET', `/api/v1/imports/${up.jobId}/error-report?all=true`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('参保学生')!;
    expect(ws.getRow(1).getCell(8).value).toBe("'@备注");
    const bad = ws.getRow(2);
    expect([bad.getCell(1).value, bad.getCell(6).value, bad.getCell(8).value]).toEqual([`'${hyperlink}`, "'+1+1", "'-2+3"]);
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
    // The report imported again reads its cells as the original file had them.
    const again = await upload(a, '公式-错误报告.xlsx', Buffer.from(res.rawPayload));
    const rows = (await a.request('GET', `/api/v1/imports/${again.jobId}/rows?outcome=error`)).json().items;
    expect(rows[0].name).toBe(hyperlink);
    expect((await a.request('DELETE', `/api/v1/imports/${again.jobId}`)).statusCode).toBe(204);
    expect((await a.request('DELETE', `/api/v1/imports/${up.jobId}`)).statusCode).toBe(204);
  });
});

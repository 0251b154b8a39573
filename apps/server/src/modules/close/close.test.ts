import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, buildUser, residentId } from '../../test/factories';
import { png } from '../../test/images';
import type { SandboxProvider } from '../payments/channels/sandbox';

// The close of the campaign (issue 15, items 3 and 4): 公示, 告知签收 and the unpaid list sent to the centre.
let t: TestApp;
let school: Client;
let other: Client;
let agency: Client;
let unitId: string;
let sandbox: SandboxProvider;
const YEAR = 2027;
const ids: Record<string, string> = {};
const docs: Record<string, string> = {};

const FROM = '2026-12-01';
const TO = '2026-12-07';
const publicity = (c: Client, kind: string, extra = '') => c.request('GET', `/api/v1/publicity?year=${YEAR}&kind=${kind}&from=${FROM}&to=${TO}${extra}`);
const signOff = (c: Client, name: string, body: Record<string, unknown> = {}) =>
  c.request('PUT', `/api/v1/persons/${ids[name]}/sign-off`, { year: YEAR, toldOn: '2026-11-22', method: 'in_person', signedBy: '家长', relation: '母亲', ...body });
const upload = (c: Client, name: string, bytes: Buffer, type: string) =>
  t.app.inject({ method: 'PUT', url: `/api/v1/persons/${ids[name]}/sign-off/scan?year=${YEAR}`, payload: bytes, headers: { cookie: c.cookie, 'x-csrf-token': c.csrfToken, 'content-type': type } });

async function pay(name: string, token: string) {
  const order = await t.app.inject({ method: 'POST', url: `/api/v1/pay/${token}/orders`, payload: { name, channel: 'sandbox' } });
  expect(order.statusCode, order.body).toBe(200);
  sandbox.pay(order.json().outTradeNo);
  await sandbox.settle();
}

beforeAll(async () => {
  t = await buildTestApp();
  await buildCampaign(t.database.db, YEAR);
  const A = await buildUnitWithOperator(t.database.db, { name: '公示社区' });
  const B = await buildUnitWithOperator(t.database.db, { name: '别的社区' });
  unitId = A.unit.id;
  school = await login(t.app, A.operator.username, TEST_PASSWORD);
  other = await login(t.app, B.operator.username, TEST_PASSWORD);
  agency = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
  sandbox = t.app.paymentProviders.get('sandbox') as SandboxProvider;
  // 张小明 pays; 李四 is settled and does not pay; 欧阳娜娜 is not declared; 王退款 pays and is refunded.
  for (const [i, name] of ['张小明', '李四', '欧阳娜娜', '王退款'].entries()) {
    docs[name] = residentId('320508', '2015-04-01', 410 + i);
    const p = await school.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: docs[name], name, hukouType: 'local_urban', gradeCode: '05', className: '1班' });
    expect(p.statusCode, p.body).toBe(201);
    ids[name] = p.json().person.id;
  }
  const declared: string[] = [];
  for (const name of ['张小明', '李四', '王退款']) {
    const d = await school.request('POST', '/api/v1/declarations', { year: YEAR, personId: ids[name] });
    expect(d.statusCode, d.body).toBe(201);
    ids[`d:${name}`] = d.json().id;
    declared.push(d.json().id);
  }
  await school.request('POST', '/api/v1/declarations/confirm', { year: YEAR, ids: declared });
  const s = await school.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' });
  expect(s.statusCode, s.body).toBe(201);
  const notices = (await school.request('GET', `/api/v1/settlements/${s.json().id}/notices`)).json().items as Array<{ personName: string; token: string }>;
  for (const name of ['张小明', '王退款']) await pay(name, notices.find((n) => n.personName === name)!.token);
  const payment = await t.database.db.selectFrom('payment').select(['id', 'amount_fen']).where('declaration_id', '=', ids['d:王退款']!).executeTakeFirstOrThrow();
  const asked = await school.request('POST', '/api/v1/refunds', { paymentId: payment.id, reason: 'other', note: '家长申请退回', amountFen: payment.amount_fen });
  expect(asked.statusCode, asked.body).toBe(201);
  expect((await agency.request('POST', `/api/v1/refunds/${asked.json().id}/decide`, { approve: true, note: '同意' })).json().status).toBe('refunded');
});
afterAll(() => t.close());

describe('公示 of the paid', () => {
  it('lists whom the ledger says paid, names as 张*明 and numbers masked, with the period of display', async () => {
    const res = await publicity(school, 'paid');
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({ kind: 'paid', year: YEAR, unitName: '公示社区', from: FROM, to: TO, total: 1 });
    expect(p.title).toBe('公示社区 2027 年度城乡居民医疗保险已缴费人员公示');
    // The refunded one is not shown as paid.
    expect(p.rows).toEqual([{ no: 1, name: '张*明', idNumberMasked: expect.stringMatching(/^3205\*{10}\d{3}[\dX]$/), gradeName: expect.any(String), className: '1班', on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }]);
    expect(res.body).not.toContain(docs['张小明']);
    expect(res.body).not.toContain('张小明');
  });

  it('is a unit’s own: another unit gets its own empty list; the agency names the unit; a period that ends before it starts is refused', async () => {
    const theirs = await publicity(other, 'paid', `&unitId=${unitId}`);
    expect(theirs.json()).toMatchObject({ unitName: '别的社区', total: 0 });
    const none = await publicity(agency, 'paid');
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toBe('公示按单位（社区）编制，请选择单位');
    expect((await publicity(agency, 'paid', `&unitId=${unitId}`)).json().total).toBe(1);
    const backwards = await school.request('GET', `/api/v1/publicity?year=${YEAR}&kind=paid&from=${TO}&to=${FROM}`);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('公示结束日期不能早于开始日期');
  });

  it('exports an xlsx with the title and the period above the rows, audited', async () => {
    const res = await school.request('GET', `/api/v1/publicity/export?year=${YEAR}&kind=paid&from=${FROM}&to=${TO}`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('已缴费人员公示');
    expect(String(ws.getRow(1).getCell(1).value)).toBe('公示社区 2027 年度城乡居民医疗保险已缴费人员公示');
    expect(String(ws.getRow(2).getCell(1).value)).toContain(`公示期：${FROM} 至 ${TO}；共 1 人`);
    expect((ws.getRow(3).values as unknown[]).slice(1)).toEqual(['序号', '姓名', '证件号码', '年级', '班级', '缴费日期']);
    expect((ws.getRow(4).values as unknown[]).slice(1, 3)).toEqual([1, '张*明']);
    expect(ws.rowCount).toBe(4);
    const row = await t.database.db.selectFrom('audit_log').select(['after']).where('action', '=', 'publicity.exported').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.after).toMatchObject({ kind: 'paid', from: FROM, to: TO, rows: 1 });
  });
});

describe('告知签收', () => {
  it('records that an unpaid family was told and who signed; refuses the paid, a future date and another unit’s person', async () => {
    const res = await signOff(school, '李四', { note: '已告知 2027 年 1 月 31 日前缴费' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ year: YEAR, toldOn: '2026-11-22', method: 'in_person', methodName: '当面告知', signedBy: '家长', relation: '母亲', scan: null });
    const paid = await signOff(school, '张小明');
    expect(paid.statusCode).toBe(409);
    expect(paid.json().error.message).toBe('张小明 的 2027 年度已缴费，不需告知签收');
    // The refunded one is unpaid again: told like the others.
    expect((await signOff(school, '王退款', { method: 'phone', signedBy: '王父', relation: '父亲' })).statusCode).toBe(200);
    const future = await signOff(school, '欧阳娜娜', { toldOn: '2099-01-01' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toBe('告知日期不能晚于今天');
    expect((await signOff(other, '欧阳娜娜')).statusCode).toBe(404);
    const noSigner = await signOff(school, '欧阳娜娜', { signedBy: ' ' });
    expect(noSigner.statusCode).toBe(400);
    expect(noSigner.body).toContain('请填写签字人');
  });

  it('recorded again replaces it, and the audit row keeps what it was', async () => {
    expect((await signOff(school, '王退款', { method: 'home_visit', signedBy: '王母', relation: '母亲' })).json()).toMatchObject({ methodName: '上门告知', signedBy: '王母' });
    const rows = await t.database.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'sign_off.recorded').where('entity_id', '=', ids['王退款']!).orderBy('id').execute();
    expect(rows).toHaveLength(2);
    expect(rows[1]!.before).toMatchObject({ method: 'phone', signedBy: '王父' });
    expect(rows[1]!.after).toMatchObject({ method: 'home_visit', signedBy: '王母' });
  });

  it('keeps a scan checked by its content: a real image or a PDF without scripts; anything else is refused in Chinese', async () => {
    const early = await upload(school, '欧阳娜娜', png(600, 800), 'image/png');
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toBe('请先登记告知签收，再上传签收单扫描件');
    const fake = await upload(school, '李四', Buffer.from('not an image at all'), 'image/png');
    expect(fake.statusCode).toBe(400);
    expect(fake.json().error.message).toBe('扫描件须为 JPEG、PNG 图片或 PDF 文件');
    const scripted = await upload(school, '李四', Buffer.from('%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n%%EOF\n'), 'application/pdf');
    expect(scripted.statusCode).toBe(400);
    expect(scripted.json().error.message).toBe('PDF 含有脚本或附件，请改为扫描或打印成图片后上传');
    const cut = await upload(school, '李四', Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n'), 'application/pdf');
    expect(cut.json().error.message).toBe('PDF 文件不完整，请重新导出后上传');
    const tiny = await upload(school, '李四', png(50, 50), 'image/png');
    expect(tiny.json().error.message).toBe('扫描件图片过小，请拍清楚整张签收单');

    const scan = png(600, 800);
    const ok = await upload(school, '李四', scan, 'image/png');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().scan).toMatchObject({ mime: 'image/png', sizeBytes: scan.length });
    const back = await school.request('GET', `/api/v1/persons/${ids['李四']}/sign-off/scan?year=${YEAR}`);
    expect(back.statusCode).toBe(200);
    expect(back.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(back.rawPayload, scan)).toBe(0);
    expect((await other.request('GET', `/api/v1/persons/${ids['李四']}/sign-off/scan?year=${YEAR}`)).statusCode).toBe(404);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    expect((await upload(school, '王退款', pdf, 'application/pdf')).json().scan).toMatchObject({ mime: 'application/pdf' });
  });

  it('shows on the uninsured list, which filters by it', async () => {
    const all = (await school.request('GET', `/api/v1/uninsured?year=${YEAR}`)).json().items as Array<{ name: string; signOff: { signedBy: string; hasScan: boolean } | null }>;
    const by = Object.fromEntries(all.map((i) => [i.name, i.signOff]));
    expect(by).toEqual({ 李四: { toldOn: '2026-11-22', methodName: '当面告知', signedBy: '家长', hasScan: true }, 王退款: expect.objectContaining({ signedBy: '王母' }), 欧阳娜娜: null });
    const told = (await school.request('GET', `/api/v1/uninsured?year=${YEAR}&signedOff=true`)).json();
    expect(told.items.map((i: { name: string }) => i.name).sort()).toEqual(['李四', '王退款']);
    const notTold = (await school.request('GET', `/api/v1/uninsured?year=${YEAR}&signedOff=false`)).json();
    expect(notTold.items.map((i: { name: string }) => i.name)).toEqual(['欧阳娜娜']);
  });
});

describe('公示 of the unpaid', () => {
  it('lists only those told and signed, says how many are not told yet, with what they were told', async () => {
    const p = (await publicity(school, 'unpaid')).json();
    expect(p.title).toBe('公示社区 2027 年度城乡居民医疗保险未缴费人员公示');
    expect(p.rows.map((r: { name: string }) => r.name).sort()).toEqual(['李*', '王*款']);
    expect(p.rows.find((r: { name: string }) => r.name === '李*').on).toBe('2026-11-22');
    expect(p.notToldYet).toBe(1);
    expect(p.transitionNotice).toBe('集中参保期外参保的，设置固定待遇等待期');
  });
});

describe('the unpaid list to the centre', () => {
  it('a unit sends it with the figures of the moment; the agency sees who sent, who did not, and the due date', async () => {
    const before = (await agency.request('GET', `/api/v1/unpaid-lists?year=${YEAR}`)).json();
    expect(before.dueDate).toBe('2026-12-31');
    expect(before.units.find((u: { unitId: string }) => u.unitId === unitId)).toMatchObject({ current: { unpaid: 3, withReason: 0, signedOff: 2 }, submission: null });
    const sent = await school.request('POST', '/api/v1/unpaid-lists/submissions', { year: YEAR });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ unitId, unitName: '公示社区', unpaid: 3, withReason: 0, signedOff: 2, late: false });
    const after = (await agency.request('GET', `/api/v1/unpaid-lists?year=${YEAR}`)).json();
    expect(after.units.find((u: { unitId: string }) => u.unitId === unitId).submission).toMatchObject({ unpaid: 3, signedOff: 2 });
    const own = (await other.request('GET', `/api/v1/unpaid-lists?year=${YEAR}`)).json();
    expect(own.units.map((u: { unitName: string }) => u.unitName)).toEqual(['别的社区']);
    const byAgency = await agency.request('POST', '/api/v1/unpaid-lists/submissions', { year: YEAR });
    expect(byAgency.statusCode).toBe(403);
    const audited = await t.database.db.selectFrom('audit_log').select('after').where('action', '=', 'unpaid_list.submitted').executeTakeFirstOrThrow();
    expect(audited.after).toMatchObject({ year: YEAR, unpaid: 3, signedOff: 2 });
  });

  it('the exported list carries the sign-off of each person', async () => {
    const res = await school.request('GET', `/api/v1/uninsured/export?year=${YEAR}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const col = (h: string) => header.indexOf(h) + 1;
    const cells: Record<string, string> = {};
    ws.eachRow((row, n) => n > 1 && (cells[String(row.getCell(col('姓名')).value)] = String(row.getCell(col('告知签收')).value)));
    expect(cells).toEqual({ 李四: '2026-11-22 当面告知', 王退款: '2026-11-22 上门告知', 欧阳娜娜: '未告知' });
  });
});

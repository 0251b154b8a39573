import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inScope, type Scope } from '../../db/database';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, buildUser, residentId } from '../../test/factories';
import { readExport } from '../../test/xlsx';
import { commitSettled, readSettled } from '../imports/imports.service';

// 银行卡代扣 (Nantong 004 五, channel 7): a person's agreement, the agency's file per bank, the bank's answer imported
// as a paid roster — deducted lines pay once, failed ones record nothing.
let t: TestApp;
let a: Client;
let b: Client;
let agency: Client;
let collector: Client;
let scopeA: Scope;
let scopeB: Scope;
const YEAR = 2027;
const ACCOUNT = '6222020200012345678';
const ids: Record<string, string> = {};
const doc = (serial: number) => residentId('320508', '2018-03-01', serial);
const agreementUrl = (id: string) => `/api/v1/persons/${id}/deduction-agreement`;
const sign = (c: Client, id: string, body: Record<string, unknown>) => c.request('PUT', agreementUrl(id), body);
const wrongCheckChar = (id: string) => id.slice(0, 17) + (id.endsWith('0') ? '1' : '0');
const valid = { bankCode: 'icbc', accountNumber: '6222 0202 0001 2345 678', accountHolder: '张父', signedOn: '2026-11-01' };

async function register(c: Client, name: string, serial: number) {
  const res = await c.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: doc(serial), name, hukouType: 'local_urban', gradeCode: '03', className: '2班' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().person.id as string;
}

beforeAll(async () => {
  t = await buildTestApp();
  await buildCampaign(t.database.db, YEAR);
  const A = await buildUnitWithOperator(t.database.db, { name: '代扣小学' });
  const B = await buildUnitWithOperator(t.database.db, { name: '另一小学' });
  a = await login(t.app, A.operator.username, TEST_PASSWORD);
  b = await login(t.app, B.operator.username, TEST_PASSWORD);
  agency = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
  collector = await login(t.app, (await buildUser(t.database.db, { role: 'collector' })).username, TEST_PASSWORD);
  scopeA = { userId: A.operator.id, username: A.operator.username, role: 'unit_operator', regionCode: '320500', unitId: A.unit.id };
  scopeB = { userId: B.operator.id, username: B.operator.username, role: 'unit_operator', regionCode: '320500', unitId: B.unit.id };
  ids.zhang = await register(a, '张代扣', 201);
  ids.li = await register(a, '李代扣', 202);
  ids.wang = await register(a, '王代扣', 203);
  ids.zhao = await register(a, '赵他行', 204);
  ids.qian = await register(a, '钱无约', 205);
  ids.sun = await register(a, '孙已解', 206);
  ids.zhou = await register(b, '周单位', 207);
  expect((await a.request('POST', '/api/v1/declarations/batch', { year: YEAR, mode: 'class', gradeCode: '03', className: '2班' })).json()).toMatchObject({ declared: 6 });
  expect((await b.request('POST', '/api/v1/declarations', { year: YEAR, personId: ids.zhou })).statusCode).toBe(201);
  for (const c of [a, b]) expect((await c.request('POST', '/api/v1/declarations/confirm', { year: YEAR })).statusCode).toBe(200);
  expect((await a.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'per_person' })).statusCode).toBe(201);
  // B's pupil is paid by the unit as a whole: no notice, so never in a person's deduction file.
  expect((await b.request('POST', '/api/v1/settlements', { year: YEAR, paymentMode: 'unit_total', unitMethod: 'transfer' })).statusCode).toBe(201);
});
afterAll(() => t.close());

const rowsOf = (personId: string) =>
  t.database.db.selectFrom('deduction_agreement').selectAll().where('person_id', '=', personId).execute();
const declarationOf = (personId: string) =>
  t.database.db.selectFrom('declaration').select(['id', 'status', 'payable_fen', 'paid_fen']).where('person_id', '=', personId).where('insurance_year', '=', YEAR).executeTakeFirstOrThrow();
const auditOf = (personId: string) =>
  t.database.db.selectFrom('audit_log').select(['action', 'before', 'after', 'actor_username']).where('entity_type', '=', 'person').where('entity_id', '=', personId).orderBy('at').orderBy('id').execute();

describe('[PAYMENTS] a person’s card deduction agreement', () => {
  it('refuses a wrong bank, account, holder or date with the field and a Chinese message', async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ accountNumber: '1234 5678' }, 'accountNumber', /12–30 位数字/],
      [{ accountNumber: '62220202000A2345678' }, 'accountNumber', /12–30 位数字/],
      [{ bankCode: 'nobank' }, 'bankCode', /代扣银行/],
      [{ accountHolder: '  ' }, 'accountHolder', /账户名称/],
      [{ holderIdNumber: wrongCheckChar(residentId('320508', '1985-04-01', 12)) }, 'holderIdNumber', /身份证号码不正确/],
      [{ signedOn: '2026-12-01' }, 'signedOn', /晚于今天/],
    ];
    for (const [over, path, message] of cases) {
      const res = await sign(a, ids.zhang!, { ...valid, ...over });
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      const err = res.json().error;
      expect(JSON.stringify(err.details), JSON.stringify(over)).toContain(path);
      expect(JSON.stringify(err), JSON.stringify(over)).toMatch(message);
    }
    expect(await rowsOf(ids.zhang!)).toEqual([]);
  });

  it('signs, shows the account masked only, and changes nothing when the same agreement is sent again', async () => {
    expect((await a.request('GET', agreementUrl(ids.zhang!))).json()).toEqual({ agreement: null });
    const res = await sign(a, ids.zhang!, { ...valid, holderIdNumber: residentId('320508', '1985-04-01', 11) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().agreement).toMatchObject({
      personId: ids.zhang,
      bankCode: 'icbc',
      bankName: '工商银行',
      accountNumberMasked: '***************5678',
      accountHolder: '张父',
      holderIdNumberMasked: '3205**********' + residentId('320508', '1985-04-01', 11).slice(-4),
      signedOn: '2026-11-01',
    });
    expect(res.body).not.toContain(ACCOUNT);
    const shown = await agency.request('GET', agreementUrl(ids.zhang!));
    expect(shown.json()).toEqual(res.json());
    expect(shown.body).not.toContain(ACCOUNT);
    // Sent again (a retry): the same answer, no second row, no second audit row.
    expect((await sign(a, ids.zhang!, { ...valid, holderIdNumber: residentId('320508', '1985-04-01', 11) })).json()).toEqual(res.json());
    const rows = await rowsOf(ids.zhang!);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ account_number: ACCOUNT, revoked_at: null, created_by: scopeA.username });
    const trail = await auditOf(ids.zhang!);
    expect(trail.filter((e) => e.action.startsWith('person.deduction_agreement'))).toHaveLength(1);
    expect(JSON.stringify(trail)).not.toContain(ACCOUNT);
  });

  it('another unit’s operator gets 404 for every verb, its scope reads no row, and a collector is refused', async () => {
    for (const [method, body] of [['GET'], ['PUT', valid], ['DELETE']] as const) {
      const res = await b.request(method, agreementUrl(ids.zhang!), body);
      expect(res.statusCode, method).toBe(404);
      expect(res.body).not.toContain('张父');
    }
    expect((await collector.request('GET', agreementUrl(ids.zhang!))).statusCode).toBe(403);
    // Row-level security, below the service's own check: B's scope sees nothing of A's persons' agreements.
    const seenByB = await inScope(t.database.db, scopeB, (trx) => trx.selectFrom('deduction_agreement').select('id').execute());
    const seenByA = await inScope(t.database.db, scopeA, (trx) => trx.selectFrom('deduction_agreement').select('id').execute());
    expect(seenByB).toEqual([]);
    expect(seenByA).toHaveLength(1);
    const forged = inScope(t.database.db, scopeB, (trx) =>
      trx.insertInto('deduction_agreement').values({ region_code: '320500', person_id: ids.zhang!, bank_code: 'icbc', account_number: ACCOUNT, account_holder: '冒签', signed_on: '2026-11-01', created_by: 'x' }).execute(),
    );
    await expect(forged).rejects.toThrow(/row-level security/);
    expect(await rowsOf(ids.zhang!)).toHaveLength(1);
  });

  it('replaces an agreement keeping the old row, revokes it keeping the row, and a second revoke finds none', async () => {
    const replaced = await sign(agency, ids.sun!, valid);
    expect(replaced.statusCode, replaced.body).toBe(200);
    const other = await sign(a, ids.sun!, { ...valid, bankCode: 'ccb', accountNumber: '621700000000123456', accountHolder: '孙母' });
    expect(other.json().agreement).toMatchObject({ bankCode: 'ccb', bankName: '建设银行', accountNumberMasked: '**************3456', accountHolder: '孙母' });
    const revoked = await a.request('DELETE', agreementUrl(ids.sun!));
    expect(revoked.statusCode, revoked.body).toBe(204);
    expect((await a.request('GET', agreementUrl(ids.sun!))).json()).toEqual({ agreement: null });
    const again = await a.request('DELETE', agreementUrl(ids.sun!));
    expect(again.statusCode).toBe(404);
    expect(again.json().error.message).toBe('孙已解 没有有效的银行卡代扣协议');
    const rows = await rowsOf(ids.sun!);
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => [r.bank_code, r.revoked_at !== null, r.revoked_by])).toEqual(
      expect.arrayContaining([
        ['icbc', true, scopeA.username],
        ['ccb', true, scopeA.username],
      ]),
    );
    const actions = (await auditOf(ids.sun!)).filter((e) => e.action.startsWith('person.deduction_agreement'));
    expect(actions.map((e) => e.action)).toEqual(['person.deduction_agreement_signed', 'person.deduction_agreement_replaced', 'person.deduction_agreement_revoked']);
    expect(actions[1]!.before).toMatchObject({ bankCode: 'icbc', accountNumber: '***************5678' });
    expect(actions[1]!.after).toMatchObject({ bankCode: 'ccb', accountHolder: '孙母' });
  });

  it('of parallel signings of one person one agreement stays live', async () => {
    const results = await Promise.all(
      ['621700000000000001', '621700000000000002', '621700000000000003', '621700000000000004'].map((accountNumber) => sign(a, ids.li!, { ...valid, accountNumber, accountHolder: '李父' })),
    );
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    const rows = await rowsOf(ids.li!);
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => r.revoked_at === null)).toHaveLength(1);
    // The one kept for the file below: icbc.
    expect((await sign(a, ids.li!, { ...valid, accountNumber: '6222020200099990002', accountHolder: '李父' })).statusCode).toBe(200);
  });
});

describe('[PAYMENTS] the per-bank card deduction file and the bank’s answer', () => {
  const header = '交易流水号,姓名,证件类型,证件号码,费款所属期,个人缴费金额,缴费时间,缴费渠道,扣款结果,扣款账号,账户名称,签约日期,摘要\n';
  type Line = Record<string, string>;
  let lines: Line[] = [];

  async function importAnswer(csv: string) {
    const created = await collector.request('POST', '/api/v1/imports', { kind: 'paid_roster', fileName: '工商银行代扣结果.csv' });
    expect(created.statusCode, created.body).toBe(201);
    const jobId = created.json().job.id as string;
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/imports/${jobId}/file`, payload: Buffer.from(csv, 'utf8'), headers: { cookie: collector.cookie, 'x-csrf-token': collector.csrfToken, 'content-type': 'text/csv' } });
    expect(put.statusCode, put.body).toBe(200);
    await readSettled(jobId);
    const preview = (await collector.request('GET', `/api/v1/imports/${jobId}`)).json().job;
    const failedRows = (await collector.request('GET', `/api/v1/imports/${jobId}/rows?outcome=failed`)).json();
    const res = await collector.request('POST', `/api/v1/imports/${jobId}/commit`, { allowErrors: false });
    expect([200, 202], res.body).toContain(res.statusCode);
    await commitSettled(jobId);
    return { jobId, preview, failedRows, committed: (await collector.request('GET', `/api/v1/imports/${jobId}`)).json().job };
  }
  const csvLine = (l: Line, over: Line) => {
    const v = { ...l, ...over };
    return ['交易流水号', '姓名', '证件类型', '证件号码', '费款所属期', '个人缴费金额', '缴费时间', '缴费渠道', '扣款结果', '扣款账号', '账户名称', '签约日期', '摘要'].map((h) => v[h] ?? '').join(',');
  };
  const line = (name: string) => lines.find((l) => l['姓名'] === name)!;

  it('is the agency’s only: a unit and a collector are refused, an unknown bank is a 400', async () => {
    expect((await a.request('GET', `/api/v1/reconciliation/card-deduction-file?year=${YEAR}&bankCode=icbc`)).statusCode).toBe(403);
    expect((await collector.request('GET', `/api/v1/reconciliation/card-deduction-file?year=${YEAR}&bankCode=icbc`)).statusCode).toBe(403);
    expect((await a.request('GET', `/api/v1/reconciliation/card-deduction-banks?year=${YEAR}`)).statusCode).toBe(403);
    const unknown = await agency.request('GET', `/api/v1/reconciliation/card-deduction-file?year=${YEAR}&bankCode=nobank`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toMatch(/代扣银行/);
  });

  it('lists exactly the due declarations of that bank’s live agreements, with the amounts due, and is audited', async () => {
    await sign(a, ids.wang!, { ...valid, accountNumber: '6222020200099990003', accountHolder: '王母' });
    await sign(a, ids.zhao!, { ...valid, bankCode: 'ccb', accountNumber: '621700000000000204', accountHolder: '赵父' });
    await sign(agency, ids.zhou!, { ...valid, accountNumber: '6222020200099990007', accountHolder: '周父' });

    const banks = (await agency.request('GET', `/api/v1/reconciliation/card-deduction-banks?year=${YEAR}`)).json().items;
    const zhang = await declarationOf(ids.zhang!);
    const due = Number(zhang.payable_fen) - Number(zhang.paid_fen);
    expect(due).toBeGreaterThan(0);
    expect(banks).toEqual([
      { bankCode: 'icbc', bankName: '工商银行', agreements: 4, due: 3, dueFen: 3 * due },
      { bankCode: 'ccb', bankName: '建设银行', agreements: 1, due: 1, dueFen: due },
    ]);

    const file = await readExport(await agency.request('GET', `/api/v1/reconciliation/card-deduction-file?year=${YEAR}&bankCode=icbc`));
    expect(file.headers).toEqual(header.trim().split(','));
    lines = file.rows;
    // Not the other bank's, not the one without an agreement, not the revoked one, not the unit-paid one.
    expect(lines.map((l) => l['姓名']).sort()).toEqual(['张代扣', '李代扣', '王代扣'].sort());
    expect(line('张代扣')).toEqual({
      交易流水号: '',
      姓名: '张代扣',
      证件类型: '01',
      证件号码: doc(201),
      费款所属期: String(YEAR),
      个人缴费金额: (due / 100).toFixed(2),
      缴费时间: '',
      缴费渠道: '银行卡代扣',
      扣款结果: '',
      扣款账号: ACCOUNT,
      账户名称: '张父',
      签约日期: '2026-11-01',
      摘要: `${YEAR}年度城乡居民医保费`,
    });
    expect(line('李代扣')['扣款账号']).toBe('6222020200099990002');
    const audited = await t.database.db.selectFrom('audit_log').select(['after', 'unit_id']).where('action', '=', 'payment.card_deduction_file').execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ unit_id: null, after: { bankCode: 'icbc', year: YEAR, declarationCount: 3, totalFen: 3 * due, rows: 3, complete: true } });
  });

  it('imports the bank’s answer: deducted lines pay once, a failed one is listed and records nothing', async () => {
    const csv =
      header +
      [
        csvLine(line('张代扣'), { 交易流水号: 'ICBC2026112300001', 缴费时间: '2026-11-23 09:10:00', 扣款结果: '成功' }),
        csvLine(line('李代扣'), { 交易流水号: 'ICBC2026112300002', 缴费时间: '2026-11-23 09:10:05', 扣款结果: '成功' }),
        csvLine(line('王代扣'), { 扣款结果: '余额不足' }),
      ].join('\n') +
      '\n';
    const first = await importAnswer(csv);
    expect(first.preview.counts).toEqual({ paid: 2, failed: 1 });
    expect(first.failedRows.items).toHaveLength(1);
    expect(first.failedRows.items[0]).toMatchObject({ outcome: 'failed', name: '王代扣', fields: { result: '扣款失败：余额不足', channel: '银行卡代扣', ticket: null } });
    expect(first.committed.status).toBe('committed');

    expect((await declarationOf(ids.zhang!)).status).toBe('paid');
    expect((await declarationOf(ids.li!)).status).toBe('paid');
    const wang = await declarationOf(ids.wang!);
    expect(wang).toMatchObject({ status: 'settled', paid_fen: 0 });
    const payments = await t.database.db.selectFrom('payment').select(['channel', 'transaction_id', 'amount_fen', 'declaration_id', 'source']).orderBy('transaction_id').execute();
    expect(payments.map((p) => [p.channel, p.transaction_id, p.source])).toEqual([
      ['card_deduction', 'ICBC2026112300001', 'reconciliation'],
      ['card_deduction', 'ICBC2026112300002', 'reconciliation'],
    ]);
    expect(await t.database.db.selectFrom('reconciliation_item').select('id').execute()).toEqual([]);
    // The audit trail per person: paid ones recorded, the failed one noted on its person.
    expect((await auditOf(ids.zhang!)).map((e) => e.action)).toContain('payment.recorded');
    expect((await auditOf(ids.wang!)).map((e) => e.action)).toContain('payment.deduction_failed');
    expect((await auditOf(ids.wang!)).map((e) => e.action)).not.toContain('payment.recorded');

    // The failed one is still due: the next file lists it, and only it.
    const next = await readExport(await agency.request('GET', `/api/v1/reconciliation/card-deduction-file?year=${YEAR}&bankCode=icbc`));
    expect(next.rows.map((l) => l['姓名'])).toEqual(['王代扣']);
  });

  it('a line sent again records nothing more; the retried deduction pays', async () => {
    const csv =
      header +
      [
        csvLine(line('李代扣'), { 交易流水号: 'ICBC2026112300002', 缴费时间: '2026-11-23 09:10:05', 扣款结果: '成功' }),
        csvLine(line('王代扣'), { 交易流水号: 'ICBC2026112300003', 缴费时间: '2026-11-23 10:00:00', 扣款结果: '扣款成功' }),
      ].join('\n') +
      '\n';
    const second = await importAnswer(csv);
    expect(second.preview.counts).toEqual({ unchanged: 1, paid: 1 });
    const payments = await t.database.db.selectFrom('payment').select(['declaration_id', 'amount_fen']).where('channel', '=', 'card_deduction').execute();
    expect(payments).toHaveLength(3);
    const li = await declarationOf(ids.li!);
    expect(payments.filter((p) => p.declaration_id === li.id)).toHaveLength(1);
    expect(li).toMatchObject({ status: 'paid', paid_fen: li.payable_fen });
    expect((await declarationOf(ids.wang!)).status).toBe('paid');
    expect((await readExport(await agency.request('GET', `/api/v1/reconciliation/card-deduction-file?year=${YEAR}&bankCode=icbc`))).rows).toEqual([]);
  });
});

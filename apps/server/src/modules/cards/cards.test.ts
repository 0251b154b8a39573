import ExcelJS from 'exceljs';
import unzipper from 'unzipper';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, buildUser, residentId } from '../../test/factories';
import { png } from '../../test/images';
import { commitSettled, readSettled } from '../imports/imports.service';

// 制卡 (issue 15, item 6): who has no card, who needs a photo, the zip for the card centre, and the cards collected.
let t: TestApp;
let school: Client;
let other: Client;
let agency: Client;
let unitId: string;
const YEAR = 2027;
const ids: Record<string, string> = {};
const docs: Record<string, string> = {};

const list = async (c: Client, q = '') => (await c.request('GET', `/api/v1/cards?year=${YEAR}${q}`)).json();
const byName = (items: Array<{ name: string }>) => Object.fromEntries(items.map((i) => [i.name, i])) as Record<string, Record<string, unknown>>;

beforeAll(async () => {
  t = await buildTestApp();
  await buildCampaign(t.database.db, YEAR);
  const A = await buildUnitWithOperator(t.database.db, { name: '制卡小学' });
  const B = await buildUnitWithOperator(t.database.db, { name: '别的小学' });
  unitId = A.unit.id;
  school = await login(t.app, A.operator.username, TEST_PASSWORD);
  other = await login(t.app, B.operator.username, TEST_PASSWORD);
  agency = await login(t.app, (await buildUser(t.database.db, { role: 'agency_admin' })).username, TEST_PASSWORD);
  // 大一 is 9 (needs a photo), 小二 is 5 (needs none: the template asks from 7), 有卡 has had a card for years,
  // 未报 is not declared for the year.
  const people: Array<[string, string, string]> = [
    ['大一', '2017-03-01', 'none'],
    ['小二', '2021-05-01', 'unknown'],
    ['有卡', '2016-01-01', 'issued'],
    ['未报', '2016-02-01', 'none'],
  ];
  for (const [i, [name, birth, card]] of people.entries()) {
    docs[name] = residentId('320508', birth, 610 + i);
    const p = await school.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: docs[name], name, hukouType: 'local_urban', gradeCode: '02', className: '1班' });
    expect(p.statusCode, p.body).toBe(201);
    ids[name] = p.json().person.id;
    await t.database.db.updateTable('person').set({ card_status: card as 'none' }).where('id', '=', ids[name]!).execute();
    if (name !== '未报') expect((await school.request('POST', '/api/v1/declarations', { year: YEAR, personId: ids[name] })).statusCode).toBe(201);
  }
});
afterAll(() => t.close());

describe('制卡查询', () => {
  it('lists the declared without a card; a photo is asked from the age the profile sets', async () => {
    const r = await list(school);
    expect(r.photoFromAge).toBe(7);
    expect(r.items.map((i: { name: string }) => i.name).sort()).toEqual(['大一', '小二']);
    const by = byName(r.items);
    expect(by['大一']).toMatchObject({ stage: 'need_card', stageName: '未制卡', photoRequired: true, hasPhoto: false, age: 9 });
    expect(by['小二']).toMatchObject({ stage: 'need_card', photoRequired: false });
    expect(r.counts).toEqual({ needCard: 2, photoMissing: 1, inProduction: 0, toCollect: 0, collected: 0 });
    expect(String(by['大一']!.idNumberMasked)).toMatch(/\*/);
    expect((await list(school, '&photoMissing=true')).items.map((i: { name: string }) => i.name)).toEqual(['大一']);
    expect((await list(other)).total).toBe(0);
  });

  it('a photo on file counts, checked when it was uploaded', async () => {
    const up = await t.app.inject({ method: 'PUT', url: `/api/v1/persons/${ids['大一']}/photo`, payload: png(358, 441), headers: { cookie: school.cookie, 'x-csrf-token': school.csrfToken, 'content-type': 'image/png' } });
    expect(up.statusCode, up.body).toBe(200);
    const r = await list(school);
    expect(byName(r.items)['大一']).toMatchObject({ hasPhoto: true });
    expect(r.counts.photoMissing).toBe(0);
  });
});

describe('制卡资料 for the card centre', () => {
  it('is one zip per unit: the list with full numbers and the photos named by number; audited', async () => {
    const res = await school.request('GET', `/api/v1/cards/export?year=${YEAR}`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const zip = await unzipper.Open.buffer(res.rawPayload);
    const names = zip.files.map((f) => f.path).sort();
    expect(names).toEqual([`制卡人员名单_制卡小学_${YEAR}.xlsx`, `照片/${docs['大一']}.png`].sort());
    const photo = await zip.files.find((f) => f.path.startsWith('照片/'))!.buffer();
    expect(Buffer.compare(photo, png(358, 441))).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await zip.files.find((f) => f.path.endsWith('.xlsx'))!.buffer()) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('制卡人员名单')!;
    const rows: string[][] = [];
    ws.eachRow((row, n) => n > 1 && rows.push((row.values as unknown[]).slice(1).map(String)));
    expect(rows.map((r) => r[1]).sort()).toEqual(['大一', '小二']);
    const first = rows.find((r) => r[1] === '大一')!;
    expect(first[5]).toBe(docs['大一']);
    expect(first[9]).toBe('须报送，已有');
    expect(first[10]).toBe(`照片/${docs['大一']}.png`);
    expect(rows.find((r) => r[1] === '小二')![9]).toBe('无需照片');
    const audited = await t.database.db.selectFrom('audit_log').select(['after']).where('action', '=', 'card.exported').executeTakeFirstOrThrow();
    expect(audited.after).toMatchObject({ year: YEAR, persons: 2, photos: 1, complete: true });
    expect(JSON.stringify(audited.after)).not.toContain(docs['大一']);
  });

  it('the agency names the unit; another unit exports its own, never this one’s', async () => {
    const none = await agency.request('GET', `/api/v1/cards/export?year=${YEAR}`);
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toBe('制卡资料按单位导出，请选择单位');
    const theirs = await other.request('GET', `/api/v1/cards/export?year=${YEAR}&unitId=${unitId}`);
    const zip = await unzipper.Open.buffer(theirs.rawPayload);
    expect(zip.files.map((f) => f.path)).toEqual([`制卡人员名单_别的小学_${YEAR}.xlsx`]);
  });
});

describe('the card centre’s list and the collection', () => {
  it('an imported 已制卡 waits for collection; the unit records who collected it, once', async () => {
    const csv = Buffer.from(`姓名,证件号码,制卡状态\n大一,${docs['大一']},已制卡\n小二,${docs['小二']},制卡中\n有卡,${docs['有卡']},已制卡\n`, 'utf8');
    const created = await agency.request('POST', '/api/v1/imports', { kind: 'card_status', fileName: '制卡状态.csv' });
    expect(created.statusCode, created.body).toBe(201);
    const job = created.json().job.id as string;
    const up = await t.app.inject({ method: 'PUT', url: `/api/v1/imports/${job}/file`, payload: csv, headers: { cookie: agency.cookie, 'x-csrf-token': agency.csrfToken, 'content-type': 'text/csv' } });
    expect(up.statusCode, up.body).toBe(200);
    await readSettled(job);
    const preview = (await agency.request('GET', `/api/v1/imports/${job}`)).json().job as { counts: Record<string, number> };
    expect(preview.counts).toMatchObject({ matched: 2, unchanged: 1 });
    const commit = await agency.request('POST', `/api/v1/imports/${job}/commit`, {});
    if (commit.statusCode === 202) await commitSettled(job);
    const done = (await agency.request('GET', `/api/v1/imports/${job}`)).json().job as { status: string; counts: Record<string, number> };
    expect(done.counts).toMatchObject({ updated: 2 });

    const r = await list(school);
    const by = byName(r.items);
    expect(by['大一']).toMatchObject({ stage: 'to_collect', stageName: '已制卡待领取', cardStatus: 'issued', photoRequired: false });
    expect(by['小二']).toMatchObject({ stage: 'in_production' });
    expect(by['有卡']).toBeUndefined();

    const early = await school.request('POST', '/api/v1/cards/collections', { personIds: [ids['大一']], collectedOn: '2099-01-01', collectedBy: '王老师' });
    expect(early.statusCode).toBe(400);
    const got = await school.request('POST', '/api/v1/cards/collections', { personIds: [ids['大一'], ids['小二']], collectedOn: '2026-11-23', collectedBy: '王老师' });
    expect(got.statusCode, got.body).toBe(200);
    expect(got.json()).toEqual({ recorded: 1, skipped: [], withoutCard: 1 });
    const again = (await school.request('POST', '/api/v1/cards/collections', { personIds: [ids['大一']], collectedOn: '2026-11-23', collectedBy: '李老师' })).json();
    expect(again).toEqual({ recorded: 0, skipped: [{ personId: ids['大一'], name: '大一', reason: '已于 2026-11-23 领取' }], withoutCard: 0 });
    expect(byName((await list(school, '&stage=collected')).items)['大一']).toMatchObject({ collectedOn: '2026-11-23', collectedBy: '王老师' });
    // Another unit cannot record this unit's cards.
    expect((await other.request('POST', '/api/v1/cards/collections', { personIds: [ids['大一']], collectedOn: '2026-11-23', collectedBy: '越权' })).json().recorded).toBe(0);
  });

  it('a card marked made by hand waits for collection too', async () => {
    const res = await school.request('PATCH', `/api/v1/persons/${ids['小二']}`, { cardStatus: 'issued' });
    expect(res.statusCode, res.body).toBe(200);
    expect(byName((await list(school)).items)['小二']).toMatchObject({ stage: 'to_collect' });
  });
});

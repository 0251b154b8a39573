import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { TEST_PASSWORD, buildCampaign, buildUnitWithOperator, residentId } from '../../test/factories';

// A community office's chase (issue 16, item 4): its residents by street and address instead of grade and class.
let t: TestApp;
let office: Client;
let other: Client;
const YEAR = 2027;
const SHUANGTA = '320508021';
const CANGLANG = '320508020';

type Item = { name: string; streetName: string | null; address: string | null; gradeName: string; stage: string };
const list = async (c: Client, query = '') => {
  const res = await c.request('GET', `/api/v1/uninsured?year=${YEAR}${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Item[]; total: number };
};

beforeAll(async () => {
  t = await buildTestApp();
  await buildCampaign(t.database.db, YEAR);
  const A = await buildUnitWithOperator(t.database.db, { name: '双塔社区', kind: 'community_office' });
  const B = await buildUnitWithOperator(t.database.db, { name: '另一社区', kind: 'community_office' });
  office = await login(t.app, A.operator.username, TEST_PASSWORD);
  other = await login(t.app, B.operator.username, TEST_PASSWORD);
  const person = (name: string, serial: number, street: string | null, address: string | null) => ({
    documentType: '01',
    documentNumber: residentId('320508', '1975-05-01', serial),
    name,
    hukouType: 'local_urban',
    hukouDistrictCode: '320508',
    ...(street ? { hukouStreetCode: street } : {}),
    ...(address ? { hukouAddress: address } : {}),
  });
  for (const [name, serial, street, address] of [
    ['十全甲', 11, SHUANGTA, '十全街 10 号'],
    ['十全乙', 12, SHUANGTA, '十全街 12 号'],
    ['沧浪丙', 13, CANGLANG, '人民路 3 号'],
  ] as const) {
    const res = await office.request('POST', '/api/v1/persons', person(name, serial, street, address));
    expect(res.statusCode, res.body).toBe(201);
  }
  // A member of a household with no address of their own: found by the household's.
  const h = await office.request('POST', '/api/v1/households', { hukouType: 'local_urban', hukouAddress: '凤凰街 8 号', members: [{ relation: 'head', person: person('凤凰丁', 14, SHUANGTA, null) }] });
  expect(h.statusCode, h.body).toBe(201);
  await other.request('POST', '/api/v1/persons', person('别家戊', 15, SHUANGTA, '十全街 99 号'));
});
afterAll(() => t.close());

describe('the chase of a community office', () => {
  it('lists its residents with street and address, ordered by street then address', async () => {
    const { items, total } = await list(office);
    expect(total).toBe(4);
    expect(items.map((i) => `${i.streetName}|${i.address}|${i.name}`)).toEqual(['双塔街道|凤凰街 8 号|凤凰丁', '双塔街道|十全街 10 号|十全甲', '双塔街道|十全街 12 号|十全乙', '沧浪街道|人民路 3 号|沧浪丙']);
  });

  it('filters by street and finds by a part of the address, the own one or the household’s', async () => {
    expect((await list(office, `&streetCode=${CANGLANG}`)).items.map((i) => i.name)).toEqual(['沧浪丙']);
    expect((await list(office, `&q=${encodeURIComponent('十全街')}`)).items.map((i) => i.name)).toEqual(['十全甲', '十全乙']);
    expect((await list(office, `&q=${encodeURIComponent('凤凰')}`)).items.map((i) => i.name)).toEqual(['凤凰丁']);
    expect((await list(office, `&q=${residentId('320508', '1975-05-01', 13)}`)).items.map((i) => i.name)).toEqual(['沧浪丙']);
    // Another community's resident on the same street is not this one's.
    expect((await list(office, `&q=${encodeURIComponent('99 号')}`)).total).toBe(0);
    expect((await list(other)).items.map((i) => i.name)).toEqual(['别家戊']);
    const bad = await office.request('GET', `/api/v1/uninsured?year=${YEAR}&streetCode=3205`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('街道代码为 9 位数字');
  });

  it('offers its residents’ streets to pick from, with head counts, and only its own', async () => {
    const streets = (await office.request('GET', '/api/v1/persons/streets')).json();
    expect(streets.items).toEqual([
      { code: CANGLANG, name: '沧浪街道', count: 1 },
      { code: SHUANGTA, name: '双塔街道', count: 3 },
    ]);
    expect((await other.request('GET', '/api/v1/persons/streets')).json().items).toEqual([{ code: SHUANGTA, name: '双塔街道', count: 1 }]);
  });

  it('exports one sheet per street with the street and address columns', async () => {
    const res = await office.request('GET', `/api/v1/uninsured/export?year=${YEAR}`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['双塔街道', '沧浪街道']);
    const header = (wb.worksheets[0]!.getRow(1).values as string[]).filter(Boolean);
    expect(header).toEqual(expect.arrayContaining(['街道', '住址', '姓名']));
    const rows = wb.worksheets[0]!.getSheetValues().slice(2).map((r) => (r as string[]).filter(Boolean).join(' '));
    expect(rows.join('\n')).toContain('凤凰街 8 号');
  });
});

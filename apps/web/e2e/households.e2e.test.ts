import { describe, expect, it } from 'vitest';
import { apiAs, loginAs, shot, useServerAndBrowser } from './fixtures/server';

/**
 * 家庭 (issue 16, items 1 and 8): a community office registers a household of four — two adults, a child studying
 * elsewhere whom the community enrolls, a grandmother on the 低保 list — and declares it in one step, each member
 * priced by its own rules.
 */
const app = useServerAndBrowser();

function residentId(body17: string) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, c, i) => s + Number(c) * weights[i]!, 0);
  return body17 + '10X98765432'[sum % 11];
}

describe('[HOUSEHOLDS] a household of four', () => {
  it('a community office registers it, marks the exempt member and declares all four at once', async () => {
    const base = app.server.baseUrl;
    const page = await app.browser.newPage({ viewport: { width: 1360, height: 900 } });
    await loginAs(page, base, 'community1');
    await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('家庭');
    await page.getByTestId('nav-menu').getByRole('link', { name: '家庭', exact: true }).click();
    await page.getByRole('button', { name: /登记家庭/ }).click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('登记家庭');
    await page.getByLabel('户籍地址').fill('姑苏区十全街 88 号');
    const members: Array<[string, string, string]> = [
      ['户主', '陈家父', residentId('32050819840312413')],
      ['配偶', '吴家母', residentId('32050819860521422')],
      ['子女', '陈小学', residentId('32050820140903431')],
      ['父母', '陈奶奶', residentId('32050819560101442')],
    ];
    await page.getByRole('button', { name: /添加成员/ }).click();
    await page.getByRole('button', { name: /添加成员/ }).click();
    for (const [i, [relation, name, id]] of members.entries()) {
      // The form starts with 户主 and 配偶, and each added row as 子女: only the grandmother's relation is chosen.
      if (relation === '父母') {
        await page.getByLabel(`第 ${i + 1} 人与户主关系`).click();
        await page.locator('.ant-select-dropdown:visible').last().getByTitle(relation, { exact: true }).click();
      }
      await page.getByLabel(`第 ${i + 1} 人姓名`).fill(name);
      await page.getByLabel(`第 ${i + 1} 人证件号码`).fill(id);
    }
    await shot(page, 'households-register');
    await page.getByRole('button', { name: /^登\s*记$/ }).click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 15_000 }).toBe('陈家父家庭');
    const rows = page.getByTestId('household-members').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(4);
    expect((await rows.allTextContents()).join('|')).not.toContain(members[0]![2]);

    // The grandmother is on the civil affairs' 低保 list.
    const office = await apiAs(base, 'community1');
    const grandma = (await office<{ items: Array<{ id: string }> }>('GET', `/api/v1/persons?q=${members[3]![2]}`)).items[0]!.id;
    await office('POST', `/api/v1/persons/${grandma}/exemptions`, { categoryCode: 'dibao', certifyingDepartment: '姑苏区民政局', validFrom: '2026-01-01', source: 'department_list' });

    await page.getByRole('button', { name: /整户申报（4 人）/ }).click();
    const result = page.getByTestId('batch-result');
    await expect.poll(() => result.textContent().catch(() => ''), { timeout: 15_000 }).toContain('4');
    await page.getByRole('button', { name: /知道了/ }).click();
    await result.waitFor({ state: 'hidden', timeout: 10_000 });
    await expect.poll(async () => (await rows.allTextContents()).filter((t) => t.includes('已申报')).length, { timeout: 15_000 }).toBe(4);
    const grandmaRow = rows.filter({ hasText: '陈奶奶' });
    expect(await grandmaRow.textContent()).toMatch(/低保|最低生活保障/);
    const due = Number(((await page.getByTestId('household-due').textContent()) ?? '').replace(/[^\d.]/g, ''));
    expect(due).toBeGreaterThan(0);
    await shot(page, 'households-declared');
    await page.close();
  });

  it('a grandfather pays all four in one order on a phone, proving the father by his number, name and phone', async () => {
    const base = app.server.baseUrl;
    const office = await apiAs(base, 'community1');
    const father = residentId('32050819840312413');
    const fatherId = (await office<{ items: Array<{ id: string }> }>('GET', `/api/v1/persons?q=${father}`)).items[0]!.id;
    await office('PATCH', `/api/v1/persons/${fatherId}`, { phone: '13912348888' });
    const { items: years } = await office<{ items: Array<{ year: number; current: boolean }> }>('GET', '/api/v1/campaign-years');
    const year = years.find((y) => y.current)!.year;
    await office('POST', '/api/v1/declarations/confirm', { year });
    await office('POST', '/api/v1/settlements', { year, paymentMode: 'per_person' });

    const page = await app.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(`${base}/family`);
    await page.getByTestId('family-pay-link').click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('为家人缴费');
    await page.getByLabel('家庭成员身份证号码').fill(father);
    await page.getByLabel('姓名', { exact: true }).fill('陈家父');
    await page.getByLabel('登记手机号后四位').fill('8888');
    await page.getByRole('button', { name: /查询待缴费用/ }).click();
    const due = page.getByTestId('family-due');
    await expect.poll(() => due.locator('.ant-list-item').count(), { timeout: 15_000 }).toBe(4);
    const text = (await due.textContent()) ?? '';
    expect(text).toContain('陈*父（户主）');
    expect(text).toContain('陈*奶（父母）');
    expect(text).not.toContain('陈奶奶');
    expect(text).not.toContain(father);
    const total = (await page.getByTestId('family-due-total').textContent()) ?? '';
    expect(Number(total.replace(/[^\d.]/g, ''))).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByLabel('缴费人姓名').fill('陈爷爷');
    await page.getByLabel('与参保人关系').fill('祖父');
    await shot(page, 'family-pay-due-phone');
    await page.getByTestId('family-pay-submit').click();
    const digits = (v: string | null) => (v ?? '').replace(/[^\d.]/g, '');
    await expect.poll(async () => digits(await page.getByTestId('cashier-amount').textContent()), { timeout: 15_000 }).toBe(digits(total));
    await page.getByTestId('cashier-confirm').click();
    await expect.poll(() => page.getByTestId('family-pay-done').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('family-pay-done').textContent()).toContain('已为 4 人缴纳');
    await shot(page, 'family-pay-done-phone');
    await page.close();
    // At a desk: the same page, the household now with nothing due.
    const desk = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await desk.goto(`${base}/family/pay`);
    await desk.getByLabel('家庭成员身份证号码').fill(father);
    await desk.getByLabel('姓名', { exact: true }).fill('陈家父');
    await desk.getByLabel('登记手机号后四位').fill('8888');
    await desk.getByRole('button', { name: /查询待缴费用/ }).click();
    await expect.poll(() => desk.getByTestId('family-due').textContent().catch(() => ''), { timeout: 15_000 }).toContain('没有待缴费用');
    await shot(desk, 'family-pay-nothing-due-desk');
    await desk.close();

    // Each member is paid by the ledger, once, with the payer recorded.
    const { items } = await office<{ items: Array<{ id: string }> }>('GET', `/api/v1/households?q=${encodeURIComponent('陈家父')}`);
    const household = await office<{ dueFen: number; members: Array<{ name: string; declaration: { status: string } | null }> }>('GET', `/api/v1/households/${items[0]!.id}`);
    expect(household.members.map((m) => m.declaration?.status)).toEqual(['paid', 'paid', 'paid', 'paid']);
    expect(household.dueFen).toBe(0);
  });
});

describe('[PATHS] a rural-hukou pupil enrolls with the family at the village committee', () => {
  it('the school declaring the class is told so, and its uninsured list says where the pupil enrolls', async () => {
    const base = app.server.baseUrl;
    // The agency's rule for the year (its own profile): rural-hukou pupils enroll with the family, not at school.
    const agency = await apiAs(base, 'admin');
    const { items: years } = await agency<{ items: Array<{ year: number; current: boolean }> }>('GET', '/api/v1/campaign-years');
    const year = years.find((y) => y.current)!.year;
    const key = `suzhou-${year}`;
    const { profile } = await agency<{ profile: { paths: unknown[] } }>('GET', `/api/v1/profiles/${key}`);
    const village = { path: 'village', name: '户籍所在村民委员会（以家庭为单位）', when: [{ hukouTypes: ['local_rural'], inSchool: true }], source: { notice: 'public', section: '本市经办规定：农村户籍学生随家庭参保', reference: '市医保中心年度经办规定' }, unsure: true };
    await agency('PUT', `/api/v1/profiles/${key}`, { profile: { ...profile, paths: [village, ...profile.paths] }, note: '农村户籍学生以家庭为单位到村委会办理' });
    const school = await apiAs(base, 'school1');
    await school('POST', '/api/v1/persons', { documentType: '01', documentNumber: residentId('32050820190412135'), name: '农家娃', hukouType: 'local_rural', gradeCode: '01', className: '1班' });

    const page = await app.browser.newPage({ viewport: { width: 1360, height: 900 } });
    await loginAs(page, base, 'school1');
    await page.getByTestId('nav-menu').getByText('参保申报').click();
    await expect.poll(() => page.getByTestId('window-today').textContent().catch(() => ''), { timeout: 15_000 }).toContain('申报期内');
    await page.getByRole('button', { name: '整班申报' }).click();
    await page.getByLabel('申报年级').click();
    await page.getByTitle('小学一年级').click();
    await page.getByLabel('申报班级').click();
    await page.locator('.ant-select-item-option').filter({ hasText: /^1班（\d+ 人）$/ }).click();
    await page.locator('.ant-modal').getByRole('button', { name: /^申\s*报$/ }).click();
    const refused = page.getByTestId('batch-refused');
    await expect.poll(() => refused.textContent().catch(() => ''), { timeout: 20_000 }).toContain('农家娃');
    expect(await refused.textContent()).toContain('户籍所在村民委员会（以家庭为单位）');
    await shot(page, 'paths-school-told-village');
    await page.getByRole('button', { name: /知道了/ }).click();

    await page.getByTestId('nav-menu').getByRole('link', { name: '未参保人员' }).click();
    const row = page.getByTestId('uninsured-table').locator('tbody tr.ant-table-row').filter({ hasText: '农家娃' });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await row.getByTestId('uninsured-elsewhere').hover();
    await expect.poll(() => page.locator('.ant-tooltip:visible').textContent().catch(() => ''), { timeout: 10_000 }).toContain('户籍所在村民委员会（以家庭为单位）');
    await shot(page, 'paths-uninsured-elsewhere');
    await page.close();
  });
});

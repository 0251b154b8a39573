import { describe, expect, it } from 'vitest';
import { apiAs, loginAs, shot, useServerAndBrowser } from './fixtures/server';

/**
 * 抽查 (issue 15, item 5): the agency draws 5% of the region's declarations and records two findings; a school sees
 * the findings on its own declarations and answers one.
 */
const app = useServerAndBrowser();
const SCHOOL = '苏州市姑苏区第一实验小学';


describe('[AUDIT-SAMPLES] sampling the original materials', () => {
  it('the agency draws a 5% sample of the region and records two findings', async () => {
    const base = app.server.baseUrl;
    const admin = await app.browser.newPage({ viewport: { width: 1360, height: 860 } });
    await loginAs(admin, base, 'admin');
    await expect.poll(() => admin.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('抽查');
    await admin.getByTestId('nav-menu').getByRole('link', { name: '抽查', exact: true }).click();
    await admin.getByRole('button', { name: '抽取样本' }).click();
    const dialog = admin.getByRole('dialog').filter({ hasText: '抽取抽查样本' });
    expect(await dialog.getByLabel('抽查比例').inputValue()).toBe('5');
    await dialog.getByRole('button', { name: /抽\s*取/ }).click();
    await expect.poll(() => admin.locator('h1').textContent(), { timeout: 15_000 }).toMatch(/^\d{4} 年度抽查（/);
    const rows = admin.getByTestId('audit-items-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThan(1);
    const size = await rows.count();
    expect(await admin.getByTestId('audit-sample-size').textContent()).toBe(`${size} 份`);

    // Two findings: missing, and wrong.
    const findings: Array<[string, string]> = [
      ['材料缺失', '缺少户口簿复印件'],
      ['材料有误', '低保证明已过期'],
    ];
    const names: string[] = [];
    for (const [result, note] of findings) {
      const button = admin.getByRole('button', { name: /^登记 .+ 的抽查结果$/ }).first();
      names.push(((await button.getAttribute('aria-label')) ?? '').replace(/^登记 | 的抽查结果$/g, ''));
      await button.click();
      const modal = admin.getByRole('dialog').filter({ hasText: '登记抽查结果' });
      await modal.getByText(result, { exact: true }).click();
      await modal.getByLabel('说明').fill(note);
      await modal.getByRole('button', { name: /保\s*存/ }).click();
      await expect.poll(() => rows.filter({ hasText: names.at(-1)! }).getByTestId('audit-item-result').textContent().catch(() => ''), { timeout: 15_000 }).toContain(result);
    }
    expect(await admin.getByTestId('audit-sample-counts').textContent()).toBe('2 / 2 / 0');
    await shot(admin, 'audit-sample-findings');
    // The units with findings come first in the report.
    await admin.getByRole('tab', { name: '各单位情况' }).click();
    const reportRows = admin.getByTestId('audit-report-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => reportRows.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const cells = await reportRows.first().locator('td').allTextContents();
    expect(Number(cells[4]) + Number(cells[5])).toBeGreaterThan(0);
    await admin.close();
  });

  it('a school sees the findings on its own declarations only, and answers one', async () => {
    const base = app.server.baseUrl;
    // The school declares its pupils; the agency samples two of them and finds both wanting.
    const api = await apiAs(base, 'school1');
    const { items: years } = await api<{ items: Array<{ year: number; current: boolean }> }>('GET', '/api/v1/campaign-years');
    const year = years.find((y) => y.current)!.year;
    for (const gradeCode of ['01', '02']) await api('POST', '/api/v1/declarations/batch', { year, mode: 'class', gradeCode });
    const agency = await apiAs(base, 'admin');
    const unitId = (await agency<{ items: Array<{ id: string; name: string }> }>('GET', `/api/v1/units?q=${encodeURIComponent('第一实验小学')}`)).items.find((u) => u.name === SCHOOL)!.id;
    const sample = await agency<{ id: string; items: Array<{ id: string; personName: string }> }>('POST', '/api/v1/audit-samples', { year, count: 2, unitIds: [unitId] });
    await agency('PUT', `/api/v1/audit-samples/${sample.id}/items/${sample.items[0]!.id}`, { result: 'missing', note: '缺少户口簿复印件' });
    await agency('PUT', `/api/v1/audit-samples/${sample.id}/items/${sample.items[1]!.id}`, { result: 'wrong', note: '出生日期与户口簿不符' });
    const names = sample.items.map((i) => i.personName);
    const size = 2;

    const school = await app.browser.newPage({ viewport: { width: 1360, height: 860 } });
    await loginAs(school, base, 'school1');
    await expect.poll(() => school.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('抽查');
    await school.getByTestId('nav-menu').getByRole('link', { name: '抽查', exact: true }).click();
    // Only the sample that drew its declarations, with its own two items.
    const samples = school.getByTestId('audit-samples-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => samples.count(), { timeout: 15_000 }).toBe(1);
    await samples.first().getByRole('link').click();
    await expect.poll(() => school.url(), { timeout: 10_000 }).toContain(sample.id);
    const schoolRows = school.getByTestId('audit-items-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => schoolRows.count(), { timeout: 15_000 }).toBe(size);
    expect(await school.getByRole('button', { name: /的抽查结果$/ }).count()).toBe(0);
    await school.getByRole('button', { name: `登记 ${names[0]} 的整改情况` }).click();
    const modal = school.getByRole('dialog').filter({ hasText: '登记整改情况' });
    await modal.getByLabel('整改情况').fill('已补交户口簿复印件');
    // Under load the dialog may still be opening when the text is typed: make sure it is there before saving.
    await expect.poll(() => modal.getByLabel('整改情况').inputValue(), { timeout: 5_000 }).toBe('已补交户口簿复印件');
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await modal.waitFor({ state: 'hidden', timeout: 20_000 });
    await expect.poll(() => school.getByTestId('audit-sample-counts').textContent(), { timeout: 20_000 }).toBe('2 / 2 / 1');
    expect(await schoolRows.filter({ hasText: names[0]! }).textContent()).toContain('已补交户口簿复印件');
    expect(await schoolRows.filter({ hasText: names[1]! }).textContent()).toContain('待整改');
    await shot(school, 'audit-sample-follow-up');
    await school.close();
  });
});

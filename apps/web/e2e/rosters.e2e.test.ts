import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, loginAs, shot, useServerAndBrowser } from './fixtures/server';

/** 报送名册 (issue 15, item 2): a school exports its 花名册 masked; the agency the region's with full numbers and a reason. */
const app = useServerAndBrowser();

async function download(page: Page, click: () => Promise<void>) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await (await file.createReadStream()).toArray()).reduce((a: Buffer, b: Buffer) => Buffer.concat([a, b]), Buffer.alloc(0)) as unknown as ArrayBuffer);
  return { wb, name: file.suggestedFilename() };
}
const notes = (wb: ExcelJS.Workbook) => {
  const out: Record<string, string> = {};
  wb.getWorksheet('导出说明')!.eachRow((row, n) => {
    if (n > 1) out[row.getCell(1).text] = row.getCell(2).text;
  });
  return out;
};

describe('[ROSTERS] the rosters sent to the centre', () => {
  it('a school exports its 参保人员花名册 with masked numbers; the agency exports the region’s with full numbers after a reason', async () => {
    const base = app.server.baseUrl;
    const school = await app.browser.newPage({ viewport: { width: 1360, height: 860 }, acceptDownloads: true });
    await loginAs(school, base, 'school1');
    await expect.poll(() => school.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('参保申报');
    await school.getByTestId('nav-menu').getByRole('link', { name: '参保申报', exact: true }).click();
    await school.getByRole('button', { name: /报送名册/ }).click();
    const mine = await download(school, () => school.getByRole('menuitem', { name: '参保人员花名册' }).click());
    expect(mine.name).toMatch(/^参保人员花名册_\d{4}_苏州市姑苏区第一实验小学_/);
    expect(notes(mine.wb)).toMatchObject({ 证件号码: '已脱敏', 导出账号: 'school1' });
    await school.close();

    const admin = await app.browser.newPage({ viewport: { width: 1360, height: 860 }, acceptDownloads: true });
    await loginAs(admin, base, 'admin');
    await expect.poll(() => admin.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('参保申报');
    await admin.getByTestId('nav-menu').getByRole('link', { name: '参保申报', exact: true }).click();
    await admin.getByRole('button', { name: /报送名册/ }).click();
    await admin.getByRole('menuitem', { name: '参保人员花名册' }).click();
    const dialog = admin.getByRole('dialog').filter({ hasText: '导出参保人员花名册' });
    await dialog.getByText('导出完整证件号码').click();
    await dialog.getByRole('button', { name: /导\s*出/ }).click();
    await expect.poll(() => dialog.textContent(), { timeout: 5_000 }).toContain('请说明导出完整证件号码的原因');
    await dialog.getByLabel('导出原因').fill('报送市医保中心');
    await shot(admin, 'rosters-full-ids');
    const region = await download(admin, () => dialog.getByRole('button', { name: /导\s*出/ }).click());
    expect(notes(region.wb)).toMatchObject({ 范围: '全统筹区', 证件号码: '完整号码（原因：报送市医保中心）', 导出账号: 'admin' });
    const ids: string[] = [];
    region.wb.getWorksheet('参保人员花名册')!.eachRow((row, n) => {
      if (n > 1) ids.push(row.getCell(3).text);
    });
    expect(ids.length).toBeGreaterThan(100);
    expect(ids.every((id) => /^\d{17}[\dX]$/.test(id))).toBe(true);
    await admin.close();
  });

  it('a school registers a pupil whose hukou moved in, and the 户籍迁入人员参保登记表 lists where from and when', async () => {
    const base = app.server.baseUrl;
    const page = await app.browser.newPage({ viewport: { width: 1360, height: 860 }, acceptDownloads: true });
    await loginAs(page, base, 'school1');
    await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('参保人员');
    await page.getByTestId('nav-menu').getByText('参保人员', { exact: true }).click();
    await page.getByRole('button', { name: /登记人员/ }).click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('登记人员');
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const body17 = '32050820180611372';
    const id = body17 + '10X98765432'[[...body17].reduce((s, c, i) => s + Number(c) * weights[i]!, 0) % 11];
    await page.getByLabel('证件号码').fill(id);
    await page.getByLabel('姓名', { exact: true }).fill('迁入周晓');
    await page.getByLabel('监护人姓名').fill('周建华');
    await page.getByLabel('年级').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '小学二年级' }).click();
    await page.getByLabel('班级').fill('1班');
    await page.getByLabel('户籍迁入：迁入前户籍地').fill('安徽省阜阳市颍州区');
    await page.getByLabel('迁入日期').fill('2025-03-15');
    await page.getByLabel('迁入日期').press('Enter');
    await shot(page, 'rosters-inflow-register');
    await page.getByRole('button', { name: /^登\s*记$/ }).click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toContain('迁入周晓');
    await expect.poll(() => page.locator('.ant-card').filter({ hasText: '户籍类型' }).textContent(), { timeout: 10_000 }).toContain('2025-03-15 由 安徽省阜阳市颍州区 迁入');
    const personId = page.url().split('/').pop()!;

    const school = await apiAs(base, 'school1');
    const { items: years } = await school<{ items: Array<{ year: number; current: boolean }> }>('GET', '/api/v1/campaign-years');
    await school('POST', '/api/v1/declarations', { year: years.find((y) => y.current)!.year, personId });
    await page.getByTestId('nav-menu').getByRole('link', { name: '参保申报', exact: true }).click();
    await page.getByRole('button', { name: /报送名册/ }).click();
    const file = await download(page, () => page.getByRole('menuitem', { name: '户籍迁入人员参保登记表' }).click());
    expect(file.name).toMatch(/^户籍迁入人员参保登记表_\d{4}_苏州市姑苏区第一实验小学_/);
    const rows: string[][] = [];
    file.wb.getWorksheet('户籍迁入人员')!.eachRow((row, n) => n > 1 && rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    const mine = rows.find((r) => r[1] === '迁入周晓')!;
    expect(mine).toBeTruthy();
    expect(mine[7]).toBe('安徽省阜阳市颍州区');
    expect(mine[8]).toBe('2025-03-15');
    expect(mine[2]).toMatch(/\*/);
    await page.close();
  });
});

import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginAs, shot, useServerAndBrowser } from './fixtures/server';

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
});

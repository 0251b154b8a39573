import { computeResidentIdCheckChar } from '@canbao/domain';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, loginAs, shot, text, useServerAndBrowser } from './fixtures/server';

const app = useServerAndBrowser();

// A girl born 2018-05-09 in 姑苏区 (sequence 024: even → female), not among the demo pupils.
const first17 = '32050820180509024';
const PUPIL_ID = first17 + computeResidentIdCheckChar(first17);
const WRONG_CHECK = first17 + (computeResidentIdCheckChar(first17) === '1' ? '2' : '1');
// A boy born 2019-03-14 in 姑苏区 with non-local hukou and no residence permit recorded yet.
const nonlocal17 = '32050820190314035';
const NONLOCAL_ID = nonlocal17 + computeResidentIdCheckChar(nonlocal17);
// A girl born 2017-07-21 in 姑苏区 whose family holds a 低保 certificate.
const dibao17 = '32050820170721046';
const DIBAO_ID = dibao17 + computeResidentIdCheckChar(dibao17);

async function openRegisterForm(page: Page) {
  await page.getByTestId('nav-menu').getByText('参保人员', { exact: true }).click();
  await page.getByRole('button', { name: /登记人员/ }).click();
  await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('登记人员');
}

async function searchPersons(page: Page, q: string) {
  await page.goto(`${app.server.baseUrl}/persons`);
  const search = page.getByLabel('搜索人员');
  await search.fill(q);
  await search.press('Enter');
  await expect.poll(() => page.url()).toContain('q=');
}

describe('[REGISTRY] registering a pupil in the browser', () => {
  it('a school operator types an ID number, sees the derived fields and registers the pupil', async () => {
    const page = await app.browser.newPage();
    await loginAs(page, app.server.baseUrl, 'school1');
    await openRegisterForm(page);

    // A wrong check digit is refused while typing, with the validator's message.
    await page.getByLabel('证件号码').fill(WRONG_CHECK);
    await expect.poll(() => page.locator('form').textContent(), { timeout: 5_000 }).toMatch(/校验/);
    await shot(page, 'registry-wrong-check-digit');

    await page.getByLabel('证件号码').fill(PUPIL_ID.toLowerCase());
    const derived = page.getByTestId('derived-fields');
    await expect.poll(() => derived.textContent(), { timeout: 5_000 }).toContain('2018-05-09');
    const derivedText = (await derived.textContent()) ?? '';
    expect(derivedText).toContain('女');
    expect(derivedText).toMatch(/8\s*周岁/);

    await page.getByLabel('姓名', { exact: true }).fill('林晓雨');
    await page.getByLabel('监护人姓名').fill('林建国');
    await page.getByLabel('监护人电话').fill('139 1234 5678');
    await page.getByLabel('年级').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '小学二年级' }).click();
    await page.getByLabel('班级').fill('3班');
    await page.getByLabel('学号（学籍号）').fill('G320508201805090');
    await shot(page, 'registry-register-form');
    await page.getByRole('button', { name: /^登\s*记$/ }).click();

    // The person page: masked number, the derived birth date, and the timeline opened at school1.
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toContain('林晓雨');
    const details = page.getByTestId('person-details');
    await expect.poll(() => details.textContent(), { timeout: 10_000 }).toContain('2018-05-09');
    const detailText = (await details.textContent()) ?? '';
    expect(detailText).not.toContain(PUPIL_ID);
    expect(detailText).toContain(PUPIL_ID.slice(0, 3));
    await expect.poll(() => page.getByTestId('person-timeline').textContent(), { timeout: 10_000 }).toContain('第一实验小学');
    await expect.poll(() => page.getByTestId('person-timeline').textContent()).toContain('登记参保人员');
    await shot(page, 'registry-person-page');

    // The full number only on request and for a stated reason, which the audit trail records.
    await page.getByRole('button', { name: /查看完整号码/ }).click();
    const reveal = page.getByRole('dialog').filter({ hasText: '查看完整证件号码和电话' });
    await reveal.getByRole('button', { name: /查\s*看/ }).click();
    await expect.poll(() => reveal.textContent()).toContain('请说明查看完整号码的原因');
    expect(await details.textContent()).not.toContain(PUPIL_ID);
    await reveal.getByLabel('查看原因').fill('家长来电核实');
    await shot(page, 'registry-reveal-reason');
    await reveal.getByRole('button', { name: /查\s*看/ }).click();
    await expect.poll(() => details.textContent(), { timeout: 10_000 }).toContain(PUPIL_ID);

    // The list finds the pupil by name and by the full number, masked.
    await searchPersons(page, PUPIL_ID);
    const table = page.getByTestId('persons-table');
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('林晓雨');
    expect(await table.textContent()).not.toContain(PUPIL_ID);
    await shot(page, 'registry-persons-list');
    await page.close();
  });

  it('another school finds nothing by name or number, and registering the number names the holder, masked', async () => {
    const page = await app.browser.newPage();
    await loginAs(page, app.server.baseUrl, 'school2');
    await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('参保人员');

    for (const q of ['林晓雨', PUPIL_ID]) {
      await searchPersons(page, q);
      const table = page.getByTestId('persons-table');
      await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('没有符合条件的人员');
    }
    await shot(page, 'registry-other-school-search');

    await page.goto(`${app.server.baseUrl}/persons/new`);
    await page.getByLabel('证件号码').fill(PUPIL_ID);
    await page.getByLabel('姓名', { exact: true }).fill('林晓雨');
    await page.getByRole('button', { name: /^登\s*记$/ }).click();
    const conflict = page.getByTestId('register-conflict');
    await expect.poll(() => conflict.textContent(), { timeout: 10_000 }).toContain('苏州市姑苏区第一实验小学');
    const text = (await conflict.textContent()) ?? '';
    expect(text).toContain('林*');
    expect(text).not.toContain('林晓雨');
    expect(text).not.toContain(PUPIL_ID);
    await shot(page, 'registry-conflict');
    await page.close();
  });

  it('the agency sees the pupil, stops and the timeline shows it', async () => {
    const page = await app.browser.newPage();
    await loginAs(page, app.server.baseUrl, 'admin');
    await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('参保人员');
    await searchPersons(page, '林晓雨');
    const table = page.getByTestId('persons-table');
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('第一实验小学');
    await table.getByRole('link', { name: '林晓雨' }).click();

    await page.getByRole('button', { name: /减\s*员/ }).click();
    await page.getByLabel('减员原因').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '迁出本统筹区' }).click();
    await page.getByRole('button', { name: /确认减员/ }).click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toContain('已减员');
    await expect.poll(() => page.getByTestId('person-timeline').textContent(), { timeout: 10_000 }).toContain('迁出本统筹区');
    await shot(page, 'registry-stopped');
    await page.close();

    // The school still finds the pupil under 已减员, read-only, with the reason and the date.
    const school = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await loginAs(school, app.server.baseUrl, 'school1');
    await expect.poll(() => school.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('参保人员');
    await school.goto(`${app.server.baseUrl}/persons?status=stopped`);
    const stopped = school.getByTestId('persons-table');
    await expect.poll(() => stopped.textContent(), { timeout: 10_000 }).toContain('林晓雨');
    await stopped.getByRole('link', { name: '林晓雨' }).click();
    await expect.poll(() => school.locator('.ant-alert').allTextContents().then((t) => t.join(' ')), { timeout: 10_000 }).toMatch(/已于 \d{4}-\d{2}-\d{2} 减员（迁出本统筹区）/);
    expect(await school.getByRole('button', { name: '修改信息' }).count()).toBe(0);
    expect(await school.getByRole('button', { name: '查看完整号码' }).count()).toBe(0);
    await shot(school, 'registry-stopped-seen-by-school');
    await school.setViewportSize({ width: 390, height: 844 });
    // On a phone the page never scrolls sideways (tables scroll inside their cards).
    await expect.poll(() => school.evaluate(() => document.documentElement.scrollWidth), { timeout: 5_000 }).toBeLessThanOrEqual(390);
    await shot(school, 'registry-stopped-seen-by-school-phone');
    await school.close();
  });

  it('a school exports one class to Excel: only that class, numbers masked', async () => {
    const page = await app.browser.newPage();
    await loginAs(page, app.server.baseUrl, 'school1');
    await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('参保人员');
    await page.goto(`${app.server.baseUrl}/persons`);
    await page.getByLabel('年级').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '小学一年级' }).click();
    await expect.poll(() => page.url(), { timeout: 10_000 }).toContain('gradeCode=01');
    const className = page.getByLabel('班级');
    await className.fill('2班');
    await className.press('Enter');
    await expect.poll(() => decodeURIComponent(page.url())).toContain('className=2班');
    expect(page.url()).toContain('gradeCode=01');
    const table = page.getByTestId('persons-table');
    await expect.poll(() => page.getByText(/共 \d+ 人/).textContent(), { timeout: 10_000 }).toBe('共 5 人');
    const listed = (await table.locator('tbody tr td:first-child a').allTextContents()).sort();
    expect(listed).toHaveLength(5);
    await shot(page, 'registry-export-class');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /导出 Excel/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^参保人员_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const ws = wb.worksheets[0]!;
    const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const rows: Record<string, string>[] = [];
    ws.eachRow((row, n) => {
      if (n > 1) rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).text])));
    });
    expect(rows.map((r) => r['姓名']).sort()).toEqual(listed);
    for (const r of rows) {
      expect(r).toMatchObject({ 年级: '小学一年级', 班级: '2班', 代办单位: '苏州市姑苏区第一实验小学', 状态: '在册' });
      expect(r['证件号码']).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
      expect(r['监护人电话']).toMatch(/^1\d{2}\*{4}\d{4}$/);
      expect(['男', '女']).toContain(r['性别']);
    }
    await page.close();
  });

  it('a pupil refused for a missing residence permit links to that field; filled in, the pupil is declared', async () => {
    const api = await apiAs(app.server.baseUrl, 'school1');
    await api('POST', '/api/v1/persons', { documentType: '01', documentNumber: NONLOCAL_ID, name: '外地新生', hukouType: 'nonlocal', gradeCode: '01', className: '居住证班' });
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await loginAs(page, app.server.baseUrl, 'school1');
    const openDeclarations = async () => {
      await page.getByTestId('nav-menu').getByText('参保申报').click();
      await expect.poll(() => text(page, 'window-today').catch(() => ''), { timeout: 10_000 }).toContain('申报期内');
    };
    await openDeclarations();

    const declareClass = async () => {
      await page.getByRole('button', { name: '整班申报' }).click();
      await page.getByLabel('申报年级').click();
      await page.getByTitle('小学一年级').click();
      await page.getByLabel('申报班级').fill('居住证班');
      // The class typed in full is the one on the roll: its list closes and no longer covers the button.
      await expect.poll(() => page.locator('.ant-select-dropdown:visible').count(), { timeout: 10_000 }).toBe(0);
      await page.locator('.ant-modal').getByRole('button', { name: /^申\s*报$/ }).click();
      await expect.poll(() => page.getByTestId('batch-result').textContent().catch(() => ''), { timeout: 20_000 }).toContain('新申报');
    };
    await declareClass();
    const refused = page.getByTestId('batch-refused');
    await expect.poll(() => refused.textContent(), { timeout: 10_000 }).toContain('请填写居住证起始日期');
    await shot(page, 'registry-refused-permit');
    await refused.getByRole('link', { name: '填写居住证起始日期' }).click();

    // The person's form opens on the field, focused, with the region's own rule beside it.
    const drawer = page.locator('.ant-drawer').filter({ hasText: '修改 外地新生 的信息' });
    await expect.poll(() => drawer.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? ''), { timeout: 5_000 }).toContain('residencePermitSince');
    expect(await drawer.textContent()).toMatch(/本地区(须持|持)居住证/);
    await shot(page, 'registry-permit-field');
    const input = drawer.locator('input[id$="residencePermitSince"]');
    await input.fill('2026-09-01');
    await input.press('Enter');
    await drawer.getByRole('button', { name: /^保\s*存$/ }).click();
    await expect.poll(() => drawer.isVisible(), { timeout: 10_000 }).toBe(false);
    expect(page.url()).not.toContain('edit=');

    await openDeclarations();
    await declareClass();
    expect(await text(page, 'batch-declared')).toMatch(/新申报\s*1\s*人/);
    await page.close();
  });

  it('an exemption valid from a date with no end: Escape in a date picker keeps what was typed', async () => {
    const api = await apiAs(app.server.baseUrl, 'school1');
    const { person } = await api<{ person: { id: string } }>('POST', '/api/v1/persons', { documentType: '01', documentNumber: DIBAO_ID, name: '低保女生', hukouType: 'local_urban', gradeCode: '03', className: '1班' });
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await loginAs(page, app.server.baseUrl, 'school1');
    await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('参保人员');
    await page.goto(`${app.server.baseUrl}/persons/${person.id}`);
    await page.getByRole('button', { name: '登记减免身份' }).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '登记减免身份' });
    // The first category, clicked again until the dialog shows it (under load a click during the dropdown's
    // opening animation is lost; the dropdown itself is outside the dialog).
    let categoryName = '';
    await expect
      .poll(
        async () => {
          if (!(await page.locator('.ant-select-dropdown:visible').count())) await dialog.getByLabel('减免类别').click();
          const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
          categoryName = ((await option.innerText({ timeout: 2_000 }).catch(() => '')) || categoryName).trim();
          await option.click({ timeout: 2_000 }).catch(() => undefined);
          return categoryName !== '' && (await dialog.innerText()).includes(categoryName);
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await dialog.getByLabel('认定部门').fill('民政部门');
    await dialog.getByLabel('认定部门').press('Enter');
    // The tag is shown as text once taken (the typed search text is an input value, not text).
    await expect.poll(() => dialog.innerText(), { timeout: 10_000 }).toContain('民政部门');
    await dialog.getByLabel('证件名称').fill('最低生活保障证');
    await dialog.getByLabel('证件号码').fill('DB2026-0001');
    const from = dialog.getByLabel('有效期起');
    await from.click();
    await from.fill('2026-09-01');
    await from.press('Escape');
    expect(await from.inputValue()).toBe('2026-09-01');
    const to = dialog.getByLabel('有效期止');
    await to.click();
    await to.press('Escape');
    expect(await from.inputValue()).toBe('2026-09-01');
    expect(await dialog.isVisible()).toBe(true);
    await shot(page, 'registry-exemption-open-ended');
    await dialog.getByRole('button', { name: /^登\s*记$/ }).click();
    // Saved once the dialog closes (it stays open with a form or server message otherwise, which the poll then shows).
    await expect.poll(async () => ((await dialog.isVisible()) ? await dialog.innerText() : 'closed'), { timeout: 20_000 }).toBe('closed');
    const exemptions = page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title', { hasText: /^减免身份$/ }) });
    await expect.poll(() => exemptions.textContent(), { timeout: 20_000 }).toContain('2026-09-01 至 长期');
    await page.close();
  });
});

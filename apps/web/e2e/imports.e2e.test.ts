import { readFile } from 'node:fs/promises';
import { computeResidentIdCheckChar, maskIdNumber, maskPersonalText } from '@canbao/domain';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { png, zipOf } from './fixtures/files';
import { apiAs, confirmImport, loginAs, shot, text, useServerAndBrowser } from './fixtures/server';

const app = useServerAndBrowser();

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// Pupils born 2017-06-12 in 姑苏区: no demo pupil has that birth date.
const id = (seq: string) => `32050820170612${seq}` + computeResidentIdCheckChar(`32050820170612${seq}`);
const GOOD = [
  ['周一鸣', id('101'), '本市城镇', '小学三年级', '1班'],
  ['吴思琪', id('102'), '本市农村', '03', '1班'],
  ['郑子墨', id('103'), '外地', '03', '2班'],
  ['王若彤', id('104'), '本市城镇', '03', '2班'],
  ['冯嘉树', id('105'), '本市城镇', '03', '3班'],
];
const WRONG_CHECK = id('106').slice(0, 17) + (id('106').endsWith('1') ? '2' : '1');
const BAD = [
  ['钱多多', WRONG_CHECK, '本市城镇', '03', '3班'],
  ['孙悟空', id('107'), '火星', '03', '3班'],
];

// Pupils school1 already holds (apps/server/src/seed/demo.ts: 一年级 1班, n = 2 and 4, 本市城镇): one moves to 2班,
// the other is listed as it is on record.
const HELD = [
  ['马博文', '32050820190425383' + computeResidentIdCheckChar('32050820190425383'), '本市城镇', '01', '2班'],
  ['罗若曦', '32050820190627467' + computeResidentIdCheckChar('32050820190627467'), '本市城镇', '01', '1班'],
];

async function enrollmentFile(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('参保学生');
  ws.addRow(['姓名', '证件号码', '户籍类型', '年级', '班级']);
  for (const row of [...GOOD.slice(0, 3), BAD[0]!, ...GOOD.slice(3), BAD[1]!, ...HELD]) ws.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Opens a tab of the job's rows (新增、更新 …) and waits for its first page. */
async function openOutcome(page: Page, outcome: string) {
  await page.getByTestId(`import-tab-${outcome}`).click();
  const table = page.getByTestId(`import-rows-${outcome}`);
  await expect.poll(() => table.locator('tbody tr.ant-table-row').count(), { timeout: 10_000 }).toBeGreaterThan(0);
  return table;
}

/** The notes of a row (its errors, changes, warnings): the line below it. */
const notesOf = (table: Locator, name: string) => table.locator('tr.ant-table-row', { hasText: name }).locator('xpath=following-sibling::tr[1]');

describe('[IMPORTS] bulk enrollment in the browser', () => {
  it('a school uploads the template, sees the rows of each outcome, confirms what will be written and finds them', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await loginAs(page, app.server.baseUrl, 'school1');
    await page.getByTestId('nav-menu').getByText('批量导入').click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('批量导入');
    expect(await page.locator('main').textContent()).toContain('未参保学生');
    // A unit imports its own enrollment, its pupils' reasons for not insuring and their photos; it opens on the enrollment.
    const card = page.getByTestId('import-upload-card');
    expect(await card.getByRole('tab').allTextContents()).toEqual(['批量参保登记', '未参保原因', '制卡照片']);
    expect(await card.getByRole('tab', { selected: true }).textContent()).toBe('批量参保登记');
    await shot(page, 'imports-start');

    await page.locator('input[type=file]').setInputFiles({ name: '三年级名单.xlsx', mimeType: XLSX, buffer: await enrollmentFile() });

    // The job's own URL, its preview counts and a tab of rows per outcome.
    await expect.poll(() => page.url(), { timeout: 10_000 }).toMatch(/\/imports\/[0-9a-f-]{36}$/);
    const jobUrl = page.url();
    await expect.poll(() => text(page, 'import-status'), { timeout: 20_000 }).toBe('待确认');
    expect(await text(page, 'import-count-new')).toMatch(/新增\s*5\s*人/);
    expect(await text(page, 'import-count-changed')).toMatch(/更新\s*1\s*人/);
    expect(await text(page, 'import-count-error')).toMatch(/错误\s*2\s*行/);
    const preview = page.getByTestId('import-preview');
    expect(await preview.getByRole('tab').allTextContents()).toEqual(['新增 5 人', '更新 1 人', '无变化 1 人', '错误 2 行']);

    // 新增: the rows that will be registered, numbers masked, codes named.
    const newRows = await openOutcome(page, 'new');
    expect(await newRows.locator('tbody tr.ant-table-row').count()).toBe(5);
    const zheng = newRows.locator('tr.ant-table-row', { hasText: '郑子墨' });
    expect(await zheng.textContent()).toContain(maskIdNumber(GOOD[2]![1]!));
    expect(await zheng.textContent()).toContain('外地');
    expect(await newRows.locator('tr.ant-table-row', { hasText: '周一鸣' }).textContent()).toContain('小学三年级');
    expect(await preview.textContent()).not.toMatch(/\d{17}[\dX]/);
    await shot(page, 'imports-preview-new');

    // 更新: a pupil the school holds, with what changes.
    const changedRows = await openOutcome(page, 'changed');
    expect(await notesOf(changedRows, '马博文').getByTestId('import-change').allTextContents()).toEqual(['班级 1班 → 2班']);
    expect(await (await openOutcome(page, 'unchanged')).textContent()).toContain('罗若曦');

    // 错误: each wrong cell, and nothing written without a decision.
    const errorRows = await openOutcome(page, 'error');
    const errorsText = (await errorRows.textContent()) ?? '';
    expect(errorsText).toContain('火星');
    expect(errorsText).toContain('证件号码');
    expect(errorsText).toContain('户籍类型');
    expect(errorsText).toContain(maskIdNumber(WRONG_CHECK));
    const commitButton = page.getByTestId('import-commit').getByRole('button', { name: /确认导入/ });
    expect(await commitButton.isDisabled()).toBe(true);
    expect(await text(page, 'import-commit-blocked')).toContain('有 2 行存在错误');
    await shot(page, 'imports-validated');

    // The error report: the bad ID cell filled red with a note, the reason column naming the column.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /下载错误报告/ }).click()]);
    expect(download.suggestedFilename()).toBe('三年级名单-错误报告.xlsx');
    const report = new ExcelJS.Workbook();
    await report.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
    const ws = report.getWorksheet('参保学生')!;
    const headers = (ws.getRow(1).values as string[]).slice(1);
    expect(headers).toEqual(['姓名', '证件号码', '户籍类型', '年级', '班级', '错误原因', '原行号']);
    expect(ws.rowCount).toBe(3);
    const badId = ws.getRow(2);
    expect(badId.getCell(2).value).toBe(WRONG_CHECK);
    expect((badId.getCell(2).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(JSON.stringify(badId.getCell(2).note)).toContain('校验');
    expect(String(badId.getCell(6).value)).toMatch(/^证件号码：/);
    expect((badId.getCell(1).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).not.toBe('FFFFC7CE');
    const badHukou = ws.getRow(3);
    expect((badHukou.getCell(3).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(String(badHukou.getCell(6).value)).toContain('户籍类型');

    // Only the valid rows: the dialog says what will be written. Cancelled, nothing is.
    await page.getByText('仅导入无误的行（跳过有错误的行）').click();
    expect(await commitButton.isDisabled()).toBe(false);
    await commitButton.click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible(), { timeout: 5_000 }).toBe(true);
    expect(await text(page, 'import-confirm-summary')).toBe('将新增 5 人、更新 1 人；2 行有误，不会导入；无变化 1 人，不会写入。');
    expect(await dialog.textContent()).toContain('三年级名单.xlsx');
    expect(await dialog.textContent()).toContain('苏州市姑苏区第一实验小学');
    await shot(page, 'imports-confirm');
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 5_000 }).toBe(false);
    expect(await text(page, 'import-status')).toBe('待确认');
    const school = await apiAs(app.server.baseUrl, 'school1');
    const found = (q: string) => school<{ total: number }>('GET', `/api/v1/persons?q=${encodeURIComponent(q)}`).then((r) => r.total);
    expect(await found('郑子墨')).toBe(0);

    await confirmImport(page);
    const result = page.getByTestId('import-result');
    await expect.poll(() => result.textContent().catch(() => ''), { timeout: 30_000 }).toContain('导入完成');
    expect(await result.textContent()).toContain('新增 5 人');
    expect(await result.textContent()).toContain('更新 1 人');
    expect(await result.textContent()).toContain('跳过有错误的 2 行');
    expect(await found('郑子墨')).toBe(1);
    // What was written, by outcome, as the preview showed it.
    expect(await preview.getByRole('tab').allTextContents()).toEqual(['新增 5 人', '更新 1 人', '无变化 1 人', '错误 2 行']);
    expect(await (await openOutcome(page, 'created')).textContent()).toContain('郑子墨');
    expect(await text(page, 'import-status')).toBe('已完成');
    await shot(page, 'imports-committed');

    // A reload on the job's URL shows the same outcome, and the list has the job.
    await page.goto(jobUrl);
    await expect.poll(() => page.getByTestId('import-result').textContent().catch(() => ''), { timeout: 10_000 }).toContain('新增 5 人');
    expect(await text(page, 'import-status')).toBe('已完成');
    expect(await text(page, 'import-count-new')).toMatch(/新增\s*5\s*人/);
    await expect.poll(() => text(page, 'import-jobs-table'), { timeout: 10_000 }).toContain('三年级名单.xlsx');
    expect(await text(page, 'import-jobs-table')).toContain('已完成');
    await shot(page, 'imports-after-reload');

    // The pupils are on the unit's roster.
    await page.getByTestId('nav-menu').getByText('参保人员', { exact: true }).click();
    const search = page.getByLabel('搜索人员');
    await search.fill('郑子墨');
    await search.press('Enter');
    await expect.poll(() => text(page, 'persons-table'), { timeout: 10_000 }).toContain('郑子墨');
    expect(await text(page, 'persons-table')).toContain('2班');
    await shot(page, 'imports-persons');
    await page.close();
  });
});

describe('[IMPORTS] files that cannot be read', () => {
  it('an .xls is refused before upload; a broken .xlsx fails the job with the server’s Chinese message', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1360, height: 900 } });
    await loginAs(page, app.server.baseUrl, 'kinder1');
    await page.getByTestId('nav-menu').getByText('批量导入').click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('批量导入');

    await page.locator('input[type=file]').setInputFiles({ name: '旧格式.xls', mimeType: 'application/vnd.ms-excel', buffer: Buffer.from('x') });
    await expect.poll(() => page.locator('.ant-message').textContent().catch(() => ''), { timeout: 5_000 }).toContain('另存为 .xlsx');
    expect(page.url()).toMatch(/\/imports$/);

    await page.locator('input[type=file]').setInputFiles({ name: '坏文件.xlsx', mimeType: XLSX, buffer: Buffer.from('this is not a zip file') });
    await expect.poll(() => text(page, 'import-status').catch(() => ''), { timeout: 10_000 }).toBe('失败');
    const panel = await text(page, 'import-job-panel');
    expect(panel).toContain('没有写入任何数据');
    expect(panel).toContain('无法读取');
    expect(panel).not.toContain('确认导入');
    await shot(page, 'imports-failed');
    await page.close();
  });
});

/** `n` valid pupils born in 2016 (never a demo pupil's or the first test's year), unique by birth day and sequence. */
async function largeFile(n: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('参保学生');
  ws.addRow(['姓名', '证件号码', '户籍类型', '年级', '班级']);
  const start = Date.UTC(2016, 0, 1);
  for (let i = 0; i < n; i++) {
    const day = new Date(start + (i % 360) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const first17 = `320508${day}${String(200 + Math.floor(i / 360)).padStart(3, '0')}`;
    ws.addRow([`学生${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'子丑寅卯辰巳午未申酉戌亥'[Math.floor(i / 10) % 12]}`, first17 + computeResidentIdCheckChar(first17), '本市城镇', '04', `${(i % 8) + 1}班`]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('[IMPORTS] progress of a large file', () => {
  it('shows the upload progress, and the server’s progress in another tab opened on the job', async () => {
    // One context: two tabs of one browser, sharing the session.
    const context = await app.browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    await loginAs(page, app.server.baseUrl, 'school2');
    await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('批量导入');
    await page.goto(`${app.server.baseUrl}/imports`);
    const rows = 12_000;
    const file = await largeFile(rows);

    // A slow line: the upload takes about four seconds.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: Math.ceil(file.length / 4) });
    await page.locator('input[type=file]').setInputFiles({ name: '四年级.xlsx', mimeType: XLSX, buffer: file });
    const progress = page.getByTestId('import-progress');
    await expect.poll(() => progress.textContent().catch(() => ''), { timeout: 10_000 }).toMatch(/已上传 [\d.]+ KB \/ [\d.]+ KB\d+%/);
    await shot(page, 'imports-uploading');

    // The job's URL in another tab (as after a reload): the progress comes from the server alone.
    await expect.poll(() => page.url(), { timeout: 10_000 }).toMatch(/\/imports\/[0-9a-f-]{36}$/);
    const other = await context.newPage();
    await other.goto(page.url());
    await expect.poll(() => text(other, 'import-progress').catch(() => ''), { timeout: 10_000 }).toContain('正在读取并逐行核对');
    expect(await text(other, 'import-status')).toBe('核对中');
    await shot(other, 'imports-progress-other-tab');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    // Both tabs reach the preview; the other one commits.
    await expect.poll(() => text(page, 'import-status'), { timeout: 60_000 }).toBe('待确认');
    await expect.poll(() => text(other, 'import-status'), { timeout: 10_000 }).toBe('待确认');
    expect(await text(other, 'import-count-new')).toMatch(/新增\s*12,000\s*人/);
    await confirmImport(other);
    await expect.poll(() => other.getByTestId('import-result').textContent().catch(() => ''), { timeout: 60_000 }).toContain(`新增 ${rows.toLocaleString('zh-CN')} 人`);
    await context.close();
  });
});

describe('[IMPORTS] the agency', () => {
  it('sees every unit’s imports and chooses the unit before uploading', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1360, height: 900 } });
    await loginAs(page, app.server.baseUrl, 'admin');
    await page.getByTestId('nav-menu').getByText('批量导入').click();
    const jobs = page.getByTestId('import-jobs-table');
    await expect.poll(() => jobs.textContent(), { timeout: 10_000 }).toContain('苏州市姑苏区第一实验小学');
    expect(await jobs.textContent()).toContain('苏州市吴中区城南实验小学');
    expect(await page.locator('main').textContent()).toContain('请先选择导入到哪个单位');
    expect(await page.locator('input[type=file]').isDisabled()).toBe(true);
    await page.getByLabel('导入到单位').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '苏州市虎丘区狮山幼儿园' }).click();
    expect(await page.locator('input[type=file]').isDisabled()).toBe(false);
    await shot(page, 'imports-agency');

    // A job of a school opens from the list with the school named.
    await jobs.getByRole('link', { name: '三年级名单.xlsx' }).click();
    await expect.poll(() => text(page, 'import-job-panel'), { timeout: 10_000 }).toContain('苏州市姑苏区第一实验小学');
    expect(await text(page, 'import-status')).toBe('已完成');
    await page.close();
  });
});

// The first pupil the demo seed gives 苏州市姑苏区第一实验小学 (apps/server/src/seed/demo.ts: school1, 一年级 1班, n = 0).
const DEMO_PUPIL = { name: '赵一诺', id: '32050820190223319' + computeResidentIdCheckChar('32050820190223319') };

async function exemptionFile(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('减免人员');
  ws.addRow(['姓名', '证件号码', '减免类别', '认定部门', '有效期起']);
  ws.addRow([DEMO_PUPIL.name, DEMO_PUPIL.id, '低保人员', '民政部门', '2025-01-01']);
  // Nobody is registered under this number: listed as unmatched, not an error.
  ws.addRow(['陈未登', id('301'), '低保人员', '民政部门', '2025-01-01']);
  ws.addRow(['李类别', id('302'), '外星人', '民政部门', '2025-01-01']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('[IMPORTS] a department’s exemption list', () => {
  it('the agency chooses 减免人员名单, imports the matched row and finds the identity on the pupil’s page', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1360, height: 900 } });
    await loginAs(page, app.server.baseUrl, 'admin');
    await page.getByTestId('nav-menu').getByText('批量导入').click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('批量导入');
    const card = page.getByTestId('import-upload-card');
    expect(await card.getByRole('tab').allTextContents()).toEqual([
      '批量参保登记',
      '未参保原因',
      '减免人员名单',
      '毕业及离校学生名单',
      '教育部门在校学生信息',
      '制卡照片',
      '制卡状态',
      '职工医保参保人员名单',
      '税务/银行已缴费名单',
      '银行代扣结果',
    ]);

    // Each kind has its explanation and template; no unit to choose for a region-wide list.
    const templateLink = card.getByRole('link', { name: /下载.*模板/ });
    await card.getByRole('tab', { name: '毕业及离校学生名单' }).click();
    await expect.poll(() => card.textContent(), { timeout: 5_000 }).toContain('标记为离校');
    expect(await templateLink.getAttribute('href')).toBe('/api/v1/import-templates/leavers');
    await card.getByRole('tab', { name: '减免人员名单' }).click();
    await expect.poll(() => card.textContent(), { timeout: 5_000 }).toContain('民政、总工会、残联');
    expect(await card.textContent()).toContain('全统筹区（苏州市区）');
    expect(await page.getByLabel('导入到单位').count()).toBe(0);
    expect(await page.locator('input[type=file]').isDisabled()).toBe(false);
    const href = (await templateLink.getAttribute('href')) ?? '';
    expect(href).toBe('/api/v1/import-templates/exemptions');
    const template = new ExcelJS.Workbook();
    await template.xlsx.load((await (await page.request.get(app.server.baseUrl + href)).body()) as unknown as ArrayBuffer);
    expect(template.worksheets.map((w) => w.name)).toContain('减免人员');
    await shot(page, 'imports-exemptions-start');

    await page.locator('input[type=file]').setInputFiles({ name: '民政低保名单.xlsx', mimeType: XLSX, buffer: await exemptionFile() });
    await expect.poll(() => page.url(), { timeout: 10_000 }).toMatch(/\/imports\/[0-9a-f-]{36}$/);
    await expect.poll(() => text(page, 'import-status'), { timeout: 20_000 }).toBe('待确认');
    const panel = await text(page, 'import-job-panel');
    expect(panel).toContain('减免人员名单');
    expect(panel).toContain('全统筹区（苏州市区）');
    expect(await text(page, 'import-count-matched')).toMatch(/^匹配\s*1\s*人$/);
    expect(await text(page, 'import-count-unmatched')).toMatch(/^未匹配\s*1\s*人$/);
    expect(await text(page, 'import-count-error')).toMatch(/^错误\s*1\s*行$/);
    expect(await page.getByTestId('import-count-new').count()).toBe(0);
    expect(await (await openOutcome(page, 'matched')).textContent()).toContain(DEMO_PUPIL.name);
    expect(await text(page, 'import-rows-matched')).toContain('苏州市姑苏区第一实验小学');
    expect(await (await openOutcome(page, 'unmatched')).textContent()).toContain('陈未登');
    expect(await (await openOutcome(page, 'error')).textContent()).toContain('外星人');
    expect(await text(page, 'import-commit-blocked')).toContain('有 1 行存在错误');
    await shot(page, 'imports-exemptions-validated');

    await page.getByText('仅导入无误的行（跳过有错误的行）').click();
    expect(await text(page, 'import-commit')).toContain('将为 1 名已登记人员新增减免身份');
    await confirmImport(page);
    const result = page.getByTestId('import-result');
    await expect.poll(() => result.textContent().catch(() => ''), { timeout: 30_000 }).toContain('导入完成');
    expect(await result.textContent()).toContain('已新增减免 1 人');
    expect(await result.textContent()).toContain('跳过有错误的 1 行');
    expect(await text(page, 'import-count-added')).toMatch(/^已新增减免\s*1\s*人$/);
    expect(await page.getByTestId('import-count-matched').count()).toBe(0);
    await expect.poll(() => text(page, 'import-jobs-table'), { timeout: 10_000 }).toContain('已新增减免 1');
    const listed = page.getByTestId('import-jobs-table').locator('tr').filter({ hasText: '民政低保名单.xlsx' });
    expect(await listed.textContent()).toContain('减免人员名单');
    expect(await listed.textContent()).toContain('全统筹区');
    await shot(page, 'imports-exemptions-committed');

    // The pupil's page: the identity from the department's list.
    await page.getByTestId('nav-menu').getByText('参保人员', { exact: true }).click();
    const search = page.getByLabel('搜索人员');
    await search.fill(DEMO_PUPIL.id);
    await search.press('Enter');
    // The demo has more than one 赵一诺: the full number finds exactly this one.
    const found = page.getByTestId('persons-table').getByRole('link', { name: DEMO_PUPIL.name });
    await expect.poll(() => found.count(), { timeout: 10_000 }).toBe(1);
    await found.click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toContain(DEMO_PUPIL.name);
    const exemptions = page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title', { hasText: /^减免身份$/ }) });
    // The list said 低保人员 (Suzhou 2019's name); the identity is recorded under the current year's name.
    await expect.poll(() => exemptions.textContent().catch(() => ''), { timeout: 10_000 }).toContain('最低生活保障对象');
    const exemptionText = (await exemptions.textContent()) ?? '';
    expect(exemptionText).toContain('民政部门');
    expect(exemptionText).toContain('部门名单');
    expect(exemptionText).toContain('2025-01-01');
    await expect.poll(() => text(page, 'person-timeline'), { timeout: 10_000 }).toContain('登记减免身份');
    await shot(page, 'imports-exemptions-person');
    await page.close();
  });
});

// The second pupil of school1 in the demo seed (n = 1: 一年级 1班).
const SECOND_PUPIL = { name: '徐明哲', id: '32050820190324350' + computeResidentIdCheckChar('32050820190324350') };

/** The education department's roster: 赵一诺 now in 3班, 徐明哲 in 二年级 at another school, one unregistered pupil. */
async function prefillFile(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('在校学生');
  ws.addRow(['姓名', '证件号码', '学校名称', '年级', '班级', '学籍号']);
  ws.addRow([DEMO_PUPIL.name, DEMO_PUPIL.id, '苏州市姑苏区第一实验小学', '01', '3班', '']);
  ws.addRow([SECOND_PUPIL.name, SECOND_PUPIL.id, '苏州市姑苏区第二实验小学', '02', '1班', '']);
  ws.addRow(['陈未登', id('401'), '苏州市姑苏区第一实验小学', '01', '1班', '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Opens the pupil's page from 参保人员 by the full number (the demo has more than one 赵一诺). */
async function openPupil(page: Page, pupil: { name: string; id: string }) {
  await page.getByTestId('nav-menu').getByText('参保人员', { exact: true }).click();
  const search = page.getByLabel('搜索人员');
  await search.fill(pupil.id);
  await search.press('Enter');
  const found = page.getByTestId('persons-table').getByRole('link', { name: pupil.name });
  await expect.poll(() => found.count(), { timeout: 10_000 }).toBe(1);
  await found.click();
  await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toContain(pupil.name);
}

describe('[IMPORTS] the education department’s roster of continuing students', () => {
  it('the agency sees each difference before committing, and the pupil’s page shows the new class', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1360, height: 900 } });
    await loginAs(page, app.server.baseUrl, 'admin');
    await page.getByTestId('nav-menu').getByText('批量导入').click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('批量导入');
    const card = page.getByTestId('import-upload-card');
    await card.getByRole('tab', { name: '教育部门在校学生信息' }).click();
    await expect.poll(() => card.textContent(), { timeout: 5_000 }).toContain('全统筹区（苏州市区）');
    // Another city's notice is never cited to this city's staff.
    expect(await card.textContent()).not.toMatch(/京社保发|穗人社函|南医保|通医保发/);
    expect(await text(page, 'import-upload-hint')).toContain('.xlsx 和 .csv');
    expect(await card.getByRole('link', { name: /下载.*模板/ }).getAttribute('href')).toBe('/api/v1/import-templates/prefill');
    await page.waitForTimeout(400); // the tab's ink bar slides over
    await shot(page, 'imports-prefill-start');

    await page.locator('input[type=file]').setInputFiles({ name: '教育局在校生名单.xlsx', mimeType: XLSX, buffer: await prefillFile() });
    await expect.poll(() => page.url(), { timeout: 10_000 }).toMatch(/\/imports\/[0-9a-f-]{36}$/);
    await expect.poll(() => text(page, 'import-status'), { timeout: 20_000 }).toBe('待确认');
    expect(await text(page, 'import-count-changed')).toMatch(/^有差异\s*2\s*人$/);
    expect(await text(page, 'import-count-unmatched')).toMatch(/^未匹配\s*1\s*人$/);
    expect(await text(page, 'import-count-error')).toMatch(/^错误\s*0\s*行$/);

    // Each difference, before anything is written; another school is a note only.
    const changed = await openOutcome(page, 'changed');
    await expect.poll(() => changed.textContent().catch(() => ''), { timeout: 10_000 }).toContain(DEMO_PUPIL.name);
    const pupilRow = notesOf(changed, DEMO_PUPIL.name);
    expect(await pupilRow.getByTestId('import-change').allTextContents()).toEqual(['班级 1班 → 3班']);
    expect(await pupilRow.getByTestId('import-change-note').count()).toBe(0);
    const otherRow = notesOf(changed, SECOND_PUPIL.name);
    expect(await otherRow.getByTestId('import-change').allTextContents()).toEqual(['年级 小学一年级 → 小学二年级']);
    expect(await otherRow.getByTestId('import-change-note').textContent()).toContain('苏州市姑苏区第二实验小学');
    await shot(page, 'imports-prefill-validated');
    expect(await (await openOutcome(page, 'unmatched')).textContent()).toContain('陈未登');
    expect(await text(page, 'import-commit')).toContain('将按教育部门的数据更新 2 名学生');

    await confirmImport(page);
    const result = page.getByTestId('import-result');
    await expect.poll(() => result.textContent().catch(() => ''), { timeout: 60_000 }).toContain('导入完成');
    expect(await result.textContent()).toContain('已更新 2 人');
    expect(await text(page, 'import-count-updated')).toMatch(/^已更新\s*2\s*人$/);
    expect(await (await openOutcome(page, 'updated')).textContent()).toContain('班级 1班 → 3班');
    await shot(page, 'imports-prefill-committed');

    // The register took the department's class; the unit stays (the school was only a note).
    await openPupil(page, DEMO_PUPIL);
    await expect.poll(() => page.locator('main').textContent(), { timeout: 10_000 }).toContain('小学一年级 3班');
    expect(await page.locator('main').textContent()).toContain('苏州市姑苏区第一实验小学');
    await shot(page, 'imports-prefill-person');
    await openPupil(page, SECOND_PUPIL);
    await expect.poll(() => page.locator('main').textContent(), { timeout: 10_000 }).toContain('小学二年级 1班');
    expect(await page.locator('main').textContent()).toContain('苏州市姑苏区第一实验小学');
    await page.close();
  });
});

describe('[IMPORTS] a zip of card photos', () => {
  it('a school uploads photos named by ID number, sees matched and unmatched, commits and finds the photo', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1360, height: 900 } });
    await loginAs(page, app.server.baseUrl, 'school1');
    await page.getByTestId('nav-menu').getByText('批量导入').click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('批量导入');
    const card = page.getByTestId('import-upload-card');
    await card.getByRole('tab', { name: '制卡照片' }).click();
    await expect.poll(() => card.textContent(), { timeout: 5_000 }).toContain('以证件号码命名');
    expect(await text(page, 'import-upload-hint')).toContain('只支持 .zip');
    expect(await text(page, 'import-scope')).toContain('苏州市姑苏区第一实验小学登记的人员');
    // No sheet to fill in: no template.
    expect(await card.getByRole('link', { name: /下载.*模板/ }).count()).toBe(0);
    expect(await page.locator('input[type=file]').getAttribute('accept')).toBe('.zip');

    // A sheet is refused before upload.
    await page.locator('input[type=file]').setInputFiles({ name: '照片.xlsx', mimeType: XLSX, buffer: Buffer.from('x') });
    await expect.poll(() => page.locator('.ant-message').textContent().catch(() => ''), { timeout: 5_000 }).toContain('打包为 .zip');
    expect(page.url()).toMatch(/\/imports$/);
    await shot(page, 'imports-photos-start');

    const zip = await zipOf({ [`照片/${DEMO_PUPIL.id}.png`]: png(300, 400), [`${id('402')}.png`]: png(300, 400) });
    await page.locator('input[type=file]').setInputFiles({ name: '一年级照片.zip', mimeType: 'application/zip', buffer: zip });
    await expect.poll(() => page.url(), { timeout: 10_000 }).toMatch(/\/imports\/[0-9a-f-]{36}$/);
    await expect.poll(() => text(page, 'import-status'), { timeout: 20_000 }).toBe('待确认');
    expect(await text(page, 'import-count-matched')).toMatch(/^匹配\s*1\s*张$/);
    expect(await text(page, 'import-count-unmatched')).toMatch(/^未匹配\s*1\s*张$/);
    expect(await text(page, 'import-count-error')).toMatch(/^错误\s*0\s*个$/);
    // The unmatched file is named (masked like every number): the operator knows which photo to check.
    expect(await (await openOutcome(page, 'unmatched')).textContent()).toContain(maskPersonalText(`${id('402')}.png`));
    expect(await text(page, 'import-preview')).not.toContain(id('402'));
    expect(await text(page, 'import-job-panel')).toContain('ZIP');
    expect(await text(page, 'import-commit')).toContain('将保存 1 张制卡照片');
    await shot(page, 'imports-photos-validated');

    await confirmImport(page);
    const result = page.getByTestId('import-result');
    await expect.poll(() => result.textContent().catch(() => ''), { timeout: 30_000 }).toContain('导入完成');
    expect(await result.textContent()).toContain('已保存照片 1 张');
    await shot(page, 'imports-photos-committed');

    // The pupil's page shows the photo, decoded by the browser.
    await openPupil(page, DEMO_PUPIL);
    const photo = page.getByRole('img', { name: `${DEMO_PUPIL.name}的照片` });
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth).catch(() => 0), { timeout: 10_000 }).toBe(300);
    expect(await page.locator('main').textContent()).toContain('300×400 像素');
    await shot(page, 'imports-photos-person');
    await page.close();
  });
});

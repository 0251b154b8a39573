import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { apiAs, confirmImport, loginAs, settledShot, text, useServerAndBrowser } from './fixtures/server';

/**
 * The agency's and the collector's part of the money flow: the agency declares a class for a school it picks; the
 * school confirms and settles it as one bank deduction; the collector downloads that bank's deduction file, and
 * imports the bank's answer built from it; 票据统计 then counts the school's receipts as paid by the unit.
 */
const app = useServerAndBrowser();

const SCHOOL = '苏州市姑苏区第一实验小学';
const ACCOUNT = '6222020200012345678';


type TSettlement = { id: string; number: string; personCount: number; payableFen: number; status: string };
type TReceiptCount = { unitId: string | null; unitName: string | null; amountFen: number; payer: 'unit' | 'family'; count: number };

describe('[PAYMENTS] agency class declaration for a unit, bank deduction file, receipt counts', () => {
  it('declares a class for a chosen school, exports its bank deduction, imports the result and counts the receipts', async () => {
    const { baseUrl } = app.server;

    // ── the agency: 整班申报 for 苏州市姑苏区第一实验小学, 小学一年级 1班, picked in the dialog ──
    const admin = await app.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await loginAs(admin, baseUrl, 'admin');
    await expect.poll(() => admin.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('参保申报');
    await admin.getByTestId('nav-menu').getByText('参保申报').click();
    await expect.poll(() => text(admin, 'window-today').catch(() => ''), { timeout: 15_000 }).toContain('申报期内');
    // 延续上年度参保人员 asks the agency for the unit as well.
    await admin.getByRole('button', { name: '延续上年度参保人员' }).click();
    const carry = admin.locator('.ant-modal').filter({ hasText: '延续上年度参保人员' });
    await carry.getByRole('button', { name: /延续申报/ }).click();
    await expect.poll(() => carry.textContent(), { timeout: 5_000 }).toContain('请选择为哪个单位申报');
    await settledShot(admin, 'agency-money-carry-over-dialog');
    await carry.getByRole('button', { name: /取\s*消/ }).click();
    await carry.waitFor({ state: 'hidden' });

    await admin.getByRole('button', { name: '整班申报' }).click();
    const dialog = admin.locator('.ant-modal').filter({ hasText: '整班申报' });
    // The unit is required of the agency: without it the dialog says so and declares nothing.
    await admin.getByLabel('申报年级').click();
    await admin.getByTitle('小学一年级').click();
    await admin.getByLabel('申报班级').fill('1班');
    // A class typed in full closes the list of the roll's classes: nothing covers 申报.
    await expect.poll(() => admin.locator('.ant-select-dropdown:visible').count(), { timeout: 10_000 }).toBe(0);
    await dialog.getByRole('button', { name: /^申\s*报$/ }).click();
    await expect.poll(() => dialog.textContent(), { timeout: 5_000 }).toContain('请选择为哪个单位申报');
    // The school's option in the open list (not a title elsewhere on the page), once the search has filled it. Under
    // load the list can be refilled by a late search answer just as it is clicked: a person would pick it again.
    const option = admin.locator('.ant-select-dropdown:visible').getByTitle(SCHOOL);
    await expect
      .poll(
        async () => {
          if (!(await dialog.textContent())?.includes('请选择为哪个单位申报')) return true;
          if ((await option.count()) === 0) await admin.getByLabel('申报单位').fill('第一实验');
          await option.first().click({ timeout: 3_000 }).catch(() => undefined);
          return !(await dialog.textContent())?.includes('请选择为哪个单位申报');
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(true);
    await settledShot(admin, 'agency-money-class-dialog');
    await dialog.getByRole('button', { name: /^申\s*报$/ }).click();
    await expect.poll(() => admin.getByTestId('batch-result').textContent().catch(() => ''), { timeout: 20_000 }).toContain('新申报');
    const declared = Number(((await text(admin, 'batch-declared')).match(/\d+/) ?? ['0'])[0]);
    expect(declared).toBeGreaterThanOrEqual(3);
    expect(await admin.locator('.ant-modal').filter({ hasText: '新申报' }).textContent()).toContain(SCHOOL);
    await settledShot(admin, 'agency-money-class-declared');
    await admin.getByRole('button', { name: /知道了/ }).click();
    // The list now shows the school declared for, and only its 1班 pupils are declared.
    await expect.poll(() => new URL(admin.url()).searchParams.get('unitId'), { timeout: 10_000 }).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => text(admin, 'summary-declared'), { timeout: 10_000 }).toContain(String(declared));
    await settledShot(admin, 'agency-money-declarations');

    // ── the school, through the API: confirms and settles as one bank deduction (its account registered by the agency) ──
    const agencyApi = await apiAs(baseUrl, 'admin');
    const units = await agencyApi<{ items: { id: string; name: string }[] }>('GET', `/api/v1/units?page=1&pageSize=20&q=${encodeURIComponent('第一实验小学')}`);
    const school = units.items.find((u) => u.name === SCHOOL)!;
    expect(school).toBeTruthy();
    await agencyApi('PATCH', `/api/v1/units/${school.id}`, { bank: { code: 'icbc', accountNumber: ACCOUNT, holder: SCHOOL } });

    const schoolApi = await apiAs(baseUrl, 'school1');
    const years = await schoolApi<{ today: string; items: { year: number; current: boolean }[] }>('GET', '/api/v1/campaign-years');
    const year = years.items.find((i) => i.current)!.year;
    const mine = await schoolApi<{ items: { id: string; status: string; person: { className: string | null } }[] }>('GET', `/api/v1/declarations?year=${year}&page=1&pageSize=200`);
    expect(mine.items.filter((d) => d.status === 'declared')).toHaveLength(declared);
    expect(mine.items.every((d) => d.person.className === '1班')).toBe(true);
    await schoolApi('POST', '/api/v1/declarations/confirm', { year, ids: mine.items.map((d) => d.id) });
    const settlement = await schoolApi<TSettlement>('POST', '/api/v1/settlements', { year, paymentMode: 'unit_total', unitMethod: 'bank_deduction' });
    expect(settlement).toMatchObject({ personCount: declared, status: 'awaiting_payment' });
    expect(settlement.payableFen).toBeGreaterThan(0);
    const due = `${(settlement.payableFen / 100).toFixed(2)}`;

    // ── the collector: no receipts yet on 对账 → 票据统计; then 结算单 → 导出银行代扣文件, 工商银行 ──
    const collector = await app.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await loginAs(collector, baseUrl, 'collector1');
    await expect.poll(() => collector.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('结算单');
    await collector.goto(`${baseUrl}/reconciliation?tab=receipts`);
    // Other units of the demo city have paid already; this school has no receipt yet.
    await expect.poll(() => collector.getByTestId('receipt-counts-total').textContent().catch(() => ''), { timeout: 15_000 }).toContain('合计');
    expect(await collector.getByTestId('receipt-counts').textContent()).not.toContain(SCHOOL);
    await settledShot(collector, 'agency-money-receipt-counts-before');
    await collector.getByTestId('nav-menu').getByText('结算单').click();
    await expect.poll(() => collector.getByTestId('settlements-table').textContent().catch(() => ''), { timeout: 15_000 }).toContain(settlement.number);
    await collector.getByRole('button', { name: '导出银行代扣文件' }).click();
    const modal = collector.locator('.ant-modal').filter({ hasText: '导出银行代扣文件' });
    expect(await text(collector, 'deduction-explain')).toContain('银行代扣结果');
    await collector.getByLabel('代扣银行').click();
    await expect.poll(() => collector.locator('.ant-select-dropdown').textContent().catch(() => ''), { timeout: 10_000 }).toContain('待代扣 1 张');
    await settledShot(collector, 'agency-money-deduction-banks');
    await collector.getByLabel('代扣银行').fill('工商');
    await collector.keyboard.press('Enter');
    await expect.poll(() => text(collector, 'deduction-preview').catch(() => ''), { timeout: 10_000 }).toContain(settlement.number);
    expect(await text(collector, 'deduction-preview')).toContain('1 张结算单');
    expect(await text(collector, 'deduction-preview')).toContain(`${Number(due).toLocaleString('en-US', { minimumFractionDigits: 2 })} 元`);
    await settledShot(collector, 'agency-money-deduction-dialog');

    const [download] = await Promise.all([collector.waitForEvent('download', { timeout: 20_000 }), modal.getByTestId('deduction-download').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^代扣文件_工商银行_${year}_\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const rows: string[][] = [];
    sheet.eachRow((r) => void rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows[0]).toEqual(['结算单号', '单位名称', '账户名称', '扣款账号', '扣款金额（元）', '人数', '摘要']);
    const line = rows.find((r) => r[0] === settlement.number);
    expect(line).toEqual([settlement.number, SCHOOL, SCHOOL, ACCOUNT, due, String(declared), `${year}年度城乡居民医保费`]);
    await expect.poll(() => collector.locator('.ant-message').textContent().catch(() => ''), { timeout: 10_000 }).toContain('已下载');

    // ── the bank deducted it: its result file, imported from the dialog's link (批量导入 · 银行代扣结果) ──
    const resultCsv = '结算单号,扣款账号,扣款金额,扣款结果,银行流水号,扣款时间,失败原因\n' + `${line![0]},${line![3]},${line![4]},成功,B${year}0001,${years.today} 09:30:00,\n`;
    await modal.getByRole('link', { name: /银行代扣结果/ }).click();
    await expect.poll(() => collector.locator('h1').textContent(), { timeout: 10_000 }).toBe('批量导入');
    await expect.poll(() => collector.locator('main').textContent(), { timeout: 10_000 }).toContain('银行代扣结果');
    await collector.locator('input[type=file]').setInputFiles({ name: '工商银行代扣结果.csv', mimeType: 'text/csv', buffer: Buffer.from(resultCsv, 'utf8') });
    await expect.poll(() => text(collector, 'import-status').catch(() => ''), { timeout: 20_000 }).toBe('待确认');
    expect(await text(collector, 'import-count-paid')).toMatch(/扣款成功\s*1\s*笔/);
    await confirmImport(collector);
    await expect.poll(() => collector.getByTestId('import-result').textContent().catch(() => ''), { timeout: 30_000 }).toContain('导入完成');
    await expect.poll(async () => (await schoolApi<TSettlement>('GET', `/api/v1/settlements/${settlement.id}`)).status, { timeout: 15_000 }).toBe('paid');

    // ── 对账 → 票据统计: the school's fixed-amount receipts, paid by the unit ──
    const collectorApi = await apiAs(baseUrl, 'collector1');
    const counts = async () => (await collectorApi<{ items: TReceiptCount[] }>('GET', `/api/v1/receipts/counts?year=${year}`)).items;
    await expect.poll(async () => (await counts()).filter((c) => c.unitId === school.id && c.payer === 'unit').reduce((s, c) => s + c.count, 0), { timeout: 30_000 }).toBeGreaterThan(0);
    const items = await counts();
    const unitPaid = items.filter((c) => c.payer === 'unit').reduce((s, c) => s + c.count, 0);
    const total = items.reduce((s, c) => s + c.count, 0);
    const totalFen = items.reduce((s, c) => s + c.count * c.amountFen, 0);
    expect(items.filter((c) => c.unitId === school.id).every((c) => c.payer === 'unit')).toBe(true);

    await collector.getByTestId('nav-menu').getByText('对账').click();
    await collector.getByRole('tab', { name: '票据统计' }).click();
    await expect.poll(() => new URL(collector.url()).searchParams.get('tab'), { timeout: 10_000 }).toBe('receipts');
    const table = collector.getByTestId('receipt-counts');
    await expect.poll(() => table.textContent().catch(() => ''), { timeout: 15_000 }).toContain(SCHOOL);
    const totalRow = (await text(collector, 'receipt-counts-total')).replace(/\s+/g, ' ');
    expect(totalRow).toContain(`合计`);
    expect(totalRow).toContain(String(unitPaid));
    expect(totalRow).toContain(String(total));
    expect(totalRow).toContain(`${(totalFen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} 元`);
    const schoolRow = table.locator('tbody tr', { hasText: SCHOOL });
    expect(await schoolRow.first().textContent()).toMatch(/\d+\.\d{2} 元/);
    await settledShot(collector, 'agency-money-receipt-counts');

    // The school sees its own counts beside its settlements.
    const schoolPage = await app.browser.newPage({ viewport: { width: 1360, height: 900 } });
    await loginAs(schoolPage, baseUrl, 'school1');
    await expect.poll(() => schoolPage.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('结算单');
    await schoolPage.getByTestId('nav-menu').getByText('结算单').click();
    const own = schoolPage.getByTestId('unit-receipt-counts');
    const ownCount = (await schoolApi<{ items: TReceiptCount[] }>('GET', `/api/v1/receipts/counts?year=${year}`)).items.reduce((s, c) => s + c.count, 0);
    expect(ownCount).toBe(items.filter((c) => c.unitId === school.id).reduce((s, c) => s + c.count, 0));
    await expect.poll(() => text(schoolPage, 'receipt-counts-total').catch(() => ''), { timeout: 15_000 }).toContain(String(ownCount));
    expect(await own.textContent()).not.toContain('苏州市吴中区城南实验小学');
    expect(await schoolPage.getByRole('button', { name: '导出银行代扣文件' }).count()).toBe(0);
    await settledShot(schoolPage, 'agency-money-unit-receipt-counts');

    // A unit operator's batch dialogs keep no unit picker: the unit is its own.
    await schoolPage.getByTestId('nav-menu').getByText('参保申报').click();
    await schoolPage.getByRole('button', { name: '延续上年度参保人员' }).click();
    const ownCarry = schoolPage.locator('.ant-modal').filter({ hasText: '延续上年度参保人员' });
    await expect.poll(() => ownCarry.textContent(), { timeout: 10_000 }).toContain('为本单位');
    expect(await ownCarry.getByLabel('申报单位').count()).toBe(0);
    await settledShot(schoolPage, 'agency-money-unit-carry-over-dialog');
    await ownCarry.getByRole('button', { name: /取\s*消/ }).click();
    await schoolPage.getByRole('button', { name: '整班申报' }).click();
    const ownClass = schoolPage.locator('.ant-modal').filter({ hasText: '整班申报' });
    await expect.poll(() => ownClass.textContent(), { timeout: 10_000 }).toContain('申报所选年级');
    expect(await ownClass.getByLabel('申报单位').count()).toBe(0);

    await Promise.all([admin.close(), collector.close(), schoolPage.close()]);
  });
});

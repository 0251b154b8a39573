import { computeResidentIdCheckChar } from '@canbao/domain';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { apiAs, loginAs, settledShot, useServerAndBrowser } from './fixtures/server';

const app = useServerAndBrowser();

// A boy born 2018-06-12 in 姑苏区, not among the demo pupils; his father's card pays his contribution.
const first17 = '32050820180612057';
const PUPIL_ID = first17 + computeResidentIdCheckChar(first17);
const ACCOUNT = '6222020200012345678';

describe('[PAYMENTS] card deduction by agreement', () => {
  it('a school signs the father’s card for a pupil with a notice, and the agency downloads the bank’s file listing him', async () => {
    const base = app.server.baseUrl;
    // Seeded through the API: a pupil declared, confirmed and settled with a notice to pay himself.
    const school = await apiAs(base, 'school1');
    const years = await school<{ items: Array<{ year: number; current: boolean }> }>('GET', '/api/v1/campaign-years');
    const year = years.items.find((y) => y.current)!.year;
    const { person } = await school<{ person: { id: string } }>('POST', '/api/v1/persons', {
      documentType: '01',
      documentNumber: PUPIL_ID,
      name: '代扣小明',
      hukouType: 'local_urban',
      gradeCode: '02',
      className: '2班',
      guardian: { name: '代扣父', relation: '父亲', phone: '13912345670' },
    });
    const declaration = await school<{ id: string }>('POST', '/api/v1/declarations', { year, personId: person.id });
    await school('POST', '/api/v1/declarations/confirm', { year, ids: [declaration.id] });
    await school('POST', '/api/v1/settlements', { year, paymentMode: 'per_person' });

    const page = await app.browser.newPage({ acceptDownloads: true });
    await loginAs(page, base, 'school1');
    await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('参保人员');
    await page.goto(`${base}/persons/${person.id}`);
    const card = page.getByTestId('deduction-agreement');
    await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain('未签订银行卡代扣协议');
    await card.getByRole('button', { name: /签订协议/ }).click();
    const dialog = page.getByRole('dialog', { name: '签订银行卡代扣协议' });
    await dialog.getByLabel('代扣银行').fill('工商');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain('工商银行');
    await dialog.getByLabel('扣款账号').fill('6222 0202 0001 2345 678');
    // The holder starts as the guardian.
    expect(await dialog.getByLabel('账户名称').inputValue()).toBe('代扣父');
    await settledShot(page, 'card-deduction-sign');
    await dialog.getByRole('button', { name: /签\s*订/ }).click();
    await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain('***************5678');
    expect(await card.textContent()).toContain('工商银行');
    expect(await page.content()).not.toContain(ACCOUNT);
    await settledShot(page, 'card-deduction-agreement');

    const agency = await app.browser.newPage({ acceptDownloads: true });
    await loginAs(agency, base, 'admin');
    await expect.poll(() => agency.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('结算');
    await agency.goto(`${base}/settlements`);
    await agency.getByRole('button', { name: /导出个人代扣文件/ }).click();
    const modal = agency.getByRole('dialog').filter({ hasText: '导出个人代扣文件' });
    await modal.getByLabel('个人代扣银行').click();
    await expect.poll(() => agency.locator('.ant-select-dropdown').textContent().catch(() => ''), { timeout: 10_000 }).toContain('待代扣 1 人');
    await modal.getByLabel('个人代扣银行').fill('工商');
    await agency.keyboard.press('Enter');
    await expect.poll(() => modal.getByTestId('card-deduction-preview').textContent(), { timeout: 15_000 }).toContain('文件将列出 1 人');
    await settledShot(agency, 'card-deduction-file');
    const [download] = await Promise.all([agency.waitForEvent('download'), modal.getByTestId('card-deduction-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^个人代扣文件_工商银行_\d{4}_/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.worksheets[0]!.eachRow((r) => void rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows[0]!.slice(0, 9)).toEqual(['交易流水号', '姓名', '证件类型', '证件号码', '费款所属期', '个人缴费金额', '缴费时间', '缴费渠道', '扣款结果']);
    expect(rows.slice(1).map((r) => [r[1], r[3], r[7], r[9], r[10]])).toEqual([['代扣小明', PUPIL_ID, '银行卡代扣', ACCOUNT, '代扣父']]);
  });
});

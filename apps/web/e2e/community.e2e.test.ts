import { describe, expect, it } from 'vitest';
import { loginAs, settledShot, shot, text, useServerAndBrowser } from './fixtures/server';

/**
 * A Nantong community station's campaign (issue 16, items 4 and 7), on the demo's 南通市区: residents found by
 * address, last year's households carried over, the chase by street, and a household whose residence permit is two
 * months old refused with the day it is full.
 */
const app = useServerAndBrowser();

describe('[COMMUNITY] 和平桥街道劳动保障服务所 runs its campaign for adults and families', () => {
  it('finds residents by address, carries last year over, chases by street and is told why a family must wait', async () => {
    const base = app.server.baseUrl;
    const page = await app.browser.newPage({ viewport: { width: 1360, height: 900 } });
    await loginAs(page, base, 'nantong1');
    await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('家庭');

    // 参保人员: by a part of the address; the list speaks of addresses, not classes.
    await page.getByTestId('nav-menu').getByRole('link', { name: '参保人员', exact: true }).click();
    await page.getByRole('searchbox', { name: '搜索人员' }).fill('濠西路');
    await page.getByRole('searchbox', { name: '搜索人员' }).press('Enter');
    const persons = page.locator('tbody tr.ant-table-row');
    await expect.poll(() => persons.count(), { timeout: 15_000 }).toBe(4);
    expect((await persons.allTextContents()).join('|')).toContain('陈建华');
    expect(await page.locator('thead').textContent()).toContain('户籍地址');
    expect(await page.locator('thead').textContent()).not.toContain('班级');

    // 参保申报: 延续上年度参保人员 — the family of four and the 低保 family.
    await page.getByTestId('nav-menu').getByText('参保申报').click();
    await expect.poll(() => text(page, 'window-today').catch(() => ''), { timeout: 15_000 }).toContain('申报期内');
    expect(await page.getByRole('button', { name: '整班申报' }).count()).toBe(0);
    await page.getByRole('button', { name: '延续上年度参保人员' }).click();
    const carry = page.locator('.ant-modal').filter({ hasText: '延续上年度参保人员' });
    await carry.getByRole('button', { name: /延续申报/ }).click();
    await expect.poll(() => text(page, 'batch-declared').catch(() => ''), { timeout: 20_000 }).toContain('6');
    await settledShot(page, 'community-carry-over');
    await page.getByRole('button', { name: /知道了/ }).click();

    // 未参保人员: the twelve residents, declared and not yet paid or not declared; by street, 城东街道 holds the couple.
    await page.getByTestId('nav-menu').getByRole('link', { name: '未参保人员' }).click();
    const rows = page.getByTestId('uninsured-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(12);
    await page.getByRole('combobox', { name: '街道' }).click();
    await page.locator('.ant-select-dropdown:visible').getByTitle(/^城东街道/).click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    expect((await rows.allTextContents()).join('|')).toMatch(/吴国强.*\|.*蒋桂兰|蒋桂兰.*\|.*吴国强/);
    expect(await page.getByTestId('uninsured-table').locator('thead').textContent()).toContain('住址');
    await shot(page, 'community-uninsured-by-street');

    // 家庭: the family on a two-month residence permit is refused, with the day it is full.
    await page.getByTestId('nav-menu').getByRole('link', { name: '家庭', exact: true }).click();
    await page.getByRole('searchbox', { name: '查找家庭' }).fill('文峰路');
    await page.getByRole('searchbox', { name: '查找家庭' }).press('Enter');
    const households = page.getByTestId('households-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => households.count(), { timeout: 15_000 }).toBe(1);
    await households.getByRole('link', { name: '马春梅' }).click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 15_000 }).toBe('马春梅家庭');
    await page.getByRole('button', { name: /整户申报（2 人）/ }).click();
    const refused = page.getByTestId('batch-refused');
    await expect.poll(() => refused.textContent().catch(() => ''), { timeout: 15_000 }).toContain('未满 3 个月');
    expect(await refused.textContent()).toContain('马浩然');
    await settledShot(page, 'community-permit-refused');
    await page.close();
  });
});

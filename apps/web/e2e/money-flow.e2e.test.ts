import { describe, expect, it } from 'vitest';
import { loginAs, shot, text, useServerAndBrowser } from './fixtures/server';

const app = useServerAndBrowser();



describe('[PAYMENTS] declaration to printed payment notices', () => {
  it('a school declares a class, confirms it, settles per person and prints one notice with a QR code per pupil', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1360, height: 900 } });
    await loginAs(page, app.server.baseUrl, 'school1');
    await page.getByTestId('nav-menu').getByText('参保申报').click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('参保申报');
    // The demo campaign's declaration window contains today.
    await expect.poll(() => text(page, 'window-today'), { timeout: 10_000 }).toContain('申报期内');

    // 整班申报: 小学一年级 2班 (five demo pupils).
    await page.getByRole('button', { name: '整班申报' }).click();
    await page.getByLabel('申报年级').click();
    await page.getByTitle('小学一年级').click();
    await page.getByLabel('申报班级').fill('2班');
    // A class typed in full closes the list of the roll's classes: nothing covers 申报.
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count(), { timeout: 10_000 }).toBe(0);
    await page.locator('.ant-modal').getByRole('button', { name: /^申\s*报$/ }).click();
    const result = page.getByTestId('batch-result');
    await expect.poll(() => result.textContent().catch(() => ''), { timeout: 20_000 }).toContain('新申报');
    const declared = Number(((await text(page, 'batch-declared')).match(/\d+/) ?? ['0'])[0]);
    expect(declared).toBeGreaterThan(0);
    await shot(page, 'money-flow-class-declared');
    await page.getByRole('button', { name: /知道了/ }).click();
    await expect.poll(() => page.getByTestId('declarations-table').locator('tbody tr.ant-table-row').count(), { timeout: 10_000 }).toBe(declared);

    // 参保缴费确认: the dialog states the count and the total before anything is charged.
    await page.getByRole('button', { name: '确认全部已申报' }).click();
    await expect.poll(() => text(page, 'confirm-count').catch(() => ''), { timeout: 10_000 }).toBe(`${declared} 人`);
    expect(await text(page, 'confirm-payable')).toMatch(/[\d,]+\.\d{2} 元/);
    await shot(page, 'money-flow-confirm');
    await page.getByRole('button', { name: new RegExp(`确认 ${declared} 人`) }).click();
    await expect.poll(() => text(page, 'summary-confirmed'), { timeout: 10_000 }).toContain(String(declared));

    // 生成结算单 with one notice per pupil.
    await page.getByTestId('nav-menu').getByText('结算单').click();
    await page.getByRole('button', { name: '生成结算单' }).click();
    await expect.poll(() => text(page, 'settlement-pending').catch(() => ''), { timeout: 10_000 }).toContain(`${declared} 人`);
    await page.getByRole('radio', { name: /逐人缴费通知单/ }).check();
    await page.locator('.ant-modal').getByRole('button', { name: '生成结算单' }).click();
    await expect.poll(() => page.url(), { timeout: 10_000 }).toMatch(/\/settlements\/[0-9a-f-]{36}$/);
    expect(await text(page, 'settlement-status')).toBe('待缴费');
    await expect.poll(() => text(page, 'notice-classes').catch(() => ''), { timeout: 10_000 }).toContain('小学一年级 2班');
    await shot(page, 'money-flow-settlement');

    // The class's notices: one per pupil, each with its QR code and the pay address in text.
    await page.getByRole('link', { name: /打印 小学一年级 2班 缴费通知单/ }).click();
    await expect.poll(() => page.getByTestId('notice').count(), { timeout: 10_000 }).toBe(declared);
    await expect.poll(() => page.getByTestId('notice-qr').count(), { timeout: 10_000 }).toBe(declared);
    const first = page.getByTestId('notice').first();
    expect(await first.textContent()).toContain('苏州市姑苏区第一实验小学');
    expect(await first.textContent()).toMatch(new RegExp(`${app.server.baseUrl.replace(/[.]/g, '\\.')}/pay/[A-Za-z0-9_-]{16,}`));
    expect(await first.textContent()).toContain('输入孩子姓名');
    expect(await page.getByTestId('notice-qr').first().getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(await page.getByTestId('notice-sheet').count()).toBe(Math.ceil(declared / 3));
    await shot(page, 'money-flow-notices');
    // In print the app's frame is gone and only the sheets remain.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.ant-layout-sider').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: /打\s*印/ }).isVisible()).toBe(false);
    await shot(page, 'money-flow-notices-print');
    await page.close();
  });
});

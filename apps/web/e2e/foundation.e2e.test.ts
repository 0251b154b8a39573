import { describe, expect, it } from 'vitest';
import { loginAs, shot, useServerAndBrowser } from './fixtures/server';

const app = useServerAndBrowser();

describe('[AUTH] logging in by role', () => {
  it('a school operator sees the unit menu and only its own unit', async () => {
    const page = await app.browser.newPage();
    await loginAs(page, app.server.baseUrl, 'school1');
    const menu = page.getByTestId('nav-menu');
    await expect.poll(() => menu.textContent(), { timeout: 15_000 }).toContain('本单位信息');
    const text = (await menu.textContent()) ?? '';
    expect(text).toContain('工作台');
    expect(text).not.toContain('账号管理');
    expect(text).not.toContain('审计日志');
    await shot(page, 'school1-home');
    await menu.getByText('本单位信息').click();
    // The contact person appears only once the unit's record has loaded (the header shows the unit name anyway).
    await expect.poll(() => page.locator('main').textContent(), { timeout: 10_000 }).toContain('王老师');
    await shot(page, 'school1-my-unit');
    // An agency page typed into the address bar is refused, not shown.
    await page.goto(`${app.server.baseUrl}/users`);
    await expect.poll(() => page.textContent('body'), { timeout: 10_000 }).toMatch(/无权|403/);
    await page.close();
  });

  it('the agency admin sees the agency menu, the accounts and the audit trail', async () => {
    const page = await app.browser.newPage();
    await loginAs(page, app.server.baseUrl, 'admin');
    const menu = page.getByTestId('nav-menu');
    await expect.poll(() => menu.textContent(), { timeout: 15_000 }).toContain('账号管理');
    const text = (await menu.textContent()) ?? '';
    for (const label of ['工作台', '参保单位', '账号管理', '审计日志']) expect(text).toContain(label);
    expect(text).not.toContain('本单位信息');
    await shot(page, 'admin-home');
    await menu.getByText('账号管理').click();
    await expect.poll(() => page.getByTestId('users-table').textContent(), { timeout: 10_000 }).toContain('school1');
    await shot(page, 'admin-users');
    await menu.getByText('审计日志').click();
    await expect.poll(() => page.getByTestId('audit-table').textContent(), { timeout: 10_000 }).toContain('登录');
    // Plain Chinese only: no action codes (refund.approved), no object codes, no system account names.
    const CODE = /\b[a-z]+(?:_[a-z]+)*\.[a-z]+(?:_[a-z]+)*\b|receipt-issuer|reconciliation_item/;
    expect(await page.getByTestId('audit-table').textContent()).not.toMatch(CODE);
    // Staff find entries by the Chinese words of the action, and read a change field by field.
    await page.getByLabel('操作', { exact: true }).fill('参保申报');
    // The field suggests actions as one types; the open list would cover the button.
    await page.getByLabel('操作', { exact: true }).press('Escape');
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    expect(await page.getByLabel('操作', { exact: true }).inputValue()).toBe('参保申报');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.url()).toContain('action=');
    await expect.poll(() => page.getByTestId('audit-table').locator('tbody tr.ant-table-row').first().textContent(), { timeout: 10_000 }).toContain('参保申报');
    await page.getByTestId('audit-table').locator('.ant-table-row-expand-icon').first().click();
    const changes = (await page.getByTestId('audit-changes').first().textContent()) ?? '';
    expect(changes).toContain('参保年度');
    expect(changes).toMatch(/\d+\.\d{2} 元/);
    expect(changes).not.toMatch(/Fen|category|payable|[a-z]+Id\b/);
    await shot(page, 'admin-audit');
    await page.close();
  });

  it('a wrong password shows the reason and no session', async () => {
    const page = await app.browser.newPage();
    await loginAs(page, app.server.baseUrl, 'viewer1', 'wrong-password');
    await expect.poll(() => page.textContent('body'), { timeout: 10_000 }).toContain('用户名或密码错误');
    expect(page.url()).toContain('/login');
    await shot(page, 'login-wrong-password');
    await page.close();
  });

  it('unknown pages show a 404 page', async () => {
    const page = await app.browser.newPage();
    await loginAs(page, app.server.baseUrl, 'viewer1');
    await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('工作台');
    await page.goto(`${app.server.baseUrl}/no/such/page`);
    await expect.poll(() => page.textContent('body'), { timeout: 10_000 }).toContain('页面不存在');
    await page.close();
  });

  it('every demo login works and logout returns to the login page', async () => {
    for (const username of ['admin', 'school1', 'school2', 'kinder1', 'community1', 'collector1', 'viewer1']) {
      const res = await fetch(`${app.server.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'canbao-demo' }),
      });
      expect(res.status, username).toBe(200);
    }
    const page = await app.browser.newPage();
    await loginAs(page, app.server.baseUrl, 'collector1');
    await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('工作台');
    expect(await page.getByTestId('header-display-name').textContent()).toBe('税务征收员');
    // Open the account menu by its own button and wait for the item to show: the menu is rendered on first open, and
    // a click that lands before the header is interactive opens nothing (CI saw the logout never sent).
    const logoutItem = page.getByRole('menuitem', { name: /退出登录/ });
    await expect
      .poll(async () => {
        if (!(await logoutItem.isVisible())) await page.getByTestId('user-menu').click();
        return logoutItem.isVisible();
      }, { timeout: 20_000 })
      .toBe(true);
    const loggedOut = page.waitForResponse((r) => r.url().includes('/api/v1/auth/logout'), { timeout: 20_000 });
    await logoutItem.click();
    await loggedOut;
    await expect.poll(() => page.url(), { timeout: 20_000 }).toContain('/login');
    await page.close();
  });
});

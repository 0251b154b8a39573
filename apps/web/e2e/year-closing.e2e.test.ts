import { describe, expect, it } from 'vitest';
import { apiAs, loginAs, shot, useServerAndBrowser } from './fixtures/server';

/**
 * A closed insurance year (issue 15, item 1): the demo's last year closed after its adjustment window. A school reads
 * it and is offered no change; the agency corrects its policy profile, giving a reason, which the audit log shows.
 */
const app = useServerAndBrowser();

describe('[CLOSE] a closed year', () => {
  it('a school sees it closed and is offered no change; the agency changes it with a reason the audit log keeps', async () => {
    const base = app.server.baseUrl;
    const admin = await apiAs(base, 'admin');
    const { items: years } = await admin<{ items: Array<{ year: number; state: string; closesOn: string; current: boolean; profileKey: string }> }>('GET', '/api/v1/campaign-years');
    const closed = years.find((y) => y.state === 'closed');
    expect(closed, JSON.stringify(years)).toBeDefined();
    const year = closed!.year;

    const school = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await loginAs(school, base, 'school1');
    await expect.poll(() => school.getByTestId('nav-menu').count(), { timeout: 15_000 }).toBe(1);
    await school.goto(`${base}/declarations?year=${year}`);
    await expect.poll(() => school.getByTestId('year-state').first().textContent(), { timeout: 15_000 }).toBe(`${year} 年度已关闭`);
    expect(await school.getByTestId('year-closed-notice').textContent()).toContain(`已于 ${closed!.closesOn} 关闭`);
    // Nothing to change is offered: no declaring, no confirming, no removing.
    expect(await school.getByRole('button', { name: '整班申报' }).count()).toBe(0);
    expect(await school.getByRole('button', { name: '确认全部已申报' }).count()).toBe(0);
    expect(await school.getByTestId('confirm-card').textContent()).toContain('本年度已关闭，只能查看。');
    await expect.poll(() => school.getByTestId('declarations-table').locator('tbody tr.ant-table-row').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await school.getByTestId('declarations-table').getByText('撤销', { exact: true }).count()).toBe(0);
    await shot(school, 'close-school-declarations');
    // The current year is open for it, as before.
    await school.goto(`${base}/declarations`);
    await expect.poll(() => school.getByTestId('year-state').first().textContent(), { timeout: 15_000 }).toMatch(/办理中|仅限调整和补申报/);
    expect(await school.getByRole('button', { name: '整班申报' }).count()).toBe(1);
    await school.close();

    // The agency corrects the closed year's policy profile: saving asks why, in one dialog, before anything is written.
    const key = years.find((y) => y.year === year)!.profileKey;
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await loginAs(page, base, 'admin');
    await expect.poll(() => page.getByTestId('nav-menu').count(), { timeout: 15_000 }).toBe(1);
    await page.goto(`${base}/policies/${key}`);
    await expect.poll(() => page.getByTestId('year-state').textContent(), { timeout: 15_000 }).toBe(`${year} 年度已关闭`);
    await page.getByRole('button', { name: '编辑' }).click();
    await page.getByLabel('修改说明').fill('补记上年度通知文号');
    await page.getByRole('button', { name: '保存为新版本' }).click();
    const ask = page.getByTestId('change-reason-modal');
    await expect.poll(() => ask.textContent(), { timeout: 15_000 }).toContain(`${year} 年度已于 ${closed!.closesOn} 关闭，修改本年度政策方案须填写原因`);
    // Confirmed without a reason: the form says so. A click landing while the dialog still opens does nothing, so
    // it is repeated until the message shows (CI saw the first click lost under load).
    await expect
      .poll(async () => {
        const text = (await ask.textContent()) ?? '';
        if (!text.includes('请填写原因')) await ask.getByRole('button', { name: '确认修改' }).click();
        return text;
      }, { timeout: 15_000 })
      .toContain('请填写原因');
    const reason = '年度决算时发现方案备注有误，经科室负责人同意更正';
    await ask.getByLabel('修改原因').fill(reason);
    await shot(page, 'close-agency-reason');
    await ask.getByRole('button', { name: '确认修改' }).click();
    await expect.poll(() => page.getByTestId('profile-saved').textContent(), { timeout: 15_000 }).toContain('已保存为第 2 版');

    // 审计日志 shows the change with its reason.
    await page.goto(`${base}/audit?action=${encodeURIComponent('profile.updated')}`);
    await expect.poll(() => page.getByTestId('audit-reason').first().textContent(), { timeout: 15_000 }).toBe(`原因：${reason}`);
    await shot(page, 'close-agency-audit');
    await page.close();
  });
});

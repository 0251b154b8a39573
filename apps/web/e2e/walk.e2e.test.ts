import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginAs, shot, useServerAndBrowser } from './fixtures/server';

/**
 * A walk through every page of every role's menu, at a desk (1280×800) and on a phone (390×844), as a new user
 * would click through them: no page calls the API for what its role may not have (403), none fails (5xx), none
 * shows a code, an English word or a research note, and none scrolls sideways on a phone.
 */
const app = useServerAndBrowser();

const ROLES = ['admin', 'school1', 'collector1', 'viewer1'] as const;
// Codes as the API spells them (payment.recorded, unit_total, suzhou-2027), research markers and notes.
const CODE = /\b[a-z]+(?:[._][a-z]+)+\b|\b[a-z]+-\d{4}\b/;
const RESEARCH = /待核实|research|§|\[S\d+\]/;

type Problem = { page: string; what: string };

function watchApi(page: Page, problems: Problem[]) {
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (!url.pathname.startsWith('/api/')) return;
    if (res.status() === 403 || res.status() >= 500) problems.push({ page: page.url(), what: `${res.request().method()} ${url.pathname} → ${res.status()}` });
  });
}

/** The menu's pages, as links the role is given. */
async function menuPaths(page: Page): Promise<{ path: string; label: string }[]> {
  await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('工作台');
  const items = page.getByTestId('nav-menu').locator('a[href]');
  const out: { path: string; label: string }[] = [];
  for (let i = 0; i < (await items.count()); i++) {
    const a = items.nth(i);
    out.push({ path: (await a.getAttribute('href'))!, label: ((await a.textContent()) ?? '').trim() });
  }
  return out;
}

async function settle(page: Page) {
  await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
  await expect.poll(() => page.locator('.ant-skeleton, .ant-spin-spinning').count(), { timeout: 15_000 }).toBe(0);
}

async function checkText(page: Page, where: string, problems: Problem[]) {
  const body = (await page.locator('body').innerText()) ?? '';
  const code = CODE.exec(body);
  if (code) problems.push({ page: where, what: `code “${code[0]}” in “${body.slice(Math.max(0, code.index - 30), code.index + 30).replace(/\s+/g, ' ')}”` });
  const note = RESEARCH.exec(body);
  if (note) problems.push({ page: where, what: `research note “${note[0]}”` });
}

/** 状态 and 应缴 of every table are in sight at 1280 px: not scrolled off to the right, not under 操作. */
async function checkKeyColumns(page: Page, where: string, problems: Problem[]) {
  const width = page.viewportSize()!.width;
  const heads = page.locator('.ant-table-thead th').filter({ hasText: /^(状态|应缴)$/ });
  for (let i = 0; i < (await heads.count()); i++) {
    const box = await heads.nth(i).boundingBox();
    if (box && box.x + box.width > width) problems.push({ page: where, what: `column ${await heads.nth(i).textContent()} off screen at ${Math.round(box.x)} px` });
  }
}

describe('[WALK] every role, every page', () => {
  it.each(ROLES)('%s at a desk and on a phone', async (username) => {
    const problems: Problem[] = [];
    const desk = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    watchApi(desk, problems);
    await loginAs(desk, app.server.baseUrl, username);
    const pages = await menuPaths(desk);
    expect(pages.length).toBeGreaterThan(4);
    for (const { path, label } of pages) {
      await desk.goto(app.server.baseUrl + path);
      await settle(desk);
      await checkText(desk, `${username} ${label}`, problems);
      await checkKeyColumns(desk, `${username} ${label}`, problems);
      await shot(desk, `walk-${username}-${path.replace(/\W+/g, '') || 'home'}-1280`);
    }

    const phone = await app.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    watchApi(phone, problems);
    await loginAs(phone, app.server.baseUrl, username);
    await expect.poll(() => phone.url(), { timeout: 15_000 }).not.toContain('/login');
    for (const { path, label } of pages) {
      await phone.goto(app.server.baseUrl + path);
      await settle(phone);
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) problems.push({ page: `${username} ${label} (phone)`, what: `scrolls sideways: ${width} px` });
      await shot(phone, `walk-${username}-${path.replace(/\W+/g, '') || 'home'}-390`);
    }
    await Promise.all([desk.close(), phone.close()]);
    expect(problems).toEqual([]);
  });

  it('the viewer opens a declaration and is given no link to a page it may not open', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems: Problem[] = [];
    watchApi(page, problems);
    await loginAs(page, app.server.baseUrl, 'viewer1');
    await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('参保申报');
    await page.getByTestId('nav-menu').getByText('参保申报').click();
    const details = page.getByTestId('declarations-table').getByRole('button', { name: '详情' }).first();
    await details.waitFor({ timeout: 15_000 });
    await details.click();
    const drawer = page.getByRole('dialog').filter({ hasText: '年度参保申报' });
    await expect.poll(() => drawer.textContent(), { timeout: 10_000 }).toContain('计费依据');
    expect(await drawer.locator('a[href^="/persons/"]').count()).toBe(0);
    await checkText(page, 'viewer declaration drawer', problems);
    await shot(page, 'walk-viewer1-declaration-drawer');
    await page.close();
    expect(problems).toEqual([]);
  });
});

import { createHmac, randomBytes } from 'node:crypto';
import { TERMINAL_HEADERS, computeResidentIdCheckChar } from '@canbao/domain';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginAs, settledShot, text, useServerAndBrowser } from './fixtures/server';

/**
 * 缴费终端: the agency registers a self-service kiosk, hands its signing key over (shown once), stops and restarts
 * it, and reads the daily statement the kiosk sent. The kiosk's requests are signed here as a kiosk signs them
 * (packages/domain/src/api/terminals.ts).
 */
const app = useServerAndBrowser();

/** A request of the terminal: HMAC-SHA256 over timestamp, nonce, method, path and the raw body. */
async function signed(terminalId: string, key: string, path: string, body: unknown): Promise<Response> {
  const raw = JSON.stringify(body);
  const timestamp = Math.floor(Date.now() / 1000);
  const nonce = randomBytes(16).toString('hex');
  const signature = createHmac('sha256', key).update(`${timestamp}\n${nonce}\nPOST\n${path}\n${raw}`).digest('hex');
  return fetch(`${app.server.baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [TERMINAL_HEADERS.terminal]: terminalId,
      [TERMINAL_HEADERS.timestamp]: String(timestamp),
      [TERMINAL_HEADERS.nonce]: nonce,
      [TERMINAL_HEADERS.signature]: signature,
    },
    body: raw,
  });
}

/** A person at the kiosk asks what is due (someone not insured here: nothing is). */
const VISITOR = '32050820180707051' + computeResidentIdCheckChar('32050820180707051');
const due = (terminalId: string, key: string) => signed(terminalId, key, '/api/v1/terminal/due', { persons: [{ idNumber: VISITOR, name: '张小明' }] });

/** Yesterday in the city (the statement's day). */
function cityYesterday(): string {
  return new Date(Date.now() + 8 * 3600_000 - 24 * 3600_000).toISOString().slice(0, 10);
}

/** The terminal's row of the table. */
const rowOf = (page: Page, name: string) => page.getByTestId('terminals-table').locator('tr', { hasText: name });

async function confirmPopover(page: Page, button: RegExp) {
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: button }).click();
}

describe('[PAYMENTS] query-and-pay terminals', () => {
  it('the agency registers a kiosk, sees its key once, disables and enables it, and reads its daily statement', async () => {
    const NAME = '姑苏区政务服务中心 1 号自助机';
    const page = await app.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await loginAs(page, app.server.baseUrl, 'admin');
    const menu = page.getByTestId('nav-menu');
    await expect.poll(() => menu.textContent(), { timeout: 15_000 }).toContain('缴费终端');
    await menu.getByText('缴费终端').click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('缴费终端');

    // ── 登记终端: the number is typed in lower case and kept upper case; the type is picked by its name ──
    await page.getByRole('button', { name: /登记终端/ }).click();
    const form = page.locator('.ant-modal').filter({ hasText: '登记缴费终端' });
    // The dialog's 登记 (its name gains the spinner's while a request is out).
    const submit = form.locator('.ant-modal-footer').getByRole('button', { name: /登\s*记/ });
    await submit.click();
    await expect.poll(() => form.textContent(), { timeout: 5_000 }).toContain('请填写终端编号');
    await page.getByLabel('终端编号').fill('gs-01');
    expect(await page.getByLabel('终端编号').inputValue()).toBe('GS-01');
    await page.getByLabel('类型').click();
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    // The dropdown opens on its next frame: wait for its options, then read them.
    await expect
      .poll(() => options.allTextContents(), { timeout: 5_000 })
      .toEqual(['自助缴费终端', '银行柜面', '微信/支付宝小程序']);
    await page.locator('.ant-select-dropdown:visible').getByTitle('自助缴费终端').click();
    await page.getByLabel('名称').fill(NAME);
    await settledShot(page, 'terminals-register-form');
    await submit.click();

    // ── the key, once ──
    const issued = page.locator('.ant-modal').filter({ hasText: '终端已登记' });
    await expect.poll(() => issued.textContent().catch(() => ''), { timeout: 10_000 }).toContain('签名密钥只显示这一次');
    const key = /[0-9a-f]{64}/.exec(await text(page, 'terminal-signing-key'))?.[0];
    expect(key).toBeDefined();
    const terminalId = '320500-GS-01';
    expect(await issued.textContent()).toContain(terminalId);
    expect(await issued.getByRole('button', { name: /复制密钥/ }).count()).toBe(1);
    await settledShot(page, 'terminals-key-once');
    await issued.getByRole('button', { name: /我已记下/ }).click();
    await issued.waitFor({ state: 'hidden' });
    expect(await page.locator('body').textContent()).not.toContain(key!);

    const row = rowOf(page, NAME);
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain(terminalId);
    expect(await row.textContent()).toContain('自助缴费终端');
    expect(await row.textContent()).toContain('启用');
    expect(await row.textContent()).toContain('尚未对账');
    expect((await due(terminalId, key!)).status).toBe(200);

    // Registering the same number again is refused under the number.
    await page.getByRole('button', { name: /登记终端/ }).click();
    await page.getByLabel('终端编号').fill('GS-01');
    await page.getByLabel('名称').fill('重复登记');
    await submit.click();
    await expect.poll(() => form.textContent(), { timeout: 10_000 }).toContain('终端编号 GS-01 已登记');
    await form.getByRole('button', { name: /取\s*消/ }).click();
    await form.waitFor({ state: 'hidden' });

    // ── 停用: its requests are refused; 启用: accepted again ──
    await row.getByRole('button', { name: `停用 ${NAME}` }).click();
    await settledShot(page, 'terminals-disable-confirm');
    await confirmPopover(page, /停\s*用/);
    await expect.poll(() => row.locator('.ant-tag').textContent(), { timeout: 10_000 }).toBe('停用');
    const refused = await due(terminalId, key!);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe('该终端已停用');

    await row.getByRole('button', { name: `启用 ${NAME}` }).click();
    await confirmPopover(page, /启\s*用/);
    await expect.poll(() => row.locator('.ant-tag').textContent(), { timeout: 10_000 }).toBe('启用');
    expect((await due(terminalId, key!)).status).toBe(200);

    // ── the kiosk sends yesterday's statement: one line for an order it does not have (an exception) ──
    const date = cityYesterday();
    const statement = await signed(terminalId, key!, '/api/v1/terminal/statements', {
      date,
      lines: [{ outTradeNo: 'GS01-20990101-0001', transactionId: 'BANK0000001', amountFen: 38000, paidAt: `${date}T10:15:00+08:00` }],
    });
    expect(statement.status).toBe(200);

    await page.reload();
    await expect.poll(() => rowOf(page, NAME).textContent(), { timeout: 10_000 }).toContain(date);
    await settledShot(page, 'terminals-list');
    await rowOf(page, NAME).getByRole('button', { name: `${NAME} 的对账记录` }).click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '对账记录' });
    const line = drawer.getByTestId('terminal-statements').locator('tbody tr', { hasText: date });
    await expect.poll(() => line.textContent().catch(() => ''), { timeout: 10_000 }).toContain('380.00');
    expect(await drawer.getByRole('columnheader').allTextContents()).toEqual(['对账日期', '笔数', '金额（元）', '相符', '补记', '异常', '对账单无此笔', '上送时间']);
    const cells = (await line.locator('td').allTextContents()).map((c) => c.trim());
    expect(cells.slice(0, 7)).toEqual([date, '1', '380.00', '0', '0', '1', '0']);
    expect(await drawer.textContent()).toContain('1 天的对账单有差异');
    await settledShot(page, 'terminals-statements');

    // ── the same page on a phone ──
    await page.setViewportSize({ width: 390, height: 844 });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await settledShot(page, 'terminals-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await rowOf(page, NAME).getByRole('button', { name: `${NAME} 的对账记录` }).click();
    await expect.poll(() => line.textContent().catch(() => ''), { timeout: 10_000 }).toContain('380.00');
    await settledShot(page, 'terminals-phone-statements');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // 重新生成密钥: a new key, once; the old one stops working.
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await rowOf(page, NAME).getByRole('button', { name: `重新生成 ${NAME} 的密钥` }).click();
    await confirmPopover(page, /重新生成/);
    const rotated = page.locator('.ant-modal').filter({ hasText: '已重新生成签名密钥' });
    await expect.poll(() => rotated.textContent().catch(() => ''), { timeout: 10_000 }).toContain('签名密钥只显示这一次');
    const newKey = /[0-9a-f]{64}/.exec(await text(page, 'terminal-signing-key'))?.[0];
    expect(newKey).toBeDefined();
    expect(newKey).not.toBe(key);
    await settledShot(page, 'terminals-phone-new-key');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await rotated.getByRole('button', { name: /我已记下/ }).click();
    expect((await due(terminalId, key!)).status).toBe(401);
    expect((await due(terminalId, newKey!)).status).toBe(200);
  });
});

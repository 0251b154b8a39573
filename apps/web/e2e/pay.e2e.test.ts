import type { Page } from 'playwright-core';
import { fenToChineseCapital } from '../src/features/pay/capital-amount';
import { formatYuan } from '../src/lib/money';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiAs, shot, useServerAndBrowser } from './fixtures/server';

const app = useServerAndBrowser();

type Notice = { token: string; personName: string; amountFen: number };
type Family = { name: string; token: string; idNumber: string; phone: string; amountFen: number };

/**
 * School 1 declares its class 一年级 1班 for 2027, confirms and settles it with one notice per pupil (what the
 * school prints with the QR codes); the full ID number and the guardian's phone come from an audited reveal.
 */
async function printNotices(baseUrl: string): Promise<Family[]> {
  const call = await apiAs(baseUrl, 'school1');
  const batch = await call<{ declared: number }>('POST', '/api/v1/declarations/batch', { year: 2027, mode: 'class', gradeCode: '01', className: '1班' });
  expect(batch.declared).toBeGreaterThanOrEqual(2);
  await call('POST', '/api/v1/declarations/confirm', { year: 2027 });
  const settlement = await call<{ id: string }>('POST', '/api/v1/settlements', { year: 2027, paymentMode: 'per_person' });
  const { items } = await call<{ items: Notice[] }>('GET', `/api/v1/settlements/${settlement.id}/notices`);
  const families: Family[] = [];
  for (const n of items.slice(0, 2)) {
    expect(n.amountFen).toBeGreaterThan(0);
    const found = await call<{ items: { id: string }[] }>('GET', `/api/v1/persons?q=${encodeURIComponent(n.personName)}`);
    const { person } = await call<{ person: { documentNumber: string; guardian: { phone: string | null } | null } }>('POST', `/api/v1/persons/${found.items[0]!.id}/reveal`, { reason: '核对参保缴费信息' });
    families.push({ name: n.personName, token: n.token, idNumber: person.documentNumber, phone: person.guardian?.phone ?? '', amountFen: n.amountFen });
  }
  return families;
}


function phonePage(): Promise<Page> {
  return app.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
}

let families: Family[] = [];

beforeAll(async () => {
  families = await printNotices(app.server.baseUrl);
});

describe('[PAY] 码上缴社保: a parent pays from the QR code and keeps the receipt', () => {
  it('confirms the child’s name, pays in the sandbox wallet and comes back to 缴费成功', async () => {
    const child = families[0]!;
    const amount = formatYuan(child.amountFen, { unit: false });
    const page = await phonePage();
    await page.goto(`${app.server.baseUrl}/pay/${child.token}`);
    await expect.poll(() => page.getByTestId('pay-unit').textContent(), { timeout: 15_000 }).toContain('第一实验小学');
    expect(await page.textContent('main')).toContain('2027 年度城乡居民基本医疗保险');
    // Before the name, only the masked hint: nothing about the child or the amount.
    expect(await page.textContent('main')).toContain(`${child.name[0]}*`);
    expect(await page.textContent('main')).not.toContain(amount);
    await shot(page, 'pay-greeting');

    const nameInput = page.getByLabel('孩子姓名');
    await nameInput.fill('张冒名');
    await page.getByRole('button', { name: '查看缴费信息' }).click();
    await expect.poll(() => page.textContent('main'), { timeout: 10_000 }).toContain('姓名与通知单不符');
    expect(await page.getByTestId('pay-details').count()).toBe(0);
    await shot(page, 'pay-wrong-name');

    await nameInput.fill(child.name);
    await page.getByRole('button', { name: '查看缴费信息' }).click();
    await expect.poll(() => page.getByTestId('pay-amount').textContent(), { timeout: 10_000 }).toContain(amount);
    const details = (await page.getByTestId('pay-details').textContent()) ?? '';
    expect(details).toContain(child.name);
    expect(details).toContain('1班');
    expect(details).toContain('2027-01-01 至 2027-12-31');
    expect(details).toContain('*'); // the ID number masked
    expect(details).not.toContain(child.idNumber);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'pay-details');

    await page.getByTestId('pay-now').click();
    await expect.poll(() => page.getByTestId('cashier-amount').textContent(), { timeout: 10_000 }).toContain(amount);
    expect(page.url()).toContain('/sandbox-pay/');
    expect(new URL(page.url()).searchParams.get('back')).toBe(`/pay/${child.token}`);
    expect(await page.getByTestId('sandbox-cashier').textContent()).toContain('测试环境');
    await shot(page, 'pay-sandbox-cashier');

    await page.getByTestId('cashier-confirm').click();
    await expect.poll(() => page.getByTestId('pay-success').count(), { timeout: 30_000 }).toBe(1);
    expect(new URL(page.url()).pathname).toBe(`/pay/${child.token}`);
    // The receipt is issued in the background right after the payment; the page keeps asking (every 2 s).
    await expect.poll(() => page.getByTestId('pay-receipt-number').count(), { timeout: 45_000 }).toBe(1);
    expect(await page.getByTestId('pay-success').textContent()).toContain('缴费成功');
    const receiptNumber = (await page.getByTestId('pay-receipt-number').textContent()) ?? '';
    expect(receiptNumber).toMatch(/^3205002027\d{8}$/);
    await shot(page, 'pay-success');

    // The receipt verifies: valid, with the amount in figures and in capitals, and its own QR code.
    await page.getByTestId('pay-receipt-link').click();
    await expect.poll(() => page.getByTestId('receipt-valid').textContent(), { timeout: 10_000 }).toBe('有效');
    expect(await page.getByTestId('receipt-number').textContent()).toBe(receiptNumber);
    expect(await page.getByTestId('receipt-amount').textContent()).toBe(`¥${amount}`);
    expect(await page.getByTestId('receipt-capital').textContent()).toBe(fenToChineseCapital(child.amountFen));
    expect(await page.getByTestId('receipt-person').textContent()).toBe(child.name);
    await expect.poll(() => page.getByTestId('receipt-qr').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('receipt-qr').getAttribute('alt')).toContain(`/receipt?number=${receiptNumber}&code=`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'pay-receipt-mobile');

    // Opening the notice again says it is paid; a second payment is not offered.
    await page.goto(`${app.server.baseUrl}/pay/${child.token}`);
    await expect.poll(() => page.getByTestId('pay-success').textContent(), { timeout: 15_000 }).toContain('该通知单已缴费');
    expect(await page.getByTestId('pay-now').count()).toBe(0);
    await page.close();

    // 参保状态查询 from the public footer: the year is covered, with its receipt.
    const desk = await app.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await desk.goto(`${app.server.baseUrl}/fee-quote`);
    await desk.getByTestId('family-status-link').click();
    await expect.poll(() => desk.textContent('h1'), { timeout: 10_000 }).toContain('参保状态查询');
    const idInput = desk.getByRole('textbox', { name: '身份证号码' });
    await idInput.fill(child.idNumber.slice(0, 10));
    await expect.poll(() => desk.getByTestId('id-number-help').textContent()).toContain('已输入 10 / 18 位');
    await idInput.fill(child.idNumber.slice(0, 17) + (child.idNumber.endsWith('0') ? '1' : '0'));
    await expect.poll(() => desk.getByTestId('id-number-help').textContent()).toContain('校验位错误');
    await idInput.fill(child.idNumber);
    await expect.poll(() => desk.getByTestId('id-number-help').textContent()).toContain('出生日期');
    await desk.getByRole('textbox', { name: '姓名' }).fill(child.name);
    // Without the phone on file the page says nothing about the child: the same answer as for a wrong number.
    const last4 = child.phone.slice(-4);
    await desk.getByRole('textbox', { name: '登记手机号后四位' }).fill(last4 === '0000' ? '1111' : '0000');
    await desk.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => desk.getByTestId('family-not-found').count(), { timeout: 10_000 }).toBe(1);
    await desk.getByRole('textbox', { name: '登记手机号后四位' }).fill(last4);
    await desk.getByRole('button', { name: '查询' }).click();
    const year = desk.getByTestId('family-year-2027');
    await expect.poll(() => year.count(), { timeout: 10_000 }).toBe(1);
    expect(await year.getByTestId('family-covered').textContent()).toContain('已参保');
    const yearText = (await year.textContent()) ?? '';
    expect(yearText).toContain('已缴费');
    expect(yearText).toContain(`${amount} 元`);
    expect(yearText).toContain('2027-01-01 至 2027-12-31');
    expect(await year.getByTestId('family-receipt-link').textContent()).toBe(receiptNumber);
    await shot(desk, 'family-status');

    // 票据查询 by name, ID number and the guardian's phone lists the receipt and opens it.
    await desk.goto(`${app.server.baseUrl}/receipt`);
    await desk.getByLabel('参保人姓名').fill(child.name);
    await desk.getByRole('textbox', { name: '身份证号码' }).fill(child.idNumber);
    await desk.getByLabel('手机号码').fill(child.phone);
    await desk.getByRole('button', { name: '查询票据' }).click();
    const list = desk.getByTestId('receipt-lookup-list');
    await expect.poll(() => list.textContent(), { timeout: 10_000 }).toContain(receiptNumber);
    // Last year's receipt is listed too; this year's is opened.
    await list.getByRole('listitem').filter({ hasText: receiptNumber }).getByRole('link', { name: '查看票据' }).click();
    await expect.poll(() => desk.getByTestId('receipt-valid').textContent(), { timeout: 10_000 }).toBe('有效');
    expect(await desk.getByTestId('receipt-issuer').textContent()).toContain('社会保险基金管理中心');
    await shot(desk, 'receipt-desktop');

    // A mistyped code is refused in Chinese.
    await desk.getByLabel('校验码').fill('AAAAAAAA');
    await desk.getByRole('button', { name: '查验' }).click();
    await expect.poll(() => desk.getByTestId('receipt-error').textContent(), { timeout: 10_000 }).toContain('未查到该票据');
    await desk.close();
  });

  it('a parent who cancels at the cashier comes back to the notice and can pay again', async () => {
    const child = families[1]!;
    const page = await phonePage();
    await page.goto(`${app.server.baseUrl}/pay/${child.token}`);
    await page.getByLabel('孩子姓名').fill(child.name);
    await page.getByRole('button', { name: '查看缴费信息' }).click();
    await page.getByTestId('pay-now').click();
    await expect.poll(() => page.getByTestId('cashier-amount').count(), { timeout: 10_000 }).toBe(1);
    await page.getByRole('button', { name: '取消支付，返回' }).click();
    await expect.poll(() => page.textContent('main'), { timeout: 10_000 }).toContain('已取消支付，可以重新缴费');
    // The name was kept for the trip (this tab only): the amount is there again without typing it.
    await expect.poll(() => page.getByTestId('pay-now').count(), { timeout: 10_000 }).toBe(1);
    expect(new URL(page.url()).search).toBe('');
    await shot(page, 'pay-cancelled-at-cashier');
    await page.close();
  });

  it('says so clearly when names are tried too often from one address', async () => {
    const child = families[1]!;
    const page = await phonePage();
    await page.goto(`${app.server.baseUrl}/pay/${child.token}`);
    await expect.poll(() => page.getByTestId('pay-unit').count(), { timeout: 15_000 }).toBe(1);
    // Guessing names: the details route allows 30 tries a minute per address.
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${app.server.baseUrl}/api/v1/pay/${child.token}/details`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `猜${i}` }) });
      if (res.status === 429) break;
    }
    await page.getByLabel('孩子姓名').fill(child.name);
    await page.getByRole('button', { name: '查看缴费信息' }).click();
    await expect.poll(() => page.getByTestId('pay-error').textContent(), { timeout: 10_000 }).toContain('操作过于频繁');
    await shot(page, 'pay-rate-limited');
    await page.close();
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, loginAs, shot, useServerAndBrowser } from './fixtures/server';

const app = useServerAndBrowser();

type Notice = { token: string; personName: string; amountFen: number };

/** A valid resident ID number (GB 11643 check character). */
function residentId(body17: string) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, c, i) => s + Number(c) * weights[i]!, 0);
  return body17 + '10X98765432'[sum % 11];
}

function phonePage(): Promise<Page> {
  return app.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
}

async function familyLookup(page: Page, idNumber: string, name: string) {
  await page.goto(`${app.server.baseUrl}/family`);
  await page.getByRole('textbox', { name: '身份证号码' }).fill(idNumber);
  await page.getByRole('textbox', { name: '姓名' }).fill(name);
  await page.getByRole('textbox', { name: '登记手机号后四位' }).fill('5670');
  await page.getByRole('button', { name: '查询' }).click();
  const year = page.getByTestId('family-year-2027');
  await expect.poll(() => year.count(), { timeout: 10_000 }).toBe(1);
  return year;
}

describe('[LEDGER] a refund of a child’s only payment leaves the child unpaid everywhere at once', () => {
  it('refuses it as a duplicate; returned for another reason, the family page, the receipt and the pay page all say unpaid', async () => {
    const base = app.server.baseUrl;
    const school = await apiAs(base, 'school1');
    // A pupil of its own, declared, confirmed and settled with a notice; the family pays it online.
    const idNumber = residentId('32050820190707' + '123');
    const name = '退款童';
    const { person } = await school<{ person: { id: string } }>('POST', '/api/v1/persons', {
      documentType: '01', documentNumber: idNumber, name, hukouType: 'local_urban', gradeCode: '02', className: '9班', guardian: { name: '家长', relation: '父母', phone: '13912345670' },
    });
    const declaration = await school<{ id: string }>('POST', '/api/v1/declarations', { year: 2027, personId: person.id });
    await school('POST', '/api/v1/declarations/confirm', { year: 2027, ids: [declaration.id] });
    const settlement = await school<{ id: string }>('POST', '/api/v1/settlements', { year: 2027, paymentMode: 'per_person' });
    const { items } = await school<{ items: Notice[] }>('GET', `/api/v1/settlements/${settlement.id}/notices`);
    const notice = items.find((n) => n.personName === name)!;
    const order = await (await fetch(`${base}/api/v1/pay/${notice.token}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, channel: 'sandbox' }) })).json();
    expect((await fetch(`${base}/api/v1/sandbox/orders/${order.outTradeNo}/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'normal' }) })).status).toBe(200);

    // The family sees the child insured, with a receipt.
    const phone = await phonePage();
    // (Its receipt is issued in the background; the school's person page shows when.)
    await expect.poll(async () => (await school<{ items: Array<{ receipt: unknown }> }>('GET', `/api/v1/persons/${person.id}/declarations`)).items[0]?.receipt ?? null, { timeout: 30_000 }).not.toBeNull();
    let year = await familyLookup(phone, idNumber, name);
    expect(await year.getByTestId('family-covered').textContent()).toContain('已参保');
    const receiptNumber = (await year.getByTestId('family-receipt-link').textContent()) ?? '';
    await shot(phone, 'ledger-family-before-refund');
    // 票据查询 by name, ID number and the guardian's phone opens the receipt (with its code): valid.
    await phone.goto(`${base}/receipt`);
    await phone.getByLabel('参保人姓名').fill(name);
    await phone.getByRole('textbox', { name: '身份证号码' }).fill(idNumber);
    await phone.getByLabel('手机号码').fill('13912345670');
    await phone.getByRole('button', { name: '查询票据' }).click();
    await expect.poll(() => phone.getByTestId('receipt-lookup-list').textContent(), { timeout: 10_000 }).toContain(receiptNumber);
    await phone.getByTestId('receipt-lookup-list').getByRole('link', { name: '查看票据' }).click();
    await expect.poll(() => phone.getByTestId('receipt-valid').textContent(), { timeout: 10_000 }).toBe('有效');
    const receiptUrl = phone.url();

    // The school asks for the money back as a duplicate: refused, there is nothing paid twice.
    const page = await app.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await loginAs(page, base, 'school1');
    await page.getByTestId('nav-menu').getByText('退费').click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('退费');
    await page.getByRole('button', { name: /申请退费/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('查找缴费记录').fill(name);
    await dialog.getByLabel('查找缴费记录').press('Enter');
    const found = dialog.getByTestId('refund-payments');
    await expect.poll(() => found.textContent(), { timeout: 10_000 }).toContain(name);
    await found.locator('tbody tr', { hasText: name }).click();
    await dialog.getByPlaceholder('如：家长在银行柜面重复缴费').fill('家长称重复缴费');
    await dialog.getByRole('button', { name: '提交申请' }).click();
    await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain('没有多缴');
    await shot(page, 'ledger-duplicate-refused');

    // Asked again for what it is (the family withdraws the child): submitted, then approved by the agency.
    await dialog.getByLabel('退费原因').click();
    await page.locator('.ant-select-item-option', { hasText: '其他' }).click();
    await dialog.getByPlaceholder('如：家长在银行柜面重复缴费').fill('家长申请退回，孩子改在户籍地参保');
    await dialog.getByRole('button', { name: '提交申请' }).click();
    const table = page.getByTestId('refunds-table');
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('待审核');
    await page.close();

    const admin = await app.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await loginAs(admin, base, 'admin');
    await admin.getByTestId('nav-menu').getByText('退费').click();
    const adminTable = admin.getByTestId('refunds-table');
    await expect.poll(() => adminTable.textContent(), { timeout: 10_000 }).toContain(name);
    await adminTable.locator('tbody tr', { hasText: name }).getByRole('button', { name: '审核' }).click();
    const decide = admin.getByRole('dialog');
    await decide.getByText('批准（线上渠道立即原路退回）').click();
    await decide.getByLabel('审核意见').fill('同意退回');
    await decide.getByRole('button', { name: '提交审核' }).click();
    // The online wallet pays it back at once.
    await expect.poll(() => adminTable.locator('tbody tr', { hasText: name }).textContent(), { timeout: 10_000 }).toContain('已退款');
    await shot(admin, 'ledger-refunded');
    await admin.close();

    // Everywhere at once: the family page says unpaid and not insured, the receipt is void, the notice can be paid again.
    year = await familyLookup(phone, idNumber, name);
    expect(await year.getByTestId('family-covered').textContent()).toContain('未缴费，尚未参保');
    expect(await year.getByTestId('family-receipt-link').count()).toBe(0);
    await shot(phone, 'ledger-family-after-refund');
    await phone.goto(receiptUrl);
    await expect.poll(() => phone.getByTestId('receipt-valid').textContent(), { timeout: 10_000 }).toBe('已作废');
    expect(await phone.getByTestId('receipt-number').textContent()).toBe(receiptNumber);
    await shot(phone, 'ledger-receipt-void');
    await phone.goto(`${base}/pay/${notice.token}`);
    await phone.getByLabel('孩子姓名').fill(name);
    await phone.getByRole('button', { name: '查看缴费信息' }).click();
    await expect.poll(() => phone.getByTestId('pay-now').count(), { timeout: 10_000 }).toBe(1);
    await phone.close();

    // And the school's progress counts the child as not paid.
    const progress = await school<{ items: Array<{ paid: number; settled: number }> }>('GET', '/api/v1/declarations/progress?year=2027');
    const before = progress.items[0]!;
    expect(before.settled).toBeGreaterThanOrEqual(1);
    const mine = await school<{ items: Array<{ status: string; receipt: unknown }> }>('GET', `/api/v1/persons/${person.id}/declarations`);
    expect(mine.items[0]).toMatchObject({ status: 'settled', receipt: null });
  });
});

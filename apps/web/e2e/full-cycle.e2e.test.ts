import { describe, expect, it } from 'vitest';
import { apiAs, confirmImport, loginAs, shot, text, useServerAndBrowser } from './fixtures/server';

/**
 * The campaign's whole money flow in one run, each step by the role that does it in the city: the school declares
 * a class, confirms it and settles it with payment notices; a parent pays one notice from its QR address; the tax
 * bureau's paid roster (one line with a wrong amount) is imported by the collector; 对账 shows that exception; the
 * parent's receipt verifies, and so does the receipt of a pupil paid through the roster.
 */
const app = useServerAndBrowser();

const yuan = (fen: number) => (fen / 100).toFixed(2);

describe('[FULL CYCLE] declaration → confirmation → settlement → notice paid → paid roster → reconciliation → receipts', () => {
  it('runs the whole campaign for one class across the school, a parent and the collector', async () => {
    // ── the school: 整班申报 小学一年级 2班, 参保缴费确认, 结算单 with one notice per pupil ──
    const school = await app.browser.newPage({ viewport: { width: 1360, height: 900 } });
    await loginAs(school, app.server.baseUrl, 'school1');
    await school.getByTestId('nav-menu').getByText('参保申报').click();
    await expect.poll(() => text(school, 'window-today'), { timeout: 15_000 }).toContain('申报期内');
    await school.getByRole('button', { name: '整班申报' }).click();
    await school.getByLabel('申报年级').click();
    await school.getByTitle('小学一年级').click();
    // The class is picked from the grade's classes on the roll, with their head counts.
    await school.getByLabel('申报班级').click();
    const option = school.locator('.ant-select-item-option').filter({ hasText: /^2班（\d+ 人）$/ });
    await expect.poll(() => option.count(), { timeout: 10_000 }).toBe(1);
    await option.click();
    expect(await school.getByLabel('申报班级').inputValue()).toBe('2班');
    await shot(school, 'full-cycle-class-picker');
    await school.locator('.ant-modal').getByRole('button', { name: /^申\s*报$/ }).click();
    await expect.poll(() => school.getByTestId('batch-result').textContent().catch(() => ''), { timeout: 20_000 }).toContain('新申报');
    const declared = Number(((await text(school, 'batch-declared')).match(/\d+/) ?? ['0'])[0]);
    expect(declared).toBeGreaterThanOrEqual(3);
    await school.getByRole('button', { name: /知道了/ }).click();

    await school.getByRole('button', { name: '确认全部已申报' }).click();
    await expect.poll(() => text(school, 'confirm-count').catch(() => ''), { timeout: 10_000 }).toBe(`${declared} 人`);
    await school.getByRole('button', { name: new RegExp(`确认 ${declared} 人`) }).click();
    await expect.poll(() => text(school, 'summary-confirmed'), { timeout: 10_000 }).toContain(String(declared));

    await school.getByTestId('nav-menu').getByText('结算单').click();
    await school.getByRole('button', { name: '生成结算单' }).click();
    await expect.poll(() => text(school, 'settlement-pending').catch(() => ''), { timeout: 10_000 }).toContain(`${declared} 人`);
    await school.getByRole('radio', { name: /逐人缴费通知单/ }).check();
    await school.locator('.ant-modal').getByRole('button', { name: '生成结算单' }).click();
    await expect.poll(() => school.url(), { timeout: 10_000 }).toMatch(/\/settlements\/[0-9a-f-]{36}$/);
    const settlementPath = new URL(school.url()).pathname;
    expect(await text(school, 'settlement-status')).toBe('待缴费');
    await school.getByRole('link', { name: /打印 小学一年级 2班 缴费通知单/ }).click();
    await expect.poll(() => school.getByTestId('notice').count(), { timeout: 10_000 }).toBe(declared);
    await shot(school, 'full-cycle-notices');

    // The first printed notice goes home: its QR address and the child's name.
    const notice = school.getByTestId('notice').first();
    const payUrl = ((await notice.textContent()) ?? '').match(/http:\/\/127\.0\.0\.1:\d+\/pay\/[A-Za-z0-9_-]{16,}/)?.[0];
    expect(payUrl).toBeTruthy();
    expect(await notice.getByTestId('notice-pay-by').textContent()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const child = (await notice.getByTestId('notice-name').textContent()) ?? '';
    expect(child.length).toBeGreaterThan(1);

    // ── a parent, on a phone: 码上缴社保 ──
    const phone = await app.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.goto(payUrl!);
    await phone.getByLabel('孩子姓名').fill(child);
    await phone.getByRole('button', { name: '查看缴费信息' }).click();
    await expect.poll(() => phone.getByTestId('pay-amount').textContent().catch(() => ''), { timeout: 15_000 }).toMatch(/\d+\.\d{2}/);
    await phone.getByTestId('pay-now').click();
    await expect.poll(() => phone.getByTestId('cashier-confirm').count(), { timeout: 10_000 }).toBe(1);
    await phone.getByTestId('cashier-confirm').click();
    await expect.poll(() => phone.getByTestId('pay-success').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => phone.getByTestId('pay-receipt-number').count(), { timeout: 45_000 }).toBe(1);
    const receiptNumber = (await phone.getByTestId('pay-receipt-number').textContent()) ?? '';
    await phone.getByTestId('pay-receipt-link').click();
    await expect.poll(() => phone.getByTestId('receipt-valid').textContent().catch(() => ''), { timeout: 10_000 }).toBe('有效');
    expect(await phone.getByTestId('receipt-number').textContent()).toBe(receiptNumber);
    expect(await phone.getByTestId('receipt-person').textContent()).toBe(child);
    await shot(phone, 'full-cycle-parent-receipt');

    // The school sees the notice paid; the others are still awaiting payment.
    await school.goto(app.server.baseUrl + settlementPath);
    await expect.poll(() => school.locator('main').textContent(), { timeout: 10_000 }).toContain('已缴');

    // ── the tax bureau's paid roster for the others: what the bureau knows is the full number and the amount ──
    const api = await apiAs(app.server.baseUrl, 'school1');
    const years = await api<{ today: string; items: { year: number; current: boolean }[] }>('GET', '/api/v1/campaign-years');
    const year = years.items.find((i) => i.current)!.year;
    const list = await api<{ items: { status: string; payableFen: number; person: { id: string; name: string } }[] }>(
      'GET',
      `/api/v1/declarations?year=${year}&gradeCode=01&className=${encodeURIComponent('2班')}`,
    );
    expect(list.items.filter((d) => d.status === 'paid').map((d) => d.person.name)).toEqual([child]);
    const unpaid = list.items.filter((d) => d.status === 'settled');
    expect(unpaid).toHaveLength(declared - 1);
    const pupils = [];
    for (const d of unpaid) {
      const { person } = await api<{ person: { documentNumber: string; guardian: { phone: string | null } | null } }>('POST', `/api/v1/persons/${d.person.id}/reveal`, { reason: '核对参保缴费信息' });
      pupils.push({ name: d.person.name, id: person.documentNumber, phone: person.guardian?.phone ?? '', fen: d.payableFen });
    }
    const wrong = pupils[pupils.length - 1]!;
    const csv =
      '电子税票号码,姓名,证件号码,费款所属期,个人缴费金额,缴费时间,缴费渠道\n' +
      pupils
        .map((p, i) => `3326119000001${i},${p.name},${p.id},${year},${yuan(p === wrong ? p.fen - 5000 : p.fen)},${years.today} 10:0${i}:00,银行柜面`)
        .join('\n') +
      '\n';

    // ── the collector: imports the roster, then 对账 ──
    const collector = await app.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await loginAs(collector, app.server.baseUrl, 'collector1');
    await expect.poll(() => collector.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('对账');
    await collector.getByTestId('nav-menu').getByText('对账').click();
    await collector.getByRole('button', { name: /导入已缴费名单/ }).click();
    await expect.poll(() => collector.locator('h1').textContent(), { timeout: 10_000 }).toBe('批量导入');
    await collector.locator('input[type=file]').setInputFiles({ name: '税务已缴费名单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await expect.poll(() => text(collector, 'import-status').catch(() => ''), { timeout: 20_000 }).toBe('待确认');
    expect(await text(collector, 'import-count-paid')).toMatch(new RegExp(`已匹配缴费\\s*${declared - 2}\\s*笔`));
    expect(await text(collector, 'import-count-amount_mismatch')).toMatch(/金额不符\s*1\s*笔/);
    await confirmImport(collector);
    await expect.poll(() => collector.getByTestId('import-result').textContent().catch(() => ''), { timeout: 30_000 }).toContain('导入完成');
    await collector.getByRole('button', { name: /查看对账结果/ }).click();
    const items = collector.getByTestId('reconciliation-items');
    await expect.poll(() => items.textContent().catch(() => ''), { timeout: 10_000 }).toContain(wrong.name);
    const row = items.locator('tbody tr', { hasText: wrong.name });
    expect(await row.textContent()).toContain('金额不符');
    expect(await row.textContent()).toContain('少缴 50.00 元');
    expect(await text(collector, 'reconciliation-count-amount_mismatch')).toMatch(/1\s*笔待处理/);
    await shot(collector, 'full-cycle-reconciliation');

    // All paid but the mismatched one, which stays open until resolved.
    const after = await api<{ items: { status: string; person: { name: string } }[] }>(
      'GET',
      `/api/v1/declarations?year=${year}&gradeCode=01&className=${encodeURIComponent('2班')}`,
    );
    expect(after.items.filter((d) => d.status === 'paid')).toHaveLength(declared - 1);
    expect(after.items.find((d) => d.person.name === wrong.name)?.status).toBe('settled');

    // ── a roster-paid family finds its receipt by name, ID number and phone, and it verifies ──
    const family = pupils[0]!;
    await phone.goto(`${app.server.baseUrl}/receipt`);
    await phone.getByLabel('参保人姓名').fill(family.name);
    await phone.getByLabel('身份证号码').fill(family.id);
    await phone.getByLabel('手机号码').fill(family.phone);
    await phone.getByRole('button', { name: /查询票据/ }).click();
    const found = phone.getByTestId('receipt-lookup-list');
    await expect.poll(() => found.textContent().catch(() => ''), { timeout: 15_000 }).toContain(`${year} 年度`);
    await found.getByRole('link', { name: '查看票据' }).first().click();
    await expect.poll(() => phone.getByTestId('receipt-valid').textContent().catch(() => ''), { timeout: 10_000 }).toBe('有效');
    expect(await phone.getByTestId('receipt-person').textContent()).toBe(family.name);
    expect(await phone.getByTestId('receipt-amount').textContent()).toBe(`¥${yuan(family.fen)}`);
    await shot(phone, 'full-cycle-roster-receipt');

    // ── where the campaign stands, on each 工作台 ──
    await school.goto(app.server.baseUrl + '/');
    const own = school.getByTestId('campaign-progress');
    await expect.poll(() => own.textContent().catch(() => ''), { timeout: 10_000 }).toContain(`${year} 年度参保缴费进度`);
    expect(await text(school, 'campaign-stages')).toContain(`待缴费 1 人 · 已缴费 ${declared - 1} 人`);
    expect(await text(school, 'campaign-next-step')).toContain('1 人待缴费');
    expect(await school.getByTestId('campaign-units').count()).toBe(0);
    await shot(school, 'full-cycle-school-home');
    await collector.goto(app.server.baseUrl + '/');
    const units = collector.getByTestId('campaign-units');
    // The city has many units, furthest behind first; the collector finds the school by name.
    await collector.getByRole('searchbox', { name: '按单位名称查找' }).fill('第一实验小学');
    await expect.poll(() => units.textContent().catch(() => ''), { timeout: 10_000 }).toContain('苏州市姑苏区第一实验小学');
    expect(await units.locator('tbody tr', { hasText: '第一实验小学' }).textContent()).toContain(`${Math.floor(((declared - 1) * 100) / declared)}%`);
    await shot(collector, 'full-cycle-collector-home');

    await Promise.all([school.close(), phone.close(), collector.close()]);
  });
});

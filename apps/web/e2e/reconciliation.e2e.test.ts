import { computeResidentIdCheckChar } from '@canbao/domain';
import { describe, expect, it } from 'vitest';
import { apiAs, confirmImport, loginAs, shot, text, useServerAndBrowser } from './fixtures/server';

const app = useServerAndBrowser();



type Pupil = { name: string; documentNumber: string; payableFen: number };

/** school1 declares its grade-1 class 1, confirms and settles it per person: five pupils awaiting payment. */
async function settledClass(): Promise<{ year: number; today: string; pupils: Pupil[] }> {
  const school = await apiAs(app.server.baseUrl, 'school1');
  const years = await school<{ today: string; items: { year: number; current: boolean }[] }>('GET', '/api/v1/campaign-years');
  const year = years.items.find((i) => i.current)!.year;
  await school('POST', '/api/v1/declarations/batch', { year, mode: 'class', gradeCode: '01', className: '1班' });
  await school('POST', '/api/v1/declarations/confirm', { year });
  await school('POST', '/api/v1/settlements', { year, paymentMode: 'per_person' });
  const list = await school<{ items: { status: string; payableFen: number; person: { id: string; name: string } }[] }>(
    'GET',
    `/api/v1/declarations?year=${year}&gradeCode=01&className=${encodeURIComponent('1班')}`,
  );
  const pupils: Pupil[] = [];
  for (const d of list.items.filter((i) => i.status === 'settled' && i.payableFen > 0)) {
    // The roster carries full numbers: read them through the audited reveal, as a unit would from its records.
    const { person } = await school<{ person: { documentNumber: string } }>('POST', `/api/v1/persons/${d.person.id}/reveal`, { reason: '核对参保缴费信息' });
    pupils.push({ name: d.person.name, documentNumber: person.documentNumber, payableFen: d.payableFen });
  }
  expect(pupils.length).toBeGreaterThanOrEqual(2);
  return { year, today: years.today, pupils };
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

describe('[RECONCILIATION] a paid roster in the browser', () => {
  it('the collector imports a roster with a wrong amount, finds the 金额不符 item on 对账 and resolves it', async () => {
    const { year, today, pupils } = await settledClass();
    const [right, wrong] = pupils as [Pupil, Pupil];
    const strangerFirst17 = '32050820180707051';
    const stranger = strangerFirst17 + computeResidentIdCheckChar(strangerFirst17);
    const csv =
      '电子税票号码,姓名,证件号码,费款所属期,个人缴费金额,缴费时间,缴费渠道\n' +
      `332611990000001,${right.name},${right.documentNumber},${year},${yuan(right.payableFen)},${today} 00:01:00,银行柜面\n` +
      `332611990000002,${wrong.name},${wrong.documentNumber},${year},${yuan(wrong.payableFen - 2000)},${today} 00:02:00,电子税务局\n` +
      `332611990000003,路人甲,${stranger},${year},400.00,${today} 00:03:00,POS机\n` +
      `332611990000004,${right.name},not-an-id,${year},abc,${today},银行柜面\n`;

    const page = await app.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await loginAs(page, app.server.baseUrl, 'collector1');
    const menu = page.getByTestId('nav-menu');
    await expect.poll(() => menu.textContent(), { timeout: 15_000 }).toContain('对账');
    expect(await menu.textContent()).toContain('批量导入');
    expect(await menu.textContent()).toContain('退费');

    // 对账 → 导入已缴费名单: the imports page opens on the paid roster (a collector imports rosters and bank results).
    await menu.getByText('对账').click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('对账');
    await page.getByRole('button', { name: /导入已缴费名单/ }).click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('批量导入');
    const card = page.getByTestId('import-upload-card');
    expect(await card.getByRole('tab').allTextContents()).toEqual(['税务/银行已缴费名单', '银行代扣结果']);
    expect(await card.getByRole('tab', { selected: true }).textContent()).toBe('税务/银行已缴费名单');
    await shot(page, 'reconciliation-import-start');

    await page.locator('input[type=file]').setInputFiles({ name: '税务已缴费名单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await expect.poll(() => text(page, 'import-status').catch(() => ''), { timeout: 20_000 }).toBe('待确认');
    expect(await text(page, 'import-count-paid')).toMatch(/已匹配缴费\s*1\s*笔/);
    expect(await text(page, 'import-count-amount_mismatch')).toMatch(/金额不符\s*1\s*笔/);
    expect(await text(page, 'import-count-unmatched')).toMatch(/无对应人员\s*1\s*笔/);
    expect(await text(page, 'import-count-error')).toMatch(/错误\s*1\s*行/);
    await shot(page, 'reconciliation-import-validated');

    await page.getByText('仅导入无误的行（跳过有错误的行）').click();
    await confirmImport(page);
    const result = page.getByTestId('import-result');
    await expect.poll(() => result.textContent().catch(() => ''), { timeout: 30_000 }).toContain('导入完成');
    expect(await result.textContent()).toContain('金额不符 1 笔');
    await shot(page, 'reconciliation-import-committed');

    // The job's items on 对账.
    await page.getByRole('button', { name: /查看对账结果/ }).click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('对账');
    const items = page.getByTestId('reconciliation-items');
    await expect.poll(() => items.textContent(), { timeout: 10_000 }).toContain(wrong.name);
    const row = items.locator('tbody tr', { hasText: wrong.name });
    expect(await row.textContent()).toContain('金额不符');
    expect(await row.textContent()).toContain(`${yuan(wrong.payableFen - 2000)} 元`);
    expect(await row.textContent()).toContain('少缴 20.00 元');
    expect(await row.textContent()).not.toContain(wrong.documentNumber);
    expect(await items.textContent()).toContain('路人甲');
    expect(await text(page, 'reconciliation-count-amount_mismatch')).toMatch(/1\s*笔待处理/);
    await shot(page, 'reconciliation-items');

    await row.getByRole('button', { name: /处理/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '确认处理' }).click();
    await expect.poll(() => dialog.textContent(), { timeout: 5_000 }).toContain('请填写处理说明');
    await dialog.getByLabel('处理说明').fill('已与家长核实，差额 20 元由学校另行补缴');
    await shot(page, 'reconciliation-resolve');
    await dialog.getByRole('button', { name: '确认处理' }).click();
    await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain('已处理：确认无误');
    await dialog.getByRole('button', { name: '完成' }).click();

    // Gone from the open items; listed as resolved with its note.
    await expect.poll(() => text(page, 'reconciliation-count-amount_mismatch'), { timeout: 10_000 }).toMatch(/0\s*笔待处理/);
    await expect.poll(() => items.textContent(), { timeout: 10_000 }).not.toContain(wrong.name);
    await page.getByLabel('处理状态').click();
    await page.locator('.ant-select-item-option', { hasText: '已处理' }).click();
    await expect.poll(() => items.textContent(), { timeout: 10_000 }).toContain('已与家长核实');
    expect(await items.textContent()).toContain('已处理：确认无误');

    // 每日到账: today's money by channel, in a chart and a table.
    await page.getByRole('tab', { name: '每日到账' }).click();
    const daily = page.getByTestId('daily-totals');
    await expect.poll(() => daily.textContent().catch(() => ''), { timeout: 10_000 }).toContain('银行柜面');
    expect(await daily.textContent()).toContain(today);
    expect(await page.getByTestId('daily-chart').locator('canvas').count()).toBe(1);
    await shot(page, 'reconciliation-daily');
    await page.close();
  });

  it('the agency previews a recomputation: nothing before a change; after a fee rise, who is affected and how, then applies it', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const admin = await apiAs(app.server.baseUrl, 'admin');
    const years = await admin<{ items: { year: number; current: boolean; profileKey: string }[] }>('GET', '/api/v1/campaign-years');
    const current = years.items.find((i) => i.current)!;
    await loginAs(page, app.server.baseUrl, 'admin');
    await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('对账');
    await page.goto(`${app.server.baseUrl}/policies/${current.profileKey}`);
    await page.getByRole('button', { name: /重算预览/ }).click();
    const counts = page.getByTestId('recompute-counts');
    await expect.poll(() => counts.textContent(), { timeout: 10_000 }).toMatch(/按旧版本计费\s*0\s*条/);
    expect(await page.getByTestId('recompute-affected').textContent()).toContain('没有金额变化的申报');
    expect(await page.getByRole('button', { name: '确认重算' }).isDisabled()).toBe(true);
    await shot(page, 'reconciliation-recompute-preview');
    await page.getByRole('button', { name: '取消' }).click();

    // school1 declares 小学一年级 2班 (open declarations); then the year's fee rises by 20 元 in a new version.
    const school = await apiAs(app.server.baseUrl, 'school1');
    const batch = await school<{ declared: number }>('POST', '/api/v1/declarations/batch', { year: current.year, mode: 'class', gradeCode: '01', className: '2班' });
    expect(batch.declared).toBeGreaterThan(0);
    const classList = () =>
      school<{ items: { payableFen: number; totalFen: number; status: string }[] }>(
        'GET',
        `/api/v1/declarations?year=${current.year}&gradeCode=01&className=${encodeURIComponent('2班')}`,
      );
    const before = (await classList()).items;
    // Every open (unsettled) declaration of the year is repriced: this class and the demo city's open ones.
    const progress = await admin<{ total: { declared: number; confirmed: number } }>('GET', `/api/v1/declarations/progress?year=${current.year}`);
    const open = progress.total.declared + progress.total.confirmed;
    expect(open).toBeGreaterThanOrEqual(batch.declared);
    type Category = { parts: { amountFen: number }[]; totalFen: number };
    const { profile } = await admin<{ profile: { categories: Category[] } }>('GET', `/api/v1/profiles/${current.profileKey}`);
    for (const c of profile.categories) {
      c.parts[0]!.amountFen += 2000;
      c.totalFen += 2000;
    }
    const saved = await admin<{ version: number; outdatedDeclarations: number }>('PUT', `/api/v1/profiles/${current.profileKey}`, { profile, note: '个人缴费标准上调 20 元' });
    // Outdated: the new class and the class settled in the first test (settled prices stay frozen).
    expect(saved.outdatedDeclarations).toBeGreaterThan(batch.declared);
    // Saving changed no price: that takes the explicit recomputation.
    expect((await classList()).items.map((d) => d.totalFen)).toEqual(before.map((d) => d.totalFen));

    await page.reload();
    await page.getByRole('button', { name: /重算预览/ }).click();
    await expect.poll(() => counts.textContent(), { timeout: 10_000 }).toMatch(new RegExp(`按旧版本计费\\s*${saved.outdatedDeclarations}\\s*条`));
    expect(await counts.textContent()).toMatch(new RegExp(`金额变化或不再符合\\s*${open}\\s*条`));
    const affected = page.getByTestId('recompute-affected');
    await expect.poll(() => affected.locator('tbody tr.ant-table-row').count(), { timeout: 10_000 }).toBe(Math.min(open, 10));
    expect(await affected.textContent()).toContain('+20.00');
    await shot(page, 'reconciliation-recompute-affected');
    await page.getByRole('button', { name: '确认重算' }).click();
    await expect.poll(() => page.getByTestId('recompute-result').textContent().catch(() => ''), { timeout: 15_000 }).toContain(String(open));
    await shot(page, 'reconciliation-recompute-applied');
    const after = (await classList()).items;
    expect(after.map((d) => d.totalFen).sort()).toEqual(before.map((d) => d.totalFen + 2000).sort());
    await page.close();
  });

  it('a unit paid twice asks for the duplicate back; the agency approves; the collector records the bank’s payout', async () => {
    const school = await apiAs(app.server.baseUrl, 'school1');
    const collector = await apiAs(app.server.baseUrl, 'collector1');
    const years = await school<{ items: { year: number; current: boolean }[] }>('GET', '/api/v1/campaign-years');
    const year = years.items.find((i) => i.current)!.year;
    // The class declared in the test before, confirmed and settled as one transfer by the school.
    await school('POST', '/api/v1/declarations/confirm', { year });
    const settlement = await school<{ id: string; number: string; payableFen: number }>('POST', '/api/v1/settlements', { year, paymentMode: 'unit_total', unitMethod: 'transfer' });
    const pay = (transactionId: string) =>
      collector<{ result: string }>('POST', `/api/v1/settlements/${settlement.id}/payments`, { method: 'transfer', transactionId, amountFen: settlement.payableFen, paidAt: new Date().toISOString() });
    expect((await pay('ZZ20261127001')).result).toBe('recorded');
    // The school's finance office sent the transfer a second time.
    expect((await pay('ZZ20261127002')).result).toBe('exception');

    const page = await app.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await loginAs(page, app.server.baseUrl, 'school1');
    await page.getByTestId('nav-menu').getByText('退费').click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('退费');
    await page.getByRole('button', { name: /申请退费/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('查找缴费记录').fill('ZZ20261127002');
    await dialog.getByLabel('查找缴费记录').press('Enter');
    const found = dialog.getByTestId('refund-payments');
    await expect.poll(() => found.textContent(), { timeout: 10_000 }).toContain('ZZ20261127002');
    await found.getByLabel('选择 ZZ20261127002').check();
    await dialog.getByLabel('退费金额').fill(yuan(settlement.payableFen));
    await dialog.getByPlaceholder('如：家长在银行柜面重复缴费').fill('学校财务重复转账');
    await shot(page, 'refunds-request');
    await dialog.getByRole('button', { name: '提交申请' }).click();
    const table = page.getByTestId('refunds-table');
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('待审核');
    expect(await table.textContent()).toContain('ZZ20261127002');
    await page.close();

    // The agency approves: an offline channel, so the money waits for the bank.
    const admin = await app.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await loginAs(admin, app.server.baseUrl, 'admin');
    await admin.getByTestId('nav-menu').getByText('退费').click();
    const adminTable = admin.getByTestId('refunds-table');
    await expect.poll(() => adminTable.textContent(), { timeout: 10_000 }).toContain('ZZ20261127002');
    await adminTable.locator('tbody tr', { hasText: 'ZZ20261127002' }).getByRole('button', { name: '审核' }).click();
    const decide = admin.getByRole('dialog');
    await decide.getByText('批准（线上渠道立即原路退回）').click();
    await decide.getByLabel('审核意见').fill('核实为重复转账，同意退回');
    await shot(admin, 'refunds-decide');
    await decide.getByRole('button', { name: '提交审核' }).click();
    await expect.poll(() => adminTable.textContent(), { timeout: 10_000 }).toContain('已批准待退款');
    await admin.close();

    // The collector records the bank's payout.
    const desk = await app.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await loginAs(desk, app.server.baseUrl, 'collector1');
    await desk.getByTestId('nav-menu').getByText('退费').click();
    const deskTable = desk.getByTestId('refunds-table');
    await expect.poll(() => deskTable.textContent(), { timeout: 10_000 }).toContain('已批准待退款');
    await deskTable.locator('tbody tr', { hasText: 'ZZ20261127002' }).getByRole('button', { name: '登记退款' }).click();
    const payout = desk.getByRole('dialog');
    const voucher = payout.getByLabel('退款凭证号');
    await voucher.fill('TK-2026-0001');
    await expect.poll(() => voucher.inputValue(), { timeout: 5_000 }).toBe('TK-2026-0001');
    await payout.getByRole('button', { name: '登 记' }).or(payout.getByRole('button', { name: '登记' })).click();
    // The dialog closes once the payout is recorded (a busy CI machine took more than 10 s once).
    await expect.poll(() => desk.locator('.ant-modal-wrap').isVisible(), { timeout: 20_000 }).toBe(false);
    await expect.poll(() => deskTable.textContent(), { timeout: 20_000 }).toContain('已退款');
    await shot(desk, 'refunds-refunded');
    await desk.close();
  });
});

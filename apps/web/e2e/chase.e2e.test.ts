import { describe, expect, it } from 'vitest';
import { apiAs, loginAs, shot, useServerAndBrowser } from './fixtures/server';

/**
 * The chase (issue 14): a school finds the pupils of a class it has not declared, records why one is not insured,
 * declares the other two from the same page, and the list says so.
 */
const app = useServerAndBrowser();

/** A valid resident ID number (GB 11643 check character). */
function residentId(body17: string) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, c, i) => s + Number(c) * weights[i]!, 0);
  return body17 + '10X98765432'[sum % 11];
}

describe('[CHASE] the uninsured of a class', () => {
  it('a school finds its 3 undeclared pupils of 一年级9班, records a reason for one and declares the other two', async () => {
    const base = app.server.baseUrl;
    const school = await apiAs(base, 'school1');
    const { items: years } = await school<{ items: Array<{ year: number; current: boolean }> }>('GET', '/api/v1/campaign-years');
    const year = years.find((y) => y.current)!.year;
    const names = ['追一', '追二', '追三'];
    for (const [i, name] of names.entries()) {
      await school('POST', '/api/v1/persons', {
        documentType: '01', documentNumber: residentId(`32050820200${i + 1}1${i}73${i}`), name, hukouType: 'local_urban', gradeCode: '01', className: '9班', entryYear: year - 1,
        guardian: { name: '家长', relation: '父母', phone: '13912345670' },
      });
    }

    // The education bureau's board: the school's rate before.
    const bureau = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await loginAs(bureau, base, 'viewer1');
    await expect.poll(() => bureau.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('参保进度');
    await bureau.getByTestId('nav-menu').getByRole('link', { name: '参保进度' }).click();
    const findSchool = async () => {
      await expect.poll(() => bureau.getByTestId('progress-table').locator('tbody tr.ant-table-row').count(), { timeout: 15_000 }).toBeGreaterThan(1);
      await bureau.getByPlaceholder('查找单位').fill('第一实验小学');
      await bureau.getByPlaceholder('查找单位').press('Enter');
    };
    await findSchool();
    const schoolRow = bureau.getByTestId('progress-table').locator('tbody tr.ant-table-row').filter({ hasText: '第一实验小学' });
    const rateOf = async () => Number(/([\d.]+)%/.exec((await schoolRow.locator('td').last().textContent()) ?? '')?.[1] ?? NaN);
    await expect.poll(() => schoolRow.count(), { timeout: 15_000 }).toBe(1);
    const before = await rateOf();

    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await loginAs(page, base, 'school1');
    await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('未参保人员');
    await page.getByTestId('nav-menu').getByRole('link', { name: '未参保人员' }).click();
    await expect.poll(() => page.getByTestId('uninsured-table').locator('tbody tr.ant-table-row').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // The class: 一年级, 9班, not declared.
    await page.getByRole('combobox', { name: '年级' }).click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('小学一年级').click();
    await page.getByRole('searchbox', { name: '班级' }).fill('9班');
    await page.getByRole('searchbox', { name: '班级' }).press('Enter');
    await page.locator('.ant-segmented').getByText('未申报', { exact: true }).click();
    const rows = page.getByTestId('uninsured-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    expect((await rows.allTextContents()).join('|')).toMatch(/追一.*\|.*追二.*\|.*追三|追/);
    await shot(page, 'chase-class-undeclared');

    // 追一 is insured elsewhere: the reason, with a note.
    await page.getByRole('button', { name: '登记 追一 的未参保原因' }).click();
    const modal = page.getByTestId('reason-modal');
    await modal.getByRole('combobox', { name: '未参保原因' }).click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('外地参保').click();
    await modal.getByLabel('说明').fill('随父母在老家参保');
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => rows.filter({ hasText: '追一' }).getByTestId('uninsured-reason').textContent(), { timeout: 15_000 }).toContain('外地参保');

    // The other two are declared from here.
    await page.getByRole('row', { name: /追二/ }).getByRole('checkbox').check();
    await page.getByRole('row', { name: /追三/ }).getByRole('checkbox').check();
    await page.getByRole('button', { name: /申报所选（2）/ }).click();
    await expect.poll(() => page.getByRole('dialog').textContent(), { timeout: 15_000 }).toContain('2');
    await page.getByRole('dialog').getByRole('button').last().click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    expect(await rows.first().textContent()).toContain('追一');
    // 未缴费 now lists the two, waiting for the confirmation.
    await page.locator('.ant-segmented').getByText('未缴费', { exact: true }).click();
    await expect.poll(async () => (await rows.allTextContents()).filter((t) => /追二|追三/.test(t)).length, { timeout: 15_000 }).toBe(2);
    expect((await rows.allTextContents()).filter((t) => /追二|追三/.test(t)).every((t) => t.includes('待确认'))).toBe(true);
    await shot(page, 'chase-after-declaring');

    // The class sheet: every pupil of 一年级9班 with the stage and the reason recorded.
    await page.getByRole('button', { name: '班级参保情况表' }).click();
    const sheet = page.getByTestId('class-sheet');
    await expect.poll(() => sheet.count(), { timeout: 15_000 }).toBe(1);
    expect(await sheet.locator('h2').textContent()).toBe(`${year} 年度小学一年级9班学生医保参保情况表`);
    const sheetRows = sheet.getByTestId('class-sheet-row');
    expect(await sheetRows.count()).toBe(3);
    expect(await sheetRows.filter({ hasText: '追一' }).textContent()).toContain('外地参保随父母在老家参保');
    expect(await sheetRows.filter({ hasText: '追二' }).textContent()).toContain('待确认');
    await shot(page, 'chase-class-sheet');
    await page.emulateMedia({ media: 'print' });
    await shot(page, 'chase-class-sheet-print');
    await page.close();

    // 追二's family pays: the bureau sees the school's rate rise.
    const { items: declared } = await school<{ items: Array<{ id: string; person: { name: string } }> }>('GET', `/api/v1/declarations?year=${year}&className=${encodeURIComponent('9班')}&status=declared`);
    const d2 = declared.find((d) => d.person.name === '追二')!;
    await school('POST', '/api/v1/declarations/confirm', { year, ids: [d2.id] });
    const settlement = await school<{ id: string }>('POST', '/api/v1/settlements', { year, paymentMode: 'per_person' });
    const { items: notices } = await school<{ items: Array<{ token: string; personName: string }> }>('GET', `/api/v1/settlements/${settlement.id}/notices`);
    const notice = notices.find((n) => n.personName === '追二')!;
    const order = await (await fetch(`${base}/api/v1/pay/${notice.token}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '追二', channel: 'sandbox' }) })).json();
    expect((await fetch(`${base}/api/v1/sandbox/orders/${order.outTradeNo}/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'normal' }) })).status).toBe(200);
    await expect
      .poll(
        async () => {
          await bureau.reload();
          await findSchool();
          await expect.poll(() => schoolRow.count(), { timeout: 15_000 }).toBe(1);
          return rateOf();
        },
        { timeout: 30_000, interval: 2000 },
      )
      .toBeGreaterThan(before);
    await shot(bureau, 'chase-bureau-board');
    await bureau.close();
  });

  it('a school phones the families of 一年级8班 who have not paid and re-prints their notices; the agency keeps the day’s report', async () => {
    const base = app.server.baseUrl;
    const school = await apiAs(base, 'school1');
    const { items: years } = await school<{ items: Array<{ year: number; current: boolean }> }>('GET', '/api/v1/campaign-years');
    const year = years.find((y) => y.current)!.year;
    const ids: string[] = [];
    for (const [i, name] of ['催一', '催二'].entries()) {
      const { person } = await school<{ person: { id: string } }>('POST', '/api/v1/persons', {
        documentType: '01', documentNumber: residentId(`32050820200${i + 3}2${i}84${i}`), name, hukouType: 'local_urban', gradeCode: '01', className: '8班', entryYear: year - 1,
        guardian: { name: `${name}家长`, relation: '母亲', phone: `1381234567${i}` },
      });
      ids.push(person.id);
    }
    const declared: string[] = [];
    for (const personId of ids) declared.push((await school<{ id: string }>('POST', '/api/v1/declarations', { year, personId })).id);
    await school('POST', '/api/v1/declarations/confirm', { year, ids: declared });
    await school('POST', '/api/v1/settlements', { year, paymentMode: 'per_person' });

    const page = await app.browser.newPage({ viewport: { width: 1360, height: 860 } });
    await loginAs(page, base, 'school1');
    await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('未参保人员');
    await page.goto(`${base}/uninsured?year=${year}&gradeCode=01&className=${encodeURIComponent('8班')}&stage=unpaid`);
    const rows = page.getByTestId('uninsured-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    // Whom to phone: the guardian, the number masked until a reason is given.
    const first = rows.filter({ hasText: '催一' });
    expect(await first.getByTestId('uninsured-contact').textContent()).toMatch(/催一家长（母亲）138\*{4}5670/);
    await page.getByRole('button', { name: '查看 催一 的联系电话' }).click();
    const reveal = page.getByRole('dialog').filter({ hasText: '查看完整证件号码和电话' });
    await reveal.getByLabel('查看原因').fill('电话提醒家长缴费');
    await reveal.getByRole('button', { name: /查\s*看/ }).click();
    await expect.poll(() => first.getByTestId('uninsured-contact').textContent(), { timeout: 10_000 }).toContain('13812345670');
    await shot(page, 'chase-phone-revealed');

    // 补打缴费通知: the two notices again, as they were; printing them is the reminder.
    await page.getByRole('button', { name: '补打缴费通知' }).click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('补打缴费通知 · 小学一年级 8班');
    await page.getByRole('button', { name: '补打并记为催缴' }).click();
    await expect.poll(() => page.getByTestId('notice').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.getByTestId('reminder-count').textContent()).toContain('共 2 份');
    expect((await page.getByTestId('notice-name').allTextContents()).sort()).toEqual(['催一', '催二']);
    await shot(page, 'chase-reminders');
    await page.goBack();
    await expect.poll(() => rows.filter({ hasText: '催二' }).getByTestId('uninsured-reminded').textContent().catch(() => ''), { timeout: 15_000 }).toContain('已催缴 1 次');
    await page.close();

    // 每天通报: the agency keeps today's; it opens again from the list of days.
    const admin = await app.browser.newPage({ viewport: { width: 1360, height: 860 } });
    await loginAs(admin, base, 'admin');
    await expect.poll(() => admin.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('参保进度');
    await admin.goto(`${base}/progress?year=${year}`);
    await admin.getByRole('button', { name: '每天通报' }).click();
    await admin.getByRole('button', { name: /生成今日通报|更新今日通报/ }).click();
    await expect.poll(() => admin.getByTestId('daily-report-title').textContent().catch(() => ''), { timeout: 15_000 }).toMatch(new RegExp(`^${year} 年度参保进度通报（\\d{4}-\\d{2}-\\d{2}）$`));
    expect(await admin.getByTestId('daily-report-day').count()).toBeGreaterThan(0);
    await admin.getByRole('tab', { name: /按单位/ }).click();
    // Every unit of the region, furthest behind first, 50 to a page.
    await expect.poll(() => admin.getByTestId('daily-report-units').locator('tbody tr.ant-table-row').count(), { timeout: 10_000 }).toBe(50);
    await shot(admin, 'chase-daily-report');
    await admin.close();
  });
});

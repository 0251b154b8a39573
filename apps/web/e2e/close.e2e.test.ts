import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { png } from '../../server/src/test/images';
import { apiAs, loginAs, shot, useServerAndBrowser } from './fixtures/server';

/**
 * The close of the campaign (issue 15, items 3, 4 and 8): a community office prints the 公示 of its paid, tells an
 * unpaid family of the transition period and records who signed with a photo of the sheet, prints the 公示 of the
 * unpaid, and sends its unpaid list to the centre.
 */
const app = useServerAndBrowser();

function residentId(body17: string) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, c, i) => s + Number(c) * weights[i]!, 0);
  return body17 + '10X98765432'[sum % 11];
}

describe('[CLOSE] 公示, sign-off and the unpaid list of a community', () => {
  it('a community office prints its 公示, records a sign-off with a scan and sends its unpaid list', async () => {
    const base = app.server.baseUrl;
    const office = await apiAs(base, 'community1');
    const { items: years } = await office<{ items: Array<{ year: number; current: boolean }> }>('GET', '/api/v1/campaign-years');
    const year = years.find((y) => y.current)!.year;
    const names = ['公示张小明', '公示李未缴', '公示王未告'];
    const ids: string[] = [];
    for (const [i, name] of names.entries()) {
      const res = await office<{ person: { id: string } }>('POST', '/api/v1/persons', {
        documentType: '01', documentNumber: residentId(`32050820150${i + 1}1${i}52${i}`), name, hukouType: 'local_urban',
        guardian: { name: `${name.slice(2, 3)}家长`, relation: '母亲', phone: '13912345670' },
      });
      ids.push(res.person.id);
    }
    for (const personId of ids) await office('POST', '/api/v1/declarations', { year, personId });
    await office('POST', '/api/v1/declarations/confirm', { year });
    const settlement = await office<{ id: string }>('POST', '/api/v1/settlements', { year, paymentMode: 'per_person' });
    const { items: notices } = await office<{ items: Array<{ token: string; personName: string }> }>('GET', `/api/v1/settlements/${settlement.id}/notices`);
    const notice = notices.find((n) => n.personName === names[0])!;
    const order = await (await fetch(`${base}/api/v1/pay/${notice.token}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: names[0], channel: 'sandbox' }) })).json();
    expect((await fetch(`${base}/api/v1/sandbox/orders/${order.outTradeNo}/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'normal' }) })).status).toBe(200);

    const page = await app.browser.newPage({ viewport: { width: 1360, height: 860 } });
    await loginAs(page, base, 'community1');
    await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('年度收尾');
    await page.getByTestId('nav-menu').getByRole('link', { name: '年度收尾' }).click();
    await shot(page, 'close-hub');
    await page.getByRole('link', { name: '公示', exact: true }).click();

    // The paid: masked as 公*明 once the ledger has the money.
    const rows = page.getByTestId('publicity-row');
    await expect.poll(async () => (await rows.allTextContents()).join('|'), { timeout: 20_000 }).toContain('公***明');
    expect((await rows.allTextContents()).join('|')).not.toContain(names[0]);
    expect(await page.getByTestId('publicity-sheet').textContent()).toContain('已缴费人员公示');
    await shot(page, 'close-publicity-paid');
    await page.emulateMedia({ media: 'print' });
    await shot(page, 'close-publicity-paid-print');
    await page.emulateMedia({ media: 'screen' });

    // 告知签收 for 公示李未缴, with a photo of the signed sheet.
    await page.getByTestId('nav-menu').getByRole('link', { name: '未参保人员' }).click();
    const list = page.getByTestId('uninsured-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => list.filter({ hasText: names[1]! }).count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('button', { name: `登记 ${names[1]} 的告知签收` }).click();
    const modal = page.getByRole('dialog').filter({ hasText: '登记告知签收' });
    expect(await modal.getByLabel('签字人').inputValue()).toBe('李家长');
    await modal.getByLabel('说明').fill('已告知过渡期内到社区缴费');
    const dir = await mkdtemp(join(tmpdir(), 'canbao-scan-'));
    const scan = join(dir, '签收单.png');
    await writeFile(scan, png(600, 800));
    await modal.locator('input[type=file]').setInputFiles(scan);
    await shot(page, 'close-sign-off-modal');
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    const told = list.filter({ hasText: names[1]! }).getByTestId('uninsured-sign-off');
    await expect.poll(() => told.textContent().catch(() => ''), { timeout: 15_000 }).toContain('当面告知');
    expect(await told.textContent()).toContain('签收单');
    await page.locator('.ant-segmented').getByText('已告知', { exact: true }).click();
    await expect.poll(() => list.count(), { timeout: 15_000 }).toBe(1);
    await shot(page, 'close-uninsured-told');

    // The 公示 of the unpaid: only the one told; the other is counted as not told yet.
    await page.goto(`${base}/closing/publicity?kind=unpaid`);
    await expect.poll(async () => (await rows.allTextContents()).join('|'), { timeout: 20_000 }).toContain('公***缴');
    expect(await rows.count()).toBe(1);
    expect(await page.getByTestId('publicity-not-told').textContent()).toContain('还有 1 名未缴费人员尚未登记告知签收');
    await shot(page, 'close-publicity-unpaid');

    // The unpaid list to the centre.
    await page.goto(`${base}/closing/unpaid-lists`);
    await expect.poll(() => page.getByTestId('signed-count').textContent(), { timeout: 15_000 }).toContain('1');
    await page.getByRole('button', { name: /报送医保中心/ }).click();
    // The sending itself first, then the page that follows it (CI saw the text not yet there under load).
    const sent = page.waitForResponse((r) => r.url().includes('/api/v1/unpaid-lists/submissions') && r.request().method() === 'POST', { timeout: 20_000 });
    await page.locator('.ant-popconfirm').getByRole('button', { name: /报\s*送/ }).click();
    expect((await sent).status()).toBe(200);
    await expect.poll(() => page.getByTestId('unpaid-submission').textContent().catch(() => ''), { timeout: 30_000 }).toContain('未参保 2 人');
    expect(await page.getByTestId('unpaid-submission').textContent()).toContain('已告知签收 1 人');
    await shot(page, 'close-unpaid-list-sent');
    await page.close();

    // The agency sees it sent.
    const admin = await app.browser.newPage({ viewport: { width: 1360, height: 860 } });
    await loginAs(admin, base, 'admin');
    await expect.poll(() => admin.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('年度收尾');
    await admin.goto(`${base}/closing/unpaid-lists`);
    await admin.getByPlaceholder('查找单位').fill('双塔街道');
    await admin.getByPlaceholder('查找单位').press('Enter');
    const unitRow = admin.locator('tbody tr.ant-table-row').filter({ hasText: '双塔街道社区社保工作站' });
    await expect.poll(() => unitRow.textContent().catch(() => ''), { timeout: 20_000 }).toContain('已报送');
    await shot(admin, 'close-unpaid-lists-agency');
    await admin.close();
  });

  it('a school exports its card list and photos for the card centre as one zip', async () => {
    const base = app.server.baseUrl;
    const school = await apiAs(base, 'school1');
    const { items: years } = await school<{ items: Array<{ year: number; current: boolean }> }>('GET', '/api/v1/campaign-years');
    const year = years.find((y) => y.current)!.year;
    for (const gradeCode of ['01', '02']) await school('POST', '/api/v1/declarations/batch', { year, mode: 'class', gradeCode });

    const page = await app.browser.newPage({ viewport: { width: 1360, height: 860 }, acceptDownloads: true });
    await loginAs(page, base, 'school1');
    await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('年度收尾');
    await page.getByTestId('nav-menu').getByRole('link', { name: '年度收尾' }).click();
    await page.getByRole('link', { name: '制卡', exact: true }).click();
    const rows = page.getByTestId('cards-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const need = Number((await page.getByTestId('card-count-need').textContent())?.replace(/\D/g, ''));
    expect(need).toBeGreaterThan(0);
    expect(await page.getByRole('alert').first().textContent()).toContain('周岁及以上的未制卡人员须按规定格式报送照片');
    await shot(page, 'close-cards');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /导出制卡资料/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^制卡资料_苏州市姑苏区第一实验小学_\d{4}_\d{4}-\d{2}-\d{2}\.zip$/);
    const bytes = await readFile((await download.path())!);
    // A zip (PK) holding the list of the unit's persons without a card.
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.includes(Buffer.from('制卡人员名单_苏州市姑苏区第一实验小学'))).toBe(true);
    await page.close();
  });

  it('a community office prints its next batch of 就诊信息表: the elderly first, then the one marked urgent', async () => {
    const base = app.server.baseUrl;
    const office = await apiAs(base, 'community1');
    const { items: years } = await office<{ items: Array<{ year: number; current: boolean }> }>('GET', '/api/v1/campaign-years');
    const year = years.find((y) => y.current)!.year;
    const people: Array<[string, string]> = [['手册孙老人', '32050819520315563'], ['手册钱孩子', '32050820160418564']];
    const ids: string[] = [];
    for (const [name, body17] of people) {
      const res = await office<{ person: { id: string } }>('POST', '/api/v1/persons', { documentType: '01', documentNumber: residentId(body17), name, hukouType: 'local_urban', designatedInstitutions: ['苏州市立医院'] });
      ids.push(res.person.id);
      await office('POST', '/api/v1/declarations', { year, personId: res.person.id });
    }
    await office('POST', '/api/v1/declarations/confirm', { year });
    const settlement = await office<{ id: string }>('POST', '/api/v1/settlements', { year, paymentMode: 'per_person' });
    const { items: notices } = await office<{ items: Array<{ token: string; personName: string }> }>('GET', `/api/v1/settlements/${settlement.id}/notices`);
    for (const [name] of people) {
      const notice = notices.find((n) => n.personName === name)!;
      const order = await (await fetch(`${base}/api/v1/pay/${notice.token}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, channel: 'sandbox' }) })).json();
      expect((await fetch(`${base}/api/v1/sandbox/orders/${order.outTradeNo}/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'normal' }) })).status).toBe(200);
    }

    const page = await app.browser.newPage({ viewport: { width: 1360, height: 860 } });
    await loginAs(page, base, 'community1');
    await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('年度收尾');
    await page.goto(`${base}/closing/handbooks`);
    const rows = page.getByTestId('handbooks-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.filter({ hasText: '手册钱孩子' }).count(), { timeout: 20_000 }).toBe(1);
    expect(await rows.first().textContent()).toContain('老年人优先');
    await page.getByRole('button', { name: '标记 手册钱孩子 急需就医' }).click();
    const modal = page.getByRole('dialog').filter({ hasText: '因病急需就医' });
    await modal.getByLabel('说明').fill('住院治疗');
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => rows.filter({ hasText: '手册钱孩子' }).getByTestId('handbook-priority').textContent(), { timeout: 15_000 }).toContain('急需就医优先');
    await shot(page, 'close-handbooks-queue');
    await page.getByLabel('每批人数').fill('2');
    await page.getByRole('button', { name: /打印下一批/ }).click();
    const sheets = page.getByTestId('handbook-sheet');
    await expect.poll(() => sheets.count(), { timeout: 15_000 }).toBe(2);
    expect(await sheets.first().textContent()).toContain('手册孙老人');
    expect(await sheets.nth(1).textContent()).toContain('手册钱孩子');
    expect(await sheets.first().textContent()).toContain('苏州市立医院');
    await page.emulateMedia({ media: 'print' });
    await shot(page, 'close-handbooks-print');
    await page.close();
  });
});

import { computeResidentIdCheckChar } from '@canbao/domain';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginAs, shot, text, useServerAndBrowser } from './fixtures/server';

const app = useServerAndBrowser();

// A pupil born 2011-05-10 with a Gusu district number (sequence 123: odd, male); never a real person's number.
const PUPIL_FIRST17 = '32050820110510123';
const PUPIL_ID = PUPIL_FIRST17 + computeResidentIdCheckChar(PUPIL_FIRST17);
const WRONG_CHECK_ID = PUPIL_FIRST17 + (PUPIL_ID.endsWith('0') ? '1' : '0');
const SUZHOU_NAME = '苏州市区 2019 年度学生（少儿）居民医疗保险';


async function newPage(width = 1366): Promise<Page> {
  return app.browser.newPage({ viewport: { width, height: 900 } });
}

/** Types a date into an AntD DatePicker found by its label and confirms it. */
async function typeDate(page: Page, label: string | RegExp, value: string) {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

/** Opens an AntD Select and picks the option by its label. */
async function choose(page: Page, select: Locator, option: string) {
  await select.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).click();
}

/**
 * 保存为新版本 of Suzhou's 2019 profile: its year is long closed, so the server asks the agency why (issue 15, item 1)
 * and the dialog is answered before the save goes through.
 */
async function saveVersion(page: Page) {
  await page.getByRole('button', { name: '保存为新版本' }).click();
  const ask = page.getByTestId('change-reason-modal');
  const confirm = page.getByRole('button', { name: '确认修改' });
  // A change the page itself refuses never reaches the server: then no reason is asked.
  const outcome = async () =>
    (await confirm.isVisible()) ? 'ask' : (await page.getByTestId('profile-issues').isVisible()) || (await page.getByTestId('profile-saved').isVisible()) ? 'done' : 'waiting';
  await expect.poll(outcome, { timeout: 10_000 }).not.toBe('waiting').catch(async (e: unknown) => {
    await shot(page, 'policy-save-debug');
    throw e;
  });
  if ((await outcome()) !== 'ask') return;
  await ask.getByLabel('修改原因').fill('更正历年政策方案（测试）');
  await ask.getByRole('button', { name: '确认修改' }).click();
  await expect.poll(() => confirm.isVisible(), { timeout: 10_000 }).toBe(false);
}

async function openSuzhouProfile(page: Page, listShot: string) {
  const menu = page.getByTestId('nav-menu');
  await expect.poll(() => menu.textContent(), { timeout: 15_000 }).toContain('参保政策');
  await menu.getByText('参保政策').click();
  const table = page.getByTestId('profiles-table');
  await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain(SUZHOU_NAME);
  await expect.poll(() => table.locator('.ant-spin-spinning').count(), { timeout: 10_000 }).toBe(0);
  await shot(page, listShot);
  await table.getByRole('link', { name: SUZHOU_NAME }).click();
  await expect.poll(() => page.getByTestId('profile-view').textContent(), { timeout: 10_000 }).toContain('苏社基〔2018〕55号');
}

describe('[POLICIES] public fee quote', () => {
  it('an anonymous parent quotes a pupil’s fee from the ID number and sees why', async () => {
    const page = await newPage();
    await page.goto(`${app.server.baseUrl}/login`);
    await page.getByTestId('fee-quote-link').click();
    await expect.poll(() => page.url(), { timeout: 10_000 }).toContain('/fee-quote');
    await expect.poll(() => page.textContent('h1'), { timeout: 10_000 }).toContain('缴费标准查询');

    // The deployment's own city and the year being declared come first; other cities only on request.
    const profileSelect = page.getByTestId('quote-profile');
    await expect.poll(() => profileSelect.textContent(), { timeout: 10_000 }).toMatch(/苏州市区 20\d\d 年度城乡居民医保/);
    await page.getByLabel('城市与参保年度').click();
    await expect.poll(() => page.locator('.ant-select-item-option').allTextContents()).toContain(SUZHOU_NAME);
    // Both cities this deployment serves (苏州市区 and the 南通市区 demo region) are its own; the rest are references.
    const own = (await page.locator('.ant-select-item-option').allTextContents()).join();
    expect(own).toMatch(/南通市区 20\d\d 年度/);
    expect(own).not.toMatch(/北京|广州|南充/);
    await page.keyboard.press('Escape');
    await page.getByRole('checkbox', { name: '查看其他城市的政策（仅供参考）' }).check();
    // The list is long now (virtual): search it as a person would.
    await page.getByLabel('城市与参保年度').fill('北京');
    await expect.poll(() => page.locator('.ant-select-item-option').allTextContents().then((t) => t.join())).toMatch(/北京/);
    await page.getByLabel('城市与参保年度').fill('2019 年度学生');
    await page.locator('.ant-select-item-option', { hasText: SUZHOU_NAME }).click();
    await expect.poll(() => page.textContent('main')).toContain('申报缴费期 2018-09-01 至 2018-11-20');

    const idInput = page.getByRole('textbox', { name: '身份证号码' });
    await idInput.fill(PUPIL_ID.slice(0, 10));
    await expect.poll(() => page.getByTestId('id-number-help').textContent()).toContain('已输入 10 / 18 位');
    await idInput.fill(PUPIL_ID);
    await expect.poll(() => page.getByTestId('id-birth-date').textContent()).toBe('2011-05-10');
    await typeDate(page, '办理日期', '2018-10-08');
    await expect.poll(() => page.getByTestId('id-number-help').textContent()).toContain('男 · 办理日 7 周岁');

    await page.getByRole('button', { name: '查询缴费标准' }).click();
    const result = page.getByTestId('quote-result');
    await expect.poll(() => page.getByTestId('quote-payable').textContent(), { timeout: 10_000 }).toContain('190.00');
    const text = (await result.textContent()) ?? '';
    expect(text).toContain('学生（少儿）');
    expect(text).toContain('基本医疗保险费');
    expect(text).toContain('170.00 元');
    expect(text).toContain('20.00 元');
    expect(await page.getByTestId('quote-window').textContent()).toBe('申报期');
    expect(await page.getByTestId('quote-benefit').textContent()).toContain('2019-01-01 至 2019-12-31');
    const reasons = (await page.getByTestId('quote-reasons').textContent()) ?? '';
    expect(reasons).toContain('依据：苏社基〔2018〕55号');
    expect(reasons).toContain('三、申报缴费标准');
    await shot(page, 'fee-quote-result');

    // Unsure of the school level, the parent clears it: the answer says which levels price differently, and lists each.
    const level = page.getByTestId('quote-school-level');
    await level.hover();
    await level.locator('.ant-select-clear').click();
    await page.getByRole('button', { name: '查询缴费标准' }).click();
    await expect.poll(() => page.getByTestId('quote-by-level').textContent().catch(() => ''), { timeout: 10_000 }).toContain('高等院校');
    expect(await page.getByTestId('quote-by-level').textContent()).toContain('幼儿园、小学、初中、高中');
    expect(await page.getByTestId('quote-reasons').textContent()).toContain('未填写学段');
    expect(await page.getByTestId('quote-payable').textContent()).toContain('190.00');
    await shot(page, 'fee-quote-by-level');

    // A listed exemption: the whole fee is paid by public funds.
    await page.getByLabel('低保人员').check();
    await expect.poll(() => page.textContent('main')).toContain('查询条件已修改');
    await page.getByRole('button', { name: '查询缴费标准' }).click();
    // (190.00 contains 0.00: wait for the new quote itself, not a substring of the old one.)
    await expect.poll(() => page.getByTestId('quote-parts').textContent(), { timeout: 10_000 }).toContain('−190.00 元');
    expect(await page.getByTestId('quote-payable').textContent()).toMatch(/(^|[^\d,])0\.00/);

    // A child born after the chosen date: the server's 400 is shown as a Chinese alert.
    const LATER17 = '32050820200301124';
    await idInput.fill(LATER17 + computeResidentIdCheckChar(LATER17));
    await expect.poll(() => page.getByTestId('id-number-help').textContent()).toContain('办理日期早于出生日期');
    await page.getByRole('button', { name: '查询缴费标准' }).click();
    await expect.poll(() => page.getByTestId('quote-error').textContent(), { timeout: 10_000 }).toContain('无法计算，请核对填写的信息');
    expect(await page.getByTestId('quote-error').textContent()).toMatch(/出生/);
    await shot(page, 'fee-quote-server-400');

    // A mistyped check digit is caught as the parent types, in Chinese.
    await idInput.fill(WRONG_CHECK_ID);
    await expect.poll(() => page.getByTestId('id-number-help').textContent()).toContain('身份证号码校验位错误：第18位应为');
    await shot(page, 'fee-quote-bad-id');
    await page.close();
  });

  it('reads well on a phone, and says so clearly when quotes come too often', async () => {
    const page = await newPage(390);
    await page.goto(`${app.server.baseUrl}/fee-quote?profile=suzhou-2019`);
    const idInput = page.getByRole('textbox', { name: '身份证号码' });
    await idInput.fill(PUPIL_ID);
    await typeDate(page, '办理日期', '2018-12-05');
    await page.getByRole('button', { name: '查询缴费标准' }).click();
    await expect.poll(() => page.getByTestId('quote-window').textContent(), { timeout: 10_000 }).toBe('期外');
    expect(await page.getByTestId('quote-verdict').textContent()).toContain('所选日期不能办理参保缴费');
    await shot(page, 'fee-quote-mobile-outside');
    // No page may scroll sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Use up this address's quota (60 a minute), then the page explains the 429.
    const body = JSON.stringify({ profile: 'suzhou-2019', birthDate: '2011-05-10', inSchool: false, applyDate: '2018-10-01' });
    for (let i = 0; i < 70; i++) {
      const res = await fetch(`${app.server.baseUrl}/api/v1/fee-quotes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if (res.status === 429) break;
    }
    await page.getByRole('button', { name: '查询缴费标准' }).click();
    await expect.poll(() => page.getByTestId('quote-error').textContent(), { timeout: 10_000 }).toContain('查询过于频繁');
    await shot(page, 'fee-quote-rate-limited');
    await page.close();
  });
});

describe('[POLICIES] agency pages', () => {
  it('the agency admin changes a fee into a new version, and a bad change is refused in Chinese', async () => {
    const page = await newPage();
    await loginAs(page, app.server.baseUrl, 'admin');
    await openSuzhouProfile(page, 'policies-list-admin');
    expect(await page.getByTestId('profile-version').textContent()).toContain('第 1 版');
    await shot(page, 'policy-detail');

    await page.getByRole('button', { name: '编辑' }).click();
    await page.getByRole('tab', { name: '缴费标准' }).click();
    const basic = page.locator('#categories_0_parts_0_amountYuan');
    await basic.fill('180');
    await expect.poll(() => page.getByTestId('category-total-0').textContent()).toContain('200.00 元');
    await page.getByLabel('修改说明').fill('基本医疗保险费调整为 180 元（测试）');
    await shot(page, 'policy-edit');
    await saveVersion(page);
    await expect.poll(() => page.getByTestId('profile-saved').textContent(), { timeout: 10_000 }).toContain('已保存为第 2 版');
    await expect.poll(() => page.getByTestId('profile-version').textContent(), { timeout: 10_000 }).toContain('第 2 版');
    expect(await page.getByTestId('categories-table').textContent()).toContain('200.00 元');
    expect(await page.getByTestId('versions-table').textContent()).toContain('基本医疗保险费调整为 180 元（测试）');
    await shot(page, 'policy-saved');

    // Overlapping windows: the server's validation speaks, next to the field and in the list.
    await page.getByRole('button', { name: '编辑' }).click();
    await page.getByRole('tab', { name: '办理期限' }).click();
    await typeDate(page, '调整期开始日', '2018-11-15');
    await page.getByLabel('修改说明').fill('调整期提前（错误示例）');
    await saveVersion(page);
    await expect.poll(() => page.getByTestId('profile-issues').textContent(), { timeout: 10_000 }).toContain('调整期须在申报缴费期（至 2018-11-20）之后开始');
    const issues = (await page.getByTestId('profile-issues').textContent()) ?? '';
    expect(issues).toContain('调整期 › 开始日');
    const field = page.locator('.ant-form-item', { has: page.locator('#adjustmentWindow_start') });
    await expect.poll(() => field.textContent()).toContain('调整期须在申报缴费期');
    await shot(page, 'policy-edit-server-error');

    // A negative amount is refused before it leaves the page.
    await page.getByRole('tab', { name: '缴费标准' }).click();
    await basic.fill('-5');
    await basic.blur();
    const amountField = page.locator('.ant-form-item', { has: basic });
    await expect.poll(() => amountField.textContent()).toContain('金额不能为负数');
    await shot(page, 'policy-edit-invalid');
    await page.getByRole('button', { name: '取消编辑' }).click();
    expect(await page.getByTestId('profile-version').textContent()).toContain('第 2 版');

    // The whole document as JSON: a total that no longer adds up is listed by the server with its place.
    await page.getByRole('button', { name: '编辑' }).click();
    await page.getByRole('tab', { name: '方案全文（JSON）' }).click();
    const json = page.getByRole('textbox', { name: '方案全文（JSON）' });
    const text = await json.inputValue();
    expect(text).toContain('"totalFen": 20000');
    await json.fill(text.replace('"totalFen": 20000', '"totalFen": 1'));
    await page.getByLabel('修改说明').fill('总额写错（错误示例）');
    await saveVersion(page);
    await expect.poll(() => page.getByTestId('profile-issues').textContent(), { timeout: 10_000 }).toContain('与总额 1 分不符');
    expect(await page.getByTestId('profile-issues').textContent()).toContain('人员类别“学生（少儿）” › 合计');
    await shot(page, 'policy-edit-json-error');
    await page.getByRole('button', { name: '取消编辑' }).click();
    expect(await page.getByTestId('profile-version').textContent()).toContain('第 2 版');

    // The change is in the audit trail under its Chinese name.
    await page.getByTestId('nav-menu').getByText('审计日志').click();
    await expect.poll(() => page.getByTestId('audit-table').textContent(), { timeout: 10_000 }).toContain('修改参保政策');
    await page.close();
  });

  it('the agency admin changes rules through the forms only: a subsidy in 元, an identity added and one removed, a date picked', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await loginAs(page, app.server.baseUrl, 'admin');
    await openSuzhouProfile(page, 'policies-list-admin-1280');
    const version = Number(/第 (\d+) 版/.exec(await text(page, 'profile-version'))?.[1]);
    await page.getByRole('button', { name: '编辑' }).click();
    const editor = page.getByTestId('profile-editor');
    await shot(page, 'policy-editor-basic');

    // The end of the declaration window, picked in the calendar.
    await page.getByRole('tab', { name: '办理期限' }).click();
    await page.getByLabel('申报缴费期结束日', { exact: true }).click();
    await page.locator('.ant-picker-dropdown:visible td[title="2018-11-18"]').click();
    await expect.poll(() => page.getByLabel('申报缴费期结束日', { exact: true }).inputValue()).toBe('2018-11-18');
    await shot(page, 'policy-editor-windows');

    // 低保边缘人员 get a fixed subsidy in yuan instead of the whole fee.
    await page.getByRole('tab', { name: '减免与资助' }).click();
    const identities = page.getByTestId('identities-editor');
    const panel = (name: string) => identities.locator('.ant-collapse-item', { has: page.locator(':scope > .ant-collapse-header', { hasText: name }) });
    const header = (name: string) => panel(name).locator(':scope > .ant-collapse-header');
    await header('低保边缘人员').click();
    await choose(page, panel('低保边缘人员').getByLabel('资助方式'), '定额资助');
    await panel('低保边缘人员').getByLabel('资助金额（元）').fill('95.50');
    await expect.poll(() => header('低保边缘人员').textContent()).toContain('定额资助 95.50 元');

    // One identity removed, one added (its citation opened and its section filled in).
    await panel('建档立卡人员').getByRole('button', { name: '删除此减免身份', exact: true }).click();
    expect(await panel('建档立卡人员').count()).toBe(0);
    await identities.getByRole('button', { name: '添加减免身份' }).click();
    expect(await header('未命名减免身份').count()).toBe(1);
    // Added at the end, and opened.
    const added = identities.locator('.ant-collapse-item', { has: page.getByLabel('身份名称') }).last();
    await added.getByLabel('身份名称').fill('困境儿童');
    await added.getByLabel('认定部门').fill('民政部门');
    await choose(page, added.getByLabel('资助方式'), '按比例资助');
    await added.getByLabel('资助比例（%）').fill('50');
    await added.getByText('依据与说明').click();
    await added.getByLabel('条款').fill('三、申报缴费标准');
    await expect.poll(() => header('困境儿童').textContent()).toContain('按 50% 资助');
    await shot(page, 'policy-editor-identities');

    // The JSON view shows the same, in fen.
    await page.getByRole('tab', { name: '方案全文（JSON）' }).click();
    const json = await page.getByRole('textbox', { name: '方案全文（JSON）' }).inputValue();
    expect(json).toContain('"amountFen": 9550');
    expect(json).toContain('"basisPoints": 5000');
    expect(json).not.toContain('"name": "建档立卡人员"');
    await page.getByRole('tab', { name: '减免与资助' }).click();

    await page.getByLabel('修改说明').fill('低保边缘人员改为定额资助，新增困境儿童（测试）');
    await saveVersion(page);
    await expect.poll(() => text(page, 'profile-saved'), { timeout: 10_000 }).toContain(`已保存为第 ${version + 1} 版`);
    const view = await text(page, 'profile-view');
    expect(view).toContain('定额资助 95.50 元');
    expect(view).toContain('困境儿童');
    expect(view).toContain('按 50% 资助');
    expect(view).not.toContain('建档立卡人员');
    expect(await text(page, 'declaration-window')).toBe('2018-09-01 至 2018-11-18');
    await shot(page, 'policy-editor-saved');

    // A condition the server refuses: its message stands under the condition and on the tab.
    await page.getByRole('button', { name: '编辑' }).click();
    await page.getByRole('tab', { name: '缴费标准' }).click();
    await page.locator('#categories_0_select_1_ageMin').fill('18');
    await page.getByLabel('修改说明').fill('年龄下限写错（错误示例）');
    await saveVersion(page);
    await expect.poll(() => text(page, 'profile-issues'), { timeout: 10_000 }).toContain('年龄下限 18 大于上限 17');
    const condition = editor.locator('.ant-form-item', { has: page.locator('#categories_0_select_1') });
    await expect.poll(() => condition.textContent()).toContain('年龄下限 18 大于上限 17');
    expect(await page.getByRole('tab', { name: '缴费标准' }).textContent()).toMatch(/缴费标准\s*\d/);
    expect(await text(page, 'categories-editor')).toContain('覆盖缺口：不在校、本地城镇户籍、0–17 周岁的人员未被排除');
    // The editor's forms show no code or English word (the JSON tab is the place for those).
    const shown = await editor.getByRole('tabpanel').innerText();
    expect(shown).not.toMatch(/\b[a-z]+(?:[._][a-z]+)+\b|\b[a-z]+-\d{4}\b/);
    // (after the editor has scrolled to the field: a page scrolled while shot draws its sticky header mid-page)
    await page.waitForTimeout(800);
    await shot(page, 'policy-editor-server-error');
    await page.getByRole('button', { name: '取消编辑' }).click();
    expect(await text(page, 'profile-version')).toContain(`第 ${version + 1} 版`);
    await page.close();
  });

  it('a viewer reads a profile but is offered no edit', async () => {
    const page = await newPage();
    await loginAs(page, app.server.baseUrl, 'viewer1');
    await openSuzhouProfile(page, 'policies-list-viewer');
    const view = (await page.getByTestId('profile-view').textContent()) ?? '';
    expect(view).toContain('学生（少儿）');
    expect(view).toContain('低保人员');
    expect(view).toContain('出生后 3 个月内可办理参保');
    expect(await page.getByRole('button', { name: '编辑' }).count()).toBe(0);
    await shot(page, 'policy-viewer');
    await page.close();
  });

  it('every ready profile reads as a page: each city’s own kinds of rules render', async () => {
    const profiles = (await (await fetch(`${app.server.baseUrl}/api/v1/profiles`)).json()) as { items: { id: string; name: string }[] };
    expect(profiles.items.length).toBeGreaterThanOrEqual(6);
    const page = await newPage();
    await loginAs(page, app.server.baseUrl, 'collector1');
    await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('参保政策');
    for (const { id, name } of profiles.items) {
      await page.goto(`${app.server.baseUrl}/policies/${id}`);
      await expect.poll(() => page.getByTestId('profile-view').count(), { timeout: 10_000 }).toBe(1);
      expect(await page.textContent('h1')).toBe(name);
      expect(await page.getByTestId('source-cite').count(), id).toBeGreaterThan(5);
      // Beijing's registration rules stand on Beijing's page only.
      const view = (await page.getByTestId('profile-view').textContent()) ?? '';
      if (id === 'beijing-2007') {
        expect(view).toContain('学校与托幼机构名称后加“学生儿童医保”');
        expect(view).toContain('户口由北京经济技术开发区公安部门签发');
      } else expect(view, id).not.toContain('学生儿童医保');
      await shot(page, `policy-view-${id}`);
    }
    await page.close();
  });
});

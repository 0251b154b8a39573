import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginAs, shot, useServerAndBrowser } from './fixtures/server';

const app = useServerAndBrowser();

// A public institution of 姑苏区 (12 = 机构编制 / 事业单位) with a GB 11714 organisation code 46703561-0; the
// 18th character is its GB 32100 check character. The same code with a wrong last character fails the check.
const USCC = '123205084670356106';
const USCC_WRONG_CHECK = '123205084670356107';
const UNIT_NAME = '苏州市姑苏区平江实验小学';
const UNIT_NAME_BEIJING = `${UNIT_NAME}学生儿童医保`;

async function openPage(username: string): Promise<Page> {
  const page = await app.browser.newPage({ viewport: { width: 1366, height: 900 } });
  await loginAs(page, app.server.baseUrl, username);
  await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('经办网点');
  return page;
}

/** Lets AntD's motion (messages under fields, drawers, dropdowns) finish before a screenshot. */
async function settledShot(page: Page, name: string) {
  await page.waitForTimeout(500);
  // A full-page shot of a scrolled page draws the sticky header in the middle.
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name);
}

/** Picks a path in an open division cascader, one level at a time (each level loads when opened). */
async function pickDivision(page: Page, names: string[]) {
  for (const name of names) {
    // A level with children carries an expand icon, whose label ("right") joins the item's accessible name.
    const item = page.getByRole('menuitemcheckbox', { name: new RegExp(`^${name}( right)?$`) });
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    await item.click();
  }
}

describe('[UNITS] the agency registers a unit', () => {
  it('creates a school with a checked USCC, district and street, and a bank account, and finds it in the list', async () => {
    const page = await openPage('admin');
    await page.getByTestId('nav-menu').getByText('参保单位').click();
    await page.getByPlaceholder('搜索单位名称、联系人').fill('第一实验小学');
    await page.getByPlaceholder('搜索单位名称、联系人').press('Enter');
    await expect.poll(() => page.getByTestId('units-table').textContent(), { timeout: 10_000 }).toContain('第一实验小学');
    await page.getByRole('button', { name: '新建单位' }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: '单位代码' });
    await drawer.waitFor();

    // Suzhou's profile has no naming rule: no other city's advice (Beijing's “学生儿童医保”) is offered.
    await drawer.getByLabel('单位名称').fill(UNIT_NAME_BEIJING);
    await page.waitForTimeout(300);
    expect(await drawer.getByTestId('unit-name-checks').count()).toBe(0);
    expect(await drawer.textContent()).not.toContain('命名规则');

    // GB 32100 is checked while typing, in Chinese.
    await drawer.getByLabel('统一社会信用代码').fill(USCC_WRONG_CHECK);
    await expect.poll(() => drawer.textContent(), { timeout: 5_000 }).toContain('统一社会信用代码校验位错误：第18位应为 6');
    await settledShot(page, 'units-create-invalid-uscc');
    await drawer.getByLabel('统一社会信用代码').fill(USCC.toLowerCase());
    await expect.poll(() => drawer.textContent(), { timeout: 5_000 }).not.toContain('校验位错误');
    expect(await drawer.getByLabel('统一社会信用代码').inputValue()).toBe(USCC);
    // The organisation code is inside the USCC: offered, not retyped.
    await drawer.getByRole('button', { name: '填入' }).click();
    expect(await drawer.getByLabel('组织机构代码').inputValue()).toBe('46703561-0');
    await drawer.getByLabel('社会保险登记证编码').fill('SZ3205080012');
    await drawer.getByLabel('学校标识码').fill('2132050801');

    await drawer.getByLabel('所在区县 / 街道（乡镇）').click();
    await pickDivision(page, ['姑苏区', '平江街道']);
    await expect.poll(() => drawer.textContent()).toContain('姑苏区 / 平江街道');
    await drawer.getByLabel('地址').fill('姑苏区白塔东路 1 号');
    await drawer.getByLabel('联系人').fill('周老师');
    await drawer.getByLabel('联系电话').fill('0512 6512 3456');

    // Only the banks that can deduct: type to search, Enter picks the match.
    await drawer.getByLabel('开户银行').fill('工商');
    await page.keyboard.press('Enter');
    await expect.poll(() => drawer.textContent()).toContain('工商银行');
    await drawer.getByLabel('银行账号').fill('1102 0201 0900 1234 567');
    await drawer.getByRole('button', { name: '与单位名称相同' }).click();
    await settledShot(page, 'units-create-filled');

    await drawer.getByRole('button', { name: '创建单位' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await page.getByPlaceholder('搜索单位名称、联系人').fill(UNIT_NAME_BEIJING);
    await page.getByPlaceholder('搜索单位名称、联系人').press('Enter');
    await expect.poll(() => page.getByTestId('units-table').textContent(), { timeout: 10_000 }).toContain(UNIT_NAME_BEIJING);
    expect(await page.getByTestId('units-table').textContent()).toContain('平江街道');
    await settledShot(page, 'units-list-with-new-unit');

    await page.getByTestId('units-table').getByRole('link', { name: UNIT_NAME_BEIJING }).click();
    const details = page.getByTestId('unit-descriptions');
    await expect.poll(() => details.textContent(), { timeout: 10_000 }).toContain('平江街道（320508018）');
    const text = (await details.textContent()) ?? '';
    expect(text).toContain(USCC);
    expect(text).toContain('0512-65123456');
    expect(text).toContain('工商银行');
    expect(text).toContain('1102020109001234567');
    await settledShot(page, 'units-detail-admin');

    // The same form edits it, opening with the stored street shown by name.
    await page.getByRole('button', { name: '编辑单位信息' }).click();
    const editor = page.getByRole('dialog').filter({ hasText: '单位代码' });
    await expect.poll(() => editor.textContent(), { timeout: 10_000 }).toContain('姑苏区 / 平江街道');
    expect(await editor.getByLabel('单位名称').inputValue()).toBe(UNIT_NAME_BEIJING);
    await editor.getByLabel('联系人').fill('吴老师');
    await editor.getByRole('button', { name: '保存' }).click();
    await editor.waitFor({ state: 'hidden' });
    await expect.poll(() => details.textContent(), { timeout: 10_000 }).toContain('吴老师');
    expect(await details.textContent()).toContain('平江街道（320508018）');

    // The API's own checks come back under their field: a second unit with the same USCC names the holder.
    await page.getByTestId('nav-menu').getByText('参保单位').click();
    await page.getByRole('button', { name: '新建单位' }).click();
    await drawer.waitFor();
    await drawer.getByLabel('单位名称').fill('苏州市姑苏区另一所小学');
    await drawer.getByLabel('统一社会信用代码').fill(USCC);
    await drawer.getByLabel('所在区县 / 街道（乡镇）').click();
    await pickDivision(page, ['姑苏区']);
    await page.keyboard.press('Escape');
    await drawer.getByRole('button', { name: '创建单位' }).click();
    await expect.poll(() => drawer.textContent(), { timeout: 10_000 }).toContain(`统一社会信用代码已被“${UNIT_NAME_BEIJING}”使用`);
    await settledShot(page, 'units-create-conflict');
    await page.close();
  });
});

describe('[UNITS] a school maintains its contact data and coordinators', () => {
  it('adds a coordinator, replaces it keeping the history, and edits the contact phone but not the name', async () => {
    const page = await openPage('school1');
    await page.getByTestId('nav-menu').getByText('本单位信息').click();
    await expect.poll(() => page.getByTestId('unit-descriptions').textContent(), { timeout: 10_000 }).toContain('王老师');

    await page.getByRole('button', { name: '新增协管员' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '新增协管员' });
    await dialog.getByLabel('姓名').fill('刘协管');
    await dialog.getByText('女', { exact: true }).click();
    await dialog.getByLabel('部门').fill('教务处');
    await dialog.getByLabel('职务').fill('主任');
    await dialog.getByLabel('办公电话').fill('0512-65001234');
    // A landline is refused as the mobile, in Chinese, before any request.
    await dialog.getByLabel('手机').fill('0512-65001235');
    await expect.poll(() => dialog.textContent(), { timeout: 5_000 }).toContain('请填写手机号码');
    await dialog.getByLabel('手机').fill('13911112222');
    await dialog.getByRole('button', { name: '新增', exact: true }).click();
    const table = page.getByTestId('coordinators-table');
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('刘协管');
    expect(await table.textContent()).toContain('13911112222');

    await table.getByRole('button', { name: '更换' }).click();
    const replace = page.getByRole('dialog').filter({ hasText: '更换协管员' });
    await replace.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await replace.getByLabel('手机').inputValue()).toBe('13911112222');
    await replace.getByLabel('姓名').fill('孙协管');
    await replace.getByLabel('手机').fill('13933334444');
    await settledShot(page, 'my-unit-coordinator-replace');
    // The dialog's primary button; it may still show the previous request's spinner for a moment.
    const ok = replace.locator('.ant-modal-footer .ant-btn-primary');
    await expect.poll(() => ok.getAttribute('class'), { timeout: 10_000 }).not.toContain('ant-btn-loading');
    expect((await ok.textContent())?.replace(/\s/g, '')).toBe('更换');
    await ok.click();
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('孙协管');
    expect(await table.textContent()).not.toContain('刘协管');

    await page.getByRole('switch', { name: '查看历史' }).click();
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('刘协管');
    const history = (await table.textContent()) ?? '';
    for (const word of ['孙协管', '现任', '历史', '至今', '起始时间', '截止时间']) expect(history).toContain(word);
    await settledShot(page, 'my-unit-coordinators-history');

    // Only the contact data is the unit's to change: no edit of the whole unit, no name field.
    expect(await page.getByRole('button', { name: '编辑单位信息' }).count()).toBe(0);
    await page.getByRole('button', { name: '修改联系方式' }).click();
    const contact = page.getByRole('dialog').filter({ hasText: '修改联系方式' });
    await contact.getByLabel('联系电话').waitFor();
    expect(await contact.getByLabel('单位名称').count()).toBe(0);
    expect(await page.getByLabel('单位名称').count()).toBe(0);
    await contact.getByLabel('联系电话').fill('139123');
    await expect.poll(() => contact.textContent(), { timeout: 5_000 }).toContain('手机号码应为11位');
    await contact.getByLabel('联系电话').fill('13800001111');
    await settledShot(page, 'my-unit-contact-modal');
    await contact.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByTestId('unit-descriptions').textContent(), { timeout: 10_000 }).toContain('13800001111');
    await settledShot(page, 'my-unit-after-edit');
    await page.close();
  });
});

describe('[UNITS] the branch directory', () => {
  it('the agency adds an office; the viewer reads the directory and the units without any way to change them', async () => {
    const admin = await openPage('admin');
    await admin.getByTestId('nav-menu').getByText('经办网点').click();
    await admin.getByRole('button', { name: '新增网点' }).click();
    const dialog = admin.getByRole('dialog').filter({ hasText: '新增经办网点' });
    await dialog.getByLabel('网点名称').fill('姑苏区医疗保险经办服务中心');
    await dialog.getByLabel('所属区县').click();
    await pickDivision(admin, ['姑苏区']);
    await dialog.getByLabel('服务地址').fill('姑苏区三香路 1208 号');
    await dialog.getByLabel('联络员').fill('钱科长');
    await dialog.getByLabel('联系电话').fill('0512-65221234');
    await settledShot(admin, 'branch-offices-add');
    await dialog.getByRole('button', { name: '保存' }).click();
    const adminTable = admin.getByTestId('branch-offices-table');
    await expect.poll(() => adminTable.textContent(), { timeout: 10_000 }).toContain('姑苏区医疗保险经办服务中心');
    expect(await adminTable.getByRole('button', { name: '编辑' }).count()).toBe(1);
    await settledShot(admin, 'branch-offices-admin');
    await admin.close();

    const viewer = await openPage('viewer1');
    await viewer.getByTestId('nav-menu').getByText('经办网点').click();
    const table = viewer.getByTestId('branch-offices-table');
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('姑苏区医疗保险经办服务中心');
    const text = (await table.textContent()) ?? '';
    for (const word of ['姑苏区', '三香路 1208 号', '钱科长', '0512-65221234']) expect(text).toContain(word);
    expect(await viewer.getByRole('button', { name: '新增网点' }).count()).toBe(0);
    expect(await table.getByRole('button', { name: '编辑' }).count()).toBe(0);
    expect(await table.getByRole('button', { name: '删除' }).count()).toBe(0);
    await settledShot(viewer, 'branch-offices-viewer');

    // Units too are read-only for the viewer, with the contact phones masked by the API.
    await viewer.getByTestId('nav-menu').getByText('参保单位').click();
    await viewer.getByPlaceholder('搜索单位名称、联系人').fill('第一实验小学');
    await viewer.getByPlaceholder('搜索单位名称、联系人').press('Enter');
    await viewer.getByTestId('units-table').getByRole('link', { name: '苏州市姑苏区第一实验小学' }).click();
    const details = viewer.getByTestId('unit-descriptions');
    await expect.poll(() => details.textContent(), { timeout: 10_000 }).toMatch(/1\d{2}\*{4}\d{4}/);
    await viewer.getByTestId('coordinators-table').waitFor();
    for (const name of ['编辑单位信息', '修改联系方式', '新增协管员', '更换', '撤销']) {
      expect(await viewer.getByRole('button', { name }).count(), name).toBe(0);
    }
    expect(await viewer.getByRole('button', { name: '新建单位' }).count()).toBe(0);
    await settledShot(viewer, 'unit-detail-viewer');
    await viewer.close();
  });
});

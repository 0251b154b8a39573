import { describe, expect, it } from 'vitest';
import { apiAs, loginAs, shot, useServerAndBrowser } from './fixtures/server';

/**
 * 家庭 (issue 16, items 1 and 8): a community office registers a household of four — two adults, a child studying
 * elsewhere whom the community enrolls, a grandmother on the 低保 list — and declares it in one step, each member
 * priced by its own rules.
 */
const app = useServerAndBrowser();

function residentId(body17: string) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, c, i) => s + Number(c) * weights[i]!, 0);
  return body17 + '10X98765432'[sum % 11];
}

describe('[HOUSEHOLDS] a household of four', () => {
  it('a community office registers it, marks the exempt member and declares all four at once', async () => {
    const base = app.server.baseUrl;
    const page = await app.browser.newPage({ viewport: { width: 1360, height: 900 } });
    await loginAs(page, base, 'community1');
    await expect.poll(() => page.getByTestId('nav-menu').textContent(), { timeout: 15_000 }).toContain('家庭');
    await page.getByTestId('nav-menu').getByRole('link', { name: '家庭', exact: true }).click();
    await page.getByRole('button', { name: /登记家庭/ }).click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('登记家庭');
    await page.getByLabel('户籍地址').fill('姑苏区十全街 88 号');
    const members: Array<[string, string, string]> = [
      ['户主', '陈家父', residentId('32050819840312413')],
      ['配偶', '吴家母', residentId('32050819860521422')],
      ['子女', '陈小学', residentId('32050820140903431')],
      ['父母', '陈奶奶', residentId('32050819560101442')],
    ];
    await page.getByRole('button', { name: /添加成员/ }).click();
    await page.getByRole('button', { name: /添加成员/ }).click();
    for (const [i, [relation, name, id]] of members.entries()) {
      // The form starts with 户主 and 配偶, and each added row as 子女: only the grandmother's relation is chosen.
      if (relation === '父母') {
        await page.getByLabel(`第 ${i + 1} 人与户主关系`).click();
        await page.locator('.ant-select-dropdown:visible').last().getByTitle(relation, { exact: true }).click();
      }
      await page.getByLabel(`第 ${i + 1} 人姓名`).fill(name);
      await page.getByLabel(`第 ${i + 1} 人证件号码`).fill(id);
    }
    await shot(page, 'households-register');
    await page.getByRole('button', { name: /^登\s*记$/ }).click();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 15_000 }).toBe('陈家父家庭');
    const rows = page.getByTestId('household-members').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(4);
    expect((await rows.allTextContents()).join('|')).not.toContain(members[0]![2]);

    // The grandmother is on the civil affairs' 低保 list.
    const office = await apiAs(base, 'community1');
    const grandma = (await office<{ items: Array<{ id: string }> }>('GET', `/api/v1/persons?q=${members[3]![2]}`)).items[0]!.id;
    await office('POST', `/api/v1/persons/${grandma}/exemptions`, { categoryCode: 'dibao', certifyingDepartment: '姑苏区民政局', validFrom: '2026-01-01', source: 'department_list' });

    await page.getByRole('button', { name: /整户申报（4 人）/ }).click();
    const result = page.getByTestId('batch-result');
    await expect.poll(() => result.textContent().catch(() => ''), { timeout: 15_000 }).toContain('4');
    await page.getByRole('button', { name: /知道了/ }).click();
    await result.waitFor({ state: 'hidden', timeout: 10_000 });
    await expect.poll(async () => (await rows.allTextContents()).filter((t) => t.includes('已申报')).length, { timeout: 15_000 }).toBe(4);
    const grandmaRow = rows.filter({ hasText: '陈奶奶' });
    expect(await grandmaRow.textContent()).toMatch(/低保|最低生活保障/);
    const due = Number(((await page.getByTestId('household-due').textContent()) ?? '').replace(/[^\d.]/g, ''));
    expect(due).toBeGreaterThan(0);
    await shot(page, 'households-declared');
    await page.close();
  });
});

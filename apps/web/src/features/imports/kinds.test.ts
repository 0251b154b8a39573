import { describe, expect, it } from 'vitest';
import { ENROLLMENT, PHOTOS, confirmSummary, jobFigures, jobTotals, kindsFor, outcomeTabs, resultText, rowNoun, writeParts } from './kinds';

const values = (figures: ReturnType<typeof jobFigures>) => Object.fromEntries(figures.map((f) => [f.key, `${f.label} ${f.value}`]));

describe('import kinds', () => {
  it('the agency imports every kind, a unit operator its enrollment, its pupils’ reasons and photos, a collector only the paid rosters and bank results', () => {
    expect(kindsFor('agency_admin').map((k) => k.name)).toEqual([
      '批量参保登记',
      '未参保原因',
      '减免人员名单',
      '毕业及离校学生名单',
      '教育部门在校学生信息',
      '制卡照片',
      '制卡状态',
      '职工医保参保人员名单',
      '税务/银行已缴费名单',
      '银行代扣结果',
    ]);
    expect(kindsFor('unit_operator').map((k) => k.code)).toEqual(['enrollment', 'uninsured_reasons', 'photos']);
    expect(kindsFor('collector').map((k) => k.code)).toEqual(['paid_roster', 'deduction_result']);
    expect(kindsFor('viewer')).toEqual([]);
  });

  it('labels the paid roster’s outcomes: every recorded line writes a payment, a roster imported again writes none', () => {
    const roster = { kind: 'paid_roster', kindName: '税务/银行已缴费名单（对账）' };
    const preview = jobFigures({
      ...roster,
      status: 'validated',
      counts: { paid: 3, duplicate: 1, unmatched: 1, not_declared: 1, not_settled: 1, amount_mismatch: 1, unchanged: 2, error: 1 },
    });
    expect(values(preview)).toEqual({
      paid: '已匹配缴费 3',
      amount_mismatch: '金额不符 1',
      duplicate: '重复缴费 1',
      not_declared: '已缴费未申报 1',
      not_settled: '已缴费未结算 1',
      unmatched: '无对应人员 1',
      unchanged: '已入账（重复导入） 2',
      error: '错误 1',
    });
    expect(jobTotals(preview)).toEqual({ errors: 1, writes: 8 });
    expect(preview.every((f) => f.unit === (f.key === 'error' ? '行' : '笔'))).toBe(true);
    const again = jobFigures({ ...roster, status: 'committed', counts: { unchanged: 5, error: 1, payments: 0, paid: 0 } });
    expect(jobTotals(again)).toEqual({ errors: 1, writes: 0 });
    expect(resultText(again)).toContain('已入账（重复导入） 5 笔');
  });

  it('reads the enrollment preview before the commit and what was written after it', () => {
    const preview = jobFigures({ kind: 'enrollment', kindName: '批量参保登记', status: 'validated', counts: { new: 5, error: 2, transfer_in: 1 } });
    expect(values(preview)).toEqual({ new: '新增 5', changed: '更新 0', transfer: '转入 1', unchanged: '无变化 0', error: '错误 2' });
    expect(jobTotals(preview)).toEqual({ errors: 2, writes: 6 });
    expect(writeParts(preview)).toBe('新增 5、更新 0、转入 1');
    // After the commit 'new' became 'created' (or 'conflict' when another unit was faster).
    const done = jobFigures({
      kind: 'enrollment',
      kindName: '批量参保登记',
      status: 'committed',
      counts: { created: 4, conflict: 1, error: 2, transferred_in: 1, changed: 3 },
    });
    expect(values(done)).toEqual({ new: '新增 4', changed: '更新 3', transfer: '转入 1', unchanged: '无变化 0', error: '错误 3' });
    expect(resultText(done)).toBe('新增 4 人，更新 3 人，转入 1 人，无变化 0 人；跳过有错误的 3 行');
  });

  it('labels the matching kinds: matched before the commit, added or marked after it', () => {
    const ex = { kind: 'exemptions', kindName: '减免人员名单' };
    expect(values(jobFigures({ ...ex, status: 'validated', counts: { matched: 1, unmatched: 1, error: 1 } }))).toEqual({
      matched: '匹配 1',
      unmatched: '未匹配 1',
      unchanged: '无变化 0',
      error: '错误 1',
    });
    const added = jobFigures({ ...ex, status: 'committed', counts: { added: 1, unmatched: 1, error: 1 } });
    expect(values(added)).toMatchObject({ added: '已新增减免 1' });
    expect(jobTotals(added)).toEqual({ errors: 1, writes: 1 });
    expect(resultText(added)).toBe('已新增减免 1 人，未匹配 1 人，无变化 0 人；跳过有错误的 1 行');
    const marked = jobFigures({ kind: 'leavers', kindName: '毕业及离校学生名单', status: 'committed', counts: { marked: 2, unchanged: 1 } });
    expect(values(marked)).toEqual({ marked: '已标记离校 2', unmatched: '未匹配 0', unchanged: '无变化 1', error: '错误 0' });
  });

  it('the prefill and the photos are region-wide; only the photos are a zip, the prefill lists its changes', () => {
    const prefill = kindsFor('agency_admin').find((k) => k.code === 'prefill')!;
    const photos = kindsFor('agency_admin').find((k) => k.code === 'photos')!;
    expect([prefill.needsUnit, prefill.agencyOnly, prefill.isZip ?? false, prefill.listsChanges]).toEqual([false, true, false, true]);
    expect([photos.needsUnit, photos.agencyOnly, photos.isZip, photos.listsChanges ?? false]).toEqual([false, false, true, false]);
    expect(kindsFor('collector').some((k) => k.code === 'prefill' || k.code === 'photos')).toBe(false);
    expect(kindsFor('agency_admin').filter((k) => k.isZip).map((k) => k.code)).toEqual(['photos']);
  });

  it('labels the education prefill: rows that differ before the commit, updated after it', () => {
    const kind = { kind: 'prefill', kindName: '教育部门在校学生信息' };
    const preview = jobFigures({ ...kind, status: 'validated', counts: { changed: 2, unchanged: 3, unmatched: 1, error: 1 } });
    expect(values(preview)).toEqual({ changed: '有差异 2', unmatched: '未匹配 1', unchanged: '无变化 3', error: '错误 1' });
    expect(jobTotals(preview)).toEqual({ errors: 1, writes: 2 });
    const done = jobFigures({ ...kind, status: 'committed', counts: { updated: 2, unchanged: 3, unmatched: 1 } });
    expect(values(done)).toEqual({ updated: '已更新 2', unmatched: '未匹配 1', unchanged: '无变化 3', error: '错误 0' });
    expect(resultText(done)).toBe('已更新 2 人，未匹配 1 人，无变化 3 人');
  });

  it('counts the photos of a zip: matched before the commit, saved after it', () => {
    const kind = { kind: 'photos', kindName: '制卡照片' };
    const preview = jobFigures({ ...kind, status: 'validated', counts: { matched: 3, unmatched: 1, unchanged: 1, error: 1 } });
    expect(values(preview)).toEqual({ matched: '匹配 3', unmatched: '未匹配 1', unchanged: '与已有照片相同 1', error: '错误 1' });
    expect(jobTotals(preview)).toEqual({ errors: 1, writes: 3 });
    expect(preview.find((f) => f.key === 'matched')?.unit).toBe('张');
    const done = jobFigures({ ...kind, status: 'committed', counts: { saved: 3, unmatched: 1, error: 1 } });
    expect(values(done)).toMatchObject({ saved: '已保存照片 3' });
    expect(done.some((f) => f.key === 'matched')).toBe(false);
    expect(resultText(done)).toBe('已保存照片 3 张，未匹配 1 张，与已有照片相同 0 张；跳过有错误的 1 行');
  });

  it('a kind the page does not know shows every outcome the server counted', () => {
    const figures = jobFigures({ kind: 'card_requests', kindName: '制卡申请', status: 'validated', counts: { matched: 3, unmatched: 1, error: 1 } });
    expect(values(figures)).toEqual({ matched: '匹配 3', unmatched: '未匹配 1', error: '错误 1' });
    expect(jobTotals(figures)).toEqual({ errors: 1, writes: 3 });
  });

  it('call a zip’s rows files, a sheet’s rows rows', () => {
    expect(rowNoun(PHOTOS)).toBe('个文件');
    expect(rowNoun(ENROLLMENT)).toBe('行');
  });

  it('gives a tab to each outcome with rows, named as the kind names it, errors last', () => {
    const enrollment = { kind: 'enrollment', kindName: '批量参保登记' };
    const tabs = outcomeTabs({ ...enrollment, status: 'validated', counts: { error: 2, new: 120, unchanged: 1, transfer_in: 3 } });
    expect(tabs.map((t) => [t.outcome, t.label, t.count, t.unit, t.isError])).toEqual([
      ['new', '新增', 120, '人', false],
      ['transfer_in', '转入', 3, '人', false],
      ['unchanged', '无变化', 1, '人', false],
      ['error', '错误', 2, '行', true],
    ]);
    // After the commit: what was written; errors and conflicts each under their own name; extra totals are no tab.
    const done = outcomeTabs({ ...enrollment, status: 'committed', counts: { created: 4, conflict: 1, error: 2 } });
    expect(done.map((t) => [t.outcome, t.label])).toEqual([
      ['created', '新增'],
      ['error', '错误'],
      ['conflict', '已被其他单位登记'],
    ]);
    const roster = outcomeTabs({ kind: 'paid_roster', kindName: '已缴费名单', status: 'committed', counts: { paid: 2, unmatched: 1, payments: 3 } });
    expect(roster.map((t) => [t.outcome, t.label, t.unit])).toEqual([
      ['paid', '已匹配缴费', '笔'],
      ['unmatched', '无对应人员', '笔'],
    ]);
  });

  it('states in the confirmation what the commit writes and what it leaves out', () => {
    const job = (kind: string, counts: Record<string, number>) => ({ kind, kindName: '', status: 'validated' as const, counts });
    expect(confirmSummary(job('enrollment', { new: 120, transfer_in: 3, error: 12 }))).toBe('将新增 120 人、转入 3 人；12 行有误，不会导入。');
    expect(confirmSummary(job('enrollment', { new: 5, changed: 1, unchanged: 2 }))).toBe('将新增 5 人、更新 1 人；无变化 2 人，不会写入。');
    expect(confirmSummary(job('exemptions', { matched: 2, unmatched: 1 }))).toBe('将为 2 名已登记人员新增减免身份；未匹配 1 人，不会写入。');
    expect(confirmSummary(job('photos', { matched: 1, error: 2 }))).toBe('将保存 1 张制卡照片；已有照片的人员将换成新照片；2 个文件有误，不会导入。');
    expect(confirmSummary(job('paid_roster', { paid: 3, amount_mismatch: 1, unchanged: 4 }))).toBe(
      '将记入已匹配缴费 3 笔、金额不符 1 笔；除已匹配缴费外，其余列入对账异常待处理；已入账（重复导入） 4 笔，不会写入。',
    );
  });
});

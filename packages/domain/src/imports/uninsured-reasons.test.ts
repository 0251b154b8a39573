import { describe, expect, it } from 'vitest';
import { uninsuredReasonOptions } from '../api/chase';
import { computeResidentIdCheckChar } from '../identity/gb11643';
import type { TPolicyProfile } from '../policy/profile';
import { getReadyProfile } from '../policy/profiles';
import { profileErrors } from '../policy/validate-profile';
import { checkUninsuredReasonRow } from './uninsured-reasons';

const ID = '32050820180509024' + computeResidentIdCheckChar('32050820180509024');
const today = '2026-11-26';
const own = [{ code: 'enlisted', name: '入伍' }, { code: 'abroad', name: '出国（境）', needsNote: true }];
const reasons = { forYear: (year: number) => uninsuredReasonOptions(year === 2027 ? own : []) };
const row = (cells: Record<string, string>) => checkUninsuredReasonRow({ name: '林晓雨', documentNumber: ID, year: '2027', ...cells }, { today, reasons });

describe('the reasons of a region', () => {
  it('are the built-in seven with 其他 last, the region’s own before it; a built-in code is never renamed', () => {
    expect(uninsuredReasonOptions().map((o) => o.code)).toEqual(['insured_elsewhere', 'employee_insurance', 'with_family', 'family_declines', 'unreachable', 'left_school', 'other']);
    const list = uninsuredReasonOptions([...own, { code: 'other', name: '别的' }]);
    expect(list.map((o) => o.name)).toEqual(['外地参保', '职工医保', '随家庭参保', '家长不愿参保', '联系不上', '转学离校', '入伍', '出国（境）', '其他']);
    expect(list.find((o) => o.code === 'abroad')?.needsNote).toBe(true);
  });

  it('are checked in the profile: a repeated code, a built-in code or name is refused', () => {
    const p = JSON.parse(JSON.stringify(getReadyProfile('suzhou-2019'))) as TPolicyProfile;
    const source = { notice: '000', section: '四.6' };
    p.uninsuredReasons = [{ code: 'enlisted', name: '入伍', source }];
    expect(profileErrors(p)).toEqual([]);
    p.uninsuredReasons = [
      { code: 'enlisted', name: '入伍', source },
      { code: 'enlisted', name: '参军', source },
      { code: 'other', name: '另外', source },
      { code: 'moved', name: '外地参保', source },
    ];
    expect(profileErrors(p).map((i) => `${i.path}: ${i.message}`)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('未参保原因代码“enlisted”重复'),
        'uninsuredReasons.2.code: 未参保原因代码“other”已是通用原因“其他”，请换一个代码',
        'uninsuredReasons.3.name: 未参保原因“外地参保”已在通用原因中',
      ]),
    );
  });
});

describe('a row of the class teacher’s sheet', () => {
  it('takes a reason by name or code, of the row’s year, and a note', () => {
    expect(row({ reason: '外地参保' }).payload).toEqual({ name: '林晓雨', year: 2027, code: 'insured_elsewhere', reason_name: '外地参保', note: null });
    expect(row({ reason: ' 入 伍', note: '2026 年 9 月入伍' }).payload).toMatchObject({ code: 'enlisted', reason_name: '入伍', note: '2026 年 9 月入伍' });
    expect(row({ reason: 'UNREACHABLE' }).payload?.code).toBe('unreachable');
  });

  it('refuses a reason not on the year’s list, a missing note where one is needed, and a bad year', () => {
    expect(row({ reason: '入伍', year: '2026' }).errors).toEqual([{ key: 'reason', message: expect.stringMatching(/^未参保原因“入伍”不在本统筹区 2026 年度的原因列表中/) }]);
    expect(row({ reason: '其他' }).errors).toEqual([{ key: 'note', message: '未参保原因为“其他”时请填写原因说明' }]);
    expect(row({ reason: '出国（境）' }).errors).toEqual([{ key: 'note', message: '未参保原因为“出国（境）”时请填写原因说明' }]);
    expect(row({ reason: '' }).errors).toEqual([{ key: 'reason', message: '请填写未参保原因' }]);
    expect(row({ reason: '外地参保', year: '明年' }).errors.map((e) => e.key)).toEqual(['year']);
    expect(row({ reason: '外地参保', note: '长'.repeat(201) }).errors.map((e) => e.key)).toEqual(['note']);
    // A masked number copied from the exported list is not a number.
    expect(row({ reason: '外地参保', documentNumber: '3205**********0247' }).errors.map((e) => e.key)).toEqual(['documentNumber']);
    expect(row({ reason: '外地参保', documentNumber: '3205**********0247' }).payload).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { computeResidentIdCheckChar } from '../identity/gb11643';
import { checkExemptionRow, exemptionCategoriesOf } from './exemptions';
import { checkLeaverRow } from './leavers';

const ID = '32050820180509024' + computeResidentIdCheckChar('32050820180509024');
const today = '2026-11-26';
// Suzhou's 2019 names, then a later year that renamed 低保人员 and added an alias.
const categories = exemptionCategoriesOf([
  [
    { code: 'dibao', name: '低保人员' },
    { code: 'orphan', name: '孤儿' },
  ],
  [{ code: 'dibao', name: '最低生活保障对象', aliases: ['低保对象'] }],
]);

describe('exemption list rows', () => {
  it('accept a category by name or code and an open-ended validity', () => {
    const r = checkExemptionRow({ name: '林晓雨', documentNumber: ID, category: '低保人员', department: '民政部门', validFrom: '2025/1/1' }, { today, categories });
    expect(r.errors).toEqual([]);
    expect(r.payload).toMatchObject({ category_code: 'dibao', category_name: '最低生活保障对象', valid_from: '2025-01-01', valid_to: null });
    expect(checkExemptionRow({ name: '林晓雨', documentNumber: ID, category: 'orphan', department: '民政', validFrom: '2025-01-01' }, { today, categories }).payload?.category_code).toBe('orphan');
  });

  it('accept an earlier year’s name and an alias, recorded under the current name', () => {
    for (const category of ['低保人员', '低保对象', ' 最低生活保障 对象']) {
      const r = checkExemptionRow({ name: '林晓雨', documentNumber: ID, category, department: '民政部门', validFrom: '2025-01-01' }, { today, categories });
      expect(r.errors).toEqual([]);
      expect(r.payload).toMatchObject({ category_code: 'dibao', category_name: '最低生活保障对象' });
    }
  });

  it('refuse categories the region does not know, reversed validity and missing department', () => {
    const r = checkExemptionRow({ name: '林晓雨', documentNumber: ID, category: '外星人', validFrom: '2025-02-01', validTo: '2025-01-01' }, { today, categories });
    expect(r.errors.map((e) => e.key).sort()).toEqual(['category', 'department', 'validTo']);
    expect(r.errors.find((e) => e.key === 'category')?.message).toContain('最低生活保障对象、孤儿');
  });
});

describe('leaver list rows', () => {
  it('read the reason and a yyyymm date', () => {
    expect(checkLeaverRow({ name: '林晓雨', documentNumber: ID, reason: '毕业', leavingOn: '202607' }, { today }).payload).toEqual({
      name: '林晓雨',
      leaving_reason: 'graduated',
      leaving_on: '2026-07-01',
    });
  });

  it('refuse an unknown reason and a missing date', () => {
    expect(checkLeaverRow({ name: '林晓雨', documentNumber: ID, reason: '升学' }, { today }).errors.map((e) => e.key)).toEqual(['reason', 'leavingOn']);
  });
});

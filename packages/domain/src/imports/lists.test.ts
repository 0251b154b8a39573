import { describe, expect, it } from 'vitest';
import { computeResidentIdCheckChar } from '../identity/gb11643';
import { checkExemptionRow } from './exemptions';
import { checkLeaverRow } from './leavers';

const ID = '32050820180509024' + computeResidentIdCheckChar('32050820180509024');
const today = '2026-11-26';
const categories = new Map([
  ['dibao', '低保人员'],
  ['orphan', '孤儿'],
]);

describe('exemption list rows', () => {
  it('accept a category by name or code and an open-ended validity', () => {
    const r = checkExemptionRow({ name: '林晓雨', documentNumber: ID, category: '低保人员', department: '民政部门', validFrom: '2025/1/1' }, { today, categories });
    expect(r.errors).toEqual([]);
    expect(r.payload).toMatchObject({ category_code: 'dibao', category_name: '低保人员', valid_from: '2025-01-01', valid_to: null });
    expect(checkExemptionRow({ name: '林晓雨', documentNumber: ID, category: 'orphan', department: '民政', validFrom: '2025-01-01' }, { today, categories }).payload?.category_code).toBe('orphan');
  });

  it('refuse categories the region does not know, reversed validity and missing department', () => {
    const r = checkExemptionRow({ name: '林晓雨', documentNumber: ID, category: '外星人', validFrom: '2025-02-01', validTo: '2025-01-01' }, { today, categories });
    expect(r.errors.map((e) => e.key).sort()).toEqual(['category', 'department', 'validTo']);
    expect(r.errors.find((e) => e.key === 'category')?.message).toContain('低保人员、孤儿');
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

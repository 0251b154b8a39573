import { describe, expect, it } from 'vitest';
import { auditChanges } from './audit-changes';

describe('auditChanges', () => {
  it('names fields and values in Chinese, changed first, internal keys hidden', () => {
    const { rows, hidden } = auditChanges(
      { status: 'declared', payableFen: 40000, internalHash: 'x' },
      { status: 'confirmed', payableFen: 40000, internalHash: 'y' },
    );
    expect(rows).toEqual([
      { key: 'status', field: '状态', before: '已申报', after: '已确认', changed: true },
      { key: 'payableFen', field: '个人应缴', before: '400.00 元', after: '400.00 元', changed: false },
    ]);
    expect(hidden).toBe(1);
  });

  it('a creation has only an after side, every field of it new', () => {
    const { rows } = auditChanges(null, { year: 2027, paymentMode: 'unit_total' });
    expect(rows).toEqual([
      { key: 'year', field: '参保年度', before: null, after: '2027', changed: true },
      { key: 'paymentMode', field: '缴费方式', before: null, after: '单位统一缴纳', changed: true },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { TReceiptCount } from '@canbao/domain';
import { receiptCountRows, receiptCountTotals, unitRowSpans } from './receipt-counts';

const c = (unitId: string | null, amountFen: number, payer: 'unit' | 'family', count: number): TReceiptCount => ({
  unitId,
  unitName: unitId ? `单位${unitId}` : null,
  amountFen,
  payer,
  count,
});

describe('receipt counts (票据统计)', () => {
  const items = [c('b', 40000, 'family', 3), c('b', 40000, 'unit', 5), c('b', 20000, 'family', 1), c('a', 40000, 'unit', 2), c(null, 38000, 'family', 1)];

  it('pivots by unit and amount with unit-paid and family-paid side by side, units in the API’s order', () => {
    const rows = receiptCountRows(items);
    expect(rows).toEqual([
      { key: 'b|20000', unitId: 'b', unitName: '单位b', amountFen: 20000, unitCount: 0, familyCount: 1, count: 1, totalFen: 20000 },
      { key: 'b|40000', unitId: 'b', unitName: '单位b', amountFen: 40000, unitCount: 5, familyCount: 3, count: 8, totalFen: 320000 },
      { key: 'a|40000', unitId: 'a', unitName: '单位a', amountFen: 40000, unitCount: 2, familyCount: 0, count: 2, totalFen: 80000 },
      { key: '|38000', unitId: null, unitName: '未关联单位', amountFen: 38000, unitCount: 0, familyCount: 1, count: 1, totalFen: 38000 },
    ]);
    expect(receiptCountRows([])).toEqual([]);
  });

  it('totals every column', () => {
    expect(receiptCountTotals(receiptCountRows(items))).toEqual({ unitCount: 7, familyCount: 5, count: 12, totalFen: 458000 });
    expect(receiptCountTotals([])).toEqual({ unitCount: 0, familyCount: 0, count: 0, totalFen: 0 });
  });

  it('merges a unit’s name cell over its rows', () => {
    expect(unitRowSpans(receiptCountRows(items))).toEqual([2, 0, 1, 1]);
  });
});

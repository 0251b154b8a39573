import type { TReceiptCount } from '@canbao/domain';

/**
 * 票据统计 as pure functions: the API's counts (one per unit, amount and actual payer) pivoted into one row per
 * unit and amount with the unit-paid and family-paid receipts side by side, and the total row. Money stays in fen.
 */

export interface TReceiptCountRow {
  key: string;
  unitId: string | null;
  unitName: string;
  /** The face value of the fixed-amount receipt. */
  amountFen: number;
  unitCount: number;
  familyCount: number;
  count: number;
  /** amountFen × count. */
  totalFen: number;
}

export interface TReceiptCountTotals {
  unitCount: number;
  familyCount: number;
  count: number;
  totalFen: number;
}

/** One row per unit and amount: units in the order the API gave them (by name), amounts ascending within each. */
export function receiptCountRows(items: readonly TReceiptCount[]): TReceiptCountRow[] {
  const rows = new Map<string, TReceiptCountRow>();
  const unitOrder = new Map<string, number>();
  for (const item of items) {
    const unitKey = item.unitId ?? '';
    if (!unitOrder.has(unitKey)) unitOrder.set(unitKey, unitOrder.size);
    const key = `${unitKey}|${item.amountFen}`;
    const row = rows.get(key) ?? { key, unitId: item.unitId, unitName: item.unitName ?? '未关联单位', amountFen: item.amountFen, unitCount: 0, familyCount: 0, count: 0, totalFen: 0 };
    if (item.payer === 'unit') row.unitCount += item.count;
    else row.familyCount += item.count;
    row.count += item.count;
    row.totalFen += item.amountFen * item.count;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => unitOrder.get(a.unitId ?? '')! - unitOrder.get(b.unitId ?? '')! || a.amountFen - b.amountFen);
}

export function receiptCountTotals(rows: readonly TReceiptCountRow[]): TReceiptCountTotals {
  return rows.reduce(
    (t, r) => ({ unitCount: t.unitCount + r.unitCount, familyCount: t.familyCount + r.familyCount, count: t.count + r.count, totalFen: t.totalFen + r.totalFen }),
    { unitCount: 0, familyCount: 0, count: 0, totalFen: 0 },
  );
}

/** How many rows each unit's name cell spans (the first row of a unit spans them all, the others 0). */
export function unitRowSpans(rows: readonly TReceiptCountRow[]): number[] {
  return rows.map((row, i) => {
    if (i > 0 && rows[i - 1]!.unitId === row.unitId) return 0;
    let n = 1;
    while (rows[i + n]?.unitId === row.unitId) n++;
    return n;
  });
}

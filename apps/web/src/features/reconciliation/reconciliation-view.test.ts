import { describe, expect, it } from 'vitest';
import type { TDailyTotal } from '@canbao/domain';
import { amountDifference, axisYuan, channelName, countsByKind, dailyChart, dailySummary, totalOpen } from './reconciliation-view';

const day = (d: string, channel: string, amountFen: number, unitId: string | null = 'u1', refundedFen = 0): TDailyTotal => ({
  day: d,
  channel,
  unitId,
  unitName: unitId ? '一小' : null,
  count: 1,
  amountFen,
  refundedFen,
});

describe('reconciliation view', () => {
  it('counts open and resolved items by kind, in a fixed order, hiding an empty channel mismatch and statement difference', () => {
    const counts = [
      { kind: 'duplicate' as const, status: 'open' as const, count: 2 },
      { kind: 'duplicate' as const, status: 'resolved' as const, count: 1 },
      { kind: 'amount_mismatch' as const, status: 'open' as const, count: 3 },
    ];
    const kinds = countsByKind(counts);
    expect(kinds.map((k) => k.kind)).toEqual(['amount_mismatch', 'duplicate', 'not_declared', 'unmatched']);
    expect(kinds[1]).toEqual({ kind: 'duplicate', name: '重复缴费', open: 2, resolved: 1 });
    expect(kinds[0]!.name).toBe('金额不符');
    expect(countsByKind(counts, { all: true })).toHaveLength(6);
    // A terminal's statement missing a recorded payment shows once there is one.
    expect(countsByKind([...counts, { kind: 'not_in_statement', status: 'open', count: 1 }]).map((k) => k.kind)).toContain('not_in_statement');
    expect(totalOpen(counts)).toBe(5);
  });

  it('compares the amount with what was due, in fen', () => {
    expect(amountDifference(38000, 40000)).toEqual({ fen: 2000, over: false });
    expect(amountDifference(40000, 0)).toEqual({ fen: 40000, over: true });
    expect(amountDifference(40000, 40000)).toBeNull();
    expect(amountDifference(40000, null)).toBeNull();
  });

  it('pivots the daily totals into days ascending and one series per channel, summing units', () => {
    const chart = dailyChart([
      day('2026-11-23', 'tax', 40000),
      day('2026-11-22', 'tax', 16000),
      day('2026-11-22', 'tax', 40000, 'u2'),
      day('2026-11-22', 'bank_counter', 16000),
    ]);
    expect(chart.days).toEqual(['2026-11-22', '2026-11-23']);
    expect(chart.series).toEqual([
      { channel: 'tax', name: '税务（电子税务局/银行代收）', data: [56000, 40000], totalFen: 96000 },
      { channel: 'bank_counter', name: '银行柜面', data: [16000, 0], totalFen: 16000 },
    ]);
    expect(dailyChart([])).toEqual({ days: [], series: [] });
    expect(dailySummary([day('2026-11-22', 'tax', 100, 'u1', 50), day('2026-11-22', 'pos', 200)])).toEqual({ count: 2, amountFen: 300, refundedFen: 50 });
  });

  it('names channels, and labels the chart axis in yuan', () => {
    expect(channelName('pos')).toBe('POS 机');
    expect(channelName('new_wallet')).toBe('new_wallet');
    expect(axisYuan(0)).toBe('0');
    expect(axisYuan(40000)).toBe('400');
    expect(axisYuan(2_000_000)).toBe('2 万');
    expect(axisYuan(2_500_000)).toBe('2.5 万');
  });
});

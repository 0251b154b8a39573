import { PAYMENT_CHANNEL_NAMES, RECONCILIATION_KIND_NAMES, type TDailyTotal, type TReconciliationCount, type TReconciliationKind, type TReconciliationStatus, type TResolution } from '@canbao/domain';

/**
 * What the 对账 page shows, as pure functions: kind and resolution names, the counts by kind, and the daily totals
 * pivoted for the chart. Amounts stay integer fen; only the chart's labels turn them into yuan text.
 */

export const KIND_ORDER: readonly TReconciliationKind[] = ['amount_mismatch', 'duplicate', 'not_declared', 'unmatched', 'channel_mismatch', 'not_in_statement'];

export const KIND_COLORS: Record<TReconciliationKind, string> = {
  amount_mismatch: 'orange',
  duplicate: 'red',
  not_declared: 'purple',
  unmatched: 'magenta',
  channel_mismatch: 'gold',
  not_in_statement: 'volcano',
};

export const kindName = (kind: TReconciliationKind) => RECONCILIATION_KIND_NAMES[kind] ?? kind;

/** What each resolution does, under its choice in the dialog. */
export const RESOLUTION_HELP: Record<TResolution, string> = {
  accepted: '款项照常入账（如已补办申报、差额另行处理）',
  refund: '生成退费申请（视为已批准），原渠道退回这笔款项',
  ignored: '暂不处理，记录原因备查',
};

export const channelName = (channel: string) => PAYMENT_CHANNEL_NAMES[channel] ?? channel;

export interface TKindCount {
  kind: TReconciliationKind;
  name: string;
  open: number;
  resolved: number;
}

/** One entry per kind (in KIND_ORDER; kinds without items left out unless `all`), open and resolved counted. */
export function countsByKind(counts: readonly TReconciliationCount[], { all = false }: { all?: boolean } = {}): TKindCount[] {
  return KIND_ORDER.map((kind) => {
    const of = (status: TReconciliationStatus) => counts.filter((c) => c.kind === kind && c.status === status).reduce((s, c) => s + c.count, 0);
    return { kind, name: kindName(kind), open: of('open'), resolved: of('resolved') };
  }).filter((k) => all || k.open + k.resolved > 0 || (k.kind !== 'channel_mismatch' && k.kind !== 'not_in_statement'));
}

export function totalOpen(counts: readonly TReconciliationCount[]): number {
  return counts.filter((c) => c.status === 'open').reduce((s, c) => s + c.count, 0);
}

/** "多缴 20.00 元" / "少缴 20.00 元" for an amount against what was due; null when nothing is known to compare. */
export function amountDifference(amountFen: number, expectedFen: number | null): { fen: number; over: boolean } | null {
  if (expectedFen === null || expectedFen === amountFen) return null;
  return { fen: Math.abs(amountFen - expectedFen), over: amountFen > expectedFen };
}

export interface TDailyChart {
  /** Days ascending (YYYY-MM-DD). */
  days: string[];
  /** One series per channel (largest total first): the fen received each day, 0 on days without any. */
  series: { channel: string; name: string; data: number[]; totalFen: number }[];
}

/** The daily totals (by day, channel and unit) summed per day and channel for a chart. */
export function dailyChart(items: readonly TDailyTotal[]): TDailyChart {
  const days = [...new Set(items.map((i) => i.day))].sort();
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const byChannel = new Map<string, number[]>();
  for (const item of items) {
    let data = byChannel.get(item.channel);
    if (!data) {
      data = days.map(() => 0);
      byChannel.set(item.channel, data);
    }
    data[dayIndex.get(item.day)!]! += item.amountFen;
  }
  const series = [...byChannel.entries()]
    .map(([channel, data]) => ({ channel, name: channelName(channel), data, totalFen: data.reduce((s, v) => s + v, 0) }))
    .sort((a, b) => b.totalFen - a.totalFen || a.channel.localeCompare(b.channel));
  return { days, series };
}

export interface TDailySummary {
  count: number;
  amountFen: number;
  refundedFen: number;
}

export function dailySummary(items: readonly TDailyTotal[]): TDailySummary {
  return items.reduce((s, i) => ({ count: s.count + i.count, amountFen: s.amountFen + i.amountFen, refundedFen: s.refundedFen + i.refundedFen }), { count: 0, amountFen: 0, refundedFen: 0 });
}

/** Axis labels in 万元 / 元 from fen, without floats carrying the amounts themselves. */
export function axisYuan(fen: number): string {
  if (fen === 0) return '0';
  if (Math.abs(fen) >= 1_000_000) return `${(fen / 1_000_000).toFixed(fen % 1_000_000 === 0 ? 0 : 1)} 万`;
  return String(Math.round(fen / 100));
}

import type { TCampaignProgress, TProgressCounts } from '@canbao/domain';

/** One line of 参保缴费进度: a unit (or the whole region) with its people in the campaign and how far they got. */
export interface TProgressLine {
  key: string;
  unitName: string;
  /** Everyone declared this year, whatever the step (removed declarations are not counted by the API). */
  inCampaign: number;
  /** Still to confirm (已申报), confirmed but not settled, settled and awaiting payment, paid. */
  declared: number;
  confirmed: number;
  settled: number;
  paid: number;
  flagged: number;
  /** Paid persons of all, in whole percent, rounded down: 99.6% is not yet 100%. */
  paidPercent: number;
  payableFen: number;
  paidFen: number;
  /** Payable not yet paid (never negative: an overpayment is reconciliation's business). */
  outstandingFen: number;
}

function line(key: string, unitName: string, c: TProgressCounts): TProgressLine {
  const inCampaign = c.declared + c.confirmed + c.settled + c.paid;
  return {
    key,
    unitName,
    inCampaign,
    declared: c.declared,
    confirmed: c.confirmed,
    settled: c.settled,
    paid: c.paid,
    flagged: c.flagged,
    paidPercent: inCampaign === 0 ? 0 : Math.floor((c.paid * 100) / inCampaign),
    payableFen: c.payableFen,
    paidFen: c.paidFen,
    outstandingFen: Math.max(0, c.payableFen - c.paidFen),
  };
}

/**
 * The region's total and its units, the units furthest behind first (lowest share paid, then most people still
 * unpaid), so the office sees at once whom to call.
 */
export function progressLines(progress: TCampaignProgress): { total: TProgressLine; units: TProgressLine[] } {
  const units = progress.items
    .map((i) => line(i.unitId ?? 'family', i.unitName, i))
    .sort((a, b) => a.paidPercent - b.paidPercent || b.inCampaign - b.paid - (a.inCampaign - a.paid) || a.unitName.localeCompare(b.unitName, 'zh-CN'));
  return { total: line('total', '合计', progress.total), units };
}

/** What the unit should do next, in one sentence; null when nothing is left. */
export function nextStep(l: TProgressLine): string | null {
  if (l.inCampaign === 0) return '本年度还没有申报：在“参保申报”中整班申报或延续上年度参保人员。';
  if (l.declared > 0) return `${l.declared} 人已申报待确认：核对名单（含离校标记）后做参保缴费确认。`;
  if (l.confirmed > 0) return `${l.confirmed} 人已确认待结算：生成结算单并打印缴费通知单。`;
  if (l.settled > 0) return `${l.settled} 人待缴费：提醒家长扫码缴费，或登记单位缴款。`;
  return null;
}

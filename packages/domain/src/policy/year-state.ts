import { z } from 'zod';
import { addDays } from './calendar';

/**
 * Where an insurance year's campaign stands, decided by its profile's windows and today (Asia/Shanghai):
 *
 * - `open` until the declaration window ends (also before it starts: units prepare their registers);
 * - `adjustment` after the declaration window while an adjustment window follows (仅用于参保人员的调整和补申报);
 * - `closed` from the day after the last window: units can change nothing of that year (Suzhou 000 四.7: no
 *   changes after the campaign); the agency can, each change with a reason kept in the audit trail.
 *
 * Money that arrives after closing (a family's payment of an open notice, a paid roster, a bank's deduction result)
 * is still recorded: it happened, and the ledger must count it.
 */
/** The dates the state is decided by: a profile's two windows. */
export type TYearWindows = { declarationWindow: { end: string }; adjustmentWindow?: { end: string } | null | undefined };

export const YEAR_STATES = ['open', 'adjustment', 'closed'] as const;
export const ZYearState = z.enum(YEAR_STATES);
export type TYearState = z.infer<typeof ZYearState>;

export const YEAR_STATE_LABELS: Record<TYearState, string> = {
  open: '办理中',
  adjustment: '仅限调整和补申报',
  closed: '已关闭',
};

/** What each state lets a unit do, in a sentence a school reads. */
export const YEAR_STATE_HINTS: Record<TYearState, string> = {
  open: '可以申报、确认、结算和调整',
  adjustment: '申报期已结束，仅可调整已申报人员和补申报',
  closed: '本年度已关闭，单位不能再修改；确需修改的，请联系医保经办机构',
};

/** The last day units may still change the year: the end of the adjustment window, else of the declaration window. */
export function yearLastOpenDay(profile: TYearWindows): string {
  const dw = profile.declarationWindow.end;
  const aw = profile.adjustmentWindow?.end;
  return aw && aw > dw ? aw : dw;
}

/** The first day the year is closed. */
export function yearClosesOn(profile: TYearWindows): string {
  return addDays(yearLastOpenDay(profile), 1);
}

export function yearState(profile: TYearWindows, today: string): TYearState {
  if (today > yearLastOpenDay(profile)) return 'closed';
  if (today > profile.declarationWindow.end) return 'adjustment';
  return 'open';
}

/** A reason given for changing a closed year: what the audit row keeps. */
export const ZChangeReason = z.string().trim().min(2, '请填写原因（至少 2 个字）').max(200, '原因不超过 200 字');

/** The request header that carries it (URI-encoded, so Chinese passes an HTTP header). */
export const CHANGE_REASON_HEADER = 'x-change-reason';

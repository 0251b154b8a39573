import { ZChangeReason, yearClosesOn, yearState, type TPolicyProfile, type TYearWindows } from '@canbao/domain';
import type { ServiceContext } from '../../context';
import { AppError, AppErrorCode } from '../../errors';
import { shanghaiToday } from '../../time';
import { findRegionProfiles } from './declarations.repository';

type YearProfile = { year: number; profile: TYearWindows };

/**
 * The one check of every change a person makes to an insurance year's declarations, settlements, refunds,
 * reconciliation and profile (issue 15, item 1). Once the year is closed — the day after its last window — a unit
 * (or the collector) changes nothing of it: 409 YEAR_CLOSED. The agency may, with a reason in the x-change-reason
 * header: without one, 409 REASON_REQUIRED (the web app then asks for it and sends the request again); with one,
 * the reason is kept on every audit row the request writes.
 *
 * Money arriving is not a change made here: channel notifications, paid rosters, deduction results, a unit's
 * transfer and a refund's payout are recorded whatever the year's state, so nothing received is lost.
 */
export function assertYearWritable(ctx: ServiceContext, campaign: YearProfile, what: string): void {
  const today = shanghaiToday(ctx.now);
  if (yearState(campaign.profile, today) !== 'closed') return;
  const closedOn = yearClosesOn(campaign.profile);
  const details = { year: campaign.year, closedOn, what };
  if (ctx.scope.role !== 'agency_admin') {
    throw new AppError(AppErrorCode.YEAR_CLOSED, {
      message: `${campaign.year} 年度已于 ${closedOn} 关闭，不能再${what}；确需修改的，请联系医保经办机构`,
      details,
    });
  }
  const given = ctx.meta.changeReason;
  if (given === undefined || given === null) {
    throw new AppError(AppErrorCode.REASON_REQUIRED, { message: `${campaign.year} 年度已于 ${closedOn} 关闭，${what}须填写原因`, details });
  }
  const reason = ZChangeReason.safeParse(given);
  if (!reason.success) {
    const message = reason.error.issues[0]?.message ?? '请填写原因';
    throw new AppError(AppErrorCode.VALIDATION_FAILED, { message, details: [{ path: 'changeReason', message }] });
  }
  ctx.meta.acceptedReason = reason.data;
}

/** The same check by year number, for changes reached through a payment, refund or reconciliation item. A year with
 * no profile of its own has no windows to close: nothing is refused. */
export async function assertYearOpenFor(ctx: ServiceContext, year: number, what: string): Promise<void> {
  const rows = await findRegionProfiles(ctx.db, ctx.scope.regionCode);
  const row = rows.find((r) => r.insurance_year === year && !(r.body as TPolicyProfile).template);
  if (row) assertYearWritable(ctx, { year, profile: row.body as TPolicyProfile }, what);
}

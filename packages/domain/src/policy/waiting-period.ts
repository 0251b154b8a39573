import { applyBasisPoints } from '../money';
import { addMonths, daysBetween } from './calendar';
import type { TEnrollmentHistoryYear } from './fee-quote';
import type { TContinuityIncentiveRule, TWaitingPeriodRule } from './profile';

/** Earlier years (before `year`) in which the person was enrolled and paid, ascending. */
export function paidYearsBefore(history: readonly TEnrollmentHistoryYear[], year: number): number[] {
  return history
    .filter((h) => h.year < year && h.enrolled && h.paid)
    .map((h) => h.year)
    .sort((a, b) => a - b);
}

/**
 * Gap years (断保年数) right before `year`: years after the last paid year that count under the rule (from
 * `countFromYear`). A year missing from the history counts as not enrolled. A person never enrolled has no gap.
 */
export function countGapYears(history: readonly TEnrollmentHistoryYear[], year: number, countFromYear: number): number {
  const paid = paidYearsBefore(history, year);
  const last = paid.at(-1);
  if (last === undefined) return 0;
  return Math.max(0, year - 1 - Math.max(last, countFromYear - 1));
}

export interface TWaitingPeriodInput {
  /** Benefits would start here without any waiting period (period start, or the payment date when late). */
  normalStart: string;
  insuranceYear: number;
  history: readonly TEnrollmentHistoryYear[];
  backPaidYears: number;
  /** Paid after the declaration/adjustment windows (集中参保期外). */
  late: boolean;
  newborn: boolean;
  identityCodes: readonly string[];
}

export interface TWaitingPeriodResult {
  applies: boolean;
  /** Why no waiting period applies, when it does not. */
  exemptBecause: 'rule_none' | 'newborn' | 'identity' | 'continuous_in_window' | 'first_time_in_window' | null;
  gapYears: number;
  firstTime: boolean;
  fixedMonths: number;
  variableMonths: number;
  /** Back-paid years actually counted (never more than the gap years). */
  backPaidYears: number;
  backPayReductionMonths: number;
  /** True when the ≥ N gap-year floor raised the total. */
  floorApplied: boolean;
  totalMonths: number;
  benefitStart: string;
  waitingDays: number;
}

/**
 * 国办发〔2024〕38号: persons who do not enroll in the open window, or not continuously, wait a fixed 3 months;
 * each gap year beyond the first adds 1 month; each back-paid year removes 1 month of that variable part; after
 * a gap of ≥ 4 years the total stays ≥ 6 months. The wait runs from the normal benefit start (1 January for a
 * payment in the window), which reproduces Qingdao's example: 2025 and 2026 missed, paid in the 2027 window →
 * 3 + 1 = 4 months → benefits from 2027-05-01; with one year back-paid → 2027-04-01.
 */
export function computeWaitingPeriod(rule: TWaitingPeriodRule, input: TWaitingPeriodInput): TWaitingPeriodResult {
  const none = (exemptBecause: TWaitingPeriodResult['exemptBecause'], gapYears = 0, firstTime = false): TWaitingPeriodResult => ({
    applies: false,
    exemptBecause,
    gapYears,
    firstTime,
    fixedMonths: 0,
    variableMonths: 0,
    backPaidYears: 0,
    backPayReductionMonths: 0,
    floorApplied: false,
    totalMonths: 0,
    benefitStart: input.normalStart,
    waitingDays: 0,
  });
  if (rule.kind === 'none') return none('rule_none');

  const firstTime = paidYearsBefore(input.history, input.insuranceYear).length === 0;
  const gapYears = countGapYears(input.history, input.insuranceYear, rule.countGapsFromYear);
  if (input.newborn && rule.newbornExempt) return none('newborn', gapYears, firstTime);
  if (input.identityCodes.some((c) => rule.exemptIdentityCodes.includes(c))) return none('identity', gapYears, firstTime);
  if (!input.late && gapYears === 0) {
    if (!firstTime) return none('continuous_in_window', gapYears, firstTime);
    if (rule.firstTimeEnrolleeInWindowExempt) return none('first_time_in_window', gapYears, firstTime);
  }

  const fixedMonths = rule.fixedMonths;
  const variableMonths = Math.max(0, gapYears - 1) * rule.variableMonthsPerExtraGapYear;
  const backPaidYears = Math.min(input.backPaidYears, gapYears);
  const backPayReductionMonths = Math.min(variableMonths, backPaidYears * rule.backPayReducesMonthsPerYear);
  let totalMonths = fixedMonths + variableMonths - backPayReductionMonths;
  let floorApplied = false;
  if (gapYears >= rule.floor.minGapYears && totalMonths < rule.floor.minTotalMonths) {
    totalMonths = rule.floor.minTotalMonths;
    floorApplied = true;
  }
  const benefitStart = addMonths(input.normalStart, totalMonths);
  return {
    applies: totalMonths > 0,
    exemptBecause: null,
    gapYears,
    firstTime,
    fixedMonths,
    variableMonths,
    backPaidYears,
    backPayReductionMonths,
    floorApplied,
    totalMonths,
    benefitStart,
    waitingDays: daysBetween(input.normalStart, benefitStart),
  };
}

export interface TContinuityIncentiveResult {
  /** Consecutive paid years including the year being paid now (when it counts). */
  consecutiveYears: number;
  zeroClaimYears: number;
  capIncreaseFen: number;
  /** True when the 20%-of-base-cap limit cut the increase. */
  limited: boolean;
}

/**
 * Continuity incentive (国办发〔2024〕38号): after `minConsecutiveYears` consecutive years, each further year
 * raises the critical-illness cap; each zero-reimbursement year of the current streak raises it too; the total
 * is limited to a share of the base cap. A break resets the streak.
 */
export function computeContinuityIncentive(
  rule: TContinuityIncentiveRule,
  history: readonly TEnrollmentHistoryYear[],
  year: number,
  payingThisYear: boolean,
): TContinuityIncentiveResult {
  const paid = new Set(paidYearsBefore(history, year));
  let streakStart = year;
  while (paid.has(streakStart - 1)) streakStart -= 1;
  const consecutiveYears = year - streakStart + (payingThisYear ? 1 : 0);
  const zeroClaimYears = history.filter(
    (h) => h.year >= streakStart && h.year < year && h.enrolled && h.paid && h.zeroReimbursement === true,
  ).length;
  let capIncreaseFen =
    Math.max(0, consecutiveYears - rule.minConsecutiveYears) * rule.capIncreasePerExtraYearFen +
    zeroClaimYears * rule.zeroClaimIncreaseFen;
  let limited = false;
  if (rule.baseCapFen !== undefined) {
    const max = applyBasisPoints(rule.baseCapFen, rule.maxIncreaseBasisPoints);
    if (capIncreaseFen > max) {
      capIncreaseFen = max;
      limited = true;
    }
  }
  return { consecutiveYears, zeroClaimYears, capIncreaseFen, limited };
}

import { describe, expect, it } from 'vitest';
import type { TEnrollmentHistoryYear } from './fee-quote';
import type { TContinuityIncentiveRule, TWaitingPeriodRule } from './profile';
import { TEMPLATE_2025 } from './profiles';
import { computeContinuityIncentive, computeWaitingPeriod, countGapYears } from './waiting-period';

const rule = TEMPLATE_2025.waitingPeriod as Extract<TWaitingPeriodRule, { kind: 'national_2025' }>;
const incentive = TEMPLATE_2025.continuityIncentive as TContinuityIncentiveRule;

const paid = (...years: number[]): TEnrollmentHistoryYear[] => years.map((year) => ({ year, enrolled: true, paid: true, inWindow: true }));
const base = { normalStart: '2027-01-01', insuranceYear: 2027, backPaidYears: 0, late: false, newborn: false, identityCodes: [] };

describe('gap years', () => {
  it('counts years after the last paid year, from 2025 on', () => {
    expect(countGapYears(paid(2024), 2027, 2025)).toBe(2);
    expect(countGapYears(paid(2024, 2025, 2026), 2027, 2025)).toBe(0);
    expect(countGapYears(paid(2020), 2027, 2025)).toBe(2);
    expect(countGapYears(paid(2020), 2030, 2025)).toBe(5);
    expect(countGapYears([], 2027, 2025)).toBe(0);
    expect(countGapYears([{ year: 2026, enrolled: true, paid: false, inWindow: true }, ...paid(2025)], 2027, 2025)).toBe(1);
  });
});

describe('国办发〔2024〕38号 waiting periods', () => {
  it('Qingdao: 2025 and 2026 missed, paid in the 2027 window → 3 + 1 = 4 months → 2027-05-01', () => {
    const r = computeWaitingPeriod(rule, { ...base, history: paid(2024) });
    expect(r).toMatchObject({ gapYears: 2, fixedMonths: 3, variableMonths: 1, totalMonths: 4, benefitStart: '2027-05-01', waitingDays: 120 });
  });

  it('Qingdao: with one year back-paid → 3 months → 2027-04-01', () => {
    const r = computeWaitingPeriod(rule, { ...base, history: paid(2024), backPaidYears: 1 });
    expect(r).toMatchObject({ backPaidYears: 1, backPayReductionMonths: 1, totalMonths: 3, benefitStart: '2027-04-01', waitingDays: 90 });
  });

  it('one gap year gives only the fixed 3 months, even when paid in the window', () => {
    const r = computeWaitingPeriod(rule, { ...base, history: paid(2024, 2025) });
    expect(r).toMatchObject({ gapYears: 1, totalMonths: 3, benefitStart: '2027-04-01' });
  });

  it('back-payment never cuts the fixed part', () => {
    const r = computeWaitingPeriod(rule, { ...base, history: paid(2024, 2025), backPaidYears: 1 });
    expect(r).toMatchObject({ backPayReductionMonths: 0, totalMonths: 3 });
  });

  it.each([
    // gap years, back-paid years, total months
    [4, 0, 6],
    [4, 3, 6], // 3 + 3 − 3 = 3 → floor 6
    [5, 0, 7],
    [5, 1, 6],
    [5, 4, 6], // floor
    [3, 2, 3], // below the ≥4 threshold no floor: 3 + 2 − 2
  ])('gap %i years, back-paid %i → %i months', (gap, back, months) => {
    const r = computeWaitingPeriod(rule, { ...base, insuranceYear: 2025 + gap, normalStart: `${2025 + gap}-01-01`, history: paid(2024), backPaidYears: back });
    expect(r.gapYears).toBe(gap);
    expect(r.totalMonths).toBe(months);
  });

  it('continuous enrollment paid in the window has no wait', () => {
    expect(computeWaitingPeriod(rule, { ...base, history: paid(2025, 2026) })).toMatchObject({ applies: false, exemptBecause: 'continuous_in_window', waitingDays: 0, benefitStart: '2027-01-01' });
  });

  it('a late payment waits 3 months from the payment date, even when continuous', () => {
    const r = computeWaitingPeriod(rule, { ...base, normalStart: '2027-03-15', late: true, history: paid(2025, 2026) });
    expect(r).toMatchObject({ totalMonths: 3, benefitStart: '2027-06-15', waitingDays: 92 });
  });

  it('newborns and exempt identities never wait', () => {
    expect(computeWaitingPeriod(rule, { ...base, history: paid(2024), newborn: true })).toMatchObject({ applies: false, exemptBecause: 'newborn' });
    expect(computeWaitingPeriod(rule, { ...base, history: paid(2024), identityCodes: ['tekun'] })).toMatchObject({ applies: false, exemptBecause: 'identity' });
  });

  it('a first-ever enrollee in the window does not wait; late, the fixed 3 months', () => {
    expect(computeWaitingPeriod(rule, { ...base, history: [] })).toMatchObject({ applies: false, exemptBecause: 'first_time_in_window' });
    expect(computeWaitingPeriod(rule, { ...base, history: [], late: true, normalStart: '2027-02-01' })).toMatchObject({ totalMonths: 3, benefitStart: '2027-05-01' });
  });

  it("the 'none' rule never waits", () => {
    expect(computeWaitingPeriod({ kind: 'none', source: { notice: '000', section: 'x' } }, { ...base, history: paid(2020), late: true })).toMatchObject({ applies: false, waitingDays: 0 });
  });
});

describe('continuity incentive', () => {
  it('raises the cap by 1000 per year after 4 consecutive years', () => {
    expect(computeContinuityIncentive(incentive, paid(2025, 2026, 2027), 2028, true)).toMatchObject({ consecutiveYears: 4, capIncreaseFen: 0 });
    expect(computeContinuityIncentive(incentive, paid(2025, 2026, 2027, 2028), 2029, true)).toMatchObject({ consecutiveYears: 5, capIncreaseFen: 100000 });
    expect(computeContinuityIncentive(incentive, paid(2025, 2026, 2027, 2028, 2029), 2030, true)).toMatchObject({ consecutiveYears: 6, capIncreaseFen: 200000 });
  });

  it('a break resets the streak', () => {
    expect(computeContinuityIncentive(incentive, paid(2020, 2021, 2022, 2023, 2025, 2026), 2027, true)).toMatchObject({ consecutiveYears: 3, capIncreaseFen: 0 });
  });

  it('adds zero-reimbursement years of the streak, capped at 20% of the base cap', () => {
    const history = paid(2025, 2026).map((h) => ({ ...h, zeroReimbursement: true }));
    expect(computeContinuityIncentive(incentive, history, 2027, true)).toMatchObject({ zeroClaimYears: 2, capIncreaseFen: 200000 });
    const capped = computeContinuityIncentive({ ...incentive, baseCapFen: 500000 }, history, 2027, true);
    expect(capped).toMatchObject({ capIncreaseFen: 100000, limited: true });
  });
});

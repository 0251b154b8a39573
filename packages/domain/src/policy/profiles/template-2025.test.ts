import { describe, expect, it } from 'vitest';
import { quoteFee } from '../engine';
import type { TEnrollmentHistoryYear, TFeeFacts } from '../fee-quote';
import { instantiateTemplate } from '../template';
import { validateProfile } from '../validate-profile';
import { getReadyProfile } from './index';
import { TEMPLATE_2025 } from './template-2025';

const paid = (...years: number[]): TEnrollmentHistoryYear[] => years.map((year) => ({ year, enrolled: true, paid: true, inWindow: true }));
const resident: TFeeFacts = { birthDate: '1985-06-01', inSchool: false, hukouType: 'local_urban', applyDate: '2026-11-15' };
const rules = (q: { reasons: { rule: string }[] }) => q.reasons.map((r) => r.rule);

describe('template-2025 → 2027: Qingdao worked example (国办发〔2024〕38号)', () => {
  const P2027 = getReadyProfile('template-2027');

  it('instantiates with shifted windows', () => {
    expect(P2027.insuranceYear).toBe(2027);
    expect(P2027.declarationWindow).toMatchObject({ start: '2026-09-01', end: '2026-12-31' });
    expect(validateProfile(P2027).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('missed 2025 and 2026, paid in the 2027 window → 4 months, benefits from 2027-05-01', () => {
    const q = quoteFee(P2027, { ...resident, history: paid(2024) });
    expect([q.window, q.allowed, q.benefitStart, q.benefitEnd, q.waitingDays]).toEqual(['declaration', true, '2027-05-01', '2027-12-31', 120]);
    expect(q.reasons.find((r) => r.rule === 'waiting_period.fixed')?.message).toContain('3 个月');
    expect(q.reasons.find((r) => r.rule === 'waiting_period.variable')?.message).toContain('断保 2 年');
    expect(q.reasons.find((r) => r.rule === 'waiting_period.total')?.source).toEqual({ notice: 'public', section: '国办发〔2024〕38号 健全参保长效机制' });
  });

  it('…with one year back-paid at the current rate → 3 months, benefits from 2027-04-01', () => {
    const q = quoteFee(P2027, { ...resident, history: paid(2024), backPaidYears: 1 });
    expect([q.benefitStart, q.waitingDays, q.payableFen]).toEqual(['2027-04-01', 90, 40000]);
    expect(q.reasons.find((r) => r.rule === 'waiting_period.back_pay')?.message).toContain('共 400.00 元');
  });

  it('continuous enrollment in the window: no wait, and the incentive after 4 years', () => {
    const q = quoteFee(P2027, { ...resident, history: paid(2023, 2024, 2025, 2026) });
    expect([q.benefitStart, q.waitingDays]).toEqual(['2027-01-01', 0]);
    expect(q.reasons.find((r) => r.rule === 'continuity_incentive')?.message).toContain('提高 1000.00 元');
  });

  it('late in the year: 3 months from the payment date', () => {
    const q = quoteFee(P2027, { ...resident, applyDate: '2027-03-15', history: paid(2025, 2026) });
    expect([q.window, q.allowed, q.benefitStart, q.waitingDays]).toEqual(['outside', true, '2027-06-15', 92]);
  });
});

describe('template-2025 itself', () => {
  const baby = { inSchool: false, hukouType: 'local_urban' as const };

  it('400 yuan individual, marked unsure', () => {
    const q = quoteFee(TEMPLATE_2025, { ...resident, applyDate: '2024-10-01' });
    expect([q.totalFen, q.allowed, q.benefitStart, q.waitingDays]).toEqual([40000, true, '2025-01-01', 0]);
    // Marked for the agency's policy page; the quote itself says only the rule.
    expect(TEMPLATE_2025.categories.find((c) => c.code === q.category.code)?.unsure).toBe(true);
  });

  it('newborn within 90 days: no wait, covered from birth; day 91: late, 3 months', () => {
    const ok = quoteFee(TEMPLATE_2025, { ...baby, birthDate: '2025-03-01', applyDate: '2025-05-30' });
    expect([ok.allowed, ok.benefitStart, ok.waitingDays]).toEqual([true, '2025-03-01', 0]);
    expect(rules(ok)).toContain('waiting_period.exempt');
    const late = quoteFee(TEMPLATE_2025, { ...baby, birthDate: '2025-03-01', applyDate: '2025-05-31' });
    expect([late.allowed, late.benefitStart]).toEqual([true, '2025-08-31']);
  });

  it('subsidies: 低保 60% (240 of 400, half-up), 特困 full; the best of several wins', () => {
    const dibao = quoteFee(TEMPLATE_2025, { ...resident, applyDate: '2024-10-01', exemptions: [{ name: '低保' }] });
    expect([dibao.subsidyFen, dibao.payableFen, dibao.subsidy?.kind]).toEqual([24000, 16000, 'percent']);
    const both = quoteFee(TEMPLATE_2025, { ...resident, applyDate: '2024-10-01', exemptions: [{ name: '低保' }, { name: '特困人员' }] });
    expect([both.subsidy?.code, both.payableFen]).toEqual(['tekun', 0]);
    expect(rules(both)).toContain('subsidy.not_chosen');
  });

  it('non-local residents need a residence permit; the refusal says what to fill in', () => {
    const none = quoteFee(TEMPLATE_2025, { ...resident, applyDate: '2024-10-01', hukouType: 'nonlocal' });
    expect(none.eligible).toBe(false);
    expect(none.reasons.find((r) => r.rule === 'eligibility.residence_permit')?.message).toBe('非本地户籍人员须持有居住证方可参保：请填写居住证起始日期');
    const held = quoteFee(TEMPLATE_2025, { ...resident, applyDate: '2024-10-01', hukouType: 'nonlocal', residencePermitSince: '2024-10-01' });
    expect(held.eligible).toBe(true);
    // No minimum in this profile: holding one is enough, and the answer does not speak of "0 months".
    expect(held.reasons.find((r) => r.rule === 'eligibility.residence_permit')?.message).toBe('持居住证（自 2024-10-01 起），可在本地参保');
    const future = quoteFee(TEMPLATE_2025, { ...resident, applyDate: '2024-10-01', hukouType: 'nonlocal', residencePermitSince: '2024-11-01' });
    expect(future.eligible).toBe(false);
    expect(future.reasons.find((r) => r.rule === 'eligibility.residence_permit')?.message).toContain('晚于申报日');
  });

  it('the months a permit must be held come from the profile: three months refuse a permit one month old', () => {
    const threeMonths = { ...TEMPLATE_2025, eligibility: { ...TEMPLATE_2025.eligibility, residencePermit: { ...TEMPLATE_2025.eligibility.residencePermit!, minMonths: 3 } } };
    const young = quoteFee(threeMonths, { ...resident, applyDate: '2024-10-01', hukouType: 'nonlocal', residencePermitSince: '2024-09-01' });
    expect(young.eligible).toBe(false);
    expect(young.reasons.find((r) => r.rule === 'eligibility.residence_permit')?.message).toBe(
      '居住证自 2024-09-01 起持有，至申报日 2024-10-01 未满 3 个月：2024-12-01 起满 3 个月后方可申报；如起始日期有误，请更正居住证起始日期',
    );
    expect(quoteFee(threeMonths, { ...resident, applyDate: '2024-10-01', hukouType: 'nonlocal', residencePermitSince: '2024-07-01' }).eligible).toBe(true);
  });

  it('only templates can be instantiated', () => {
    expect(() => instantiateTemplate(getReadyProfile('suzhou-2019'), 2020)).toThrow(/不是模板/);
    expect(instantiateTemplate(TEMPLATE_2025, 2028).newborn).toEqual(TEMPLATE_2025.newborn);
  });
});

import { describe, expect, it } from 'vitest';
import { quoteFee } from '../engine';
import type { TFeeFacts } from '../fee-quote';
import { buildId } from '../test-helpers';
import { BEIJING_2007 as P } from './beijing-2007';

const pupil: TFeeFacts = { birthDate: '1998-03-01', gender: 'male', inSchool: true, schoolLevel: 'primary', hukouType: 'local_urban', applyDate: '2007-09-10' };
const elder: TFeeFacts = { birthDate: '1946-05-01', gender: 'male', inSchool: false, hukouType: 'local_urban', applyDate: '2007-09-10' };
const rules = (q: { reasons: { rule: string }[] }) => q.reasons.map((r) => r.rule);

describe('beijing-2007 (京社保发[2007]42号): fees are not in the notice — public values, flagged', () => {
  it('students and children pay 50 (individual half of 100), through the school', () => {
    const q = quoteFee(P, pupil);
    expect([q.category.code, q.totalFen, q.payableFen, q.path.code]).toEqual(['student_child', 5000, 5000, 'school']);
    // Marked for the agency's policy page; the quote itself says only the rule.
    expect(P.categories.find((c) => c.code === q.category.code)?.unsure).toBe(true);
    expect(q.reasons.find((r) => r.rule === 'category')?.source.notice).toBe('public');
  });

  it('students are covered from 1 September (十); elderly from 1 October (十三)', () => {
    const s = quoteFee(P, pupil);
    expect([s.benefitStart, s.benefitEnd]).toEqual(['2007-09-01', '2008-08-31']);
    const e = quoteFee(P, elder);
    expect([e.category.code, e.totalFen, e.path.code]).toEqual(['elderly', 30000, 'community']);
    expect([e.benefitStart, e.benefitEnd]).toEqual(['2007-10-01', '2008-09-30']);
    expect(e.reasons.find((r) => r.rule === 'benefit_period')?.source).toEqual({ notice: '002', section: '十三' });
  });

  it.each([
    ['male', '1947-09-10', true], // 60 on the apply date
    ['male', '1947-09-11', false], // 59
    ['female', '1957-09-10', true], // 50
    ['female', '1957-09-11', false], // 49
  ] as const)('%s born %s → elderly %s', (gender, birthDate, eligible) => {
    const q = quoteFee(P, { ...elder, gender, birthDate });
    expect(q.eligible).toBe(eligible);
    if (!eligible) expect(rules(q).some((r) => r.startsWith('eligibility.working_age'))).toBe(true);
  });

  it('gender comes from the ID number (a woman of 52)', () => {
    const q = quoteFee(P, { idNumber: buildId('110105', '1955-02-01', 'female'), inSchool: false, hukouType: 'local_urban', applyDate: '2007-09-10' });
    expect([q.eligible, q.category.code]).toEqual([true, 'elderly']);
  });

  it('without gender the age band 50–59 cannot be decided', () => {
    const q = quoteFee(P, { birthDate: '1952-01-01', inSchool: false, hukouType: 'local_urban', applyDate: '2007-09-10' });
    expect(q.eligible).toBe(false);
    expect(rules(q)).toContain('category.gender_required');
  });

  it('a local urban child not in school enrolls at the street office', () => {
    const q = quoteFee(P, { birthDate: '2004-01-01', inSchool: false, hukouType: 'local_urban', applyDate: '2007-09-10' });
    expect([q.eligible, q.category.code, q.path.code]).toEqual([true, 'student_child', 'community']);
  });
});

describe('beijing-2007: windows (十、十二、十四)', () => {
  it.each([
    ['2007-06-30', 'outside', false],
    ['2007-07-01', 'declaration', true],
    ['2007-09-05', 'declaration', true],
    ['2007-09-11', 'declaration', true],
    ['2007-09-30', 'declaration', true],
    ['2007-10-01', 'outside', false],
  ] as const)('%s → %s, allowed %s', (applyDate, window, allowed) => {
    const q = quoteFee(P, { ...pupil, applyDate });
    expect([q.window, q.allowed]).toEqual([window, allowed]);
  });
});

describe('beijing-2007: 七 borrowing students, hukou rules', () => {
  it('a non-local pupil may enroll only when exempt from borrowing fees, through the borrowing school', () => {
    expect(quoteFee(P, { ...pupil, hukouType: 'nonlocal' }).eligible).toBe(false);
    const q = quoteFee(P, { ...pupil, hukouType: 'nonlocal', flags: ['borrowing_fee_exempt'] });
    expect([q.eligible, q.path.code]).toEqual([true, 'school']);
  });

  it('rural-hukou persons not in school are outside the urban scheme', () => {
    expect(quoteFee(P, { ...elder, hukouType: 'local_rural' }).eligible).toBe(false);
  });

  it('persons with other medical cover are not eligible (十一)', () => {
    expect(quoteFee(P, { ...elder, coveredElsewhere: true }).eligible).toBe(false);
  });
});

describe('beijing-2007: 九 hardship subsidy needs the 生活困难补助金领取证', () => {
  it('with the certificate → pays 0', () => {
    const q = quoteFee(P, { ...pupil, exemptions: [{ name: '低保', evidence: 'certificate', certificateNumber: 'BJ-001' }] });
    expect(q.subsidy).toEqual({ code: 'living_hardship', name: '享受本市居民生活困难补助待遇人员', kind: 'full' });
    expect(q.payableFen).toBe(0);
    expect(q.reasons.find((r) => r.rule === 'subsidy.best')?.source).toEqual({ notice: '002', section: '九' });
  });

  it('without papers it is not applied', () => {
    const q = quoteFee(P, { ...elder, exemptions: [{ name: '低保', evidence: 'department_list' }] });
    expect(q.payableFen).toBe(30000);
    expect(q.reasons.find((r) => r.rule === 'subsidy.rejected')?.message).toContain('北京市城市居民生活困难补助金领取证');
  });
});

import { describe, expect, it } from 'vitest';
import { quoteFee } from '../engine';
import type { TFeeFacts } from '../fee-quote';
import { NANCHONG_2023, NANCHONG_2024 } from './nanchong';

const pupil: TFeeFacts = { birthDate: '2012-09-09', inSchool: true, schoolLevel: 'primary', hukouType: 'local_rural', applyDate: '2023-02-20' };
const rules = (q: { reasons: { rule: string }[] }) => q.reasons.map((r) => r.rule);

describe('nanchong-2023 (南医保〔2023〕5号)', () => {
  it('三 350 yuan per pupil for the 2023 year, through the school', () => {
    const q = quoteFee(NANCHONG_2023, pupil);
    expect([q.year, q.totalFen, q.payableFen, q.path.code, q.allowed]).toEqual([2023, 35000, 35000, 'school', true]);
    expect(q.reasons.find((r) => r.rule === 'category')?.source).toEqual({ notice: '001', section: '三、在校学生个人缴费标准' });
    expect(NANCHONG_2023.categories.find((c) => c.code === q.category.code)?.unsure).toBeFalsy();
  });

  it.each([
    ['2022-08-31', 'outside', false],
    ['2022-09-01', 'declaration', true],
    ['2023-02-28', 'declaration', true],
    ['2023-03-01', 'outside', false],
  ] as const)('二 collection by the end of February 2023: %s → %s', (applyDate, window, allowed) => {
    const q = quoteFee(NANCHONG_2023, { ...pupil, applyDate });
    expect([q.window, q.allowed]).toEqual([window, allowed]);
  });

  it.each([
    ['特困人员', 0, { code: 'tekun', name: '特困人员', kind: 'full' }],
    ['低保对象', 35000, null],
    ['脱贫户', 35000, null],
    ['重度残疾', 35000, null],
    ['防止返贫监测对象', 35000, null],
    ['重度精神病人', 35000, null],
    ['失地农民', 35000, null],
  ])('一 %s enrolls as a family, not through school', (name, payable, subsidy) => {
    const q = quoteFee(NANCHONG_2023, { ...pupil, exemptions: [{ name }] });
    expect(q.path.code).toBe('family');
    expect(q.payableFen).toBe(payable);
    expect(q.subsidy).toEqual(subsidy);
    expect(q.reasons.find((r) => r.rule === 'path.family')?.source).toEqual({ notice: '001', section: '一、参保范围和对象' });
  });

  it('kindergarten children are covered; persons not in school and university students are not', () => {
    expect(quoteFee(NANCHONG_2023, { ...pupil, birthDate: '2018-01-01', schoolLevel: 'kindergarten' }).eligible).toBe(true);
    expect(quoteFee(NANCHONG_2023, { ...pupil, inSchool: false, schoolLevel: null }).eligible).toBe(false);
    expect(quoteFee(NANCHONG_2023, { ...pupil, birthDate: '2003-01-01', schoolLevel: 'university' }).eligible).toBe(false);
  });

  it('四 later years: only new and leaving pupils are collected', () => {
    const q = quoteFee(NANCHONG_2023, { ...pupil, history: [{ year: 2022, enrolled: true, paid: true, inWindow: true }] });
    expect(rules(q)).toContain('registration.continuing');
    expect(quoteFee(NANCHONG_2023, pupil).reasons.find((r) => r.rule === 'registration.first_time')?.message).toContain('批量参保模板');
  });
});

describe('nanchong-2024 (the notice’s standing rule, amount from public sources)', () => {
  it('school collection for 2024 ends 2023-09-30; 380 yuan flagged unsure', () => {
    const q = quoteFee(NANCHONG_2024, { ...pupil, applyDate: '2023-09-30' });
    expect([q.year, q.window, q.allowed, q.totalFen]).toEqual([2024, 'declaration', true, 38000]);
    expect(NANCHONG_2024.categories.find((c) => c.code === q.category.code)?.unsure).toBe(true);
    expect(quoteFee(NANCHONG_2024, { ...pupil, applyDate: '2023-10-01' }).allowed).toBe(false);
  });
});

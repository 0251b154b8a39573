import { describe, expect, it } from 'vitest';
import { quoteFee } from '../engine';
import type { TFeeFacts } from '../fee-quote';
import { buildId } from '../test-helpers';
import { SUZHOU_2019 as P } from './suzhou-2019';

// A pupil of a Suzhou urban-district primary school with local hukou, in the declaration window.
const pupil: TFeeFacts = { birthDate: '2011-04-02', inSchool: true, schoolLevel: 'primary', hukouType: 'local_urban', applyDate: '2018-10-08' };
const quote = (over: Partial<TFeeFacts> = {}) => quoteFee(P, { ...pupil, ...over });
const rules = (q: ReturnType<typeof quote>) => q.reasons.map((r) => r.rule);

describe('suzhou-2019 (苏社基〔2018〕55号): 三、申报缴费标准', () => {
  it('190 yuan including 20 critical illness: basic 170 + critical 20', () => {
    const q = quote();
    expect(q.totalFen).toBe(19000);
    expect(q.parts).toEqual([
      { code: 'basic', name: '基本医疗保险费', amountFen: 17000 },
      { code: 'critical_illness', name: '大病保险费', amountFen: 2000 },
    ]);
    expect(q.payableFen).toBe(19000);
    expect(q.subsidy).toBeNull();
    expect(q.category).toEqual({ code: 'student_child', name: '学生（少儿）' });
    expect(q.reasons.find((r) => r.rule === 'category')?.source).toEqual({ notice: '000', section: '三、申报缴费标准' });
  });

  it.each([
    ['低保人员', 'dibao'],
    ['低保边缘人员', 'dibao_edge'],
    ['特困供养人员', 'tekun_support'],
    ['孤儿', 'orphan'],
    ['临救大病人员', 'major_illness_relief'],
    ['重点优抚对象', 'key_entitled'],
    ['建档立卡人员', 'registered_poor'],
    ['困难残疾学生', 'disabled_poor_student'],
  ])('%s (local hukou) pays 0, full fiscal subsidy', (name, code) => {
    const q = quote({ exemptions: [{ name }] });
    expect(q.subsidy).toEqual({ code, name, kind: 'full' });
    expect(q.subsidyFen).toBe(19000);
    expect(q.payableFen).toBe(0);
    expect(q.allowed).toBe(true);
  });

  it('matches identities by code or alias too (lists from departments use short names)', () => {
    expect(quote({ exemptions: [{ code: 'orphan' }] }).payableFen).toBe(0);
    expect(quote({ exemptions: [{ name: '低保' }] }).subsidy?.code).toBe('dibao');
  });

  it('exemption is only for 本市户籍: a migrant pupil with 低保 elsewhere pays 190', () => {
    const q = quote({
      hukouType: 'nonlocal',
      hukouRegionCode: '341122',
      pointsEligibility: { appliedOn: '2018-07-02', approved: true },
      exemptions: [{ name: '低保人员' }],
    });
    expect(q.eligible).toBe(true);
    expect(q.payableFen).toBe(19000);
    expect(q.reasons.find((r) => r.rule === 'subsidy.rejected')?.message).toContain('仅限');
  });

  it('大市 hukou (e.g. 常熟 320581) counts as 本市户籍 for the exemption', () => {
    const q = quote({ hukouType: 'nonlocal', hukouRegionCode: '320581', exemptions: [{ name: '孤儿' }] });
    expect(q.eligible).toBe(true);
    expect(q.payableFen).toBe(0);
  });

  it('an identity not in the notice gives no exemption', () => {
    const q = quote({ exemptions: [{ name: '计生特扶' }] });
    expect(q.payableFen).toBe(19000);
    expect(rules(q)).toContain('subsidy.unknown_identity');
  });
});

describe('suzhou-2019: 二、申报缴费期限 (inclusive days)', () => {
  it.each([
    ['2018-08-31', 'outside', false, 'window.not_open'],
    ['2018-09-01', 'declaration', true, 'window.declaration'],
    ['2018-11-20', 'declaration', true, 'window.declaration'],
    ['2018-11-21', 'adjustment', true, 'window.adjustment'],
    ['2018-11-30', 'adjustment', true, 'window.adjustment'],
    ['2018-12-01', 'outside', false, 'window.closed'],
    ['2019-03-01', 'outside', false, 'window.closed'],
  ] as const)('%s → %s, allowed %s', (applyDate, window, allowed, rule) => {
    const q = quote({ applyDate });
    expect(q.window).toBe(window);
    expect(q.allowed).toBe(allowed);
    expect(rules(q)).toContain(rule);
  });

  it('the adjustment window says what it is for; after it nothing is accepted (五.1)', () => {
    expect(quote({ applyDate: '2018-11-25' }).reasons.find((r) => r.rule === 'window.adjustment')?.message).toContain('仅用于参保人员的调整和补申报');
    const closed = quote({ applyDate: '2018-12-01' }).reasons.find((r) => r.rule === 'window.closed');
    expect(closed?.message).toContain('不再受理');
    expect(closed?.source).toEqual({ notice: '000', section: '五、注意事项 1' });
  });

  it('paid in the window → benefits 2019-01-01 to 2019-12-31 (五.2), no waiting period', () => {
    const q = quote();
    expect([q.benefitStart, q.benefitEnd, q.waitingDays]).toEqual(['2019-01-01', '2019-12-31', 0]);
  });
});

describe('suzhou-2019: 一、申报缴费办理 — enrollment paths', () => {
  it.each([
    ['local pupil at a Suzhou school', { inSchool: true, schoolLevel: 'primary' }, 'school'],
    ['kindergarten child', { inSchool: true, schoolLevel: 'kindergarten', birthDate: '2014-06-01' }, 'school'],
    ['local child not in school', { inSchool: false, schoolLevel: null, birthDate: '2015-02-01' }, 'community'],
    ['local infant', { inSchool: false, schoolLevel: null, birthDate: '2018-01-01' }, 'community'],
    ['local pupil at a school elsewhere', { inSchool: true, schoolLevel: 'middle', schoolInRegion: false }, 'community'],
    ['migrant pupil whose parent has local hukou, school elsewhere', { hukouType: 'nonlocal', schoolInRegion: false, flags: ['parent_local_hukou'] }, 'community'],
  ] as const)('%s → %s', (_label, over, path) => {
    const q = quote(over as Partial<TFeeFacts>);
    expect(q.eligible).toBe(true);
    expect(q.path.code).toBe(path);
  });

  it.each([
    ['university student', { inSchool: true, schoolLevel: 'university', birthDate: '2000-01-01' }, 'eligibility.university'],
    ['local 18-year-old not in school', { inSchool: false, schoolLevel: null, birthDate: '2000-10-08' }, 'eligibility.adult_not_in_school'],
    ['migrant child not in school', { inSchool: false, schoolLevel: null, hukouType: 'nonlocal' }, 'eligibility.nonlocal_not_in_school'],
    ['migrant pupil at a school elsewhere', { hukouType: 'nonlocal', schoolInRegion: false }, 'eligibility.nonlocal_school_elsewhere'],
  ] as const)('%s → not eligible (%s)', (_label, over, rule) => {
    const q = quote(over as Partial<TFeeFacts>);
    expect(q.eligible).toBe(false);
    expect(q.allowed).toBe(false);
    expect(rules(q)).toContain(rule);
  });

  it('the day before the 18th birthday a local youth not in school is still covered', () => {
    expect(quote({ inSchool: false, schoolLevel: null, birthDate: '2000-10-09' }).eligible).toBe(true);
  });
});

describe('suzhou-2019: 四.3 migrant children need 积分入医 (applied 6月至9月10日), not for high school and above', () => {
  const migrant = { hukouType: 'nonlocal' as const, hukouRegionCode: '341122' };

  it('without points eligibility → not eligible, and says why', () => {
    const q = quote(migrant);
    expect(q.eligible).toBe(false);
    const reason = q.reasons.find((r) => r.rule === 'eligibility.points');
    expect(reason?.message).toContain('2018-06-01 至 2018-09-10');
    expect(reason?.message).toContain('视为自动放弃');
    expect(reason?.source).toEqual({ notice: '000', section: '四、申报缴费手续 3.办理流动人口子女积分入医手续' });
  });

  it.each([
    ['2018-06-01', true, true],
    ['2018-09-10', true, true],
    ['2018-05-31', true, false],
    ['2018-09-11', true, false],
    ['2018-07-15', false, false],
  ])('applied %s, approved %s → eligible %s', (appliedOn, approved, eligible) => {
    const q = quote({ ...migrant, pointsEligibility: { appliedOn, approved } });
    expect(q.eligible).toBe(eligible);
    if (eligible) expect(q.path.code).toBe('school');
  });

  it.each(['high', 'vocational'] as const)('%s-school migrant: points not applicable, enrolls through the school', (schoolLevel) => {
    const q = quote({ ...migrant, schoolLevel, birthDate: '2002-03-03' });
    expect(q.eligible).toBe(true);
    expect(q.path.code).toBe('school');
    expect(q.reasons.find((r) => r.rule === 'eligibility.points.not_applicable')?.message).toContain('高中段以上学生不纳入');
  });

  it('only the first enrollment needs it: a continuing migrant pupil does not', () => {
    const q = quote({ ...migrant, history: [{ year: 2018, enrolled: true, paid: true, inWindow: true }] });
    expect(q.eligible).toBe(true);
    expect(rules(q)).toContain('eligibility.points.continuing');
  });

  it.each([
    ['foreign / HK-Macau-Taiwan pupil', { flags: ['foreign_or_hmt'] }],
    ['pupil with a parent of local hukou', { flags: ['parent_local_hukou'] }],
    ['pupil with 大市 hukou (工业园区 320571)', { hukouRegionCode: '320571' }],
  ])('%s needs no points eligibility', (_label, over) => {
    const q = quote({ ...migrant, ...over });
    expect(q.eligible).toBe(true);
    expect(rules(q)).toContain('eligibility.points.not_required');
  });
});

describe('suzhou-2019: 五.3 newborns within 3 months, full year, current-year benefits', () => {
  const baby = { inSchool: false, schoolLevel: null, hukouType: 'local_urban' as const };

  it('born 2019-03, applying 2019-05 (2 months) → allowed outside the window, pays 190, covered from birth in 2019', () => {
    const q = quote({ ...baby, birthDate: '2019-03-10', applyDate: '2019-05-20' });
    expect(q.window).toBe('outside');
    expect(q.allowed).toBe(true);
    expect(q.payableFen).toBe(19000);
    expect(q.path).toEqual({ code: 'community', name: '户籍所在地社区社保工作机构' });
    expect([q.benefitStart, q.benefitEnd]).toEqual(['2019-03-10', '2019-12-31']);
    expect(q.reasons.find((r) => r.rule === 'newborn')?.source).toEqual({ notice: '000', section: '五、注意事项 3' });
  });

  it('born 2019-01, applying 2019-05 (4 months) → too late', () => {
    const q = quote({ ...baby, birthDate: '2019-01-10', applyDate: '2019-05-20' });
    expect(q.allowed).toBe(false);
    expect(rules(q)).toEqual(expect.arrayContaining(['window.closed', 'newborn.expired']));
  });

  it.each([
    ['2019-06-15', true],
    ['2019-06-16', false],
  ])('born 2019-03-15: applying %s → allowed %s (3 months end on the same day)', (applyDate, allowed) => {
    expect(quote({ ...baby, birthDate: '2019-03-15', applyDate }).allowed).toBe(allowed);
  });

  it('born 2018-12-15, applying 2019-01-10 → 2019 benefits from 2019-01-01', () => {
    const q = quote({ ...baby, birthDate: '2018-12-15', applyDate: '2019-01-10' });
    expect(q.allowed).toBe(true);
    expect(q.benefitStart).toBe('2019-01-01');
  });

  it('a newborn born in the declaration window is declared normally', () => {
    const q = quote({ ...baby, birthDate: '2018-10-01', applyDate: '2018-10-20' });
    expect([q.window, q.allowed, q.benefitStart, q.path.code]).toEqual(['declaration', true, '2019-01-01', 'community']);
  });

  it('a migrant newborn cannot use the rule (户籍所在地社区)', () => {
    const q = quote({ ...baby, hukouType: 'nonlocal', birthDate: '2019-03-10', applyDate: '2019-04-01' });
    expect(q.eligible).toBe(false);
    expect(q.allowed).toBe(false);
  });
});

describe('suzhou-2019: 四.2 registration and ID numbers', () => {
  it('first-time local pupils register at the community office; continuing pupils need none', () => {
    expect(quote().reasons.find((r) => r.rule === 'registration.first_time')?.message).toContain('户籍所在地社区社保工作机构');
    const q = quote({ history: [{ year: 2018, enrolled: true, paid: true, inWindow: true }] });
    expect(rules(q)).toContain('registration.continuing');
  });

  it('first-time migrant pupils with points are registered by the centre', () => {
    const q = quote({ hukouType: 'nonlocal', pointsEligibility: { appliedOn: '2018-07-02', approved: true } });
    expect(q.reasons.find((r) => r.rule === 'registration.first_time')?.message).toContain('积分入医人员确认时自动登记');
  });

  it('derives birth date and age from the ID number', () => {
    const idNumber = buildId('320508', '2000-10-09', 'female');
    const q = quoteFee(P, { idNumber, inSchool: false, hukouType: 'local_urban', applyDate: '2018-10-08' });
    expect(q.eligible).toBe(true);
    expect(q.reasons.find((r) => r.rule === 'category')?.message).toContain('17 周岁');
  });
});

import { describe, expect, it } from 'vitest';
import { quoteFee } from '../engine';
import type { TFeeFacts } from '../fee-quote';
import { buildId } from '../test-helpers';
import { carryProfileToYear } from '../template';
import { NANTONG_2021 as P } from './nantong-2021';

const adult: TFeeFacts = { birthDate: '1980-06-01', inSchool: false, hukouType: 'local_urban', applyDate: '2020-11-15' };
const quote = (over: Partial<TFeeFacts> = {}) => quoteFee(P, { ...adult, ...over });
const rules = (q: ReturnType<typeof quote>) => q.reasons.map((r) => r.rule);
const cert = { evidence: 'certificate' as const, certificateNumber: 'NT2020-0001', validFrom: '2020-01-01', validTo: '2021-12-31' };

describe('nantong-2021 (通医保发〔2020〕86号): 二、缴费标准', () => {
  it('adult (18+) pays 430 incl. 20 critical illness + 30 long-term care (basic 380)', () => {
    const q = quote();
    expect(q.category.code).toBe('adult');
    expect(q.totalFen).toBe(43000);
    expect(q.parts).toEqual([
      { code: 'basic', name: '基本医疗保险费', amountFen: 38000 },
      { code: 'critical_illness', name: '大病保险费', amountFen: 2000 },
      { code: 'long_term_care', name: '照护保险费', amountFen: 3000 },
    ]);
    expect(q.payableFen).toBe(43000);
  });

  it('minor under 18 not in school pays 300 incl. 20 critical illness (basic 280)', () => {
    const q = quote({ birthDate: '2010-01-01' });
    expect(q.category.code).toBe('minor');
    expect(q.totalFen).toBe(30000);
    expect(q.parts.map((p) => [p.code, p.amountFen])).toEqual([
      ['basic', 28000],
      ['critical_illness', 2000],
    ]);
  });

  it.each([
    ['2020-11-15', 'adult', 43000],
    ['2020-11-14', 'minor', 30000],
  ])('born 2002-11-15, applying %s → %s (%i fen)', (applyDate, code, total) => {
    const q = quote({ birthDate: '2002-11-15', applyDate });
    expect([q.category.code, q.totalFen]).toEqual([code, total]);
  });

  it('a newborn (age 0) is a minor', () => {
    expect(quote({ birthDate: '2020-11-01' }).category.code).toBe('minor');
  });
});

describe('nantong-2021: 三、缴费时间 2020-11-01 … 2020-12-20 (inclusive)', () => {
  it.each([
    ['2020-10-31', 'outside', false],
    ['2020-11-01', 'declaration', true],
    ['2020-12-20', 'declaration', true],
    ['2020-12-21', 'outside', false],
  ] as const)('%s → %s, allowed %s', (applyDate, window, allowed) => {
    const q = quote({ applyDate });
    expect([q.window, q.allowed]).toEqual([window, allowed]);
  });

  it('after the window: the notice only says a 过渡期 will be announced', () => {
    const q = quote({ applyDate: '2021-01-05' });
    expect(q.reasons.find((r) => r.rule === 'window.closed')?.message).toContain('过渡期');
  });

  it('benefits for the 2021 year, no waiting period', () => {
    const q = quote();
    expect([q.benefitStart, q.benefitEnd, q.waitingDays]).toEqual(['2021-01-01', '2021-12-31', 0]);
  });

  it('no newborn exception in this notice', () => {
    const q = quote({ birthDate: '2021-02-01', applyDate: '2021-03-01' });
    expect(q.allowed).toBe(false);
  });
});

describe('nantong-2021: 一、参保对象 — hukou or residence permit ≥ 3 months', () => {
  it('local hukou residents enroll at the 劳动保障服务所（站）', () => {
    const q = quote({ hukouType: 'local_rural' });
    expect(q.eligible).toBe(true);
    expect(q.path.code).toBe('community');
  });

  it.each([
    [undefined, false],
    ['2020-08-15', true], // exactly 3 months on 2020-11-15
    ['2020-08-16', false],
    ['2019-01-01', true],
  ])('non-local, permit since %s → eligible %s', (residencePermitSince, eligible) => {
    const q = quote({ hukouType: 'nonlocal', ...(residencePermitSince ? { residencePermitSince } : {}) });
    expect(q.eligible).toBe(eligible);
    const reason = q.reasons.find((r) => r.rule === 'eligibility.residence_permit');
    expect(reason?.source).toEqual({ notice: '004', section: '一、参保对象' });
    if (!eligible) expect(reason?.message).toMatch(/居住证或暂住证/);
  });

  it('already covered by employee insurance or elsewhere → not eligible', () => {
    const q = quote({ coveredElsewhere: true });
    expect(q.eligible).toBe(false);
    expect(rules(q)).toContain('eligibility.covered_elsewhere');
  });

  it('pupils of urban-district schools are not covered by this notice', () => {
    const q = quote({ birthDate: '2010-01-01', inSchool: true, schoolLevel: 'primary' });
    expect(q.eligible).toBe(false);
    expect(rules(q)).toContain('eligibility.in_region_school');
  });

  it.each([
    ['2006-05-01', 'minor', 30000],
    ['2001-05-01', 'adult', 43000],
  ])('四.2 local-hukou student studying elsewhere (born %s) pays by age band: %s', (birthDate, code, total) => {
    const q = quote({ birthDate, inSchool: true, schoolLevel: birthDate < '2002' ? 'university' : 'high', schoolInRegion: false });
    expect(q.eligible).toBe(true);
    expect([q.category.code, q.totalFen]).toEqual([code, total]);
  });

  it('a non-local student studying elsewhere is not covered', () => {
    const q = quote({ birthDate: '2006-05-01', inSchool: true, schoolLevel: 'high', schoolInRegion: false, hukouType: 'nonlocal', residencePermitSince: '2019-01-01' });
    expect(q.eligible).toBe(false);
  });
});

describe('nantong-2021: 二.3 exemptions with certificate name, number and validity', () => {
  it.each([
    ['低保家庭成员', 'dibao_family'],
    ['特困家庭成员', 'tekun_family'],
    ['1—2级重残人员', 'severe_disability'],
    ['特困供养对象', 'tekun_support'],
    ['临时（享受民政救助）的大重病患者', 'major_illness_relief'],
    ['困境儿童', 'children_in_difficulty'],
    ['低收入家庭部分成员', 'low_income_member'],
    ['农村建档立卡低收入人口', 'registered_poor_rural'],
    ['精减退职人员', 'jingjian_tuizhi'],
    ['重点优抚对象', 'key_entitled'],
  ])('%s with a valid certificate → pays 0 but is declared', (name, code) => {
    const q = quote({ exemptions: [{ name, ...cert }] });
    expect(q.subsidy).toEqual({ code, name, kind: 'full' });
    expect(q.payableFen).toBe(0);
    expect(q.eligible).toBe(true);
    expect(q.allowed).toBe(true);
  });

  it('a minor with an exemption also pays 0', () => {
    expect(quote({ birthDate: '2012-01-01', exemptions: [{ name: '困境儿童', ...cert }] }).payableFen).toBe(0);
  });

  it('departmental lists need no certificate', () => {
    expect(quote({ exemptions: [{ code: 'dibao_family', evidence: 'department_list' }] }).payableFen).toBe(0);
  });

  it('a certificate without number or validity is not enough', () => {
    const q = quote({ exemptions: [{ name: '低保家庭成员', evidence: 'certificate', certificateName: '低保证' }] });
    expect(q.payableFen).toBe(43000);
    expect(q.reasons.find((r) => r.rule === 'subsidy.rejected')?.message).toContain('证件号码、证件有效期');
  });

  it.each([
    [{ validTo: '2020-11-14' }, '已过期'],
    [{ validFrom: '2020-11-16' }, '尚未生效'],
  ])('a certificate outside its validity on the apply date is rejected (%o)', (validity, text) => {
    const q = quote({ exemptions: [{ name: '困境儿童', ...cert, ...validity }] });
    expect(q.payableFen).toBe(43000);
    expect(q.reasons.find((r) => r.rule === 'subsidy.rejected')?.message).toContain(text);
  });

  it('四.1 continuing 2020 enrollees need no new registration; new ones check 户口簿 and ID', () => {
    expect(quote({ history: [{ year: 2020, enrolled: true, paid: true, inWindow: true }] }).reasons.map((r) => r.rule)).toContain('registration.continuing');
    expect(quote().reasons.find((r) => r.rule === 'registration.first_time')?.message).toContain('户口簿');
  });

  it('works from an ID number alone (birth date derived)', () => {
    const q = quoteFee(P, { idNumber: buildId('320602', '2002-11-15'), inSchool: false, hukouType: 'local_urban', applyDate: '2020-11-14' });
    expect(q.category.code).toBe('minor');
  });
});

describe('nantong-2021 carried to 2027 (demo data and rehearsals)', () => {
  const P27 = carryProfileToYear(P, 2027);
  it('moves every date by six years and keeps the rules, amounts and sources', () => {
    expect(P27).toMatchObject({ id: 'nantong-2027', insuranceYear: 2027, name: '南通市区 2027 年度居民医疗保险', regionCode: '320600' });
    expect(P27.declarationWindow).toMatchObject({ start: '2026-11-01', end: '2026-12-20' });
    expect(P27.unpaidList?.dueDate).toBe('2026-12-31');
    expect(P27.categories.map((c) => c.totalFen)).toEqual(P.categories.map((c) => c.totalFen));
    expect(P27.notes?.at(-1)).toBe('本年度方案沿用 2021 年度通知（通医保发〔2020〕86号）的规则与标准，日期顺延至 2027 年度。');
    expect(P27.sourceNotice).toEqual(P.sourceNotice);
  });
  it('still asks three months of a residence permit on the declaration date', () => {
    const nonlocal = { birthDate: '1990-05-01', inSchool: false, hukouType: 'nonlocal' as const, applyDate: '2026-11-23' };
    expect(quoteFee(P27, { ...nonlocal, residencePermitSince: '2026-07-23' }).eligible).toBe(true);
    const short = quoteFee(P27, { ...nonlocal, residencePermitSince: '2026-09-23' });
    expect(short.eligible).toBe(false);
    expect(short.reasons.find((r) => r.rule === 'eligibility.residence_permit')?.message).toContain('未满 3 个月');
  });
  it('refuses a year out of range', () => {
    expect(() => carryProfileToYear(P, 3000)).toThrow('参保年度 3000 无效');
  });
});

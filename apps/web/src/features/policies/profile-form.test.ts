import { NANTONG_2021, READY_PROFILES, SUZHOU_2019, TEMPLATE_2025, instantiateTemplate, validateProfile, type TPolicyProfile } from '@canbao/domain';
import { describe, expect, it } from 'vitest';
import {
  FormValueError,
  emptySelector,
  fenOf,
  formFieldForIssue,
  formNameOfPath,
  formValuesToProfile,
  newCategoryValues,
  newIdentityValues,
  newPathValues,
  profileToFormValues,
  selectorFromValues,
  selectorToValues,
  type TFormFieldName,
} from './profile-form';

const errorsOf = (p: unknown) => validateProfile(p).filter((i) => i.severity === 'error');

/** Every key of a value, at any depth. */
function keysOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      keysOf(v, out);
    }
  }
  return out;
}

describe('profile edit form: round trip', () => {
  const profiles: TPolicyProfile[] = [...READY_PROFILES, instantiateTemplate(TEMPLATE_2025, 2027)];

  it.each(profiles.map((p) => [p.id, p] as const))('%s: profile → form values → profile is the identity', (_id, profile) => {
    const values = profileToFormValues(profile);
    expect(formValuesToProfile(values)).toStrictEqual(profile);
    // Through JSON as the form store would hold it (no shared objects, no undefined).
    expect(formValuesToProfile(JSON.parse(JSON.stringify(values)) as typeof values)).toStrictEqual(profile);
  });

  it.each(profiles.map((p) => [p.id, p] as const))('%s: the form holds no amount in fen and no share in basis points', (_id, profile) => {
    const keys = keysOf(profileToFormValues(profile));
    expect(keys.filter((k) => /Fen$|basisPoints|BasisPoints$/.test(k))).toEqual([]);
  });

  it('never changes the profile it was read from', () => {
    const before = structuredClone(SUZHOU_2019);
    const values = profileToFormValues(SUZHOU_2019);
    values.categories[0]!.parts[0]!.amountYuan = '1';
    values.identities[0]!.name = '改名';
    formValuesToProfile(values);
    expect(SUZHOU_2019).toStrictEqual(before);
  });

  it('keeps keys it does not know, wherever they are', () => {
    const odd = structuredClone(SUZHOU_2019) as TPolicyProfile & Record<string, unknown>;
    odd.futureRule = { a: 1 };
    (odd.categories[0] as unknown as Record<string, unknown>).futureField = 'x';
    (odd.identities[0] as unknown as Record<string, unknown>).futureField = [1, 2];
    expect(formValuesToProfile(profileToFormValues(odd))).toStrictEqual(odd);
  });
});

describe('profile edit form: amounts in yuan', () => {
  it('shows fen as yuan and shares as per cent, exactly', () => {
    const suzhou = profileToFormValues(SUZHOU_2019);
    expect(suzhou.categories[0]!.parts.map((p) => p.amountYuan)).toEqual(['170.00', '20.00']);
    const template = profileToFormValues(TEMPLATE_2025);
    expect(template.identities.find((i) => i.code === 'dibao')!.subsidy).toEqual({ kind: 'percent', percent: '60.00' });
    expect(template.continuityIncentive).toMatchObject({ capIncreasePerExtraYearYuan: '1000.00', maxIncreasePercent: '20.00' });
  });

  it('reads 380.50 元 as 38050 fen and 38050 fen as 380.50 元', () => {
    const values = profileToFormValues(SUZHOU_2019);
    values.identities[1]!.subsidy = { kind: 'fixed', amountYuan: '380.50' };
    const next = formValuesToProfile(values);
    expect(next.identities[1]!.subsidy).toEqual({ kind: 'fixed', amountFen: 38050 });
    expect(profileToFormValues(next).identities[1]!.subsidy).toEqual({ kind: 'fixed', amountYuan: '380.50' });
    expect(fenOf('0.01')).toBe(1);
    expect(fenOf('1,234.56')).toBe(123456);
  });

  it('puts changed amounts and windows back, with the total recomputed', () => {
    const values = profileToFormValues(SUZHOU_2019);
    values.categories[0]!.parts[0]!.amountYuan = '180.5';
    values.declarationWindow.end = '2018-11-18';
    values.adjustmentWindow.start = '2018-11-19';
    const next = formValuesToProfile(values);
    expect(next.categories[0]!.parts[0]!.amountFen).toBe(18050);
    expect(next.categories[0]!.totalFen).toBe(20050);
    expect(next.declarationWindow).toStrictEqual({ ...SUZHOU_2019.declarationWindow, end: '2018-11-18' });
    expect(next.adjustmentWindow?.start).toBe('2018-11-19');
    expect(errorsOf(next)).toEqual([]);
  });

  it('refuses yuan text it cannot read, in Chinese; a negative amount is sent as typed for the server to refuse', () => {
    const values = profileToFormValues(SUZHOU_2019);
    values.categories[0]!.parts[1]!.amountYuan = '12.345';
    expect(() => formValuesToProfile(values)).toThrow(FormValueError);
    expect(() => formValuesToProfile(values)).toThrow('金额格式不正确，须为数字，最多两位小数');
    values.categories[0]!.parts[1]!.amountYuan = '';
    expect(() => formValuesToProfile(values)).toThrow('请填写金额');
    values.categories[0]!.parts[1]!.amountYuan = '-5';
    const next = formValuesToProfile(values);
    expect(next.categories[0]!.parts[1]!.amountFen).toBe(-500);
    expect(errorsOf(next).some((i) => i.path === 'categories.0.parts.1.amountFen')).toBe(true);
    values.categories[0]!.parts[1]!.amountYuan = '20';
    values.identities[0]!.subsidy = { kind: 'percent', percent: '120' };
    expect(() => formValuesToProfile(values)).toThrow('比例须在 0 至 100% 之间');
  });
});

describe('profile edit form: every part', () => {
  it('adds and removes list items: a category, an identity, a path', () => {
    const values = profileToFormValues(NANTONG_2021);
    const identity = newIdentityValues(values.identities.map((i) => i.code), '004');
    values.identities.push({
      ...identity,
      name: '计划生育特殊家庭成员',
      certifyingDepartment: '卫生健康部门',
      subsidy: { kind: 'fixed', amountYuan: '215' },
      source: { notice: '004', section: '二、缴费标准 3' },
    });
    values.identities.splice(0, 1);
    const category = newCategoryValues(values.categories.map((c) => c.code), '004');
    values.categories.push({
      ...category,
      name: '在外地就读的学生',
      select: [{ ...emptySelector(), inSchool: 'yes', schoolInRegion: 'no' }],
      parts: [{ ...category.parts[0]!, amountYuan: '300', source: { notice: '004', section: '四、经办要点 2' } }],
      source: { notice: '004', section: '四、经办要点 2' },
    });
    values.paths.unshift({ ...newPathValues('004'), path: 'school', name: '就读学校', when: [{ ...emptySelector(), inSchool: 'yes' }], source: { notice: '004', section: '一' } });
    const next = formValuesToProfile(values);
    expect(next.identities).toHaveLength(NANTONG_2021.identities.length);
    expect(next.identities[0]!.code).toBe('tekun_family');
    expect(next.identities.at(-1)).toStrictEqual({
      code: 'identity_1',
      name: '计划生育特殊家庭成员',
      certifyingDepartment: '卫生健康部门',
      subsidy: { kind: 'fixed', amountFen: 21500 },
      source: { notice: '004', section: '二、缴费标准 3' },
    });
    expect(next.categories.at(-1)).toMatchObject({ code: 'category_1', totalFen: 30000, select: [{ inSchool: true, schoolInRegion: false }] });
    expect(next.paths[0]).toStrictEqual({ path: 'school', name: '就读学校', when: [{ inSchool: true }], source: { notice: '004', section: '一' } });
    expect(errorsOf(next)).toEqual([]);
  });

  it('reads selectors both ways: 不限 leaves a condition out, empty lists too', () => {
    for (const p of READY_PROFILES) {
      for (const c of p.categories) for (const s of c.select) expect(selectorFromValues(selectorToValues(s))).toStrictEqual(s);
    }
    expect(selectorFromValues(emptySelector())).toStrictEqual({});
    expect(selectorFromValues({ ...emptySelector(), inSchool: 'no', ageMin: 0, newborn: 'yes', genders: ['female'] })).toStrictEqual({
      inSchool: false,
      ageMin: 0,
      newborn: true,
      genders: ['female'],
    });
  });

  it('switches optional parts off and on again without losing what they held', () => {
    const values = profileToFormValues(SUZHOU_2019);
    values.adjustmentWindow.isSet = false;
    values.newborn.isSet = false;
    values.eligibility.pointsEligibility.isSet = false;
    values.registration.isSet = false;
    const off = formValuesToProfile(values);
    expect(off).not.toHaveProperty('adjustmentWindow');
    expect(off.newborn).toBeNull();
    expect(off.eligibility).not.toHaveProperty('pointsEligibility');
    expect(off).not.toHaveProperty('registration');
    values.adjustmentWindow.isSet = true;
    values.newborn.isSet = true;
    values.eligibility.pointsEligibility.isSet = true;
    values.registration.isSet = true;
    expect(formValuesToProfile(values)).toStrictEqual(SUZHOU_2019);
  });

  it('adds what a profile lacked: an adjustment window, a newborn rule, a waiting period, a continuity incentive', () => {
    const values = profileToFormValues(NANTONG_2021);
    values.adjustmentWindow = { ...values.adjustmentWindow, isSet: true, start: '2020-12-21', end: '2020-12-31', allows: '补申报', source: { notice: '004', section: '三' } };
    values.newborn = { ...values.newborn, isSet: true, source: { notice: '004', section: '一' } };
    values.waitingPeriod = { ...values.waitingPeriod, kind: 'national_2025', exemptIdentityCodes: ['dibao_family'] };
    values.continuityIncentive = { ...values.continuityIncentive, isSet: true, baseCapYuan: '300000', source: { notice: '004', section: '八' } };
    values.lateEnrollment.until = '2021-06-30';
    values.lateEnrollment.allowed = true;
    const next = formValuesToProfile(values);
    expect(next.adjustmentWindow).toStrictEqual({ start: '2020-12-21', end: '2020-12-31', allows: '补申报', source: { notice: '004', section: '三' } });
    expect(next.newborn).toStrictEqual({ within: { unit: 'months', amount: 3 }, fee: 'full_year', benefitFrom: 'birth', source: { notice: '004', section: '一' } });
    expect(next.waitingPeriod).toMatchObject({ kind: 'national_2025', fixedMonths: 3, exemptIdentityCodes: ['dibao_family'] });
    expect(next.continuityIncentive).toMatchObject({ capIncreasePerExtraYearFen: 100000, maxIncreaseBasisPoints: 2000, baseCapFen: 30000000 });
    expect(next.lateEnrollment.until).toBe('2021-06-30');
    expect(errorsOf(next)).toEqual([]);
    values.lateEnrollment.until = null as unknown as string;
    expect(formValuesToProfile(values).lateEnrollment).not.toHaveProperty('until');
  });

  it('leaves out empty optional texts, keeps required ones for the server to name', () => {
    const values = profileToFormValues(SUZHOU_2019);
    values.categories[0]!.note = '';
    values.categories[0]!.source = { ...values.categories[0]!.source, quote: '' };
    values.flags[0]!.source = { notice: '000', section: '' };
    const next = formValuesToProfile(values);
    expect(next.categories[0]).not.toHaveProperty('note');
    expect(next.categories[0]!.source).toStrictEqual({ notice: '000', section: '三、申报缴费标准' });
    expect(errorsOf(next).map((i) => `${i.path} ${i.message}`)).toEqual(['flags.0.source.section 须注明条款']);
  });
});

describe('formFieldForIssue', () => {
  // The fields the Suzhou form registers, as far as these cases need them.
  const fields = new Set(
    [
      'declarationWindow.start',
      'declarationWindow.end',
      'adjustmentWindow.start',
      'categories',
      'categories.0.name',
      'categories.0.unsure',
      'categories.0.select.1',
      'categories.0.parts',
      'categories.0.parts.1.amountYuan',
      'categories.0.source.reference',
      'identities.2.name',
      'identities.2.subsidy.amountYuan',
      'identities.2.aliases',
      'eligibility.exclusions.0.message',
      'eligibility.pointsEligibility.applyWindow.end',
      'newborn.within.amount',
      'continuityIncentive.maxIncreasePercent',
      'paths',
    ].map((n) => n),
  );
  const isField = (name: TFormFieldName) => fields.has(name.join('.'));
  const at = (path: string, message = '有误') => formFieldForIssue({ path, message }, isField);

  it('names amounts in yuan and shares in per cent', () => {
    expect(formNameOfPath('categories.0.parts.1.amountFen')).toEqual(['categories', 0, 'parts', 1, 'amountYuan']);
    expect(formNameOfPath('identities.2.subsidy.basisPoints')).toEqual(['identities', 2, 'subsidy', 'percent']);
    expect(formNameOfPath('continuityIncentive.maxIncreaseBasisPoints')).toEqual(['continuityIncentive', 'maxIncreasePercent']);
  });

  it('maps the paths of the server to the fields showing them', () => {
    expect(at('declarationWindow.end')).toEqual(['declarationWindow', 'end']);
    expect(at('declarationWindow')).toEqual(['declarationWindow', 'end']);
    expect(at('categories.0.parts.1.amountFen')).toEqual(['categories', 0, 'parts', 1, 'amountYuan']);
    expect(at('identities.2.subsidy.amountFen')).toEqual(['identities', 2, 'subsidy', 'amountYuan']);
    expect(at('continuityIncentive.maxIncreaseBasisPoints')).toEqual(['continuityIncentive', 'maxIncreasePercent']);
    expect(at('categories.0.select.1')).toEqual(['categories', 0, 'select', 1]);
    expect(at('eligibility.pointsEligibility.applyWindow')).toEqual(['eligibility', 'pointsEligibility', 'applyWindow', 'end']);
    expect(at('newborn.within')).toEqual(['newborn', 'within', 'amount']);
  });

  it('shows an issue about a whole item under its name, a citation under its reference, a mark under its switch', () => {
    expect(at('identities.2')).toEqual(['identities', 2, 'name']);
    expect(at('identities.2.code')).toEqual(['identities', 2, 'name']);
    expect(at('eligibility.exclusions.0.code')).toEqual(['eligibility', 'exclusions', 0, 'message']);
    expect(at('categories.0.source')).toEqual(['categories', 0, 'source', 'reference']);
    expect(at('categories.0', '取自公开资料（非通知原文）的规则须标记 unsure: true')).toEqual(['categories', 0, 'unsure']);
    expect(at('identities.2.aliases.3')).toEqual(['identities', 2, 'aliases']);
  });

  it('shows issues about a list on the list, and lists only what the form has no field for', () => {
    expect(at('categories')).toEqual(['categories']);
    expect(at('paths')).toEqual(['paths']);
    expect(at('categories.0.totalFen')).toEqual(['categories', 0, 'parts']);
    expect(at('regionCode')).toBeNull();
    expect(at('id')).toBeNull();
    expect(at('')).toBeNull();
  });
});

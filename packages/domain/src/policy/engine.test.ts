import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyWindow, quoteFee, resolvePerson, safeQuoteFee } from './engine';
import { PolicyError, PolicyErrorCode } from './errors';
import { type TFeeFacts, ZFeeQuote } from './fee-quote';
import { HUKOU_TYPES, SCHOOL_LEVELS, type TPolicyProfile } from './profile';
import { READY_PROFILES, getReadyProfile } from './profiles';
import { buildId } from './test-helpers';

const suzhou = getReadyProfile('suzhou-2019');
const template = getReadyProfile('template-2025');
const pupil: TFeeFacts = { birthDate: '2011-04-02', inSchool: true, schoolLevel: 'primary', hukouType: 'local_urban', applyDate: '2018-10-08' };

function expectPolicyError(fn: () => unknown, code: PolicyErrorCode, text?: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).code).toBe(code);
    if (text) expect((error as PolicyError).message).toContain(text);
    return;
  }
  throw new Error('expected a PolicyError');
}

describe('facts and ID numbers', () => {
  it('derives birth date and gender from an 18-digit or legacy 15-digit ID number', () => {
    const id = buildId('320505', '2011-04-02', 'female');
    expect(resolvePerson({ ...pupil, birthDate: undefined, idNumber: id })).toEqual({ birthDate: '2011-04-02', gender: 'female', idNumber: id });
    expect(resolvePerson({ ...pupil, birthDate: undefined, idNumber: '150102880730303' }).birthDate).toBe('1988-07-30');
  });

  it('an invalid ID number is a typed error with a Chinese message', () => {
    const id = buildId('320505', '2011-04-02');
    const wrong = id.slice(0, 17) + (id.endsWith('1') ? '2' : '1');
    expectPolicyError(() => quoteFee(suzhou, { ...pupil, idNumber: wrong }), PolicyErrorCode.INVALID_ID_NUMBER, '身份证号码无效');
    const r = safeQuoteFee(suzhou, { ...pupil, idNumber: '12345' });
    expect(r).toMatchObject({ ok: false, code: PolicyErrorCode.INVALID_ID_NUMBER });
  });

  it('a typed birth date or gender must agree with the ID number', () => {
    const id = buildId('320505', '2011-04-02', 'male');
    expectPolicyError(() => quoteFee(suzhou, { ...pupil, idNumber: id, birthDate: '2011-04-03' }), PolicyErrorCode.BIRTH_DATE_MISMATCH, '不一致');
    expectPolicyError(() => quoteFee(suzhou, { ...pupil, idNumber: id, gender: 'female' }), PolicyErrorCode.GENDER_MISMATCH);
    expect(quoteFee(suzhou, { ...pupil, idNumber: id, birthDate: '2011-04-02', gender: 'male' }).eligible).toBe(true);
  });

  it('rejects incomplete or contradictory facts, listing every problem', () => {
    expectPolicyError(() => quoteFee(suzhou, { ...pupil, birthDate: undefined }), PolicyErrorCode.INVALID_FACTS, '须提供身份证号码或出生日期');
    expectPolicyError(() => quoteFee(suzhou, { ...pupil, schoolLevel: null }), PolicyErrorCode.INVALID_FACTS, '在校学生须填写学段');
    expectPolicyError(() => quoteFee(suzhou, { ...pupil, applyDate: '2018-02-30' }), PolicyErrorCode.INVALID_FACTS, 'applyDate');
    expectPolicyError(() => quoteFee(suzhou, { ...pupil, extra: 1 } as TFeeFacts), PolicyErrorCode.INVALID_FACTS);
    expectPolicyError(
      () => quoteFee(suzhou, { ...pupil, history: [{ year: 2018, enrolled: true, paid: true, inWindow: true }, { year: 2018, enrolled: false, paid: false, inWindow: false }] }),
      PolicyErrorCode.INVALID_FACTS,
      '年度不能重复',
    );
    expectPolicyError(() => quoteFee(suzhou, { ...pupil, birthDate: '2019-01-01' }), PolicyErrorCode.BIRTH_AFTER_APPLY_DATE);
    expectPolicyError(() => quoteFee(suzhou, { ...pupil, exemptions: [{}] } as TFeeFacts), PolicyErrorCode.INVALID_FACTS, '减免身份须填写代码或名称');
  });

  it('ignores flags the profile does not know, and says so', () => {
    const q = quoteFee(suzhou, { ...pupil, flags: ['vip'] });
    expect(q.reasons.find((r) => r.rule === 'facts.unknown_flags')?.message).toContain('vip');
  });
});

describe('subsidies', () => {
  const withIdentities = (identities: TPolicyProfile['identities'], extra: Partial<TPolicyProfile> = {}): TPolicyProfile => ({
    ...template,
    ...extra,
    identities,
  });
  const src = { notice: 'public', section: 't', reference: 'test' };
  const resident: TFeeFacts = { birthDate: '1980-01-01', inSchool: false, hukouType: 'local_urban', applyDate: '2024-10-01' };

  it('picks the best of several valid identities: 60% (240) beats fixed 200', () => {
    const p = withIdentities([
      { code: 'fixed200', name: '定额200', certifyingDepartment: '民政', subsidy: { kind: 'fixed', amountFen: 20000 }, source: src, unsure: true },
      { code: 'pct60', name: '六成', certifyingDepartment: '民政', subsidy: { kind: 'percent', basisPoints: 6000 }, source: src, unsure: true },
    ]);
    const q = quoteFee(p, { ...resident, exemptions: [{ code: 'fixed200' }, { code: 'pct60' }] });
    expect([q.subsidy, q.subsidyFen, q.payableFen]).toEqual([{ code: 'pct60', name: '六成', kind: 'percent' }, 24000, 16000]);
  });

  it('a fixed subsidy larger than the fee is capped: payable never negative', () => {
    const p = withIdentities([{ code: 'big', name: '大额', certifyingDepartment: '民政', subsidy: { kind: 'fixed', amountFen: 99900 }, source: src, unsure: true }]);
    const q = quoteFee(p, { ...resident, exemptions: [{ code: 'big' }] });
    expect([q.subsidyFen, q.payableFen]).toEqual([40000, 0]);
  });

  it('identities are judged on the snapshot date when the profile sets one (Xianyang 8/31)', () => {
    const p = { ...template, identitySnapshot: { date: '2024-08-31', source: { notice: 'public', section: '咸阳身份认定时点', reference: 'research/cn-policy.md §3 [S35]' }, unsure: true } };
    // Certified from 1 September: valid on the apply date, but not on the snapshot date.
    const late = quoteFee(p, { ...resident, exemptions: [{ name: '低保', validFrom: '2024-09-01' }] });
    expect(late.subsidyFen).toBe(0);
    expect(late.reasons.find((r) => r.rule === 'subsidy.rejected')?.message).toContain('身份认定日 2024-08-31');
    // Expired on 15 September: expired on the apply date, but valid on the snapshot date.
    const kept = quoteFee(p, { ...resident, exemptions: [{ name: '低保', validTo: '2024-09-15' }] });
    expect(kept.subsidyFen).toBe(24000);
    expect(kept.reasons.map((r) => r.rule)).toContain('subsidy.snapshot');
    // Without a snapshot the apply date decides.
    expect(quoteFee(template, { ...resident, exemptions: [{ name: '低保', validTo: '2024-09-15' }] }).subsidyFen).toBe(0);
  });
});

describe('window classification', () => {
  it('declaration, adjustment, outside — inclusive at every edge', () => {
    expect(classifyWindow(suzhou, '2018-09-01')).toBe('declaration');
    expect(classifyWindow(suzhou, '2018-11-20')).toBe('declaration');
    expect(classifyWindow(suzhou, '2018-11-21')).toBe('adjustment');
    expect(classifyWindow(suzhou, '2018-11-30')).toBe('adjustment');
    expect(classifyWindow(suzhou, '2018-12-01')).toBe('outside');
  });
});

// ── properties over every ready profile ──────────────────────────────────────────────────────────────────────

const dateBetween = (start: string, end: string) =>
  fc
    .date({ min: new Date(`${start}T00:00:00Z`), max: new Date(`${end}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

function factsArb(p: TPolicyProfile): fc.Arbitrary<TFeeFacts> {
  const y = p.insuranceYear;
  const codes = p.identities.flatMap((i) => [i.code, i.name]);
  return fc
    .record({
      birthDate: dateBetween(`${y - 100}-01-01`, `${y - 1}-06-30`),
      applyDate: dateBetween(`${y - 1}-06-01`, `${y}-12-31`),
      inSchool: fc.boolean(),
      schoolLevel: fc.constantFrom(...SCHOOL_LEVELS),
      schoolInRegion: fc.boolean(),
      hukouType: fc.constantFrom(...HUKOU_TYPES),
      gender: fc.constantFrom('male' as const, 'female' as const),
      exemptions: fc.array(fc.constantFrom(...(codes.length > 0 ? codes : ['x'])), { maxLength: 3 }),
      flags: fc.subarray(p.flags.map((f) => f.code)),
      coveredElsewhere: fc.boolean(),
      gapYears: fc.integer({ min: 0, max: 6 }),
      backPaidYears: fc.integer({ min: 0, max: 6 }),
    })
    .map((r) => {
      const lastPaid = y - 1 - r.gapYears;
      return {
        birthDate: r.birthDate,
        applyDate: r.applyDate,
        inSchool: r.inSchool,
        schoolLevel: r.inSchool ? r.schoolLevel : null,
        schoolInRegion: r.schoolInRegion,
        hukouType: r.hukouType,
        gender: r.gender,
        exemptions: r.exemptions.map((code) => ({ code })),
        flags: r.flags,
        coveredElsewhere: r.coveredElsewhere,
        history: [lastPaid - 1, lastPaid].map((year) => ({ year, enrolled: true, paid: true, inWindow: true })),
        backPaidYears: r.backPaidYears,
        residencePermitSince: `${y - 2}-01-01`,
      };
    })
    .filter((f) => f.birthDate <= f.applyDate);
}

describe.each(READY_PROFILES.map((p) => [p.id, p] as const))('properties of %s', (_id, p) => {
  it('quotes have the API shape; payable = total − subsidy ≥ 0; parts sum to total; subsidy ≤ total', () => {
    fc.assert(
      fc.property(factsArb(p), (facts) => {
        const q = quoteFee(p, facts);
        expect(ZFeeQuote.safeParse(q).success).toBe(true);
        expect(q.payableFen).toBeGreaterThanOrEqual(0);
        expect(q.subsidyFen).toBeLessThanOrEqual(q.totalFen);
        expect(q.payableFen).toBe(q.totalFen - q.subsidyFen);
        expect(q.parts.reduce((s, x) => s + x.amountFen, 0)).toBe(q.totalFen);
        expect(q.waitingDays).toBeGreaterThanOrEqual(0);
        expect(q.allowed && !q.eligible).toBe(false);
        expect(q.reasons.length).toBeGreaterThan(0);
        for (const r of q.reasons) expect(/[\u4e00-\u9fff]/.test(r.message)).toBe(true);
        if (q.waitingDays === 0 && q.allowed) expect(q.benefitStart <= q.benefitEnd).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('window edges are inclusive: a date is in the declaration window iff start ≤ date ≤ end', () => {
    const w = p.declarationWindow;
    fc.assert(
      fc.property(dateBetween(`${p.insuranceYear - 2}-01-01`, `${p.insuranceYear + 1}-12-31`), (d) => {
        const inside = d >= w.start && d <= w.end;
        expect(classifyWindow(p, d) === 'declaration').toBe(inside);
      }),
    );
    expect(classifyWindow(p, w.start)).toBe('declaration');
    expect(classifyWindow(p, w.end)).toBe('declaration');
  });

  it('an ID number gives the same quote as its birth date and gender', () => {
    fc.assert(
      fc.property(factsArb(p), fc.constantFrom('320505', '511302', '110105', '440106', '320602', '341122'), (facts, region) => {
        const idNumber = buildId(region, facts.birthDate!, facts.gender!);
        const byId = quoteFee(p, { ...facts, birthDate: undefined, gender: undefined, idNumber });
        expect(byId).toEqual(quoteFee(p, facts));
        expect(resolvePerson({ ...facts, idNumber }).birthDate).toBe(facts.birthDate);
      }),
      { numRuns: 60 },
    );
  });
});

describe('waiting period properties (template)', () => {
  it('more gap years never shorten the wait; back-payment never lengthens it', () => {
    const P2030 = getReadyProfile('template-2030');
    const base: TFeeFacts = { birthDate: '1980-01-01', inSchool: false, hukouType: 'local_urban', applyDate: '2029-10-01' };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 4 }), (gap, back) => {
        const quoteWith = (g: number, b: number) =>
          quoteFee(P2030, { ...base, history: [{ year: 2029 - g, enrolled: true, paid: true, inWindow: true }], backPaidYears: b });
        const a = quoteWith(gap, back);
        expect(quoteWith(gap + 1, back).waitingDays).toBeGreaterThanOrEqual(a.waitingDays);
        expect(quoteWith(gap, back + 1).waitingDays).toBeLessThanOrEqual(a.waitingDays);
        expect(a.benefitStart > '2030-01-01').toBe(true);
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getReadyProfile, instantiateTemplate, quoteFee } from '../policy';
import { factsFromPerson, schoolLevelOf } from './facts';
import { normalizeVerifyCode, receiptNumber, verifyCodeFromBytes } from './receipts';
import { settlementBreakdown, settlementNumber } from './settlement';

const person = {
  documentType: '01',
  documentNumber: '320508201803011019',
  birthDate: '2018-03-01',
  gender: 'male' as const,
  hukouType: 'local_urban' as const,
  hukouDistrictCode: '320508',
  residencePermitSince: null,
  gradeCode: '03',
  pointsEligibility: null,
  unitKind: 'primary' as const,
};

describe('school level of a placement', () => {
  it.each([
    ['00', null, 'kindergarten'],
    ['06', null, 'primary'],
    ['11', null, 'middle'],
    ['16', null, 'high'],
    ['18', null, 'vocational'],
    ['22', null, 'university'],
    [null, 'middle', 'middle'],
    [null, 'community_office', null],
    [null, null, null],
  ] as const)('grade %s in a %s unit → %s', (grade, kind, level) => {
    expect(schoolLevelOf(grade, kind)).toBe(level);
  });
});

describe('facts from a registered person', () => {
  it('prices a pupil with a valid dibao identity at the template rate less 60%', () => {
    const profile = { ...instantiateTemplate(getReadyProfile('template-2025'), 2027), regionCode: '320500', template: false };
    const facts = factsFromPerson(person, [{ categoryCode: 'dibao', validFrom: '2026-01-01', validTo: null, certificateName: null, certificateNumber: null, source: 'department_list' }], [], '2026-11-23');
    expect(facts).toMatchObject({ inSchool: true, schoolLevel: 'primary', birthDate: '2018-03-01', hukouType: 'local_urban' });
    const q = quoteFee(profile, facts);
    expect(q).toMatchObject({ totalFen: 40000, subsidyFen: 24000, payableFen: 16000, window: 'declaration', allowed: true });
  });

  it('a person outside school carries no school level', () => {
    const facts = factsFromPerson({ ...person, gradeCode: null, unitKind: 'community_office' }, [], [], '2026-11-23');
    expect(facts.inSchool).toBe(false);
    expect(facts.schoolLevel).toBeUndefined();
  });
});

describe('settlement breakdown', () => {
  const line = fc.record({
    categoryCode: fc.constantFrom('student', 'infant'),
    categoryName: fc.constant('类别'),
    subsidyCode: fc.constantFrom(null, 'dibao', 'tekun'),
    subsidyName: fc.constant(null),
    totalFen: fc.integer({ min: 0, max: 200000 }),
    pct: fc.integer({ min: 0, max: 100 }),
  }).map(({ pct, ...l }) => {
    const subsidyFen = Math.floor((l.totalFen * pct) / 100);
    return { ...l, subsidyFen, payableFen: l.totalFen - subsidyFen };
  });

  it('groups add up to the totals, by category and by exemption', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), (lines) => {
        const b = settlementBreakdown(lines);
        expect(b.count).toBe(lines.length);
        expect(b.payableFen).toBe(b.totalFen - b.subsidyFen);
        for (const groups of [b.byCategory, b.byExemption]) {
          expect(groups.reduce((s, g) => s + g.count, 0)).toBe(b.count);
          expect(groups.reduce((s, g) => s + g.payableFen, 0)).toBe(b.payableFen);
          expect(groups.reduce((s, g) => s + g.subsidyFen, 0)).toBe(b.subsidyFen);
        }
      }),
    );
  });

  it('names persons without an identity 无减免', () => {
    const b = settlementBreakdown([{ categoryCode: 'student', categoryName: '学生', subsidyCode: null, subsidyName: null, totalFen: 100, subsidyFen: 0, payableFen: 100 }]);
    expect(b.byExemption).toEqual([{ code: 'none', name: '无减免', count: 1, totalFen: 100, subsidyFen: 0, payableFen: 100 }]);
  });
});

describe('numbers and codes', () => {
  it('formats settlement and receipt numbers', () => {
    expect(settlementNumber('320500', 2027, 42)).toBe('JS3205002027-0000042');
    expect(receiptNumber('320500', 2027, 7)).toBe('320500202700000007');
  });

  it('verification codes avoid look-alike characters and normalise what people type', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (bytes) => {
        const code = verifyCodeFromBytes(bytes);
        expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
        expect(normalizeVerifyCode(` ${code.toLowerCase().slice(0, 4)} ${code.slice(4)} `)).toBe(code);
      }),
    );
    expect(() => verifyCodeFromBytes(new Uint8Array(4))).toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { GRADES, gradeName, placementFor } from './grades';

describe('grade codes', () => {
  it('are unique two-digit codes with the spec anchors', () => {
    const codes = GRADES.map((g) => g.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^\d{2}$/);
    expect(gradeName('01')).toBe('小学一年级');
    expect(gradeName('06')).toBe('小学六年级');
    expect(gradeName('13')).toBe('初中三年级');
    expect(gradeName('26')).toBe('研究生一年级');
    expect(gradeName('31')).toBe('研究生六年级');
  });

  it('shows an unknown code as itself and nothing for none', () => {
    expect(gradeName('99')).toBe('年级 99');
    expect(gradeName(null)).toBe('');
  });
});

describe('placementFor', () => {
  it('advances the grade every September from the entry year, within the stage', () => {
    // Entered primary school in September 2024: 二年级 in 2025–26 (insurance year 2026), 三年级 in 2026–27.
    expect(placementFor({ gradeCode: '01', entryYear: 2024, expectedGraduationYear: null }, 2026)).toEqual({ gradeCode: '02', graduated: false });
    expect(placementFor({ gradeCode: '01', entryYear: 2024, expectedGraduationYear: null }, 2027)).toEqual({ gradeCode: '03', graduated: false });
    expect(placementFor({ gradeCode: '11', entryYear: 2025, expectedGraduationYear: null }, 2027)).toEqual({ gradeCode: '12', graduated: false });
  });

  it('marks the graduating class of the school year that ended: left in summer, before the insurance year', () => {
    // 小学六年级 in 2025–26, left in July 2026: graduated for the 2027 campaign, not for 2026's.
    expect(placementFor({ gradeCode: '06', entryYear: 2020, expectedGraduationYear: null }, 2027)).toEqual({ gradeCode: '06', graduated: true });
    expect(placementFor({ gradeCode: '06', entryYear: 2020, expectedGraduationYear: null }, 2026)).toEqual({ gradeCode: '06', graduated: false });
    // The expected graduation year on file wins over the count.
    expect(placementFor({ gradeCode: '06', entryYear: null, expectedGraduationYear: 2026 }, 2027)).toEqual({ gradeCode: '06', graduated: true });
    expect(placementFor({ gradeCode: '00', entryYear: 2023, expectedGraduationYear: null }, 2027)).toEqual({ gradeCode: '00', graduated: true });
  });

  it('keeps the grade on file without an entry year, and for unknown codes', () => {
    expect(placementFor({ gradeCode: '04', entryYear: null, expectedGraduationYear: null }, 2027)).toEqual({ gradeCode: '04', graduated: false });
    expect(placementFor({ gradeCode: null, entryYear: 2020, expectedGraduationYear: null }, 2027)).toEqual({ gradeCode: null, graduated: false });
    expect(placementFor({ gradeCode: '99', entryYear: 2020, expectedGraduationYear: null }, 2027)).toEqual({ gradeCode: '99', graduated: false });
  });
});

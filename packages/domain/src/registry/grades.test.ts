import { describe, expect, it } from 'vitest';
import { GRADES, gradeName } from './grades';

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

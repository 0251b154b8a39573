import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MoneyError,
  ZNonNegativeFen,
  applyBasisPoints,
  applyPercent,
  assertSafeFen,
  formatFen,
  formatFenYuan,
  isSafeFen,
  subtractFenFloorZero,
  sumFen,
  yuanToFen,
} from './money';

describe('yuanToFen', () => {
  it.each([
    ['190', 19000],
    ['20', 2000],
    ['430', 43000],
    ['0.5', 50],
    ['0.05', 5],
    ['1,234.56', 123456],
    [' 300 ', 30000],
    ['-1.25', -125],
    ['+2', 200],
    ['0', 0],
    ['-0', 0],
  ])('%s 元 → %i 分', (text, fen) => {
    expect(yuanToFen(text)).toBe(fen);
  });

  it.each([
    [190, 19000],
    [190.5, 19050],
    [0.1, 10],
    [0.29, 29],
    [-3.5, -350],
  ])('number %d → %i fen, exactly (no float drift: 0.29 * 100 would be 28.999…)', (n, fen) => {
    expect(yuanToFen(n)).toBe(fen);
  });

  it.each(['', 'abc', '1.234', '1.', '.5', '1e3', '¥5', '1 000'])('rejects %j', (text) => {
    expect(() => yuanToFen(text)).toThrow(MoneyError);
  });

  it('rejects floats with more than two decimals, NaN, Infinity and amounts beyond the safe range', () => {
    expect(() => yuanToFen(0.1 + 0.2)).toThrow(MoneyError);
    expect(() => yuanToFen(Number.NaN)).toThrow(MoneyError);
    expect(() => yuanToFen(Number.POSITIVE_INFINITY)).toThrow(MoneyError);
    expect(() => yuanToFen(1e21)).toThrow(MoneyError);
    expect(() => yuanToFen('90071992547409.92')).toThrow(MoneyError);
    expect(yuanToFen('90071992547409.91')).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('formatting', () => {
  it.each([
    [19000, '190.00'],
    [2000, '20.00'],
    [5, '0.05'],
    [50, '0.50'],
    [0, '0.00'],
    [-50, '-0.50'],
    [123456, '1234.56'],
  ])('%i fen → %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });

  it('adds the unit', () => {
    expect(formatFenYuan(19000)).toBe('190.00 元');
    expect(formatFenYuan(43000)).toBe('430.00 元');
  });

  it('refuses non-integer fen', () => {
    expect(() => formatFen(1.5)).toThrow(MoneyError);
  });

  it('round-trips through yuanToFen for every safe amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (fen) => {
        expect(yuanToFen(formatFen(fen))).toBe(fen);
      }),
    );
  });
});

describe('safe integer checks and sums', () => {
  it('knows safe fen', () => {
    expect(isSafeFen(19000)).toBe(true);
    expect(isSafeFen(1.5)).toBe(false);
    expect(isSafeFen(Number.MAX_SAFE_INTEGER + 1)).toBe(false);
    expect(isSafeFen('100')).toBe(false);
    expect(() => assertSafeFen(0.1)).toThrow(MoneyError);
  });

  it('sums parts: 170 + 20 = 190; 380 + 20 + 30 = 430', () => {
    expect(sumFen([17000, 2000])).toBe(19000);
    expect(sumFen([38000, 2000, 3000])).toBe(43000);
    expect(sumFen([])).toBe(0);
  });

  it('throws on overflow or a non-integer addend', () => {
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow(MoneyError);
    expect(() => sumFen([100, 0.5])).toThrow(/第 2 项金额/);
  });

  it('zod schema accepts only non-negative integer fen', () => {
    expect(ZNonNegativeFen.safeParse(19000).success).toBe(true);
    expect(ZNonNegativeFen.safeParse(-1).success).toBe(false);
    expect(ZNonNegativeFen.safeParse(1.5).success).toBe(false);
  });

  it('subtracts without going below zero', () => {
    expect(subtractFenFloorZero(19000, 19000)).toBe(0);
    expect(subtractFenFloorZero(40000, 24000)).toBe(16000);
    expect(subtractFenFloorZero(100, 500)).toBe(0);
  });
});

describe('percentages: round half up to the fen', () => {
  it.each([
    [40000, 6000, 24000], // 60% of 400 yuan
    [333, 5000, 167], // 166.5 → 167
    [1, 5000, 1], // 0.5 → 1
    [1, 4999, 0], // 0.4999 → 0
    [19000, 10000, 19000],
    [19000, 0, 0],
    [-333, 5000, -167], // symmetric for negatives
  ])('%i fen × %i bp = %i fen', (fen, bp, out) => {
    expect(applyBasisPoints(fen, bp)).toBe(out);
  });

  it('integer percent is 100 bp per point', () => {
    expect(applyPercent(40000, 60)).toBe(24000);
    expect(applyPercent(35000, 70)).toBe(24500);
  });

  it('rejects fractional or negative rates', () => {
    expect(() => applyBasisPoints(100, 1.5)).toThrow(MoneyError);
    expect(() => applyBasisPoints(100, -1)).toThrow(MoneyError);
    expect(() => applyPercent(100, 0.5)).toThrow(MoneyError);
  });

  it('is exact for large amounts and never exceeds the amount for ≤ 100%', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 10000 }), (fen, bp) => {
        const out = applyBasisPoints(fen, bp);
        expect(Number.isSafeInteger(out)).toBe(true);
        expect(out).toBeGreaterThanOrEqual(0);
        expect(out).toBeLessThanOrEqual(fen);
        // Exact half-up: |out − fen·bp/10000| ≤ 0.5, checked in BigInt.
        const scaled = BigInt(out) * 10000n - BigInt(fen) * BigInt(bp);
        expect(scaled <= 5000n && scaled > -5000n).toBe(true);
      }),
    );
  });
});

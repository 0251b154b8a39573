import { describe, expect, it } from 'vitest';
import { basisPointsToPercentInput, fenToYuanInput, formatYuan, parsePercentInput, parseYuanInput } from './money';

describe('formatYuan', () => {
  it('shows integer fen as yuan with two decimals', () => {
    expect(formatYuan(19000)).toBe('190.00 元');
    expect(formatYuan(0)).toBe('0.00 元');
    expect(formatYuan(5)).toBe('0.05 元');
    expect(formatYuan(43050)).toBe('430.50 元');
  });

  it('groups thousands and keeps the sign', () => {
    expect(formatYuan(123456789)).toBe('1,234,567.89 元');
    expect(formatYuan(100000)).toBe('1,000.00 元');
    expect(formatYuan(-2050)).toBe('-20.50 元');
    expect(formatYuan(-123456)).toBe('-1,234.56 元');
  });

  it('leaves out the unit on request', () => {
    expect(formatYuan(19000, { unit: false })).toBe('190.00');
  });

  it('refuses amounts that are not integer fen', () => {
    expect(() => formatYuan(1.5)).toThrow();
    expect(() => formatYuan(Number.NaN)).toThrow();
  });
});

describe('yuan input', () => {
  it('round-trips fen through the input text', () => {
    for (const fen of [0, 1, 99, 17000, 2000, 43000, 123456789]) {
      const parsed = parseYuanInput(fenToYuanInput(fen));
      expect(parsed).toEqual({ ok: true, fen });
    }
  });

  it('reads what people type', () => {
    expect(parseYuanInput('180')).toEqual({ ok: true, fen: 18000 });
    expect(parseYuanInput(' 180.5 ')).toEqual({ ok: true, fen: 18050 });
    expect(parseYuanInput('1,200.00')).toEqual({ ok: true, fen: 120000 });
    expect(parseYuanInput(0.1)).toEqual({ ok: true, fen: 10 });
    expect(parseYuanInput('-5')).toEqual({ ok: true, fen: -500 });
  });

  it('explains what it cannot read, in Chinese', () => {
    expect(parseYuanInput('')).toEqual({ ok: false, message: '请填写金额' });
    expect(parseYuanInput(null)).toEqual({ ok: false, message: '请填写金额' });
    expect(parseYuanInput('1.234')).toMatchObject({ ok: false, message: expect.stringContaining('两位小数') });
    expect(parseYuanInput('abc')).toMatchObject({ ok: false });
  });
});

describe('percent input', () => {
  it('round-trips basis points through the per-cent text', () => {
    for (const basisPoints of [0, 1, 6000, 1250, 10000]) {
      expect(parsePercentInput(basisPointsToPercentInput(basisPoints))).toEqual({ ok: true, basisPoints });
    }
    expect(basisPointsToPercentInput(6000)).toBe('60.00');
    expect(parsePercentInput('12.5')).toEqual({ ok: true, basisPoints: 1250 });
  });

  it('explains what it cannot read, in Chinese', () => {
    expect(parsePercentInput('')).toEqual({ ok: false, message: '请填写比例' });
    expect(parsePercentInput('1.234')).toEqual({ ok: false, message: '比例格式不正确，须为数字，最多两位小数' });
    expect(parsePercentInput('100.01')).toEqual({ ok: false, message: '比例须在 0 至 100% 之间' });
    expect(parsePercentInput('-1')).toEqual({ ok: false, message: '比例须在 0 至 100% 之间' });
  });
});

import { computeResidentIdCheckChar } from '@canbao/domain';
import { describe, expect, it } from 'vitest';
import { checkIdNumberInput } from './id-number-check';

const first17 = '32050820110510123';
const valid = first17 + computeResidentIdCheckChar(first17);
const wrongCheck = first17 + (valid.endsWith('0') ? '1' : '0');
const today = '2025-10-01';

describe('checkIdNumberInput', () => {
  it('derives birth date and gender from a valid number', () => {
    expect(checkIdNumberInput(valid, { isFocused: true, today })).toEqual({
      kind: 'ok',
      normalized: valid,
      birthDate: '2011-05-10',
      gender: 'male',
      wasLegacy15: false,
    });
  });

  it('says how far a parent has typed, without an error, while the field has focus', () => {
    expect(checkIdNumberInput('', { isFocused: true, today })).toEqual({ kind: 'empty' });
    expect(checkIdNumberInput('3205082011', { isFocused: true, today })).toEqual({ kind: 'typing', length: 10 });
    // 15 digits could be a legacy number, or the first 15 of an 18-digit one: wait.
    expect(checkIdNumberInput(valid.slice(0, 15), { isFocused: true, today })).toEqual({ kind: 'typing', length: 15 });
  });

  it('reports a wrong province prefix at once', () => {
    expect(checkIdNumberInput('00', { isFocused: true, today })).toMatchObject({ kind: 'error', message: expect.stringContaining('省级行政区划代码') });
  });

  it('reports an unfinished number once the field is left, and a wrong check digit in Chinese', () => {
    expect(checkIdNumberInput('3205082011', { isFocused: false, today })).toMatchObject({ kind: 'error', message: expect.stringContaining('18位') });
    expect(checkIdNumberInput(wrongCheck, { isFocused: true, today })).toMatchObject({ kind: 'error', message: expect.stringContaining('校验位错误') });
    expect(checkIdNumberInput(`${valid}1`, { isFocused: true, today })).toMatchObject({ kind: 'error' });
  });

  it('refuses a birth date after today', () => {
    const future17 = '32050820300101123';
    expect(checkIdNumberInput(future17 + computeResidentIdCheckChar(future17), { isFocused: false, today })).toMatchObject({ kind: 'error' });
  });
});

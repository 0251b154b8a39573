import { computeResidentIdCheckChar } from '@canbao/domain';
import { describe, expect, it } from 'vitest';
import { deriveFromDocument } from './labels';

const withCheck = (first17: string) => first17 + computeResidentIdCheckChar(first17);

describe('deriveFromDocument', () => {
  const today = '2026-11-26';

  it('derives birth date, gender and age from a resident ID number as typed', () => {
    const id = withCheck('32050820190315002'); // sequence 002: even → female
    expect(deriveFromDocument('01', ` ${id.toLowerCase()} `, today)).toEqual({
      state: 'valid',
      normalized: id,
      birthDate: '2019-03-15',
      gender: 'female',
      age: 7,
    });
  });

  it('gives the validator message for a wrong check digit and nothing for an empty field', () => {
    const id = withCheck('32050820190315003');
    const wrong = id.slice(0, 17) + (id.endsWith('1') ? '2' : '1');
    const r = deriveFromDocument('01', wrong, today);
    expect(r.state).toBe('invalid');
    expect(r.state === 'invalid' && r.message).toMatch(/校验/);
    expect(deriveFromDocument('01', '   ', today)).toEqual({ state: 'empty' });
  });

  it('rejects a birth date after today', () => {
    const r = deriveFromDocument('01', withCheck('32050820270101001'), today);
    expect(r.state).toBe('invalid');
  });

  it('accepts a passport number without deriving a birth date', () => {
    const r = deriveFromDocument('08', 'E12345678', today);
    expect(r).toMatchObject({ state: 'valid' });
    expect(r.state === 'valid' && r.birthDate).toBeUndefined();
  });
});

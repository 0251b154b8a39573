import { describe, expect, it } from 'vitest';
import { subsidyKindName } from '../policy/profile';
import { profileStatus } from './policies';

describe('profileStatus', () => {
  const p = {
    template: false,
    declarationWindow: { start: '2018-09-01', end: '2018-11-20' },
    adjustmentWindow: { start: '2018-11-21', end: '2018-11-30' },
    benefitPeriod: { start: '2019-01-01', end: '2019-12-31' },
  };

  it('follows the windows, inclusive on both ends', () => {
    expect(profileStatus(p, '2018-08-31')).toBe('upcoming');
    expect(profileStatus(p, '2018-09-01')).toBe('declaration');
    expect(profileStatus(p, '2018-11-20')).toBe('declaration');
    expect(profileStatus(p, '2018-11-21')).toBe('adjustment');
    expect(profileStatus(p, '2018-11-30')).toBe('adjustment');
    expect(profileStatus(p, '2018-12-01')).toBe('in_benefit');
    expect(profileStatus(p, '2019-12-31')).toBe('in_benefit');
    expect(profileStatus(p, '2020-01-01')).toBe('ended');
    expect(profileStatus({ ...p, template: true }, '2018-10-01')).toBe('template');
  });
});

describe('subsidyKindName', () => {
  it('names a profile summary exemption kind, long or short; an unknown kind shows its code', () => {
    expect(subsidyKindName('full')).toBe('全额资助（个人免缴）');
    expect(subsidyKindName('full', { short: true })).toBe('个人免缴');
    expect(subsidyKindName('somethingNew')).toBe('somethingNew');
  });
});

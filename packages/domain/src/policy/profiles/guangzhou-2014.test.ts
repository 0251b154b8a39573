import { describe, expect, it } from 'vitest';
import { quoteFee } from '../engine';
import type { TFeeFacts } from '../fee-quote';
import { GUANGZHOU_2014 as P } from './guangzhou-2014';

const pupil: TFeeFacts = { birthDate: '2005-05-05', inSchool: true, schoolLevel: 'middle', hukouType: 'local_urban', applyDate: '2014-09-15' };
const quote = (over: Partial<TFeeFacts> = {}) => quoteFee(P, { ...pupil, ...over });
const rules = (q: ReturnType<typeof quote>) => q.reasons.map((r) => r.rule);

describe('guangzhou-2014 (穗人社函〔2014〕1366号)', () => {
  it('二（三）provisional 200 covering 2014 and 2015, settled later', () => {
    const q = quote();
    expect([q.totalFen, q.payableFen]).toEqual([20000, 20000]);
    const provisional = q.reasons.find((r) => r.rule === 'fee.provisional');
    expect(provisional?.message).toContain('按实际标准缴交');
    expect(provisional?.source).toEqual({ notice: '003', section: '二、参保缴费办法和标准 （三）预计的缴费标准' });
  });

  it('custom benefit period across the move to the calendar year', () => {
    const q = quote();
    expect([q.benefitStart, q.benefitEnd]).toEqual(['2014-09-01', '2015-12-31']);
    expect(q.reasons.find((r) => r.rule === 'benefit_period')?.message).toContain('2015年城乡居民医保年度（自然年度） 2015-01-01 至 2015-12-31');
  });

  it.each([
    ['2014-08-31', 'outside', false],
    ['2014-09-01', 'declaration', true],
    ['2014-12-31', 'declaration', true],
    ['2015-01-01', 'outside', false],
  ] as const)('二（一）%s → %s, allowed %s', (applyDate, window, allowed) => {
    const q = quote({ applyDate });
    expect([q.window, q.allowed]).toEqual([window, allowed]);
  });

  it.each([
    ['urban pupil', {}, 'school', 20000],
    ['non-local pupil at a Guangzhou school', { hukouType: 'nonlocal' }, 'school', 20000],
    ['vocational student', { schoolLevel: 'vocational', birthDate: '1998-01-01' }, 'school', 20000],
    ['rural-hukou pupil', { hukouType: 'local_rural' }, 'village', 20000],
    ['pupil in medical assistance', { exemptions: [{ name: '医疗救助对象' }] }, 'civil_affairs', 0],
    ['rural pupil in medical assistance (notice order: village first)', { hukouType: 'local_rural', exemptions: [{ code: 'medical_assistance' }] }, 'village', 0],
  ] as const)('二（二）%s → %s, pays %i', (_label, over, path, payable) => {
    const q = quote(over as Partial<TFeeFacts>);
    expect(q.eligible).toBe(true);
    expect(q.path.code).toBe(path);
    expect(q.payableFen).toBe(payable);
  });

  it.each([
    ['not in school', { inSchool: false, schoolLevel: null }, 'eligibility.not_in_school'],
    ['kindergarten', { schoolLevel: 'kindergarten' }, 'eligibility.other_school_level'],
    ['university', { schoolLevel: 'university' }, 'eligibility.other_school_level'],
    ['school outside Guangzhou', { schoolInRegion: false }, 'eligibility.school_elsewhere'],
  ] as const)('%s → not covered by this notice', (_label, over, rule) => {
    const q = quote(over as Partial<TFeeFacts>);
    expect(q.eligible).toBe(false);
    expect(rules(q)).toContain(rule);
  });
});

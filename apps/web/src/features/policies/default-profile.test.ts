import type { TProfileSummary } from '@canbao/domain';
import { describe, expect, it } from 'vitest';
import { defaultProfile } from './default-profile';

const profile = (id: string, year: number, over: Partial<TProfileSummary> = {}): TProfileSummary => ({
  id,
  name: id,
  regionCode: '320500',
  regionName: '苏州市区',
  insuranceYear: year,
  template: false,
  served: true,
  version: 1,
  updatedAt: '2026-01-01T00:00:00.000Z',
  source: { title: '', documentNumber: '', issuer: '' },
  declarationWindow: { start: `${year - 1}-09-01`, end: `${year - 1}-12-31` },
  adjustmentWindow: null,
  benefitPeriod: { start: `${year}-01-01`, end: `${year}-12-31` },
  categories: [],
  exemptions: [],
  ...over,
});

describe('the fee quote’s default profile', () => {
  const beijing = profile('beijing-2027', 2027, { served: false, regionCode: '110000' });
  const items = [beijing, profile('suzhou-2019', 2019), profile('suzhou-2026', 2026), profile('suzhou-2027', 2027), profile('template-2025', 2025, { template: true })];

  it('is the own region’s year being declared today, never another city’s', () => {
    expect(defaultProfile(items, '2026-12-02')?.id).toBe('suzhou-2027');
  });
  it('between campaigns: the next to open, else the newest', () => {
    expect(defaultProfile(items, '2026-03-01')?.id).toBe('suzhou-2027');
    expect(defaultProfile(items, '2028-03-01')?.id).toBe('suzhou-2027');
  });
  it('none when the deployment runs no region of the list', () => {
    expect(defaultProfile([beijing], '2026-12-02')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { nextStep, progressLines } from './progress-view';

const counts = (declared: number, confirmed: number, settled: number, paid: number, payableFen = 0, paidFen = 0) => ({
  declared,
  confirmed,
  settled,
  paid,
  flagged: 0,
  payableFen,
  paidFen,
});

describe('campaign progress lines', () => {
  it('count everyone in the campaign, the share paid rounded down, and what is still owed', () => {
    const { total, units } = progressLines({
      year: 2027,
      total: counts(1, 0, 2, 997, 400_000_00, 398_800_00),
      items: [{ unitId: 'u1', unitName: '第一实验小学', ...counts(1, 0, 2, 997, 400_000_00, 398_800_00) }],
    });
    expect(total).toMatchObject({ inCampaign: 1000, paidPercent: 99, outstandingFen: 1_200_00 });
    expect(units[0]).toMatchObject({ key: 'u1', inCampaign: 1000 });
  });

  it('put the units furthest behind first, then those with the most unpaid', () => {
    const { units } = progressLines({
      year: 2027,
      total: counts(0, 0, 0, 0),
      items: [
        { unitId: 'a', unitName: '甲小学', ...counts(0, 0, 0, 10) },
        { unitId: 'b', unitName: '乙小学', ...counts(0, 0, 5, 5) },
        { unitId: 'c', unitName: '丙小学', ...counts(0, 0, 50, 50) },
        { unitId: null, unitName: '个人（家庭）申报', ...counts(3, 0, 0, 0) },
      ],
    });
    expect(units.map((u) => u.key)).toEqual(['family', 'c', 'b', 'a']);
  });

  it('never report a negative amount owed, nor a share of nobody', () => {
    const { total } = progressLines({ year: 2027, total: counts(0, 0, 0, 0, 100, 300), items: [] });
    expect(total).toMatchObject({ paidPercent: 0, outstandingFen: 0 });
  });

  it('name the next step of a unit, the earliest unfinished one first', () => {
    const l = (c: ReturnType<typeof counts>) => progressLines({ year: 2027, total: c, items: [] }).total;
    expect(nextStep(l(counts(0, 0, 0, 0)))).toContain('还没有申报');
    expect(nextStep(l(counts(2, 3, 4, 1)))).toContain('2 人已申报待确认');
    expect(nextStep(l(counts(0, 3, 4, 1)))).toContain('3 人已确认待结算');
    expect(nextStep(l(counts(0, 0, 4, 1)))).toContain('4 人待缴费');
    expect(nextStep(l(counts(0, 0, 0, 9)))).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { TCampaignYear, TDeclaration } from '@canbao/domain';
import { batchResultLine, confirmationPlan, defaultCampaignYear } from './declaration-view';

function decl(id: string, over: Partial<TDeclaration> = {}): TDeclaration {
  return {
    id,
    year: 2027,
    status: 'declared',
    statusName: '已申报',
    person: { id: `p-${id}`, name: `学生${id}`, documentType: '01', documentNumber: '3205**********1234', gradeCode: '03', className: '1班' },
    unit: { id: 'u', name: '一小' },
    profile: { key: 'suzhou-2027', version: 1 },
    window: 'declaration',
    pathCode: 'student',
    category: { code: 'student', name: '学生' },
    parts: [],
    totalFen: 40000,
    subsidyFen: 0,
    subsidy: null,
    payableFen: 40000,
    paidFen: 0,
    benefitStart: '2027-01-01',
    benefitEnd: '2027-12-31',
    waitingDays: 0,
    leaving: null,
    declaredOn: '2026-11-01',
    declaredBy: 'school1',
    confirmedAt: null,
    settlementId: null,
    paidAt: null,
    removedReason: null,
    reasons: [],
    ...over,
  };
}

const year = (y: number, current: boolean): TCampaignYear => ({
  year: y,
  profileKey: `k${y}`,
  profileName: `${y}`,
  declarationWindow: { start: `${y - 1}-09-01`, end: `${y - 1}-12-31` },
  adjustmentWindow: null,
  windowToday: current ? 'declaration' : 'outside',
  state: current ? 'open' : 'closed',
  closesOn: `${y}-01-01`,
  current,
});

describe('confirmationPlan', () => {
  const list = [
    decl('a'),
    decl('b', { payableFen: 16000, subsidyFen: 24000 }),
    decl('c', { leaving: { reason: 'graduated', reasonName: '毕业' } }),
    decl('d', { status: 'confirmed' }),
  ];

  it('leaves leavers out by default and counts only what is still declared', () => {
    const plan = confirmationPlan(list, false);
    expect(plan.ids).toEqual(['a', 'b']);
    expect(plan.count).toBe(2);
    expect(plan.payableFen).toBe(56000);
    expect(plan.leavers.map((d) => d.id)).toEqual(['c']);
    expect(plan.skipped).toBe(1);
  });

  it('includes leavers when asked, with their amount', () => {
    const plan = confirmationPlan(list, true);
    expect(plan.ids).toEqual(['a', 'b', 'c']);
    expect(plan.payableFen).toBe(96000);
    expect(plan.leaversIncluded).toBe(true);
  });

  it('an empty selection confirms nothing', () => {
    expect(confirmationPlan([], false)).toMatchObject({ ids: [], count: 0, payableFen: 0, leavers: [], skipped: 0 });
  });
});

describe('defaultCampaignYear', () => {
  it('prefers the current year, else the newest', () => {
    expect(defaultCampaignYear([year(2026, false), year(2027, true), year(2028, false)])).toBe(2027);
    expect(defaultCampaignYear([year(2026, false), year(2028, false)])).toBe(2028);
    expect(defaultCampaignYear([])).toBeUndefined();
  });
});

describe('batchResultLine', () => {
  it('names every outcome that happened', () => {
    expect(batchResultLine({ declared: 3, alreadyDeclared: 0, refused: [], conflicts: [] })).toBe('新申报 3 人');
    expect(batchResultLine({ declared: 0, alreadyDeclared: 3, refused: [{}], conflicts: [{}, {}] })).toBe(
      '新申报 0 人，已申报过 3 人，未能申报 1 人，已由其他单位申报 2 人',
    );
  });
});

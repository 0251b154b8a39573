import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './calendar';
import { yearClosesOn, yearState } from './year-state';

const withAdjustment = {
  declarationWindow: { start: '2026-09-01', end: '2026-12-31' },
  adjustmentWindow: { start: '2027-01-01', end: '2027-02-28', allows: '仅用于参保人员的调整和补申报' },
};
const withoutAdjustment = { declarationWindow: { start: '2026-09-01', end: '2026-12-20' } };

describe('the year state', () => {
  it('is open until the declaration window ends, also before it starts', () => {
    expect(yearState(withAdjustment, '2026-06-01')).toBe('open');
    expect(yearState(withAdjustment, '2026-09-01')).toBe('open');
    expect(yearState(withAdjustment, '2026-12-31')).toBe('open');
  });

  it('is adjustment only after the declaration window while the adjustment window lasts, both ends inclusive', () => {
    expect(yearState(withAdjustment, '2027-01-01')).toBe('adjustment');
    expect(yearState(withAdjustment, '2027-02-28')).toBe('adjustment');
  });

  it('is closed from the day after the last window', () => {
    expect(yearState(withAdjustment, '2027-03-01')).toBe('closed');
    expect(yearClosesOn(withAdjustment)).toBe('2027-03-01');
    expect(yearState(withoutAdjustment, '2026-12-20')).toBe('open');
    expect(yearState(withoutAdjustment, '2026-12-21')).toBe('closed');
    expect(yearClosesOn(withoutAdjustment)).toBe('2026-12-21');
  });

  it('never opens again once closed, and closes exactly on yearClosesOn', () => {
    const day = fc.integer({ min: -400, max: 400 });
    fc.assert(
      fc.property(day, day, (a, b) => {
        const [x, y] = a <= b ? [a, b] : [b, a];
        const dx = addDays('2026-12-01', x);
        const dy = addDays('2026-12-01', y);
        if (yearState(withAdjustment, dx) === 'closed') expect(yearState(withAdjustment, dy)).toBe('closed');
        expect(yearState(withAdjustment, dx) === 'closed').toBe(dx >= yearClosesOn(withAdjustment));
      }),
    );
  });
});

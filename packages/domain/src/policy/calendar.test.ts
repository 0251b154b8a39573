import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addYears, compareDates, daysBetween, isIsoDate, isWithin, maxDate, minDate } from './calendar';

const dateArb = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('calendar', () => {
  it('accepts only real YYYY-MM-DD dates', () => {
    expect(isIsoDate('2020-02-29')).toBe(true);
    expect(isIsoDate('2019-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2019-13-01')).toBe(false);
    expect(isIsoDate('2019-1-01')).toBe(false);
    expect(isIsoDate('2019-01-01T00:00')).toBe(false);
  });

  it.each([
    ['2019-03-15', 3, '2019-06-15'],
    ['2019-11-30', 3, '2020-02-29'],
    ['2019-01-31', 1, '2019-02-28'],
    ['2027-01-01', 4, '2027-05-01'],
    ['2018-12-31', -1, '2018-11-30'],
    ['2020-08-31', 3, '2020-11-30'],
  ])('addMonths(%s, %i) = %s (month end when there is no such day)', (d, n, out) => {
    expect(addMonths(d, n)).toBe(out);
  });

  it('adds days and years', () => {
    expect(addDays('2018-11-20', 1)).toBe('2018-11-21');
    expect(addDays('2020-02-28', 1)).toBe('2020-02-29');
    expect(addDays('2020-12-31', 1)).toBe('2021-01-01');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-09-01', 3)).toBe('2027-09-01');
  });

  it('counts days: Qingdao 2027-01-01 → 2027-05-01 is 120 days', () => {
    expect(daysBetween('2027-01-01', '2027-05-01')).toBe(120);
    expect(daysBetween('2027-01-01', '2027-04-01')).toBe(90);
    expect(daysBetween('2020-01-01', '2021-01-01')).toBe(366);
    expect(daysBetween('2021-01-01', '2020-01-01')).toBe(-366);
  });

  it('windows are inclusive at both ends', () => {
    const w = { start: '2018-09-01', end: '2018-11-20' };
    expect(isWithin('2018-09-01', w)).toBe(true);
    expect(isWithin('2018-11-20', w)).toBe(true);
    expect(isWithin('2018-08-31', w)).toBe(false);
    expect(isWithin('2018-11-21', w)).toBe(false);
  });

  it('rejects malformed dates loudly', () => {
    expect(() => addDays('2019-02-30', 1)).toThrow(RangeError);
    expect(() => compareDates('x', '2019-01-01')).toThrow(RangeError);
  });

  it('agrees with UTC Date arithmetic (properties)', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -40000, max: 40000 }), (d, n) => {
        const expected = new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
        expect(addDays(d, n)).toBe(expected);
        expect(daysBetween(d, addDays(d, n))).toBe(n);
      }),
    );
    fc.assert(
      fc.property(dateArb, dateArb, (a, b) => {
        expect(Math.sign(daysBetween(a, b)) + compareDates(a, b)).toBe(0);
        expect(compareDates(minDate(a, b), maxDate(a, b))).toBeLessThanOrEqual(0);
      }),
    );
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 600 }), (d, n) => {
        const out = addMonths(d, n);
        expect(isIsoDate(out)).toBe(true);
        expect(compareDates(out, d)).toBeGreaterThanOrEqual(0);
        // Never overshoots into the month after the target month.
        expect(Number(out.slice(8))).toBeLessThanOrEqual(Number(d.slice(8)));
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { compactToIsoDate, daysInMonth, isIsoDate, isLeapYear, parseIsoDate, requireIsoDate } from './calendar-date';

describe('calendar dates', () => {
  it('knows the Gregorian leap years', () => {
    expect([1900, 2000, 2019, 2020, 2100].map(isLeapYear)).toEqual([false, true, false, true, false]);
    expect([1, 2, 4, 12].map((m) => daysInMonth(2024, m))).toEqual([31, 29, 30, 31]);
    expect(daysInMonth(2023, 2)).toBe(28);
  });

  it.each(['2020-02-29', '2000-02-29', '1880-01-01', '2024-12-31'])('accepts %s', (date) => {
    expect(isIsoDate(date)).toBe(true);
  });

  const notDates = ['2019-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '2024-1-01'];
  it.each([...notDates, '20240101', ' 2024-01-01'])('rejects %s', (date) => {
    expect(isIsoDate(date)).toBe(false);
  });

  it('converts the compact form used inside ID numbers', () => {
    expect(compactToIsoDate('20000229')).toBe('2000-02-29');
    expect(compactToIsoDate('20190229')).toBeNull();
    expect(compactToIsoDate('2019022')).toBeNull();
    expect(parseIsoDate('2024-03-05')).toEqual({ year: 2024, month: 3, day: 5 });
  });

  it('throws from requireIsoDate, naming the argument', () => {
    expect(() => requireIsoDate('2024/01/01', 'options.today')).toThrow(/options\.today/);
  });
});

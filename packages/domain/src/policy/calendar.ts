import { z } from 'zod';

/**
 * Pure calendar arithmetic on 'YYYY-MM-DD' strings (dates in Asia/Shanghai, as the notices state them).
 * No Date objects with local time zones: day counts go through a proleptic Gregorian day number, and strings in
 * this format compare correctly as strings.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export interface TCalendarDate {
  year: number;
  month: number;
  day: number;
}

export function parseIsoDate(date: string): TCalendarDate | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isIsoDate(date: string): boolean {
  return parseIsoDate(date) !== null;
}

function mustParse(date: string): TCalendarDate {
  const d = parseIsoDate(date);
  if (!d) throw new RangeError(`无效日期：${date}（应为 YYYY-MM-DD）`);
  return d;
}

export function formatIsoDate(d: TCalendarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** A real calendar date written as YYYY-MM-DD. */
export const ZPolicyDate = z.string().refine(isIsoDate, { message: "日期须为有效的 YYYY-MM-DD" });
export type TPolicyDate = z.infer<typeof ZPolicyDate>;

// Days since 0000-03-01 style epoch (Howard Hinnant's days_from_civil), exact for any year ≥ 1.
function toDayNumber(d: TCalendarDate): number {
  const y = d.month <= 2 ? d.year - 1 : d.year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (d.month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d.day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe;
}

function fromDayNumber(n: number): TCalendarDate {
  const era = Math.floor(n / 146097);
  const doe = n - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

export function addDays(date: string, days: number): string {
  return formatIsoDate(fromDayNumber(toDayNumber(mustParse(date)) + days));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(mustParse(to)) - toDayNumber(mustParse(from));
}

/**
 * Same day `months` later; when that month has no such day, its last day (民法典第二百零二条: "没有对应日的，
 * 月末日为期间的最后一日"). 2019-11-30 + 3 → 2020-02-29; 2019-01-31 + 1 → 2019-02-28.
 */
export function addMonths(date: string, months: number): string {
  const d = mustParse(date);
  const index = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return formatIsoDate({ year, month, day: Math.min(d.day, daysInMonth(year, month)) });
}

export function addYears(date: string, years: number): string {
  return addMonths(date, years * 12);
}

export function compareDates(a: string, b: string): number {
  mustParse(a);
  mustParse(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxDate(a: string, b: string): string {
  return compareDates(a, b) >= 0 ? a : b;
}

export function minDate(a: string, b: string): string {
  return compareDates(a, b) <= 0 ? a : b;
}

/** start ≤ date ≤ end: windows are inclusive calendar days. */
export function isWithin(date: string, range: { start: string; end: string }): boolean {
  return compareDates(date, range.start) >= 0 && compareDates(date, range.end) <= 0;
}

export function yearOf(date: string): number {
  return mustParse(date).year;
}

/**
 * Calendar-date helpers on plain `YYYY-MM-DD` strings. Dates here are calendar days, never instants: no Date
 * objects and no time zones, so a birth date can never shift by a day on a server in another zone.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export type TCalendarDate = { year: number; month: number; day: number };

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** `YYYY-MM-DD` → parts, or null when the text is not a real calendar date. */
export function parseIsoDate(text: string): TCalendarDate | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return isRealDate(year, month, day) ? { year, month, day } : null;
}

export function isIsoDate(text: string): boolean {
  return parseIsoDate(text) !== null;
}

/** `YYYYMMDD` (as embedded in ID numbers) → `YYYY-MM-DD`, or null when it is not a real calendar date. */
export function compactToIsoDate(yyyymmdd: string): string | null {
  if (!/^\d{8}$/.test(yyyymmdd)) return null;
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  return isIsoDate(iso) ? iso : null;
}

/** Throws for a date that the caller passed in wrongly: that is a programming error, not a user's typo. */
export function requireIsoDate(text: string, what: string): TCalendarDate {
  const parsed = parseIsoDate(text);
  if (!parsed) throw new RangeError(`${what} must be a real calendar date in YYYY-MM-DD form, got "${text}"`);
  return parsed;
}

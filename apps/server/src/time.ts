/** Asia/Shanghai has no daylight saving: a fixed +08:00 offset. */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The instant a calendar day (YYYY-MM-DD) starts in Asia/Shanghai, optionally `addDays` later. */
export function shanghaiDayStart(date: string, addDays = 0): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + addDays) - SHANGHAI_OFFSET_MS);
}

/** Today's calendar date in Asia/Shanghai. */
export function shanghaiToday(now: Date): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** HH:mm in Asia/Shanghai, for messages such as "请于 14:05 后再试". */
export function shanghaiClock(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(11, 16);
}

/** Whole calendar days from one YYYY-MM-DD date to another (negative when `to` is earlier). */
export function daysBetweenDates(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

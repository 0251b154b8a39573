import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import relativeTime from 'dayjs/plugin/relativeTime';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(customParseFormat);
dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(relativeTime);
dayjs.locale('zh-cn');

/** Dates are shown in the city's time zone whatever the browser's (BRIEF.md "Data that must be right"). */
export const CITY_TIME_ZONE = 'Asia/Shanghai';

export const DATE_FORMAT = 'YYYY-MM-DD';
export const DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm:ss';

/** ISO instant → "2025-09-01 08:30:00" in Asia/Shanghai; '' for empty or invalid input. */
export function formatDateTime(iso: string | null | undefined, format = DATE_TIME_FORMAT): string {
  if (!iso) return '';
  const d = dayjs(iso);
  return d.isValid() ? d.tz(CITY_TIME_ZONE).format(format) : '';
}

export function formatDate(iso: string | null | undefined): string {
  return formatDateTime(iso, DATE_FORMAT);
}

/** Today's calendar date in the city (YYYY-MM-DD): the date ages and windows are counted on. */
export function cityToday(): string {
  return dayjs().tz(CITY_TIME_ZONE).format(DATE_FORMAT);
}

/** "3 分钟后" / "2 小时前", relative to now. */
export function fromNow(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = dayjs(iso);
  return d.isValid() ? d.fromNow() : '';
}

export { dayjs };

import { isRealDate } from '../identity/calendar-date';

/**
 * Cell values as offices type them. Every import reads text (the sheet reader turns numbers, dates and rich text
 * into text first); these helpers turn that text into values or say, in Chinese, what is wrong.
 */

export type TCellResult<T> = { ok: true; value: T } | { ok: false; message: string };

const pad = (n: number) => String(n).padStart(2, '0');

/** Days from 1899-12-30 (Excel's day 0, leap-year bug included) to a calendar date. */
export function excelSerialToIsoDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return null;
  const ms = Math.round((Math.floor(serial) - 25569) * 86_400_000);
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * A date typed as 2019-03-05, 2019/3/5, 2019.3.5, 20190305, 2019年3月5日, or an Excel date serial (the reader
 * passes date cells as YYYY-MM-DD already).
 */
export function parseCellDate(text: string): TCellResult<string> {
  const t = text.trim().replace(/\s+/g, '');
  let y: number;
  let m: number;
  let d: number;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{4})(\d{2})(\d{2})$/.exec(t))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if (/^\d{1,7}(\.\d+)?$/.test(t)) {
    const iso = excelSerialToIsoDate(Number(t));
    if (iso) return { ok: true, value: iso };
    return { ok: false, message: `“${text}”不是有效日期` };
  } else {
    return { ok: false, message: `“${text}”不是日期，请写成 2019-03-05` };
  }
  if (!isRealDate(y, m, d)) return { ok: false, message: `“${text}”不是真实的日期` };
  return { ok: true, value: `${y}-${pad(m)}-${pad(d)}` };
}

/** A year such as 2023 (also 2023年, 2023.0 from a numeric cell). */
export function parseCellYear(text: string): TCellResult<number> {
  const m = /^(\d{4})(?:\.0+)?年?$/.exec(text.trim());
  const y = m ? Number(m[1]) : NaN;
  if (!m || y < 1990 || y > 2100) return { ok: false, message: `“${text}”不是有效年份，请写四位数字，如 2023` };
  return { ok: true, value: y };
}

/**
 * A coded column: the code itself or its Chinese name (either form of a drop-down), case- and
 * space-insensitively. `names` maps codes to names.
 */
export function parseCellCode<C extends string>(
  text: string,
  names: Readonly<Record<C, string>>,
  what: string,
  aliases: Readonly<Record<string, C>> = {},
): TCellResult<C> {
  const t = text.trim().replace(/\s+/g, '');
  const code = lookupOf(names).get(t) ?? lookupOf(names).get(t.toLowerCase()) ?? aliases[t];
  if (code !== undefined) return { ok: true, value: code as C };
  const choices = Object.values<string>(names).slice(0, 8).join('、');
  return { ok: false, message: `${what}“${text}”不在可选范围内（${choices}${Object.keys(names).length > 8 ? ' …' : ''}）` };
}

/** Every accepted spelling of a code list (code, lower-case code, name, code+name, code-name), built once per list. */
const lookups = new WeakMap<object, Map<string, string>>();
function lookupOf(names: Readonly<Record<string, string>>): Map<string, string> {
  let map = lookups.get(names);
  if (!map) {
    map = new Map();
    for (const [code, name] of Object.entries(names)) {
      for (const spelling of [`${code}-${name}`, `${code}${name}`, name, code.toLowerCase(), code]) map.set(spelling, code);
    }
    lookups.set(names, map);
  }
  return map;
}

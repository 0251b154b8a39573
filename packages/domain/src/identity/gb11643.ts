/**
 * Pieces shared by every number built on the GB 11643-1999 pattern (6-character prefix, 8-digit birth date,
 * 3-digit sequence, ISO 7064 MOD 11-2 check character): the resident ID number, the 港澳台居民居住证 number and the
 * 2023 外国人永久居留身份证 number. Internal to identity/; the public API is in resident-id.ts and documents.ts.
 */
import { compactToIsoDate, requireIsoDate } from './calendar-date';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The oldest birth date we accept; anything earlier is a typo in the year (GB 11643 itself allows no older). */
export const MIN_BIRTH_DATE = '1880-01-01';

export type TGender = 'male' | 'female';

/**
 * ISO 7064 MOD 11-2 check character for the first 17 digits of a GB 11643-1999 number: the weighted sum
 * (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) modulo 11 picks from "10X98765432".
 * Throws a RangeError unless `first17` is exactly 17 ASCII digits.
 */
export function computeResidentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError(`computeResidentIdCheckChar needs exactly 17 digits, got "${first17}"`);
  }
  let sum = 0;
  WEIGHTS.forEach((weight, i) => {
    sum += (first17.charCodeAt(i) - 48) * weight;
  });
  return CHECK_CHARS.charAt(sum % 11);
}

/** Odd sequence digit (17th character) = male, even = female (GB 11643-1999 §4.3). */
export function genderFromSequenceDigit(digit: string): TGender {
  return Number(digit) % 2 === 1 ? 'male' : 'female';
}

export type TBirthDateCheck =
  | { ok: true; birthDate: string }
  | { ok: false; code: 'ID_BAD_BIRTH_DATE' | 'ID_BIRTH_DATE_TOO_EARLY' | 'ID_BIRTH_DATE_IN_FUTURE'; message: string };

/**
 * Checks the 8-digit birth date embedded in a number. `label` names the document in the message ("身份证号码"),
 * `where` names the positions ("第7–14位") so the clerk knows which digits to look at.
 */
export function checkEmbeddedBirthDate(
  yyyymmdd: string,
  label: string,
  where: string,
  today: string | undefined,
): TBirthDateCheck {
  const birthDate = compactToIsoDate(yyyymmdd);
  if (!birthDate) {
    return {
      ok: false,
      code: 'ID_BAD_BIRTH_DATE',
      message: `${label}中的出生日期不存在：${where}为“${yyyymmdd}”，不是有效的年月日`,
    };
  }
  if (birthDate < MIN_BIRTH_DATE) {
    return {
      ok: false,
      code: 'ID_BIRTH_DATE_TOO_EARLY',
      message: `${label}中的出生日期 ${birthDate} 早于 ${MIN_BIRTH_DATE}，请核对${where}`,
    };
  }
  if (today !== undefined) {
    requireIsoDate(today, 'options.today');
    if (birthDate > today) {
      return {
        ok: false,
        code: 'ID_BIRTH_DATE_IN_FUTURE',
        message: `${label}中的出生日期 ${birthDate} 晚于今天（${today}），请核对${where}`,
      };
    }
  }
  return { ok: true, birthDate };
}

// Zero-width characters and the BOM arrive invisibly with text copied from web pages and spreadsheets; a clerk
// cannot see them, so an "invalid character" error about them would be impossible to act on.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/**
 * Normalises a typed or pasted code before validation: drops invisible characters, turns full-width ASCII
 * (０-９, Ｘ, Ａ… typed with a Chinese IME in full-width mode) into half-width, trims and upper-cases.
 * It does not remove inner spaces or punctuation: those stay and are reported.
 */
export function cleanCodeInput(input: string): string {
  return input
    .replace(INVISIBLE, '')
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .trim()
    .toUpperCase();
}

/** 1-based position and character of the first character of `value` not matching `allowed`, for messages. */
export function firstBadChar(value: string, allowed: RegExp): { position: number; char: string } | null {
  const chars = Array.from(value);
  for (let i = 0; i < chars.length; i += 1) {
    const char = chars[i] ?? '';
    if (!allowed.test(char)) return { position: i + 1, char: char === ' ' ? '空格' : char };
  }
  return null;
}

/** A spreadsheet that stored an ID number as a number shows it as 1.10105E+17 and has lost the last digits. */
export function looksLikeScientificNotation(value: string): boolean {
  return /^\d(\.\d+)?E\+?\d+$/.test(value);
}

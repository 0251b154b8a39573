/**
 * Resident ID numbers (公民身份号码, GB 11643-1999), with the legacy 15-digit form of GB 11643-1989.
 * Structure: 6-digit region (GB/T 2260) + 8-digit birth date + 3-digit sequence (odd = male) + check character
 * (ISO 7064 MOD 11-2, "X" for 10). See research/cn-policy.md §4.
 */
import { requireIsoDate } from './calendar-date';
import {
  checkEmbeddedBirthDate,
  cleanCodeInput,
  computeResidentIdCheckChar,
  firstBadChar,
  genderFromSequenceDigit,
  looksLikeScientificNotation,
  type TGender,
} from './gb11643';
import { isPossibleIdRegion } from './division-history';

export { computeResidentIdCheckChar, MIN_BIRTH_DATE, type TGender } from './gb11643';

/** Stable codes for a rejected resident ID number; clients switch on these, never on the message. */
export const IdErrorCode = {
  ID_EMPTY: 'ID_EMPTY',
  ID_INVALID_CHARS: 'ID_INVALID_CHARS',
  ID_BAD_LENGTH: 'ID_BAD_LENGTH',
  ID_BAD_REGION: 'ID_BAD_REGION',
  ID_UNKNOWN_REGION: 'ID_UNKNOWN_REGION',
  ID_BAD_BIRTH_DATE: 'ID_BAD_BIRTH_DATE',
  ID_BIRTH_DATE_TOO_EARLY: 'ID_BIRTH_DATE_TOO_EARLY',
  ID_BIRTH_DATE_IN_FUTURE: 'ID_BIRTH_DATE_IN_FUTURE',
  ID_BAD_CHECK_CHAR: 'ID_BAD_CHECK_CHAR',
} as const;
export type IdErrorCode = (typeof IdErrorCode)[keyof typeof IdErrorCode];

/**
 * Province-level codes (first 2 digits) accepted in an ID number: the GB/T 2260 provinces, plus 71 台湾, 81 香港,
 * 82 澳门 and 83, which only occurs in 港澳台居民居住证 numbers (830000). 91 ("国外" in some old tools, and the first
 * digits of 2023 foreigner cards) is deliberately absent.
 */
export const PROVINCE_NAMES: Readonly<Record<string, string>> = {
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
  '83': '台湾居民（居住证专用）',
};

export function isProvinceCode(code2: string): boolean {
  return Object.hasOwn(PROVINCE_NAMES, code2);
}

export type TResidentIdOptions = {
  /**
   * Extra check of the 6-digit region code against the caller's administrative division data. Optional because
   * numbers keep the region of first issue, and many such codes (e.g. 51xxxx in Chongqing) no longer exist.
   */
  isKnownRegion?: (code6: string) => boolean;
  /** Today's date (YYYY-MM-DD, in the city's time zone): birth dates after it are rejected. */
  today?: string;
};

export type TIdParseResult =
  | {
      ok: true;
      /** 18 characters, upper-case X; a 15-digit number comes back converted. */
      normalized: string;
      /** YYYY-MM-DD */
      birthDate: string;
      gender: TGender;
      /** First 6 digits. */
      regionCode: string;
      /** First 2 digits. */
      provinceCode: string;
      wasLegacy15: boolean;
    }
  | { ok: false; code: IdErrorCode; message: string };

function fail(code: IdErrorCode, message: string): TIdParseResult {
  return { ok: false, code, message };
}

/**
 * Parses and checks a resident ID number typed or pasted by a person.
 *
 * Accepts surrounding spaces, a lower-case x, full-width digits and invisible zero-width characters (all
 * normalised away); rejects every other character. A valid 15-digit legacy number is converted to 18 digits
 * ("19" inserted after the region, check character computed). Checks, in order: characters, length, province
 * prefix, optional `isKnownRegion`, birth date (a real date, not before 1880-01-01, not after `today`), the region
 * code (one that exists or existed — see `isPossibleIdRegion`), then the check character. The first problem found is reported, in Chinese, for a school clerk.
 */
export function parseResidentId(input: string, options: TResidentIdOptions = {}): TIdParseResult {
  const value = cleanCodeInput(input);
  if (value === '') return fail('ID_EMPTY', '请填写身份证号码');

  if (looksLikeScientificNotation(value)) {
    return fail(
      'ID_INVALID_CHARS',
      `身份证号码“${value}”被表格转成了科学计数法，后几位已丢失：请把该列设为“文本”格式后重新录入`,
    );
  }
  const bad = firstBadChar(value, /^[0-9X]$/);
  if (bad) {
    return fail('ID_INVALID_CHARS', `身份证号码只能包含数字和末位的 X：第${bad.position}位“${bad.char}”不符合`);
  }
  const xAt = value.indexOf('X');
  if (xAt !== -1 && !(value.length === 18 && xAt === 17)) {
    return fail('ID_INVALID_CHARS', `身份证号码中的 X 只能是第18位（校验位），第${xAt + 1}位不能是 X`);
  }
  if (value.length !== 18 && value.length !== 15) {
    return fail('ID_BAD_LENGTH', `身份证号码应为18位（或旧版15位），现为${value.length}位`);
  }

  const isLegacy = value.length === 15;
  const regionCode = value.slice(0, 6);
  const provinceCode = value.slice(0, 2);
  if (!isProvinceCode(provinceCode)) {
    const hint = value.startsWith('9') && !isLegacy ? '；以 9 开头的18位号码是外国人永久居留身份证，证件类型应选“外国人永久居留身份证”' : '';
    return fail('ID_BAD_REGION', `身份证号码前2位“${provinceCode}”不是有效的省级行政区划代码${hint}`);
  }
  if (options.isKnownRegion && !options.isKnownRegion(regionCode)) {
    return fail('ID_UNKNOWN_REGION', `身份证号码前6位地区码“${regionCode}”不在行政区划代码表中，请核对`);
  }

  const birth = isLegacy
    ? checkEmbeddedBirthDate(`19${value.slice(6, 12)}`, '身份证号码', '第7–12位', options.today)
    : checkEmbeddedBirthDate(value.slice(6, 14), '身份证号码', '第7–14位', options.today);
  if (!birth.ok) return fail(birth.code, birth.message);
  if (!isPossibleIdRegion(regionCode, birth.birthDate)) {
    return fail('ID_UNKNOWN_REGION', `身份证号码前6位地区码“${regionCode}”不是存在过的行政区划代码，请核对`);
  }

  const first17 = isLegacy ? `${regionCode}19${value.slice(6, 15)}` : value.slice(0, 17);
  const expected = computeResidentIdCheckChar(first17);
  if (!isLegacy && value.charAt(17) !== expected) {
    return fail(
      'ID_BAD_CHECK_CHAR',
      `身份证号码校验位错误：第18位应为 ${expected}（按前17位计算），请逐位核对号码是否抄错`,
    );
  }

  return {
    ok: true,
    normalized: first17 + expected,
    birthDate: birth.birthDate,
    gender: genderFromSequenceDigit(first17.charAt(16)),
    regionCode,
    provinceCode,
    wasLegacy15: isLegacy,
  };
}

/**
 * Age in full years (周岁) on `date`, both `YYYY-MM-DD`. The age goes up on the birthday itself; a person born on
 * 29 February becomes a year older on 1 March in common years (they have not completed the year on 28 February).
 * Throws a RangeError for a malformed date or when `date` is before `birthDate`.
 */
export function ageOn(birthDate: string, date: string): number {
  const birth = requireIsoDate(birthDate, 'birthDate');
  const on = requireIsoDate(date, 'date');
  if (date < birthDate) throw new RangeError(`date ${date} is before birthDate ${birthDate}`);
  const hadBirthdayThisYear = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  return on.year - birth.year - (hadBirthdayThisYear ? 0 : 1);
}

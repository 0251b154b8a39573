/**
 * Identity documents, coded as the national medical insurance platform's psn_cert_type (research/cn-policy.md §4).
 * Only the types a resident enrollment needs are here; 02/03 (军官证/警官证), 09–15 and 90 are not accepted.
 *
 * Number formats, and where each rule comes from:
 * - 01 居民身份证（户口簿）: GB 11643-1999, see resident-id.ts. A 户口簿 carries the same 公民身份号码.
 * - 04/05 港澳居民来往内地通行证 (回乡证): "H" (Hong Kong) or "M" (Macau) + 8 digits; the card issued since 2013
 *   prints 2 more digits (the number of renewals) after them, and many systems store all 10 ("H/M + 8 or 10
 *   digits", as in common validators indexed from GitHub, e.g. id-validator ports). The platform table only says
 *   "04 / 05 HK / Macau"; we take 04 = Hong Kong residents (H…) and 05 = Macau residents (M…).
 * - 06 台湾居民来往大陆通行证 (台胞证): 8 digits on the card issued since 2015; the older booklet used 10 characters
 *   (digits, sometimes with letters, e.g. one-off permits), accepted as 10 letters/digits.
 * - 07 外国人永久居留身份证: 2017 card, 15 characters = 3-letter nationality code + 12 digits (we do not derive
 *   data from it: the internal layout is not published); 2023 card (from 2023-12-01, 国家移民管理局 "新版永居证机读
 *   信息规则"), 18 characters = "9" + 2-digit province of issue + 3-digit numeric nationality code + 8-digit birth
 *   date + 3-digit sequence + MOD 11-2 check character, "the same as the 公民身份号码". Gender is read from the
 *   17th digit as in GB 11643 (assumed: the notice says the number follows the 公民身份号码 standard).
 * - 08 外国人护照: formats vary by country (ICAO 9303 allows up to 9 characters in the MRZ, some countries print
 *   longer numbers), so 5–20 letters or digits.
 * - 16 中国护照: "E" + 8 digits (ordinary e-passport since 2012), "E" + letter + 7 digits once the E series ran out
 *   (EA…, EB…), "G" + 8 digits (2006–2012), and the public-affairs / service / diplomatic series "P", "S", "D" +
 *   7 or 8 digits or + letter + 7 digits (SE…, DE…, PE…); pre-2000s booklets "14"/"15" + 7 digits. Each is a
 *   series letter followed by digits, 8–9 characters in all, which is the rule we check.
 * - 17 港澳台居民居住证: GB 11643 structure with prefix 810000 (Hong Kong), 820000 (Macau) or 830000 (Taiwan).
 * - 99 其他: 1–30 printable characters.
 */
import { z } from 'zod';
import {
  checkEmbeddedBirthDate,
  cleanCodeInput,
  computeResidentIdCheckChar,
  genderFromSequenceDigit,
  type TGender,
} from './gb11643';
import { IdErrorCode, isProvinceCode, parseResidentId, type TResidentIdOptions } from './resident-id';

export const DOCUMENT_TYPES = {
  '01': '居民身份证（户口簿）',
  '04': '港澳居民来往内地通行证（香港）',
  '05': '港澳居民来往内地通行证（澳门）',
  '06': '台湾居民来往大陆通行证',
  '07': '外国人永久居留身份证',
  '08': '外国人护照',
  '16': '中国护照',
  '17': '港澳台居民居住证',
  '99': '其他',
} as const;

export const DOCUMENT_TYPE_CODES = ['01', '04', '05', '06', '07', '08', '16', '17', '99'] as const;
export const ZDocumentType = z.enum(DOCUMENT_TYPE_CODES);
export type TDocumentType = z.infer<typeof ZDocumentType>;

export function isDocumentType(value: string): value is TDocumentType {
  return (DOCUMENT_TYPE_CODES as readonly string[]).includes(value);
}

/** Codes for a rejected document: the resident-ID codes (also used for 17 and the 2023 07 card) plus these. */
export const DocumentErrorCode = {
  ...IdErrorCode,
  DOC_UNSUPPORTED_TYPE: 'DOC_UNSUPPORTED_TYPE',
  DOC_EMPTY: 'DOC_EMPTY',
  DOC_BAD_FORMAT: 'DOC_BAD_FORMAT',
  /** The number is valid, but for another document type: the message names the type to choose. */
  DOC_WRONG_TYPE: 'DOC_WRONG_TYPE',
} as const;
export type DocumentErrorCode = (typeof DocumentErrorCode)[keyof typeof DocumentErrorCode];

export type TDocumentValidationResult =
  | { ok: true; normalized: string; birthDate?: string; gender?: TGender }
  | { ok: false; code: DocumentErrorCode; message: string };

export type TDocumentOptions = TResidentIdOptions;

function fail(code: DocumentErrorCode, message: string): TDocumentValidationResult {
  return { ok: false, code, message };
}

function typeLabel(type: TDocumentType): string {
  return `“${DOCUMENT_TYPES[type]}”`;
}

/** 港澳台居民居住证 prefixes: Hong Kong, Macau and Taiwan residents. */
const PERMIT_PREFIXES: ReadonlySet<string> = new Set(['810000', '820000', '830000']);

/**
 * Points at the right document type when a number obviously belongs to another one (a clerk picked the wrong
 * type in a dropdown), so the message tells them what to change instead of only "格式错误".
 */
function wrongTypeHint(value: string, chosen: TDocumentType): TDocumentValidationResult | null {
  const suggest = (type: TDocumentType, what: string) =>
    type === chosen ? null : fail('DOC_WRONG_TYPE', `${what}，证件类型应选${typeLabel(type)}`);
  if (/^\d{17}[\dX]$/.test(value)) {
    if (PERMIT_PREFIXES.has(value.slice(0, 6))) return suggest('17', '这是港澳台居民居住证号码');
    if (value.startsWith('9')) return suggest('07', '这是新版外国人永久居留身份证号码');
    // 71/81/82/83 are in the province table for completeness, but mainland ID numbers never start with them.
    if (isProvinceCode(value.slice(0, 2)) && !/^(71|8)/.test(value)) return suggest('01', '这是居民身份证号码');
  }
  if (/^H\d{8}(\d{2})?$/.test(value)) return suggest('04', '以 H 开头的是香港居民来往内地通行证号码');
  if (/^M\d{8}(\d{2})?$/.test(value)) return suggest('05', '以 M 开头的是澳门居民来往内地通行证号码');
  return null;
}

/** Document numbers other than 99 carry no spaces or hyphens: those are layout, typed from the printed card. */
function compact(value: string): string {
  return value.replace(/[\s-]/g, '');
}

/** Validates a number with the GB 11643 body shared by 17 and the 2023 07 card, once the prefix is checked. */
function checkGb11643Body(value: string, label: string, today: string | undefined): TDocumentValidationResult {
  const birth = checkEmbeddedBirthDate(value.slice(6, 14), label, '第7–14位', today);
  if (!birth.ok) return fail(birth.code, birth.message);
  const expected = computeResidentIdCheckChar(value.slice(0, 17));
  if (value.charAt(17) !== expected) {
    return fail('ID_BAD_CHECK_CHAR', `${label}校验位错误：第18位应为 ${expected}（按前17位计算），请逐位核对号码是否抄错`);
  }
  return { ok: true, normalized: value, birthDate: birth.birthDate, gender: genderFromSequenceDigit(value.charAt(16)) };
}

function validateResidentIdDocument(input: string, options: TDocumentOptions): TDocumentValidationResult {
  const value = compact(cleanCodeInput(input));
  // 810000… (居住证) and 9… (2023 永居证) numbers are well-formed 18-digit numbers of another type: say which.
  if (/^\d{17}[\dX]$/.test(value) && (PERMIT_PREFIXES.has(value.slice(0, 6)) || value.startsWith('9'))) {
    const hint = wrongTypeHint(value, '01');
    if (hint) return hint;
  }
  const parsed = parseResidentId(input, options);
  if (!parsed.ok) {
    // A Hong Kong/Macau permit number typed under 01 gets "choose 04/05", not "wrong characters".
    const hint = parsed.code === 'ID_INVALID_CHARS' ? wrongTypeHint(value, '01') : null;
    return hint ?? parsed;
  }
  return { ok: true, normalized: parsed.normalized, birthDate: parsed.birthDate, gender: parsed.gender };
}

function validateHkMacauPermit(value: string, type: '04' | '05'): TDocumentValidationResult {
  const letter = type === '04' ? 'H' : 'M';
  if (new RegExp(`^${letter}\\d{8}(\\d{2})?$`).test(value)) return { ok: true, normalized: value };
  return (
    wrongTypeHint(value, type) ??
    fail(
      'DOC_BAD_FORMAT',
      `${typeLabel(type)}号码应为 ${letter} 加8位或10位数字（回乡证号码），不是${type === '04' ? '香港' : '澳门'}身份证号码`,
    )
  );
}

function validateTaiwanPermit(value: string): TDocumentValidationResult {
  if (/^\d{8}$/.test(value) || /^[0-9A-Z]{10}$/.test(value)) return { ok: true, normalized: value };
  return wrongTypeHint(value, '06') ?? fail('DOC_BAD_FORMAT', '台湾居民来往大陆通行证号码应为8位数字（旧版为10位字母或数字）');
}

function validateForeignerPermanentResidence(value: string, today: string | undefined): TDocumentValidationResult {
  if (/^[A-Z]{3}\d{12}$/.test(value)) return { ok: true, normalized: value };
  if (/^9\d{16}[\dX]$/.test(value)) {
    if (!isProvinceCode(value.slice(1, 3))) {
      return fail('ID_BAD_REGION', `外国人永久居留身份证号码第2–3位“${value.slice(1, 3)}”不是有效的省级受理地代码`);
    }
    return checkGb11643Body(value, '外国人永久居留身份证号码', today);
  }
  return (
    wrongTypeHint(value, '07') ??
    fail('DOC_BAD_FORMAT', '外国人永久居留身份证号码应为18位（以 9 开头的新版）或15位（3个英文字母加12位数字的旧版）')
  );
}

function validateResidencePermit(value: string, today: string | undefined): TDocumentValidationResult {
  if (!/^\d{17}[\dX]$/.test(value)) {
    return wrongTypeHint(value, '17') ?? fail('DOC_BAD_FORMAT', '港澳台居民居住证号码应为18位数字（末位可为 X）');
  }
  if (!PERMIT_PREFIXES.has(value.slice(0, 6))) {
    return wrongTypeHint(value, '17') ?? fail('ID_BAD_REGION', '港澳台居民居住证号码应以 810000、820000 或 830000 开头');
  }
  return checkGb11643Body(value, '港澳台居民居住证号码', today);
}

/** An 18-character number whose MOD 11-2 check character is right: a 01, 07 or 17 number, not a passport. */
function isCheckedGb11643Number(value: string): boolean {
  return /^\d{17}[\dX]$/.test(value) && computeResidentIdCheckChar(value.slice(0, 17)) === value.charAt(17);
}

function validateForeignPassport(value: string): TDocumentValidationResult {
  if (isCheckedGb11643Number(value)) {
    const hint = wrongTypeHint(value, '08');
    if (hint) return hint;
  }
  if (/^[A-Z0-9]{5,20}$/.test(value)) return { ok: true, normalized: value };
  return fail('DOC_BAD_FORMAT', '外国人护照号码应为5–20位英文字母或数字');
}

function validateChinesePassport(value: string): TDocumentValidationResult {
  if (/^[EGPSD]\d{7,8}$/.test(value) || /^[EPSD][A-Z]\d{7}$/.test(value) || /^1[45]\d{7}$/.test(value)) {
    return { ok: true, normalized: value };
  }
  return fail(
    'DOC_BAD_FORMAT',
    '中国护照号码应为字母 E、G、P、S 或 D 加7–8位数字（如 E12345678），或两个字母加7位数字（如 EA1234567）',
  );
}

function validateOther(input: string): TDocumentValidationResult {
  const value = input.trim();
  const length = Array.from(value).length;
  // \p{C}: control, format (zero-width), unassigned, private-use and lone surrogate code points.
  if (/\p{C}/u.test(value)) return fail('DOC_BAD_FORMAT', '证件号码含有不可见或无法显示的字符，请重新输入');
  if (length > 30) return fail('DOC_BAD_FORMAT', `证件号码最多30个字符，现为${length}个`);
  const asCode = compact(cleanCodeInput(value));
  if (isCheckedGb11643Number(asCode)) {
    const hint = wrongTypeHint(asCode, '99');
    if (hint) return hint;
  }
  return { ok: true, normalized: value };
}

/**
 * Validates a document number for a psn_cert_type. `type` is a plain string so that a code read from an import
 * file can be passed straight in; an unknown or unsupported code gives DOC_UNSUPPORTED_TYPE.
 * Birth date and gender are returned where the number carries them: 01, 17 and the 2023 (18-digit) 07 card.
 * `options.today` and `options.isKnownRegion` apply as in parseResidentId (isKnownRegion only to type 01).
 */
export function validateDocument(
  type: string,
  number: string,
  options: TDocumentOptions = {},
): TDocumentValidationResult {
  if (!isDocumentType(type)) return fail('DOC_UNSUPPORTED_TYPE', `不支持的证件类型“${type}”`);
  if (type === '01') return validateResidentIdDocument(number, options);
  if (type === '99') {
    return number.trim() === '' ? fail('DOC_EMPTY', '请填写证件号码') : validateOther(number);
  }

  const value = compact(cleanCodeInput(number));
  if (value === '') return fail('DOC_EMPTY', `请填写${DOCUMENT_TYPES[type]}号码`);
  switch (type) {
    case '04':
    case '05':
      return validateHkMacauPermit(value, type);
    case '06':
      return validateTaiwanPermit(value);
    case '07':
      return validateForeignerPermanentResidence(value, options.today);
    case '08':
      return validateForeignPassport(value);
    case '16':
      return validateChinesePassport(value);
    case '17':
      return validateResidencePermit(value, options.today);
  }
}

/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015) and the organisation codes inside them
 * (组织机构代码, GB 11714-1997).
 *
 * A USCC is 18 characters from "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, S, V, Z):
 *   1 registration department (登记管理部门) · 2 organisation type (机构类别) · 3–8 region of the registering
 *   authority (GB/T 2260, 100000 for central bodies) · 9–17 organisation code, whose 17th character is its own
 *   GB 11714 check character · 18 check character (weights 3^i mod 31, value 31 − sum mod 31).
 *
 * The department/type pair is not checked against a table: the published tables differ between sources and
 * have grown since 2015 (A 军队, N 农业…), and the check character already catches mistyped characters.
 */
import { cleanCodeInput, firstBadChar } from './gb11643';

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/**
 * Province-level prefixes of the region part: the GB/T 2260 provinces, 10 for central (中央) registrations and
 * 66 for the 新疆生产建设兵团, whose registration authorities use 66xxxx codes as in national administrative systems.
 */
const USCC_REGION_PREFIXES = new Set([
  '10', '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43',
  '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '66', '71', '81', '82',
]);

export const UsccErrorCode = {
  USCC_EMPTY: 'USCC_EMPTY',
  USCC_INVALID_CHARS: 'USCC_INVALID_CHARS',
  USCC_BAD_LENGTH: 'USCC_BAD_LENGTH',
  USCC_BAD_REGION: 'USCC_BAD_REGION',
  USCC_BAD_CHECK_CHAR: 'USCC_BAD_CHECK_CHAR',
  USCC_BAD_ORGANISATION_CODE: 'USCC_BAD_ORGANISATION_CODE',
} as const;
export type UsccErrorCode = (typeof UsccErrorCode)[keyof typeof UsccErrorCode];

export const OrganisationCodeErrorCode = {
  ORG_CODE_EMPTY: 'ORG_CODE_EMPTY',
  ORG_CODE_BAD_FORMAT: 'ORG_CODE_BAD_FORMAT',
  ORG_CODE_BAD_CHECK_CHAR: 'ORG_CODE_BAD_CHECK_CHAR',
} as const;
export type OrganisationCodeErrorCode = (typeof OrganisationCodeErrorCode)[keyof typeof OrganisationCodeErrorCode];

export type TUsccParseResult =
  | {
      ok: true;
      /** 18 characters, upper case. */
      normalized: string;
      registrationDepartmentCode: string;
      organisationTypeCode: string;
      /** Characters 3–8: region of the registering authority. */
      regionCode: string;
      /** Characters 9–17, without hyphen. */
      organisationCode: string;
    }
  | { ok: false; code: UsccErrorCode; message: string };

export type TOrganisationCodeResult =
  | {
      ok: true;
      /** As printed on certificates: 8 characters, hyphen, check character (e.g. "M000100Y-4"). */
      normalized: string;
      /** The same 9 characters without hyphen, as embedded in a USCC. */
      compact: string;
    }
  | { ok: false; code: OrganisationCodeErrorCode; message: string };

/**
 * GB 32100 check character for the first 17 characters of a USCC. Throws a RangeError unless `first17` is
 * 17 characters of the USCC character set.
 */
export function computeUsccCheckChar(first17: string): string {
  if (!new RegExp(`^[${USCC_CHARSET}]{17}$`).test(first17)) {
    throw new RangeError(`computeUsccCheckChar needs 17 characters of ${USCC_CHARSET}, got "${first17}"`);
  }
  let sum = 0;
  USCC_WEIGHTS.forEach((weight, i) => {
    sum += USCC_CHARSET.indexOf(first17.charAt(i)) * weight;
  });
  return USCC_CHARSET.charAt((31 - (sum % 31)) % 31);
}

/** GB 11714: digits count 0–9 and letters A–Z count 10–35. */
function organisationCharValue(ch: string): number {
  const code = ch.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 55;
}

/**
 * GB 11714 check character for the 8-character body of an organisation code: 11 − (weighted sum mod 11),
 * with 10 → "X" and 11 → "0". Throws a RangeError unless `body8` is 8 digits or upper-case letters.
 */
export function computeOrganisationCodeCheckChar(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) {
    throw new RangeError(`computeOrganisationCodeCheckChar needs 8 digits or upper-case letters, got "${body8}"`);
  }
  let sum = 0;
  ORG_WEIGHTS.forEach((weight, i) => {
    sum += organisationCharValue(body8.charAt(i)) * weight;
  });
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

// The five letters GB 32100 leaves out, and what a clerk most likely meant by them.
const LOOKALIKES: Readonly<Record<string, string>> = { I: '1', O: '0', Z: '2', S: '5', V: 'U' };

export type TUsccOptions = {
  /**
   * Also require characters 9–17 to be a valid GB 11714 organisation code (default true). Set false to accept
   * codes issued in early pilot areas whose organisation-code part does not follow GB 11714.
   */
  checkOrganisationCode?: boolean;
};

/**
 * Parses and checks a unified social credit code. Trims, upper-cases and turns full-width characters into
 * half-width; then checks characters, length, region prefix, the check character (18th) and, unless turned off,
 * the organisation code's own check character (17th). The first problem is reported in Chinese.
 */
export function parseUscc(input: string, options: TUsccOptions = {}): TUsccParseResult {
  const fail = (code: UsccErrorCode, message: string): TUsccParseResult => ({ ok: false, code, message });
  const value = cleanCodeInput(input);
  if (value === '') return fail('USCC_EMPTY', '请填写统一社会信用代码');

  const bad = firstBadChar(value, new RegExp(`^[${USCC_CHARSET}]$`));
  if (bad) {
    const meant = LOOKALIKES[bad.char];
    const hint = meant ? `（统一社会信用代码不使用字母 I、O、S、V、Z，这里可能应为“${meant}”）` : '';
    return fail('USCC_INVALID_CHARS', `统一社会信用代码第${bad.position}位“${bad.char}”不是有效字符${hint}`);
  }
  if (value.length !== 18) {
    return fail('USCC_BAD_LENGTH', `统一社会信用代码应为18位，现为${value.length}位`);
  }

  const regionCode = value.slice(2, 8);
  if (!/^\d{6}$/.test(regionCode) || !USCC_REGION_PREFIXES.has(regionCode.slice(0, 2))) {
    return fail('USCC_BAD_REGION', `统一社会信用代码第3–8位“${regionCode}”不是有效的行政区划代码`);
  }

  const expected = computeUsccCheckChar(value.slice(0, 17));
  if (value.charAt(17) !== expected) {
    return fail(
      'USCC_BAD_CHECK_CHAR',
      `统一社会信用代码校验位错误：第18位应为 ${expected}（按前17位计算），请逐位核对代码是否抄错`,
    );
  }

  const organisationCode = value.slice(8, 17);
  if (options.checkOrganisationCode !== false) {
    const orgExpected = computeOrganisationCodeCheckChar(organisationCode.slice(0, 8));
    if (organisationCode.charAt(8) !== orgExpected) {
      return fail(
        'USCC_BAD_ORGANISATION_CODE',
        `统一社会信用代码第9–17位不是有效的组织机构代码：第17位应为 ${orgExpected}，请核对营业执照或登记证书`,
      );
    }
  }

  return {
    ok: true,
    normalized: value,
    registrationDepartmentCode: value.charAt(0),
    organisationTypeCode: value.charAt(1),
    regionCode,
    organisationCode,
  };
}

/**
 * Validates a GB 11714 organisation code (组织机构代码): 8 digits or upper-case letters, then the check character,
 * written with or without the hyphen ("M000100Y-4" or "M000100Y4"). Lower case and full-width are accepted.
 */
export function validateOrganisationCode(input: string): TOrganisationCodeResult {
  const fail = (code: OrganisationCodeErrorCode, message: string): TOrganisationCodeResult => ({
    ok: false,
    code,
    message,
  });
  const value = cleanCodeInput(input);
  if (value === '') return fail('ORG_CODE_EMPTY', '请填写组织机构代码');
  const m = /^([0-9A-Z]{8})-?([0-9X])$/.exec(value);
  if (!m) {
    return fail('ORG_CODE_BAD_FORMAT', '组织机构代码应为8位数字或大写字母，加1位校验码（如 M000100Y-4）');
  }
  const body = m[1] ?? '';
  const check = m[2] ?? '';
  const expected = computeOrganisationCodeCheckChar(body);
  if (check !== expected) {
    return fail('ORG_CODE_BAD_CHECK_CHAR', `组织机构代码校验码错误：最后一位应为 ${expected}，请逐位核对代码是否抄错`);
  }
  return { ok: true, normalized: `${body}-${check}`, compact: body + check };
}

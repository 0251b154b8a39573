/**
 * Mainland China phone numbers: mobile (1[3-9] + 9 digits) and landline (area code + 7–8 digit local number,
 * optional extension). Other countries' numbers are not accepted: the contact phone must reach someone here.
 *
 * Area codes: the 3-digit ones (with the trunk 0) are exactly 010 (Beijing) and 020–029; every other area code is
 * 4 digits, 03xx–09xx. That is what lets "01012345678" and "075512345678" be split without a hyphen.
 */
import { cleanCodeInput, firstBadChar } from './gb11643';

export const PhoneErrorCode = {
  PHONE_EMPTY: 'PHONE_EMPTY',
  PHONE_INVALID_CHARS: 'PHONE_INVALID_CHARS',
  PHONE_UNSUPPORTED_COUNTRY: 'PHONE_UNSUPPORTED_COUNTRY',
  PHONE_BAD_MOBILE: 'PHONE_BAD_MOBILE',
  PHONE_BAD_AREA_CODE: 'PHONE_BAD_AREA_CODE',
  PHONE_BAD_LOCAL_NUMBER: 'PHONE_BAD_LOCAL_NUMBER',
  PHONE_MISSING_AREA_CODE: 'PHONE_MISSING_AREA_CODE',
  PHONE_BAD_FORMAT: 'PHONE_BAD_FORMAT',
} as const;
export type PhoneErrorCode = (typeof PhoneErrorCode)[keyof typeof PhoneErrorCode];

export type TPhoneKind = 'mobile' | 'landline';

export type TPhoneParseResult =
  | {
      ok: true;
      /** Mobile: 11 digits ("13912345678"). Landline: "0755-12345678", with "-801" appended for an extension. */
      normalized: string;
      kind: TPhoneKind;
      /** Landline only, with the leading 0. */
      areaCode?: string;
      /** Landline only. */
      extension?: string;
    }
  | { ok: false; code: PhoneErrorCode; message: string };

const AREA_CODE = /^0(?:10|2\d|[3-9]\d{2})$/;
const LOCAL_NUMBER = /^[2-9]\d{6,7}$/;
// Extensions written with a marker: "转801", "分机 801", "ext. 801", "x801", "#801".
const EXTENSION_MARKER = /^(.*?)\s*(?:转|分机|EXT\.?|X|#)\s*(\d{1,6})$/;
// A landline whose area code the writer separated: "(0755)12345678", "0755-12345678", "010 12345678-801".
const SEPARATED_LANDLINE = /^(?:\((0\d{2,3})\)[\s-]*|(0\d{2,3})[\s-]+)(\d{7,8})(?:-(\d{1,6}))?$/;

function fail(code: PhoneErrorCode, message: string): TPhoneParseResult {
  return { ok: false, code, message };
}

function landline(areaCode: string, local: string, extension: string | undefined): TPhoneParseResult {
  if (!AREA_CODE.test(areaCode)) {
    return fail('PHONE_BAD_AREA_CODE', `区号“${areaCode}”不正确：区号为 010、020–029 或以 0 开头的4位数字`);
  }
  if (!LOCAL_NUMBER.test(local)) {
    return fail(
      'PHONE_BAD_LOCAL_NUMBER',
      `固定电话号码（不含区号）应为7或8位且不以0或1开头，现为“${local}”（${local.length}位）`,
    );
  }
  return {
    ok: true,
    normalized: `${areaCode}-${local}${extension ? `-${extension}` : ''}`,
    kind: 'landline',
    areaCode,
    ...(extension ? { extension } : {}),
  };
}

/**
 * Parses a mainland mobile or landline number as typed: spaces, hyphens and parentheses are layout; a +86, 0086
 * or (for mobiles) bare 86 country prefix is dropped; full-width digits are accepted. A landline needs its area
 * code; its extension may follow a marker (转, 分机, ext, x, #) or a final hyphen after a separated area code.
 */
export function parsePhoneNumber(input: string): TPhoneParseResult {
  const value = cleanCodeInput(input);
  if (value === '') return fail('PHONE_EMPTY', '请填写联系电话');

  const marked = EXTENSION_MARKER.exec(value);
  let main = marked ? (marked[1] ?? '') : value;
  let extension = marked ? marked[2] : undefined;

  const bad = firstBadChar(main, /^[0-9+\-\s()]$/);
  if (bad) return fail('PHONE_INVALID_CHARS', `电话号码第${bad.position}位“${bad.char}”不是数字`);

  let international = false;
  const country = /^\(?(?:\+|00)\s*(\d*)\)?/.exec(main);
  if (country) {
    if (!(country[1] ?? '').startsWith('86')) {
      return fail('PHONE_UNSUPPORTED_COUNTRY', '只支持中国大陆的手机号码和固定电话（国家代码 +86）');
    }
    international = true;
    // Keep digits typed after 86 inside the same group, e.g. "+8613912345678".
    main = (country[1] ?? '').slice(2) + main.slice(country[0].length);
  }
  if (main.includes('+')) return fail('PHONE_INVALID_CHARS', '电话号码中的“+”只能出现在最前面的国家代码 +86 中');

  let digits = main.replace(/[\s\-()]/g, '');
  if (/^861[3-9]\d{9}$/.test(digits)) digits = digits.slice(2);
  // Some people still dial 0 before a mobile from another city and write it down that way.
  if (/^01[3-9]\d{9}$/.test(digits)) digits = digits.slice(1);
  // "+86 755 12345678", "+86 10 62345678": the trunk 0 is dropped after a country code (10 is Beijing, not a mobile).
  if (international && /^(?:[2-9]|10)/.test(digits)) {
    digits = `0${digits}`;
    main = `0${main.trim()}`;
  }
  if (digits === '') return fail('PHONE_BAD_FORMAT', '请填写完整的电话号码');

  if (digits.startsWith('1')) {
    if (extension) return fail('PHONE_BAD_MOBILE', '手机号码不能带分机号');
    if (digits.length !== 11) return fail('PHONE_BAD_MOBILE', `手机号码应为11位，现为${digits.length}位`);
    if (!/^1[3-9]\d{9}$/.test(digits)) return fail('PHONE_BAD_MOBILE', `手机号码“${digits}”不正确：第2位应为3–9`);
    return { ok: true, normalized: digits, kind: 'mobile' };
  }

  if (digits.startsWith('0')) {
    const separated = SEPARATED_LANDLINE.exec(main.trim());
    if (separated) {
      if (separated[4] && extension) return fail('PHONE_BAD_FORMAT', '电话号码中有两个分机号，请只保留一个');
      extension = extension ?? separated[4];
      return landline(separated[1] ?? separated[2] ?? '', separated[3] ?? '', extension);
    }
    // Unseparated: 010 and 02x are the only 3-digit area codes; 01x other than 010 is reported as a bad area code.
    const areaLength = /^0(?:1|2)/.test(digits) ? 3 : 4;
    return landline(digits.slice(0, areaLength), digits.slice(areaLength), extension);
  }

  if (LOCAL_NUMBER.test(digits)) {
    return fail('PHONE_MISSING_AREA_CODE', `固定电话请加区号，如 0755-${digits}`);
  }
  return fail('PHONE_BAD_FORMAT', '无法识别的电话号码：手机号码为11位，固定电话为区号加7–8位号码');
}

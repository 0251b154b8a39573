/**
 * Person names as written on the identity document: Chinese names in Han characters (ethnic-minority names with
 * the middle dot "·", e.g. 阿依古丽·买买提), or foreigners' names in Latin letters as on the passport.
 */

export const PersonNameErrorCode = {
  NAME_EMPTY: 'NAME_EMPTY',
  NAME_INVALID_CHARS: 'NAME_INVALID_CHARS',
  NAME_MIXED_SCRIPT: 'NAME_MIXED_SCRIPT',
  NAME_BAD_DOT: 'NAME_BAD_DOT',
  NAME_BAD_PUNCTUATION: 'NAME_BAD_PUNCTUATION',
  NAME_TOO_SHORT: 'NAME_TOO_SHORT',
  NAME_TOO_LONG: 'NAME_TOO_LONG',
} as const;
export type PersonNameErrorCode = (typeof PersonNameErrorCode)[keyof typeof PersonNameErrorCode];

export type TNameScript = 'han' | 'latin';

export type TPersonNameResult =
  | { ok: true; normalized: string; script: TNameScript }
  | { ok: false; code: PersonNameErrorCode; message: string };

export const MAX_HAN_NAME_LENGTH = 30;
export const MAX_LATIN_NAME_LENGTH = 70;

// Unified_Ideograph covers the basic block and every extension (rare characters in names live in Ext A–H),
// but not look-alikes such as Kangxi radicals; NFKC below maps those to the real ideographs first. 〇 is a Han
// character used in names but is not a "unified" ideograph.
const HAN_CHAR = /^(?:\p{Unified_Ideograph}|〇)$/u;
const HAS_HAN = /\p{Unified_Ideograph}|〇/u;
const HAS_LATIN = /\p{Script=Latin}/u;
// Every dot people type between the parts of a minority name: ·, •, ．(NFKC → .), ・, ‧, ∙, ⋅ and ASCII ".".
const NAME_DOTS = /[·•.・‧∙⋅]/g;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

function fail(code: PersonNameErrorCode, message: string): TPersonNameResult {
  return { ok: false, code, message };
}

function validateHanName(value: string): TPersonNameResult {
  // Spaces inside a Chinese name are layout ("张 三" in a roster aligned by hand), never part of the name.
  const normalized = value.replace(NAME_DOTS, '·').replace(/\s+/g, '');
  const chars = Array.from(normalized);
  const bad = chars.find((c) => c !== '·' && !HAN_CHAR.test(c));
  if (bad !== undefined) return fail('NAME_INVALID_CHARS', `姓名中的“${bad}”不是汉字`);
  if (normalized.startsWith('·') || normalized.endsWith('·') || normalized.includes('··')) {
    return fail('NAME_BAD_DOT', '姓名中的间隔点“·”只能出现在两个汉字之间');
  }
  if (chars.filter((c) => c !== '·').length < 2) return fail('NAME_TOO_SHORT', '中文姓名至少应有2个汉字');
  if (chars.length > MAX_HAN_NAME_LENGTH) {
    return fail('NAME_TOO_LONG', `中文姓名最多${MAX_HAN_NAME_LENGTH}个字，现为${chars.length}个`);
  }
  return { ok: true, normalized, script: 'han' };
}

function validateLatinName(value: string): TPersonNameResult {
  const normalized = value
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, ' ')
    .toUpperCase();
  const chars = Array.from(normalized);
  // \p{M}: a combining accent that NFKC could not fold into its letter.
  const bad = chars.find((c) => !/^[\p{Script=Latin}\p{M} .'-]$/u.test(c));
  if (bad !== undefined) {
    return fail('NAME_INVALID_CHARS', `外文姓名只能包含英文字母、空格、连字符“-”、撇号“'”和点“.”：“${bad}”不符合`);
  }
  if (!/^\p{Script=Latin}/u.test(normalized) || /[-']$/.test(normalized) || /[-'.]{2}|[-'] | [-'.]/.test(normalized)) {
    return fail('NAME_BAD_PUNCTUATION', '外文姓名应以字母开头，连字符、撇号和点不能连用，也不能紧挨空格（点后可接空格）');
  }
  if (chars.filter((c) => /\p{L}/u.test(c)).length < 2) return fail('NAME_TOO_SHORT', '外文姓名至少应有2个字母');
  if (chars.length > MAX_LATIN_NAME_LENGTH) {
    return fail('NAME_TOO_LONG', `外文姓名最多${MAX_LATIN_NAME_LENGTH}个字符，现为${chars.length}个`);
  }
  return { ok: true, normalized, script: 'latin' };
}

/**
 * Validates and normalises a person's name. Input is NFKC-normalised first, so full-width letters, Kangxi-radical
 * look-alikes and compatibility ideographs become their ordinary forms.
 * - Han: 2–30 characters (dots included), Han ideographs plus "·" between them; the dot variants •, ．, ., ・, ‧,
 *   ∙ and ⋅ become "·"; spaces are removed.
 * - Latin: letters (accents kept), spaces, "-", "'" and "."; at most 70 characters; upper-cased, spaces collapsed.
 * A name mixing Han characters and Latin letters is rejected: that is usually pinyin typed for a rare character.
 */
export function validatePersonName(input: string): TPersonNameResult {
  const value = input.normalize('NFKC').replace(INVISIBLE, '').trim();
  if (value === '') return fail('NAME_EMPTY', '请填写姓名');
  const hasHan = HAS_HAN.test(value);
  const hasLatin = HAS_LATIN.test(value);
  if (hasHan && hasLatin) {
    return fail(
      'NAME_MIXED_SCRIPT',
      '姓名不能同时包含汉字和外文字母；生僻字请用输入法的生僻字功能输入，不要用拼音或字母代替',
    );
  }
  if (hasHan) return validateHanName(value);
  if (hasLatin) return validateLatinName(value);
  const first = Array.from(value).find((c) => !/\s/.test(c)) ?? value;
  return fail('NAME_INVALID_CHARS', `姓名应使用汉字，或与护照一致的英文字母：“${first}”不符合`);
}

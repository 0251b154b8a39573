/**
 * 年级代码 of a school placement: two digits. The public school roster spec (research/cn-policy.md §4, S45) fixes
 * 01–06 for primary school and 26–31 for postgraduates; the codes between follow the same counting (our
 * convention, stated here so that imports and the UI agree): 00 kindergarten, 11–13 junior middle, 14–16 senior
 * high, 17–19 vocational, 21–25 undergraduate years.
 */
export const GRADES: ReadonlyArray<{ code: string; name: string; stage: string }> = [
  { code: '00', name: '幼儿园', stage: '学前' },
  ...['一', '二', '三', '四', '五', '六'].map((n, i) => ({ code: `0${i + 1}`, name: `小学${n}年级`, stage: '小学' })),
  ...['一', '二', '三'].map((n, i) => ({ code: `1${i + 1}`, name: `初中${n}年级`, stage: '初中' })),
  ...['一', '二', '三'].map((n, i) => ({ code: `1${i + 4}`, name: `高中${n}年级`, stage: '高中' })),
  ...['一', '二', '三'].map((n, i) => ({ code: `1${i + 7}`, name: `中职${n}年级`, stage: '中职' })),
  ...['一', '二', '三', '四', '五'].map((n, i) => ({ code: `2${i + 1}`, name: `大学${n}年级`, stage: '大学' })),
  ...['一', '二', '三', '四', '五', '六'].map((n, i) => ({ code: String(26 + i), name: `研究生${n}年级`, stage: '研究生' })),
];

const GRADE_NAMES = new Map(GRADES.map((g) => [g.code, g.name]));

/** The Chinese name of a grade code; an unknown code is shown as itself. */
export function gradeName(code: string | null | undefined): string {
  if (!code) return '';
  return GRADE_NAMES.get(code) ?? `年级 ${code}`;
}

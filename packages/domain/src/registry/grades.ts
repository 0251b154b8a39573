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

/** Years of each graded stage; a stage's grades are counted from its first code (小学 01–06, 初中 11–13 …). */
const STAGE_YEARS: Record<string, { first: number; years: number }> = {
  学前: { first: 0, years: 3 },
  小学: { first: 1, years: 6 },
  初中: { first: 11, years: 3 },
  高中: { first: 14, years: 3 },
  中职: { first: 17, years: 3 },
  大学: { first: 21, years: 4 },
};
const STAGE_OF = new Map(GRADES.map((g) => [g.code, g.stage]));

export type TPlacementFacts = { gradeCode: string | null; entryYear: number | null; expectedGraduationYear: number | null };
export type TPlacement = {
  /** The grade in the school year the insurance year is collected in (the autumn before it): promotion on 1 September. */
  gradeCode: string | null;
  /** Left in the summer before the collection: the graduating class of the school year that ended. */
  graduated: boolean;
};

/**
 * A pupil's grade for an insurance year's campaign (collected from September of the year before), and whether the
 * pupil left with the graduating class. With an entry year (入学年份) the grade advances every 1 September from the
 * stage's first grade; otherwise the grade on file (kept current by the education department's prefill) stands.
 * Graduation: the expected graduation year, else entry year + the stage's length, before the insurance year.
 */
export function placementFor(p: TPlacementFacts, insuranceYear: number): TPlacement {
  const schoolYear = insuranceYear - 1; // the school year starting in September before the insurance year
  const stage = p.gradeCode ? STAGE_OF.get(p.gradeCode) : undefined;
  const span = stage ? STAGE_YEARS[stage] : undefined;
  const expected = p.expectedGraduationYear ?? (span && p.entryYear ? p.entryYear + span.years : null);
  const graduated = expected !== null && expected < insuranceYear;
  if (!span || !p.entryYear || stage === '学前') return { gradeCode: p.gradeCode, graduated };
  const ordinal = schoolYear - p.entryYear; // 0 in the first year
  if (ordinal < 0) return { gradeCode: p.gradeCode, graduated };
  const clipped = Math.min(ordinal, span.years - 1);
  return { gradeCode: String(span.first + clipped).padStart(2, '0'), graduated: graduated || ordinal >= span.years };
}

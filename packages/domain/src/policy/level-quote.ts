import { z } from 'zod';
import { safeQuoteFee } from './engine';
import { ZFeeQuote, type TFeeQuote, type TQuoteReason } from './fee-quote';
import { SCHOOL_LEVEL_NAMES, SCHOOL_LEVELS, ZSchoolLevel, type TPolicyProfile, type TSchoolLevel } from './profile';

/** The quote of the school levels that price alike. */
export const ZLevelQuote = z.strictObject({
  schoolLevels: z.array(ZSchoolLevel).min(1),
  /** “幼儿园、小学、初中”. */
  schoolLevelNames: z.string().min(1),
  quote: ZFeeQuote,
});
export type TLevelQuote = z.infer<typeof ZLevelQuote>;

/** A quote for a pupil whose school level was not given: one answer, and each level's where they differ. */
export type TQuoteAcrossLevels = TFeeQuote & { byLevel?: TLevelQuote[] };

const SOURCE = { notice: 'canbao', section: '缴费标准查询' } as const;

/** What a parent compares: may I enroll, in what, for how much, from when. */
function priceKey(q: TFeeQuote): string {
  return JSON.stringify([q.eligible, q.allowed, q.category.code, q.path.code, q.totalFen, q.subsidyFen, q.payableFen, q.benefitStart, q.waitingDays]);
}

const levelNames = (levels: readonly TSchoolLevel[]) => levels.map((l) => SCHOOL_LEVEL_NAMES[l]).join('、');

/**
 * Quotes an in-school person without a school level. Where the profile prices every level alike the answer is
 * that one quote; where it does not, the answer is the quote of the levels most of the profile's pupils share,
 * `byLevel` quotes each group of levels, and a reason says which levels differ. A failure that does not depend
 * on the level (a wrong ID number) is the failure of the first level.
 */
export function quoteFeeAcrossSchoolLevels(
  profile: TPolicyProfile,
  facts: Record<string, unknown> & { inSchool: true },
): { ok: true; quote: TQuoteAcrossLevels } | Extract<ReturnType<typeof safeQuoteFee>, { ok: false }> {
  const groups: { levels: TSchoolLevel[]; quote: TFeeQuote }[] = [];
  for (const schoolLevel of SCHOOL_LEVELS) {
    const result = safeQuoteFee(profile, { ...facts, schoolLevel });
    if (!result.ok) return result;
    const key = priceKey(result.quote);
    const group = groups.find((g) => priceKey(g.quote) === key);
    if (group) group.levels.push(schoolLevel);
    else groups.push({ levels: [schoolLevel], quote: result.quote });
  }
  if (groups.length === 1) {
    const only = groups[0]!.quote;
    const reason: TQuoteReason = { rule: 'input.school_level_irrelevant', message: '未填写学段；本方案各学段的缴费标准相同', source: SOURCE };
    return { ok: true, quote: { ...only, reasons: [reason, ...only.reasons] } };
  }
  // The largest group answers; ties go to the earlier (younger) levels.
  const main = groups.reduce((best, g) => (g.levels.length > best.levels.length ? g : best));
  const others = groups.filter((g) => g !== main).flatMap((g) => g.levels);
  const reason: TQuoteReason = {
    rule: 'input.school_level_differs',
    message: `未填写学段：以下按${levelNames(main.levels)}计算；${levelNames(others)}的标准不同，见“各学段缴费标准”`,
    source: SOURCE,
  };
  return {
    ok: true,
    quote: {
      ...main.quote,
      reasons: [reason, ...main.quote.reasons],
      byLevel: groups.map((g) => ({ schoolLevels: g.levels, schoolLevelNames: levelNames(g.levels), quote: g.quote })),
    },
  };
}

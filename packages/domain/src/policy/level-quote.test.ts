import { describe, expect, it } from 'vitest';
import { quoteFee } from './engine';
import { quoteFeeAcrossSchoolLevels } from './level-quote';
import { GUANGZHOU_2014, SUZHOU_2019, TEMPLATE_2025 } from './profiles';

const pupil = { birthDate: '2011-04-02', inSchool: true as const, hukouType: 'local_urban', applyDate: '2018-10-08' };

describe('a quote for a pupil whose school level is not given', () => {
  it('Suzhou 2019 prices pupils from kindergarten to vocational school alike and university students apart: it says so and quotes both', () => {
    const result = quoteFeeAcrossSchoolLevels(SUZHOU_2019, pupil);
    if (!result.ok) throw new Error(result.message);
    const { quote } = result;
    expect(quote.byLevel?.map((g) => g.schoolLevels)).toEqual([['kindergarten', 'primary', 'middle', 'high', 'vocational'], ['university']]);
    // The answer is the quote of the larger group, exactly as if 小学 had been given.
    const primary = quoteFee(SUZHOU_2019, { ...pupil, hukouType: 'local_urban', schoolLevel: 'primary' });
    expect({ ...quote, byLevel: undefined, reasons: quote.reasons.slice(1) }).toEqual({ ...primary, byLevel: undefined });
    expect(quote.reasons[0]).toMatchObject({ rule: 'input.school_level_differs' });
    expect(quote.reasons[0]!.message).toBe('未填写学段：以下按幼儿园、小学、初中、高中、中专/技校/职校计算；高等院校的标准不同，见“各学段缴费标准”');
    const university = quote.byLevel![1]!;
    expect(university.schoolLevelNames).toBe('高等院校');
    expect(university.quote.category.code).not.toBe(quote.category.code);
  });

  it('a profile whose rules do not depend on the level (the national template) answers with one quote and says the level does not matter', () => {
    const result = quoteFeeAcrossSchoolLevels(TEMPLATE_2025, { ...pupil, birthDate: '2016-04-02', applyDate: '2024-10-08' });
    if (!result.ok) throw new Error(result.message);
    expect(result.quote.byLevel).toBeUndefined();
    expect(result.quote.reasons[0]).toMatchObject({ rule: 'input.school_level_irrelevant', message: '未填写学段；本方案各学段的缴费标准相同' });
    const primary = quoteFee(TEMPLATE_2025, { ...pupil, birthDate: '2016-04-02', applyDate: '2024-10-08', hukouType: 'local_urban', schoolLevel: 'primary' });
    expect(result.quote.payableFen).toBe(primary.payableFen);
  });

  it('a wrong ID number fails as it would with a level', () => {
    const result = quoteFeeAcrossSchoolLevels(GUANGZHOU_2014, { ...pupil, birthDate: undefined, idNumber: '110101199003071234', applyDate: '2014-10-08' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/校验码|身份证/);
  });
});

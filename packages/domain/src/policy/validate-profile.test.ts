import { describe, expect, it } from 'vitest';
import type { TPolicyProfile } from './profile';
import { READY_PROFILES, getReadyProfile, findReadyProfile } from './profiles';
import { profileErrors, validateProfile } from './validate-profile';

const clone = (p: TPolicyProfile): TPolicyProfile => JSON.parse(JSON.stringify(p)) as TPolicyProfile;
const suzhou = () => clone(getReadyProfile('suzhou-2019'));
const nantong = () => clone(getReadyProfile('nantong-2021'));
const messages = (p: unknown) => profileErrors(p).map((i) => `${i.path}: ${i.message}`);

describe('ready profiles', () => {
  it.each(READY_PROFILES.map((p) => [p.id, p] as const))('%s passes validateProfile without errors', (_id, p) => {
    expect(profileErrors(p)).toEqual([]);
  });

  it('have unique ids and the five seed notices', () => {
    const ids = READY_PROFILES.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['suzhou-2019', 'nanchong-2023', 'beijing-2007', 'guangzhou-2014', 'nantong-2021', 'template-2025']));
    expect(READY_PROFILES.filter((p) => !p.template).map((p) => p.sourceNotice.fileId.slice(0, 3)).sort()).toEqual(['000', '001', '001', '002', '003', '004']);
  });

  it('use GB/T 2260 region codes of the notices’ cities', () => {
    expect(Object.fromEntries(READY_PROFILES.map((p) => [p.id, p.regionCode]))).toMatchObject({
      'suzhou-2019': '320500',
      'nanchong-2023': '511300',
      'beijing-2007': '110000',
      'guangzhou-2014': '440100',
      'nantong-2021': '320600',
      'template-2025': '000000',
    });
  });

  it('getReadyProfile throws a Chinese error for an unknown id; find returns undefined', () => {
    expect(() => getReadyProfile('shanghai-2020')).toThrow(/没有编号为“shanghai-2020”的政策配置/);
    expect(findReadyProfile('shanghai-2020')).toBeUndefined();
    expect(findReadyProfile('template-2030')?.declarationWindow.start).toBe('2029-09-01');
  });
});

describe('validateProfile finds problems', () => {
  it('reports schema problems with paths', () => {
    expect(messages({})[0]).toBeDefined();
    const p = suzhou() as unknown as { categories: { parts: { amountFen: number }[] }[] };
    p.categories[0]!.parts[0]!.amountFen = -100;
    expect(messages(p).join('\n')).toMatch(/categories\.0\.parts\.0\.amountFen: 金额不能为负数/);
  });

  it('parts that do not add up to the total', () => {
    const p = suzhou();
    p.categories[0]!.totalFen = 18000;
    expect(messages(p)).toContain('categories.0.totalFen: “学生（少儿）”各部分合计 19000 分，与总额 18000 分不符');
  });

  it('windows out of order, adjustment not after declaration', () => {
    const p = suzhou();
    p.declarationWindow.end = '2018-08-01';
    expect(messages(p).join('\n')).toContain('申报缴费期结束日 2018-08-01 早于开始日 2018-09-01');
    const q = suzhou();
    q.adjustmentWindow!.start = '2018-11-20';
    expect(messages(q).join('\n')).toContain('adjustmentWindow.start: 调整期须在申报缴费期（至 2018-11-20）之后开始');
  });

  it('windows far from the insurance year', () => {
    const p = suzhou();
    p.declarationWindow.start = '2015-09-01';
    expect(messages(p).join('\n')).toMatch(/超过一年|过远/);
    const q = suzhou();
    q.declarationWindow.end = '2020-01-01';
    expect(messages(q).join('\n')).toContain('晚于待遇享受期结束日');
  });

  it('coverage gaps: a category removed leaves ages uncovered', () => {
    const p = suzhou();
    p.categories[0]!.select = [{ inSchool: true, schoolLevels: ['kindergarten', 'primary', 'middle', 'high', 'vocational'] }];
    const gaps = messages(p).filter((m) => m.startsWith('categories: 覆盖缺口'));
    expect(gaps).toContain('categories: 覆盖缺口：不在校、本地城镇户籍、0–17 周岁的人员未被排除，但没有适用的人员类别');
  });

  it('coverage gaps in an age band (Nantong minor band ends at 16)', () => {
    const p = nantong();
    p.categories[1]!.select = [{ ageMax: 16 }];
    expect(messages(p).join('\n')).toContain('不在校、本地城镇户籍、17 周岁的人员未被排除');
  });

  it('gaps by gender when categories use gender (Beijing elderly)', () => {
    const p = clone(getReadyProfile('beijing-2007'));
    p.eligibility.exclusions = p.eligibility.exclusions.filter((e) => e.code !== 'working_age_female');
    expect(messages(p).join('\n')).toContain('不在校、本地城镇户籍、女、18–49 周岁');
  });

  it('paths must cover everyone', () => {
    const p = nantong();
    p.paths[0]!.when = [{ hukouTypes: ['local_urban'] }];
    expect(messages(p).join('\n')).toContain('paths: 覆盖缺口');
  });

  it('duplicate codes and dangling references', () => {
    const p = suzhou();
    p.identities[1]!.code = 'dibao';
    p.eligibility.exclusions[3]!.exceptFlags = ['no_such_flag'];
    const m = messages(p).join('\n');
    expect(m).toContain('减免身份代码“dibao”重复');
    expect(m).toContain('引用了未定义的标记“no_such_flag”');
  });

  it('public values must be marked unsure and name their source', () => {
    const p = clone(getReadyProfile('beijing-2007'));
    delete p.categories[0]!.parts[0]!.unsure;
    p.categories[1]!.source = { notice: 'public', section: 'x' };
    const m = messages(p).join('\n');
    expect(m).toContain('categories.0.parts.0: 取自公开资料（非通知原文）的规则须标记 unsure: true');
    expect(m).toContain('categories.1.source: 公开资料来源须注明出处（reference）');
  });

  it('000000 is for templates only', () => {
    const p = suzhou();
    p.regionCode = '000000';
    expect(messages(p)).toContain('regionCode: 行政区划代码 000000 仅用于模板');
  });

  it('warnings are not errors', () => {
    const issues = validateProfile(getReadyProfile('template-2025'));
    expect(issues.every((i) => i.severity === 'warning')).toBe(true);
  });
});

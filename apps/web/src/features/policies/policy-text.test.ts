import { READY_PROFILES, SUZHOU_2019, TEMPLATE_2025 } from '@canbao/domain';
import { describe, expect, it } from 'vitest';
import { citation, describeSelector, describeSelectors, issuePathLabel, subsidyText } from './policy-text';

describe('describeSelector', () => {
  it('words the conditions of a category', () => {
    expect(describeSelector({})).toBe('所有人员');
    expect(describeSelector({ inSchool: true, schoolLevels: ['primary', 'middle'] })).toBe('在校（小学、初中）');
    expect(describeSelector({ inSchool: false, ageMax: 17, hukouTypes: ['local_urban', 'local_rural'] })).toBe(
      '不在校，17 周岁及以下，本地城镇户籍或本地农村户籍',
    );
    expect(describeSelector({ ageMin: 18 })).toBe('18 周岁及以上');
    expect(describeSelector({ ageMin: 7, ageMax: 17 })).toBe('7–17 周岁');
  });

  it('names flags and identities from the profile', () => {
    expect(describeSelector({ flagsAny: ['parent_local_hukou'] }, SUZHOU_2019)).toBe('父母一方为本市户籍的学生');
    expect(describeSelector({ identitiesAny: ['dibao', 'unknown'] }, SUZHOU_2019)).toBe('低保人员或unknown');
  });

  it('joins alternatives', () => {
    expect(describeSelectors(SUZHOU_2019.categories[0]!.select)).toBe(
      '在校（幼儿园、小学、初中、高中、中专/技校/职校）；或 不在校，17 周岁及以下',
    );
  });
});

describe('subsidyText', () => {
  it('words each kind of subsidy', () => {
    expect(subsidyText({ kind: 'full' })).toBe('全额资助（个人免缴）');
    expect(subsidyText({ kind: 'fixed', amountFen: 10000 })).toBe('定额资助 100.00 元');
    expect(subsidyText({ kind: 'percent', basisPoints: 6000 })).toBe('按 60% 资助');
    expect(subsidyText({ kind: 'none' })).toMatch(/不减免/);
  });
});

describe('citation', () => {
  const notice = { fileId: '000_badf088736721b8c', documentNumber: '苏社基〔2018〕55号' };

  it('names the profile’s own notice by its document number', () => {
    expect(citation({ notice: '000', section: '三、申报缴费标准' }, notice)).toEqual({
      document: '苏社基〔2018〕55号',
      section: '三、申报缴费标准',
      kind: 'notice',
    });
    expect(citation({ notice: '000', section: '三' }, { documentNumber: '苏社基〔2018〕55号' }).document).toBe('苏社基〔2018〕55号');
    expect(citation({ notice: '003', section: '一' }, notice).document).toBe('通知 003');
  });

  it('shows public sources and the platform’s own defaults as such', () => {
    expect(citation({ notice: 'public', section: '国办发〔2024〕38号 健全参保长效机制' }, notice)).toEqual({
      document: '国办发〔2024〕38号 健全参保长效机制',
      section: null,
      kind: 'public',
    });
    expect(citation({ notice: 'canbao', section: '缴费标准查询' }, notice)).toMatchObject({ kind: 'system', section: '缴费标准查询' });
  });
});

describe('issuePathLabel', () => {
  it('words issue paths with the names of the items', () => {
    expect(issuePathLabel('declarationWindow.end', SUZHOU_2019)).toBe('申报缴费期 › 结束日');
    expect(issuePathLabel('categories.0.parts.1.amountFen', SUZHOU_2019)).toBe('人员类别“学生（少儿）” › 费用构成“大病保险费” › 金额');
    expect(issuePathLabel('identities.0.source', SUZHOU_2019)).toBe('减免身份“低保人员” › 依据');
    expect(issuePathLabel('categories.9.totalFen', SUZHOU_2019)).toBe('人员类别 › 第 10 项 › 合计');
    expect(issuePathLabel('', SUZHOU_2019)).toBe('方案整体');
    expect(issuePathLabel('somethingNew.x')).toBe('somethingNew › x');
  });
});

describe('issuePathLabel: every key of a profile', () => {
  it('has a Chinese name, so no issue is listed with a key of the rule document', () => {
    const keys = new Set<string>();
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          keys.add(k);
          walk(x);
        }
      }
    };
    [...READY_PROFILES, TEMPLATE_2025].forEach(walk);
    // Keys no ready profile happens to use.
    for (const k of ['identitySnapshot', 'date', 'segments', 'label', 'schoolSuffix', 'streetOfficeSuffix', 'basisPoints', 'baseCapFen', 'provisional', 'settlement']) keys.add(k);
    expect([...keys].filter((k) => !/[\u4e00-\u9fff]/.test(issuePathLabel(k)))).toEqual([]);
  });
});

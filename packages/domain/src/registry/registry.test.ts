import { describe, expect, it } from 'vitest';
import { BANK_NAMES, ZBankCode, normalizeBankAccount } from './banks';
import { applyHukouFillIn } from './hukou-fill-in';
import { checkUnitName } from './unit-name';
import { BEIJING_2007, SUZHOU_2019 } from '../policy/profiles';

describe('[REGISTRY] supported banks (Guangzhou 二(四))', () => {
  it('holds the 23 banks of the notice and refuses others with the notice cited', () => {
    expect(Object.keys(BANK_NAMES)).toHaveLength(23);
    expect(ZBankCode.safeParse('icbc').success).toBe(true);
    const bad = ZBankCode.safeParse('hsbc');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/广州通知/);
  });
  it('normalises account numbers', () => {
    expect(normalizeBankAccount('6222 0210 0101-2345')).toEqual({ ok: true, normalized: '6222021001012345' });
    expect(normalizeBankAccount('12ab')).toMatchObject({ ok: false });
  });
});

describe('[REGISTRY] unit naming checks come from the region’s own profile', () => {
  const beijing = BEIJING_2007.unitNaming;
  it('Beijing: the school suffix', () => {
    expect(checkUnitName('北京市第一中学学生儿童医保', 'middle', beijing)).toEqual([expect.objectContaining({ ok: true })]);
    expect(checkUnitName('北京市第一中学', 'middle', beijing)[0]).toMatchObject({ ok: false, rule: 'naming.school_suffix', message: '本市命名规则：学校与托幼机构名称后应加“学生儿童医保”' });
  });
  it('Beijing: the street office name', () => {
    expect(checkUnitName('海淀区学院路街道医疗保险代理处', 'street_office', beijing)[0]!.ok).toBe(true);
    expect(checkUnitName('学院路社保所', 'street_office', beijing)[0]!.ok).toBe(false);
    expect(checkUnitName('某社区', 'community_office', beijing)).toEqual([]);
  });
  it('a region without a naming rule (Suzhou) gets no advice at all', () => {
    expect(SUZHOU_2019.unitNaming).toBeUndefined();
    expect(checkUnitName('苏州市第一中学', 'middle', SUZHOU_2019.unitNaming)).toEqual([]);
    expect(checkUnitName('学院路社保所', 'street_office', undefined)).toEqual([]);
  });
});

describe('[REGISTRY] Beijing hukou fill-in rules (002 八)', () => {
  const school = { districtCode: '110108', streetCode: '110108001' };
  it('economic-technological development area → 大兴区 / 开发区医疗保险代理处', () => {
    expect(applyHukouFillIn('bda', school, {})).toEqual({ ok: true, districtCode: '110115', streetCode: null, streetName: '开发区医疗保险代理处' });
  });
  it('university collective hukou → the school’s district and street', () => {
    expect(applyHukouFillIn('university_collective', school, { districtCode: '110101' })).toEqual({ ok: true, districtCode: '110108', streetCode: '110108001', streetName: null });
  });
  it('borrowing student → the certifier’s location, which must be typed', () => {
    expect(applyHukouFillIn('borrowing_student', school, {})).toMatchObject({ ok: false });
    expect(applyHukouFillIn('borrowing_student', school, { districtCode: '110105', streetCode: '110105001' })).toMatchObject({ ok: true, districtCode: '110105' });
  });
});

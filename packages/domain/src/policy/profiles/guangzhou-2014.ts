import type { TPolicyProfile } from '../profile';

const N = '003';
const S0 = '通知正文（适用范围）';
const S2_1 = '二、参保缴费办法和标准 （一）参保缴费时间';
const S2_2 = '二、参保缴费办法和标准 （二）各类学生参保途径';
const S2_3 = '二、参保缴费办法和标准 （三）预计的缴费标准';

/**
 * Guangzhou, pupils of primary, secondary and secondary vocational schools, 2014 — 穗人社函〔2014〕1366号
 * (seed 003). The 2014 collection is a transition: the 200 yuan collected covers the rest of the 2014 urban
 * resident insurance year and the 2015 urban-rural insurance year (calendar year from 2015-01-01); it is
 * provisional and settled once the real standard is published.
 */
export const GUANGZHOU_2014: TPolicyProfile = {
  id: 'guangzhou-2014',
  name: '广州市 2014 年在校学生城镇居民医保（含 2015 年度过渡）',
  regionCode: '440100',
  regionName: '广东省广州市',
  insuranceYear: 2014,
  template: false,
  coveredPopulation: '各类中小学校，市、区（县级市）中等职业学校的在校学生',
  sourceNotice: {
    fileId: '003_c24fa8f2a9d6362f',
    title: '关于做好在校学生2014年城镇居民基本医疗保险参保缴费工作的通知',
    documentNumber: '穗人社函〔2014〕1366号',
    issuer: '广州市人力资源和社会保障局、广州市教育局',
    issuedOn: '2014-06-26',
  },
  declarationWindow: {
    start: '2014-09-01',
    end: '2014-12-31',
    source: { notice: N, section: S2_1, quote: '各学校于2014年9月1日至2014年12月31日为学生办理参保登记和缴费手续' },
  },
  lateEnrollment: {
    allowed: false,
    note: '通知未规定逾期参保办法',
    source: { notice: N, section: S2_1, quote: '各学校应尽快办好参保登记及缴费手续，减少学生零星报销情况' },
  },
  benefitPeriod: {
    kind: 'custom',
    start: '2014-09-01',
    end: '2015-12-31',
    segments: [
      { start: '2014-09-01', end: '2014-12-31', label: '2014年城镇居民医保年度（过渡）' },
      { start: '2015-01-01', end: '2015-12-31', label: '2015年城乡居民医保年度（自然年度）' },
    ],
    source: {
      notice: N,
      section: S2_3,
      quote: '从2015年1月1日起，我市将实施城乡居民医保制度，居民医保年度将调整为自然年度……含2014年城镇居民医保年度及2015年城乡居民医保年度费用',
    },
    unsure: true,
    note: '2015 年度为自然年度（通知载明）；2014 年度待遇自 2014-09-01（学年开始、参保登记开始日）起算为推定，通知未载明',
  },
  newborn: null,
  ageReference: {
    on: 'apply_date',
    source: { notice: N, section: S0 },
    unsure: true,
    note: '本通知按学段而非年龄划分，年龄仅用于记录',
  },
  flags: [],
  categories: [
    {
      code: 'student',
      name: '在校学生（中小学、中等职业学校）',
      select: [{ inSchool: true, schoolLevels: ['primary', 'middle', 'high', 'vocational'] }],
      parts: [
        {
          code: 'basic',
          name: '居民医保费（暂收，含2014年度及2015年度）',
          amountFen: 20000,
          source: { notice: N, section: S2_3, quote: '暂按照200元/人的标准准备好费用' },
        },
      ],
      totalFen: 20000,
      provisional: {
        settlement: '含2014年城镇居民医保年度及2015年城乡居民医保年度费用，待具体缴费标准出台后按实际标准缴交（多退少补）',
        source: { notice: N, section: S2_3, quote: '待具体缴费标准、参保须知、办事指引及其他相关规定出台后，按实际标准缴交' },
      },
      source: { notice: N, section: S2_3, quote: '各学校可告知家长和学生暂按照200元/人的标准准备好费用' },
    },
  ],
  identities: [
    {
      code: 'medical_assistance',
      name: '纳入本市医疗救助金资助范围的学生',
      aliases: ['医疗救助', '医疗救助对象', '困难学生'],
      certifyingDepartment: '民政或残联部门',
      subsidy: { kind: 'full' },
      source: { notice: N, section: S2_2, quote: '纳入本市医疗救助金资助范围的中小學生……以家庭为单位到所属民政或残联部门办理参保登记手续' },
      unsure: true,
      note: '通知只规定其参保途径（办理“参保登记手续”而非缴费）；个人缴费由医疗救助金全额资助为推定',
    },
  ],
  paths: [
    {
      path: 'village',
      name: '所属村集体经济组织（村民委员会），以家庭为单位',
      when: [{ hukouTypes: ['local_rural'] }],
      source: {
        notice: N,
        section: S2_2,
        quote: '农村户籍中小學生、市、区（县级市）中等职业学校学生以家庭为单位到所属村集体经济组织（村民委员会）办理参保登记及缴费手续',
      },
      note: '通知按此顺序列出：农村户籍在前，医疗救助在后；两者兼有时按农村户籍途径',
    },
    {
      path: 'civil_affairs',
      name: '所属民政或残联部门，以家庭为单位',
      when: [{ identitiesAny: ['medical_assistance'] }],
      source: { notice: N, section: S2_2, quote: '纳入本市医疗救助金资助范围的……以家庭为单位到所属民政或残联部门办理参保登记手续' },
    },
    {
      path: 'school',
      name: '所在学校（网办系统，参保缴费确认后银行划扣）',
      when: [{}],
      source: { notice: N, section: S2_2, quote: '其他学生由所在学校登录网办系统办理参保登记及缴费手续' },
    },
  ],
  eligibility: {
    exclusions: [
      {
        code: 'not_in_school',
        when: { inSchool: false },
        message: '本通知适用于在校学生',
        source: { notice: N, section: S0, quote: '我市各类中小学校，市、区（县级市）中等职业学校……的在校学生' },
      },
      {
        code: 'other_school_level',
        when: { inSchool: true, schoolLevels: ['kindergarten', 'university'] },
        message: '本通知适用于中小学校和中等职业学校的在校学生，不含幼儿园和高等院校',
        source: { notice: N, section: S0, quote: '我市各类中小学校，市、区（县级市）中等职业学校' },
      },
      {
        code: 'school_elsewhere',
        when: { inSchool: true, schoolInRegion: false },
        message: '本通知适用于本市学校的在校学生',
        source: { notice: N, section: S0, quote: '我市各类中小学校' },
      },
    ],
  },
  waitingPeriod: {
    kind: 'none',
    source: { notice: N, section: S2_1, quote: '为保障学生及时享受医保待遇，各学校应尽快办好参保登记及缴费手续' },
  },
  notes: [
    '学校在网办系统确认参保名单后才发银行扣费（一.二）；毕业生由市医保局后台停保减员（一.三）。',
    '学校须申报扣费账户，仅限通知所列 23 家银行（一.四）。协管员名单于 2014-07-15 前报送（三.三）。',
  ],
};

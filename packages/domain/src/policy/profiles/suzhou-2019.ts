import type { TIdentityCategory, TPolicyProfile } from '../profile';

const N = '000';
const S1 = '一、申报缴费办理';
const S2 = '二、申报缴费期限';
const S3 = '三、申报缴费标准';
const S4_2 = '四、申报缴费手续 2.居民医保参保人员基本信息登记';
const S4_3 = '四、申报缴费手续 3.办理流动人口子女积分入医手续';
const S4_5 = '四、申报缴费手续 5.免缴审核';
const S5_1 = '五、注意事项 1';
const S5_2 = '五、注意事项 2';
const S5_3 = '五、注意事项 3';

const exemptSource = {
  notice: N,
  section: S3,
  quote: '本市户籍的低保人员、低保边缘人员、特困供养人员、孤儿、临救大病人员、重点优抚对象、建档立卡人员和困难残疾学生',
};

/** 苏府规字〔2017〕6号: full fiscal subsidy, only for 本市户籍 (三); departments send the lists, no papers (四.5). */
function exempt(code: string, name: string, certifyingDepartment: string, aliases: string[] = []): TIdentityCategory {
  return {
    code,
    name,
    aliases,
    certifyingDepartment,
    subsidy: { kind: 'full' },
    conditions: { hukouTypes: ['local_urban', 'local_rural'], hukouRegionPrefixes: ['3205'] },
    source: exemptSource,
    note: `由民政、总工会、残联等部门定期提供名单，参保人员不再需要提供免缴证件材料（${S4_5}）`,
  };
}

/**
 * Suzhou urban districts (市区), students and children, insurance year 2019 — 苏社基〔2018〕55号 (seed 000).
 * "本市" is read as Suzhou: the urban-district pool plus 大市 hukou (prefix 3205, e.g. 工业园区) where the notice
 * treats them alike (registration through the school, no points eligibility needed).
 */
export const SUZHOU_2019: TPolicyProfile = {
  id: 'suzhou-2019',
  name: '苏州市区 2019 年度学生（少儿）居民医疗保险',
  regionCode: '320500',
  regionName: '江苏省苏州市（市区：姑苏区、高新区、吴中区、相城区）',
  insuranceYear: 2019,
  template: false,
  coveredPopulation: '市区中小学校和托幼机构在册学生（少儿）；本市市区户籍 18 周岁以下不在校少年儿童和婴幼儿；父母为本市户籍、在外地就读的中小学生',
  sourceNotice: {
    fileId: '000_badf088736721b8c',
    title: '关于做好2019年度学生及少儿参加城乡居民基本医疗保险工作的通知',
    documentNumber: '苏社基〔2018〕55号',
    issuer: '苏州市社会保险基金管理中心',
    issuedOn: '2018-08-29',
  },
  declarationWindow: {
    start: '2018-09-01',
    end: '2018-11-20',
    source: { notice: N, section: S2, quote: '申报缴费期为2018年9月至2018年11月，各校应于2018年11月20日前完成' },
  },
  adjustmentWindow: {
    start: '2018-11-21',
    end: '2018-11-30',
    allows: '仅用于参保人员的调整和补申报',
    source: { notice: N, section: S2, quote: '2018年11月21日至2018年11月30日仅用于参保人员的调整和补申报' },
  },
  lateEnrollment: {
    allowed: false,
    message: '申报缴费工作结束后，社保经办部门不再受理人员参保调整、补缴申请',
    source: { notice: N, section: S5_1, quote: '2019年度申报缴费工作结束后，社保经办部门不再受理各代办单位的人员参保调整、补缴申请' },
  },
  benefitPeriod: {
    kind: 'custom',
    start: '2019-01-01',
    end: '2019-12-31',
    source: { notice: N, section: S5_2, quote: '自2019年1月1日起享受2019年度（2019年1月至12月）居民医疗保险有关待遇' },
  },
  newborn: {
    within: { unit: 'months', amount: 3 },
    hukouTypes: ['local_urban', 'local_rural'],
    fee: 'full_year',
    benefitFrom: 'birth',
    source: { notice: N, section: S5_3, quote: '在婴儿出生3个月内……缴纳全年应缴费用，即可享受当年度居民医疗保险有关待遇' },
    note: '“当年度待遇”对新生儿自出生之日起（不早于 2019-01-01）',
  },
  ageReference: {
    on: 'apply_date',
    source: { notice: N, section: S1, quote: '年龄在18周岁以下的不在校少年儿童和婴幼儿' },
    unsure: true,
    note: '通知未规定按哪一天计算年龄，按申报日计算',
  },
  flags: [
    {
      code: 'parent_local_hukou',
      name: '父母一方为本市户籍的学生',
      source: { notice: N, section: S4_2, quote: '父母一方为本市户籍的学生……通过所在学校统一由相应的社保经办机构进行登记' },
    },
    {
      code: 'foreign_or_hmt',
      name: '外籍、港澳台学生',
      source: { notice: N, section: S4_2, quote: '首次参保的外籍、港澳台学生……通过所在学校统一由相应的社保经办机构进行登记' },
    },
  ],
  categories: [
    {
      code: 'student_child',
      name: '学生（少儿）',
      select: [
        { inSchool: true, schoolLevels: ['kindergarten', 'primary', 'middle', 'high', 'vocational'] },
        { inSchool: false, ageMax: 17 },
      ],
      parts: [
        {
          code: 'basic',
          name: '基本医疗保险费',
          amountFen: 17000,
          source: { notice: N, section: S3, quote: '每人190元（含20元大病保险费用）' },
        },
        {
          code: 'critical_illness',
          name: '大病保险费',
          amountFen: 2000,
          source: { notice: N, section: S3, quote: '含20元大病保险费用' },
        },
      ],
      totalFen: 19000,
      source: { notice: N, section: S3, quote: '2019年度学生（少儿）参保缴费标准为每人190元（含20元大病保险费用）' },
    },
  ],
  identities: [
    exempt('dibao', '低保人员', '民政部门', ['低保', '低保对象']),
    exempt('dibao_edge', '低保边缘人员', '民政部门', ['低保边缘', '低边']),
    exempt('tekun_support', '特困供养人员', '民政部门', ['特困供养', '特困人员']),
    exempt('orphan', '孤儿', '民政部门'),
    exempt('major_illness_relief', '临救大病人员', '民政部门', ['临救大病']),
    exempt('key_entitled', '重点优抚对象', '民政（退役军人事务）部门', ['优抚对象']),
    exempt('registered_poor', '建档立卡人员', '扶贫部门', ['建档立卡']),
    exempt('disabled_poor_student', '困难残疾学生', '残联', ['残疾学生']),
  ],
  paths: [
    {
      path: 'community',
      name: '户籍所在地社区社保工作机构',
      when: [{ newborn: true, inSchool: false }],
      source: { notice: N, section: S5_3, quote: '可由父母在婴儿出生3个月内，持户口簿向户籍所在地社区社保工作机构提出参保申请' },
    },
    {
      path: 'school',
      name: '学籍所在学校（幼儿园）代办',
      when: [{ inSchool: true, schoolInRegion: true }],
      source: { notice: N, section: S1, quote: '其参加居民医疗保险的代办单位为学籍所在学校或托幼机构' },
    },
    {
      path: 'community',
      name: '社区社保工作机构',
      when: [{}],
      source: {
        notice: N,
        section: S1,
        quote: '不在校少年儿童和婴幼儿，以及父母为本市户籍，在外地学校就读的中小學生，其参加居民医疗保险的代办单位为社区社保工作机构',
      },
    },
  ],
  eligibility: {
    exclusions: [
      {
        code: 'university',
        when: { inSchool: true, schoolLevels: ['university'] },
        message: '本通知适用于中小学校和托幼机构在册学生（少儿），高等院校学生不在本通知范围内',
        source: { notice: N, section: S1, quote: '本市市区中小学校和托幼机构在册的所有符合参保条件的学生（少儿）' },
      },
      {
        code: 'adult_not_in_school',
        when: { inSchool: false, ageMin: 18 },
        message: '不在校人员须为 18 周岁以下的少年儿童和婴幼儿',
        source: { notice: N, section: S1, quote: '具有本市市区户籍，年龄在18周岁以下的不在校少年儿童和婴幼儿' },
      },
      {
        code: 'nonlocal_not_in_school',
        when: { inSchool: false, hukouTypes: ['nonlocal'] },
        message: '不在校少年儿童和婴幼儿须具有本市市区户籍',
        source: { notice: N, section: S1, quote: '具有本市市区户籍，年龄在18周岁以下的不在校少年儿童和婴幼儿' },
      },
      {
        code: 'nonlocal_school_elsewhere',
        when: { inSchool: true, schoolInRegion: false, hukouTypes: ['nonlocal'] },
        exceptFlags: ['parent_local_hukou'],
        message: '在外地学校就读的学生，须父母为本市户籍方可在市区参保',
        source: { notice: N, section: S1, quote: '父母为本市户籍，在外地学校就读的中小學生' },
      },
    ],
    pointsEligibility: {
      name: '流动人口子女积分入医',
      applyWindow: { start: '2018-06-01', end: '2018-09-10' },
      hukouTypes: ['nonlocal'],
      excludedSchoolLevels: ['high', 'vocational', 'university'],
      firstEnrollmentOnly: true,
      notRequiredForHukouRegionPrefixes: ['3205'],
      notRequiredForFlags: ['parent_local_hukou', 'foreign_or_hmt'],
      source: {
        notice: N,
        section: S4_3,
        quote: '应预先于今年6月至9月10日间（节假日除外）办理流动人口子女积分入医手续……逾期未办理入医手续的，视为自动放弃',
      },
      note: '“节假日除外”：申请只能在工作日办理，本规则不校验节假日。高中、中专、技校、职校等高中段以上学生不纳入积分入医管理，解读为按学籍通过学校参保、无需积分入医资格。',
      unsure: true,
    },
  },
  registration: {
    firstTimeRequired: true,
    continuingExempt: true,
    channels: [
      {
        name: '户籍所在地社区社保工作机构',
        when: [{ hukouTypes: ['local_urban', 'local_rural'] }],
        source: { notice: N, section: S4_2, quote: '首次参保的本市市区（姑苏区、高新区、吴中区和相城区）户籍学生统一至户籍所在地社区社保工作机构进行登记' },
      },
      {
        name: '通过所在学校统一由相应的社保经办机构登记',
        when: [{ flagsAny: ['foreign_or_hmt', 'parent_local_hukou'] }, { hukouRegionPrefixes: ['3205'] }],
        source: { notice: N, section: S4_2, quote: '首次参保的外籍、港澳台学生、父母一方为本市户籍的学生和苏州工业园区等苏州大市户籍学生，通过所在学校统一由相应的社保经办机构进行登记' },
      },
      {
        name: '市社保中心在积分入医人员确认时自动登记',
        when: [{ hukouTypes: ['nonlocal'], inSchool: true, schoolLevels: ['kindergarten', 'primary', 'middle'] }],
        source: { notice: N, section: S4_2, quote: '取得积分入医资格的非本市户籍学生由市社保中心在积分入医人员确认时自动进行登记' },
      },
      {
        name: '通过所在学校由社保经办机构登记',
        when: [{ inSchool: true }],
        source: { notice: N, section: S4_2 },
        unsure: true,
        note: '通知未列明高中段以上非本市户籍学生的登记渠道，按学校登记处理',
      },
    ],
    source: { notice: N, section: S4_2, quote: '首次参加苏州市区居民医疗保险的人员必须先办理人员基本信息登记' },
  },
  waitingPeriod: {
    kind: 'none',
    source: { notice: N, section: S5_2, quote: '凡在申报期内办妥参保缴费手续的学生（少儿），自2019年1月1日起享受' },
  },
  cardProduction: {
    photoFromAge: 7,
    collectBy: '2018-12-31',
    source: { notice: N, section: '四、申报缴费手续 8.市民卡发放', quote: '7周岁以上的未制卡学生需按规定格式向市民卡中心上报照片信息' },
  },
  notes: [
    '网上申报平台申报；未参保人员查询剔除毕业班名单（四.6）；学校转账、本票、银行解款或社区结算后扫码缴费（四.7）；7 周岁以上未制卡学生报送照片（四.8）。',
  ],
};

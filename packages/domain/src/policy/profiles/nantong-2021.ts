import type { TIdentityCategory, TPolicyProfile } from '../profile';

const N = '004';
const S1 = '一、参保对象';
const S2_1 = '二、缴费标准 1';
const S2_2 = '二、缴费标准 2';
const S2_3 = '二、缴费标准 3';
const S3 = '三、缴费时间';
const S4_1 = '四、经办要点 1';
const S4_2 = '四、经办要点 2';
const S8_4 = '八、优质服务 4';

/** 二.3: exempt persons pay nothing but must register; 四.1: record type, certificate name, number and validity. */
function exempt(
  code: string,
  name: string,
  certifyingDepartment: string,
  certificateName: string,
  quote: string,
  aliases: string[] = [],
  note?: string,
): TIdentityCategory {
  return {
    code,
    name,
    aliases,
    certifyingDepartment,
    subsidy: { kind: 'full' },
    conditions: { acceptedEvidence: ['department_list', 'certificate'], certificateName, certificateDetailsRequired: true },
    source: { notice: N, section: S2_3, quote },
    note: note ?? '凭相关职能部门提供的减免人员信息或本人有效证明办理参保登记，录入减免类型、证件名称及号码、有效期（四.1）',
  };
}

/**
 * Nantong urban districts (市区), all residents, insurance year 2021 — 通医保发〔2020〕86号 (seed 004).
 * Pupils of the urban districts' own schools enroll through their schools under a separate arrangement; this
 * notice covers everyone else, including hukou pupils studying elsewhere, who pay by age band (四.2).
 */
export const NANTONG_2021: TPolicyProfile = {
  id: 'nantong-2021',
  name: '南通市区 2021 年度居民医疗保险',
  regionCode: '320600',
  regionName: '江苏省南通市（市区）',
  insuranceYear: 2021,
  template: false,
  coveredPopulation: '市区户籍且未纳入职工医保的居民（含不在校未成年人）；持居住证或暂住证满三个月、在外地未参加基本医疗保险的居民',
  sourceNotice: {
    fileId: '004_b5fc021d980b42dd',
    title: '关于做好2021年度市区居民医疗保险参保缴费工作的通知',
    documentNumber: '通医保发〔2020〕86号',
    issuer: '南通市医疗保障局、国家税务总局南通市税务局',
    issuedOn: '2020-10-27',
  },
  declarationWindow: {
    start: '2020-11-01',
    end: '2020-12-20',
    source: { notice: N, section: S3, quote: '2021年度居民医疗保险的申报缴费期为2020年11月1日至2020年12月20日' },
  },
  lateEnrollment: {
    allowed: false,
    message: '未在规定期内缴费的，由劳动保障服务所（站）告知过渡期和缴费时间',
    note: '通知未规定过渡期长度',
    source: { notice: N, section: S8_4, quote: '对未在规定期内缴费的人员告知过渡期和缴费时间，并要求签字确认' },
  },
  benefitPeriod: {
    kind: 'calendar_year',
    source: { notice: N, section: S3, quote: '2021年度居民医疗保险' },
    unsure: true,
    note: '通知未写明待遇起止日期，按参保年度为自然年度（2021-01-01 至 2021-12-31）处理',
  },
  newborn: null,
  ageReference: {
    on: 'apply_date',
    source: { notice: N, section: S2_1, quote: '成年居民（18周岁及以上）' },
    unsure: true,
    note: '通知未规定按哪一天计算年龄，按申报日计算',
  },
  flags: [],
  categories: [
    {
      code: 'adult',
      name: '成年居民（18周岁及以上）',
      select: [{ ageMin: 18 }],
      parts: [
        {
          code: 'basic',
          name: '基本医疗保险费',
          amountFen: 38000,
          source: { notice: N, section: S2_1, quote: '个人缴纳430元，上述个人缴费标准中含20元大病保险和30元照护保险基金' },
        },
        {
          code: 'critical_illness',
          name: '大病保险费',
          amountFen: 2000,
          source: { notice: N, section: S2_1, quote: '含20元大病保险' },
        },
        {
          code: 'long_term_care',
          name: '照护保险费',
          amountFen: 3000,
          source: { notice: N, section: S2_1, quote: '30元照护保险基金' },
        },
      ],
      totalFen: 43000,
      source: { notice: N, section: S2_1, quote: '成年居民（18周岁及以上）个人缴纳430元' },
    },
    {
      code: 'minor',
      name: '18周岁以下不在校的未成年人',
      select: [{ ageMax: 17 }],
      parts: [
        {
          code: 'basic',
          name: '基本医疗保险费',
          amountFen: 28000,
          source: { notice: N, section: S2_2, quote: '个人缴纳300元（含20元大病保险）' },
        },
        {
          code: 'critical_illness',
          name: '大病保险费',
          amountFen: 2000,
          source: { notice: N, section: S2_2, quote: '含20元大病保险' },
        },
      ],
      totalFen: 30000,
      source: { notice: N, section: S2_2, quote: '18周岁以下不在校的未成年人，个人缴纳300元（含20元大病保险）' },
      note: '在外地就读、回户籍地参保的学生也按年龄段标准缴费（四.2）',
    },
  ],
  identities: [
    exempt('dibao_family', '低保家庭成员', '民政部门', '低保证', '属于低保家庭成员、特困家庭成员（相应证件上的保障对象）', ['低保', '低保对象'], '限相应证件上的保障对象；提供有效期内的证件（四.1 录入证件名称、号码、有效期）'),
    exempt('tekun_family', '特困家庭成员', '民政部门或总工会', '特困证', '特困家庭成员（相应证件上的保障对象）', ['特困家庭'], '限相应证件上的保障对象；提供有效期内的证件'),
    exempt('severe_disability', '1—2级重残人员', '残联', '残疾人证', '1—2级重残人员（只限本人）提供相关有效期内的证件', ['重残', '重度残疾', '1-2级重残人员'], '只限本人；提供有效期内的残疾人证'),
    exempt('tekun_support', '特困供养对象', '民政部门', '民政部门出具的有效证明', '特困供养对象……提供民政部门出具的有效证明', ['特困供养', '特困人员']),
    exempt('major_illness_relief', '临时（享受民政救助）的大重病患者', '民政部门', '民政部门出具的有效证明', '临时（享受民政救助）的大重病患者……提供民政部门出具的有效证明', ['大重病患者', '临救大病']),
    exempt('children_in_difficulty', '困境儿童', '民政部门', '民政部门出具的有效证明', '困境儿童……提供民政部门出具的有效证明'),
    exempt('low_income_member', '低收入家庭部分成员', '民政部门', '民政部门出具的有效证明', '低收入家庭部分成员提供民政部门出具的有效证明', ['低收入家庭成员']),
    exempt('registered_poor_rural', '农村建档立卡低收入人口', '扶贫部门', '扶贫部门出具的有效证明', '农村建档立卡低收入人口提供扶贫部门出具的有效证明', ['建档立卡', '建档立卡低收入人口']),
    exempt('jingjian_tuizhi', '精减退职人员', '民政部门', '民政部门出具的有效证明', '精减退职及重点优抚对象按民政部门的有效证明', ['精减退职']),
    exempt('key_entitled', '重点优抚对象', '民政部门', '民政部门出具的有效证明', '精减退职及重点优抚对象按民政部门的有效证明', ['优抚对象']),
  ],
  paths: [
    {
      path: 'community',
      name: '劳动（人事）和社会保障服务所（站）',
      when: [{}],
      source: {
        notice: N,
        section: S4_1,
        quote: '可凭居住证或暂住证满三个月后在常住地乡镇（街道）、村民（居民）委员会或社区劳动保障服务所（站）办理',
      },
    },
  ],
  eligibility: {
    exclusions: [
      {
        code: 'in_region_school',
        when: { inSchool: true, schoolInRegion: true },
        message: '在市区学校就读的学生由学校组织参保，不属于本通知的参保对象',
        source: { notice: N, section: S1, quote: '具有市区户籍且未纳入职工医疗保险覆盖范围的居民，包括不在校的未成年人' },
        unsure: true,
        note: '通知只列“不在校的未成年人”，在校学生另由学校组织参保',
      },
      {
        code: 'nonlocal_school_elsewhere',
        when: { inSchool: true, schoolInRegion: false, hukouTypes: ['nonlocal'] },
        message: '在外地就读的学生只有具有市区户籍的，才可回户籍所在地参保',
        source: { notice: N, section: S4_2, quote: '具有市区户籍但不在市区学校就读的学生，应参加学校所在地的居民医疗保险' },
      },
    ],
    coveredElsewhere: {
      message: '已纳入职工医疗保险覆盖范围或在外地已参加基本医疗保险的，不属于居民医保参保对象',
      source: { notice: N, section: S1, quote: '未纳入职工医疗保险覆盖范围……在外地未参加基本医疗保险' },
    },
    residencePermit: {
      hukouTypes: ['nonlocal'],
      minMonths: 3,
      acceptedDocuments: ['居住证', '暂住证'],
      source: { notice: N, section: S1, quote: '持我市居住证或暂住证满三个月后的居民，在外地未参加基本医疗保险' },
    },
  },
  registration: {
    firstTimeRequired: true,
    continuingExempt: true,
    channels: [
      {
        name: '劳动保障服务所（站）核对户口簿、居民身份证件后登记',
        when: [{}],
        source: { notice: N, section: S4_1, quote: '新参保人员，各劳动保障服务所（站）经办人员须认真核对户口簿、居民身份证件' },
      },
    ],
    source: { notice: N, section: S4_1, quote: '2020年度正常参加居民医保的续保人员，无需重新办理参保登记' },
  },
  waitingPeriod: {
    kind: 'none',
    source: { notice: N, section: S8_4, quote: '对未在规定期内缴费的人员告知过渡期和缴费时间' },
    note: '通知提到“过渡期”但未规定长度；期内缴费不设等待期',
  },
  unpaidList: {
    dueDate: '2020-12-31',
    source: { notice: N, section: '八、优质服务 6', quote: '将未参保居民名单及未参保原因于 12 月底前送市医保中心居民医疗保险科备案' },
  },
  notes: [
    '苏锡通园区张芝山镇社区因区划调整需重新办理参保登记（四.1）。',
    '七种缴费渠道：南通医保APP、自助缴费机、微信/支付宝小程序、银联缴费码、银联POS、银行柜面、卡扣（五）。',
    '电子票据凭姓名、身份证号码、手机号在江苏省电子税务局查询打印（六）。',
  ],
};

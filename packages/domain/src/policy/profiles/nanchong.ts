import type { TIdentityCategory, TPolicyProfile } from '../profile';

const N = '001';
const S1 = '一、参保范围和对象';
const S2 = '二、集中参保缴费时间';
const S3 = '三、在校学生个人缴费标准';
const S4 = '四、在校学生及幼儿信息采集';
const S6_1 = '六、工作要求 （一）';

const familyQuote =
  '当地认定为特困人员、低保对象、脱贫户、重度残疾、防止返贫监测对象、重度精神病人、失地农民等身份的学生，以家庭为单位参保';

function familyIdentity(code: string, name: string, certifyingDepartment: string, aliases: string[] = []): TIdentityCategory {
  return {
    code,
    name,
    aliases,
    certifyingDepartment,
    subsidy: { kind: 'none' },
    source: { notice: N, section: S1, quote: familyQuote },
    note: '通知只规定以家庭为单位参保，未载明资助标准（按当地资助参保政策另行核定）',
  };
}

const IDENTITIES: TIdentityCategory[] = [
  {
    ...familyIdentity('tekun', '特困人员', '当地认定（民政部门）', ['特困', '特困供养人员']),
    subsidy: { kind: 'full' },
    unsure: true,
    note: '以家庭为单位参保（通知）；全额资助取自国办发〔2021〕42号“全额资助特困人员”，通知未载明',
  },
  familyIdentity('dibao', '低保对象', '当地认定（民政部门）', ['低保', '低保人员']),
  familyIdentity('tuopin', '脱贫户', '当地认定（乡村振兴部门）', ['脱贫人口']),
  familyIdentity('severe_disability', '重度残疾', '当地认定（残联）', ['重度残疾人', '重残']),
  familyIdentity('fanpin_monitor', '防止返贫监测对象', '当地认定（乡村振兴部门）', ['返贫监测对象', '监测对象']),
  familyIdentity('severe_mental_illness', '重度精神病人', '当地认定（卫生健康部门）', ['重度精神障碍患者']),
  familyIdentity('landless_farmer', '失地农民', '当地认定'),
];

type TNanchongYear = Pick<TPolicyProfile, 'id' | 'name' | 'insuranceYear' | 'declarationWindow' | 'categories' | 'benefitPeriod' | 'notes'>;

function nanchong(year: TNanchongYear): TPolicyProfile {
  return {
    ...year,
    regionCode: '511300',
    regionName: '四川省南充市',
    template: false,
    coveredPopulation: '驻南充市行政区域内在校中小学生及幼儿园在园幼儿（由学校统一组织参保缴费）',
    sourceNotice: {
      fileId: '001_8413894bf07bc195',
      title: '关于加强在校中小学生及幼儿城乡居民医疗保险参保及缴费的通知',
      documentNumber: '南医保〔2023〕5号',
      issuer: '南充市医疗保障局、南充市教育和体育局、国家税务总局南充市税务局',
      issuedOn: '2023-02-07',
    },
    lateEnrollment: {
      allowed: false,
      message: '学校组织的集中参保缴费期结束后，由医保经办机构反馈未参保缴费学生名单，学校通知家长自行缴费',
      source: { notice: N, section: S2, quote: '学校组织参保缴费的在每年9月底前完成次年参保缴费工作' },
    },
    newborn: null,
    ageReference: {
      on: 'apply_date',
      source: { notice: N, section: S1 },
      unsure: true,
      note: '本通知按在校学段而非年龄划分',
    },
    flags: [],
    identities: IDENTITIES,
    paths: [
      {
        path: 'family',
        name: '以家庭为单位参保（不通过学校）',
        when: [{ identitiesAny: IDENTITIES.map((i) => i.code) }],
        source: { notice: N, section: S1, quote: familyQuote },
      },
      {
        path: 'school',
        name: '学校统一组织参保缴费（批量参保模板报学校所在辖区医保经办机构，税务部门征收）',
        when: [{}],
        source: { notice: N, section: `${S1}、${S4}`, quote: '驻南充市行政区域内所有学生原则上由各学校统一组织参保缴费' },
        note: '未开展此项业务的学校引导学生到户籍所在地参保（一）',
      },
    ],
    eligibility: {
      exclusions: [
        {
          code: 'not_in_school',
          when: { inSchool: false },
          message: '本通知适用于在校中小学生及幼儿园在园幼儿，不在校人员到户籍所在地参保',
          source: { notice: N, section: '通知正文（适用范围）', quote: '在校中小学生及幼儿园在园幼儿（以下简称学生）' },
        },
        {
          code: 'university',
          when: { inSchool: true, schoolLevels: ['university'] },
          message: '大学生按《四川省人民政府办公厅关于将大学生纳入城镇居民基本医疗保险的实施意见》另行参保，不在本通知范围',
          source: { notice: N, section: S1, quote: '川办发〔2009〕27号' },
        },
        {
          code: 'school_elsewhere',
          when: { inSchool: true, schoolInRegion: false },
          message: '本通知适用于驻南充市行政区域内学校的学生',
          source: { notice: N, section: S1, quote: '驻南充市行政区域内所有学生' },
        },
      ],
    },
    registration: {
      firstTimeRequired: true,
      continuingExempt: true,
      channels: [
        {
          name: '学校填报《城乡居民参保登记批量参保模板》（参保与未参保信息分开），报学校所在辖区医保经办机构',
          when: [{}],
          source: { notice: N, section: `${S4}（一）（二）`, quote: '分别在《城乡居民参保登记批量参保模板》中填报、移交' },
        },
      ],
      source: { notice: N, section: S4, quote: '以后年度学生参保缴费，各学校只需采集新入校及转出（毕业）的学生信息' },
    },
    waitingPeriod: { kind: 'none', source: { notice: N, section: S2 } },
  };
}

const student = (amountFen: number, feeSource: TPolicyProfile['categories'][number]['source'], unsure: boolean, note?: string) => ({
  code: 'student',
  name: '在校中小学生及幼儿园在园幼儿',
  select: [{ inSchool: true, schoolLevels: ['kindergarten' as const, 'primary' as const, 'middle' as const, 'high' as const, 'vocational' as const] }],
  parts: [{ code: 'basic' as const, name: '城乡居民基本医疗保险费', amountFen, source: feeSource, ...(unsure ? { unsure } : {}) }],
  totalFen: amountFen,
  source: feeSource,
  ...(unsure ? { unsure } : {}),
  ...(note ? { note } : {}),
});

/**
 * Nanchong, pupils and kindergarten children, insurance year 2023 — 南医保〔2023〕5号 (seed 001), issued
 * 2023-02-07. Its collection is for the 2023 insurance year (the notice states 350 yuan and a deadline of the end
 * of February 2023); its standing rule — schools finish next year's collection by the end of September — is in
 * nanchong-2024.
 */
export const NANCHONG_2023: TPolicyProfile = nanchong({
  id: 'nanchong-2023',
  name: '南充市 2023 年度在校中小学生及幼儿城乡居民医保',
  insuranceYear: 2023,
  declarationWindow: {
    start: '2022-09-01',
    end: '2023-02-28',
    source: { notice: N, section: S2, quote: '2023年度保费在2023年2月底前完成征收' },
    unsure: true,
    note: '截止日为通知所载；开始日通知未载明，按学生开学（抢抓学生开学的缴费节点，六（一））推定为 2022-09-01',
  },
  benefitPeriod: {
    kind: 'calendar_year',
    source: { notice: N, section: S3, quote: '2023年度缴费标准为350元/人' },
    unsure: true,
    note: '通知未载明待遇起止日期，按自然年度处理',
  },
  categories: [student(35000, { notice: N, section: S3, quote: '2023年度缴费标准为350元/人' }, false)],
  notes: ['缴费渠道：学校代收或家长通过微信、支付宝、四川省电子税务局、合作银行、办税服务大厅自行缴费（五）。'],
});

/**
 * Nanchong insurance year 2024, under the same notice's standing rule (二: schools finish next year's
 * collection before the end of September). The notice does not state the 2024 amount (三: published yearly);
 * 380 yuan is the national individual minimum set in 2023 for the 2024 year (research/cn-policy.md §1, [S33]).
 */
export const NANCHONG_2024: TPolicyProfile = nanchong({
  id: 'nanchong-2024',
  name: '南充市 2024 年度在校中小学生及幼儿城乡居民医保（学校集中缴费）',
  insuranceYear: 2024,
  declarationWindow: {
    start: '2023-09-01',
    end: '2023-09-30',
    source: { notice: N, section: S2, quote: '学校组织参保缴费的在每年9月底前完成次年参保缴费工作' },
    unsure: true,
    note: `截止日为通知所载；开始日按学生开学推定（${S6_1}：抢抓学生开学的缴费节点）`,
  },
  benefitPeriod: {
    kind: 'calendar_year',
    source: { notice: N, section: S2, quote: '完成次年参保缴费工作' },
    unsure: true,
    note: '通知未载明待遇起止日期，按自然年度处理',
  },
  categories: [
    student(
      38000,
      {
        notice: 'public',
        section: '2023 年国家居民医保个人缴费标准（用于 2024 年度）',
        reference: 'research/cn-policy.md §1：NHSA 2024-08-01 通报“2023年个人缴费380元” [S33]',
      },
      true,
      '通知规定标准“每年由南充市医疗保障局、南充市财政局、国家税务总局南充市税务局共同向社会公布”（三），2024 年度标准未见原文，取国家最低标准 380 元',
    ),
  ],
  notes: ['派生自南医保〔2023〕5号的常规规则；金额待以南充市当年公布的标准核实。'],
});

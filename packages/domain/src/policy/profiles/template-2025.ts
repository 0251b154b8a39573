import type { TPolicyProfile, TRuleSource } from '../profile';

const GB38: TRuleSource = {
  notice: 'public',
  section: '国办发〔2024〕38号 健全参保长效机制',
  quote: '对未在居民医保集中参保期内参保或未连续参保的人员，设置参保后固定待遇等待期3个月',
  reference: 'https://www.gov.cn/zhengce/content/202408/content_6965741.htm（research/cn-policy.md §2 [S1]）',
};
const FEE: TRuleSource = {
  notice: 'public',
  section: '医保发〔2024〕19号 2024 年居民医保筹资标准',
  quote: '财政补助和个人缴费标准……每人每年分别不低于670元和400元',
  reference: 'https://www.nhsa.gov.cn/art/2024/8/26/art_105_13634.html（research/cn-policy.md §1 [S9]）',
};
// The national rule is who is subsidised and how (full or fixed); the amounts are each region's. The template's
// 孤儿 full and 60 % for 低保 and 监测对象 are a common local standard (Hebei 2025), marked unsure, to be replaced
// by the region's own notice: a region's rules never cite another province's notice as their source.
const SUBSIDY: TRuleSource = {
  notice: 'public',
  section: '国办发〔2021〕42号 分类资助参保',
  quote: '全额资助特困人员，定额资助低保对象、返贫致贫人口',
  reference: 'research/cn-policy.md §3 [S31]；孤儿全额、低保与监测对象按 60% 定额为地方常见标准（如冀医保发〔2025〕6号 [S10]），启用前按本统筹区文件核定',
};
const WINDOW: TRuleSource = {
  notice: 'public',
  section: '集中参保期（地方示例）',
  reference: 'research/cn-policy.md §2：福建 9/1–12/31 [S23]；各地不统一',
};
const NEWBORN: TRuleSource = {
  notice: 'public',
  section: '新生儿参保（地方通行做法）',
  quote: '出生90天内参保缴费的，自出生之日起享受医保待遇',
  reference: 'research/cn-policy.md §2 [S18][S19][S29]',
};
const CONTINUITY: TRuleSource = {
  notice: 'public',
  section: '国办发〔2024〕38号 连续参保激励',
  quote: '连续参保满4年后，之后每连续参保1年，提高大病保险最高支付限额',
  reference: 'research/cn-policy.md §2 [S3][S4]',
};

/**
 * National template for insurance years from 2025: one resident category at the national individual minimum,
 * the 国办发〔2024〕38号 waiting periods and continuity incentive, and typical (not national) window, newborn
 * and subsidy parameters. Use instantiateTemplate(TEMPLATE_2025, year) for a later year, then override the
 * region's own values. Everything here comes from public sources and is marked unsure.
 */
export const TEMPLATE_2025: TPolicyProfile = {
  id: 'template-2025',
  name: '全国模板：2025 年起城乡居民医保（待遇等待期、连续参保激励）',
  regionCode: '000000',
  regionName: '模板（未指定统筹区）',
  insuranceYear: 2025,
  template: true,
  coveredPopulation: '除职工医保应参保人员以外的全体城乡居民（含在校学生、未成年人、持居住证人员）',
  sourceNotice: {
    fileId: 'public',
    title: '国务院办公厅关于健全基本医疗保险参保长效机制的指导意见',
    documentNumber: '国办发〔2024〕38号',
    issuer: '国务院办公厅',
    issuedOn: '2024-07-26',
  },
  declarationWindow: { start: '2024-09-01', end: '2024-12-31', source: WINDOW, unsure: true },
  lateEnrollment: {
    allowed: true,
    message: '集中参保期外参保的，设置固定待遇等待期',
    source: { ...GB38, quote: '对未在居民医保集中参保期内参保……设置参保后固定待遇等待期3个月' },
    unsure: true,
  },
  benefitPeriod: {
    kind: 'calendar_year',
    source: { notice: 'public', section: '参保年度', reference: 'research/cn-policy.md §2 [S23][S28]：待遇期为 1 月 1 日至 12 月 31 日' },
    unsure: true,
  },
  newborn: { within: { unit: 'days', amount: 90 }, fee: 'full_year', benefitFrom: 'birth', source: NEWBORN, unsure: true },
  ageReference: { on: 'apply_date', source: { notice: 'public', section: '模板约定', reference: '无全国规定' }, unsure: true },
  flags: [],
  categories: [
    {
      code: 'resident',
      name: '城乡居民',
      select: [{}],
      parts: [{ code: 'basic', name: '城乡居民基本医疗保险费', amountFen: 40000, source: FEE, unsure: true }],
      totalFen: 40000,
      source: FEE,
      unsure: true,
      note: '2024 年通知所定个人缴费标准，用于 2025 年度；2025 年“可维持”400 元（research §1）',
    },
  ],
  identities: [
    { code: 'tekun', name: '特困人员', aliases: ['特困', '特困供养人员'], certifyingDepartment: '民政部门', subsidy: { kind: 'full' }, source: SUBSIDY, unsure: true },
    { code: 'orphan', name: '孤儿', aliases: ['事实无人抚养儿童'], certifyingDepartment: '民政部门', subsidy: { kind: 'full' }, source: SUBSIDY, unsure: true },
    {
      code: 'dibao',
      name: '最低生活保障对象',
      aliases: ['低保', '低保对象'],
      certifyingDepartment: '民政部门',
      subsidy: { kind: 'percent', basisPoints: 6000 },
      source: SUBSIDY,
      unsure: true,
    },
    {
      code: 'fanpin_monitor',
      name: '防止返贫监测对象',
      aliases: ['返贫监测对象', '监测对象'],
      certifyingDepartment: '乡村振兴（农业农村）部门',
      subsidy: { kind: 'percent', basisPoints: 6000 },
      source: SUBSIDY,
      unsure: true,
    },
  ],
  paths: [
    { path: 'school', name: '所在学校（幼儿园）代办', when: [{ inSchool: true, schoolInRegion: true }], source: { notice: 'public', section: '学生参保', reference: 'research/cn-policy.md §2' }, unsure: true },
    {
      path: 'civil_affairs',
      name: '资助参保：由认定部门提供名单，经办机构集中登记',
      when: [{ identitiesAny: ['tekun', 'orphan', 'dibao', 'fanpin_monitor'] }],
      source: { notice: 'public', section: '资助参保名单', reference: 'research/cn-policy.md §3 [S20][S33]' },
      unsure: true,
    },
    { path: 'village', name: '村民委员会', when: [{ hukouTypes: ['local_rural'] }], source: { notice: 'public', section: '农村居民参保', reference: 'research/cn-policy.md §4' }, unsure: true },
    { path: 'community', name: '社区（街道）医保经办服务站', when: [{}], source: { notice: 'public', section: '城镇居民参保', reference: 'research/cn-policy.md §4' }, unsure: true },
  ],
  eligibility: {
    exclusions: [],
    coveredElsewhere: {
      message: '已参加职工医保或其他统筹区基本医疗保险的，不得重复参保',
      source: { notice: 'public', section: '重复参保治理', reference: 'research/cn-policy.md §4 [S43]' },
      unsure: true,
    },
    residencePermit: {
      hukouTypes: ['nonlocal'],
      minMonths: 0,
      acceptedDocuments: ['居住证'],
      source: { notice: 'public', section: '国办发〔2024〕38号 放开参保户籍限制', reference: GB38.reference },
      unsure: true,
    },
  },
  waitingPeriod: {
    kind: 'national_2025',
    fixedMonths: 3,
    variableMonthsPerExtraGapYear: 1,
    backPayReducesMonthsPerYear: 1,
    floor: { minGapYears: 4, minTotalMonths: 6 },
    newbornExempt: true,
    exemptIdentityCodes: ['tekun', 'orphan', 'dibao', 'fanpin_monitor'],
    countGapsFromYear: 2025,
    firstTimeEnrolleeInWindowExempt: true,
    source: GB38,
    unsure: true,
    note:
      '等待期自正常待遇起始日（集中参保期内缴费为 1 月 1 日，期外为缴费之日）起算，与青岛示例一致；困难群众免等待期、首次参保者期内参保免等待期、断保年数自 2025 年起计为推定',
  },
  continuityIncentive: {
    minConsecutiveYears: 4,
    capIncreasePerExtraYearFen: 100000,
    zeroClaimIncreaseFen: 100000,
    maxIncreaseBasisPoints: 2000,
    source: CONTINUITY,
    unsure: true,
    note: '“不低于1000元”取下限；提高总额不超过基础最高支付限额的 20%（须由统筹区设置 baseCapFen）',
  },
  unpaidList: {
    dueDate: '2024-12-31',
    source: { notice: 'public', section: '未参保名单报送（地方示例）', reference: '南通 004 号通知八.6：12 月底前送医保中心备案' },
    unsure: true,
  },
  cardProduction: {
    photoFromAge: 7,
    source: { notice: 'public', section: '制卡照片（地方示例）', reference: '苏州 000 号通知四.8：7 周岁以上未制卡学生报送照片' },
    unsure: true,
  },
  notes: ['模板：金额与窗口为全国最低标准或常见做法，启用前须按统筹区当年文件覆盖。'],
};

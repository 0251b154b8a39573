/**
 * Chinese wording of the policy engine's data for people: windows, selectors, subsidies, citations, statuses and
 * the paths of validation issues. Pure functions, so they are tested without a browser.
 */
import {
  GENDER_NAMES,
  HUKOU_TYPE_NAMES,
  SCHOOL_LEVEL_NAMES,
  SUBSIDY_KIND_NAMES,
  type TPersonSelector,
  type TPolicyProfile,
  type TProfileStatus,
  type TSubsidyRule,
  type TWindowKind,
} from '@canbao/domain';
import { formatYuan } from '../../lib/money';

export const WINDOW_KIND_COLORS: Record<TWindowKind, string> = {
  declaration: 'green',
  adjustment: 'gold',
  outside: 'default',
};

/** '全额资助（个人免缴）', '定额资助 100.00 元', '按 60% 资助'. */
export function subsidyText(rule: TSubsidyRule): string {
  switch (rule.kind) {
    case 'full':
      return SUBSIDY_KIND_NAMES.full;
    case 'fixed':
      return `定额资助 ${formatYuan(rule.amountFen)}`;
    case 'percent':
      return `按 ${rule.basisPoints / 100}% 资助`;
    case 'none':
      return SUBSIDY_KIND_NAMES.none;
  }
}

function ageText(min: number | undefined, max: number | undefined): string | null {
  if (min === undefined && max === undefined) return null;
  if (min !== undefined && max !== undefined) return min === max ? `${min} 周岁` : `${min}–${max} 周岁`;
  if (min !== undefined) return `${min} 周岁及以上`;
  return `${max} 周岁及以下`;
}

/**
 * One selector as a phrase: '在校（小学、初中）', '不在校，17 周岁及以下，本地城镇户籍'. `{}` matches everyone.
 * Flag and identity codes are named from the profile when it has them.
 */
export function describeSelector(sel: TPersonSelector, profile?: Pick<TPolicyProfile, 'flags' | 'identities'>): string {
  const parts: string[] = [];
  if (sel.newborn === true) parts.push('新生儿');
  if (sel.newborn === false) parts.push('非新生儿');
  if (sel.inSchool === true || sel.schoolLevels) {
    const levels = sel.schoolLevels?.map((l) => SCHOOL_LEVEL_NAMES[l]).join('、');
    parts.push(levels ? `在校（${levels}）` : '在校');
  }
  if (sel.inSchool === false) parts.push('不在校');
  if (sel.schoolInRegion !== undefined) parts.push(sel.schoolInRegion ? '在本统筹区学校就读' : '在外地学校就读');
  const age = ageText(sel.ageMin, sel.ageMax);
  if (age) parts.push(age);
  if (sel.hukouTypes) parts.push(sel.hukouTypes.map((h) => HUKOU_TYPE_NAMES[h]).join('或'));
  if (sel.hukouRegionPrefixes) parts.push(`户籍地代码以 ${sel.hukouRegionPrefixes.join('、')} 开头`);
  if (sel.genders) parts.push(sel.genders.map((g) => GENDER_NAMES[g]).join('或'));
  if (sel.flagsAny) {
    parts.push(sel.flagsAny.map((code) => profile?.flags.find((f) => f.code === code)?.name ?? code).join('或'));
  }
  if (sel.identitiesAny) {
    parts.push(sel.identitiesAny.map((code) => profile?.identities.find((i) => i.code === code)?.name ?? code).join('或'));
  }
  return parts.length ? parts.join('，') : '所有人员';
}

/** Selectors are alternatives (OR): '在校（小学）；或 不在校，17 周岁及以下'. */
export function describeSelectors(
  selectors: readonly TPersonSelector[],
  profile?: Pick<TPolicyProfile, 'flags' | 'identities'>,
): string {
  return selectors.map((s) => describeSelector(s, profile)).join('；或 ');
}

/** The notice a profile is built on, as far as a citation needs it. */
export interface TCitedNotice {
  /** Seed file id ('000_…') or 'public'; when unknown, a numbered notice is taken to be the profile's own. */
  fileId?: string;
  documentNumber: string;
}

export interface TCitation {
  /** 'public' sources name their document in the section, so this is what a person reads first. */
  document: string;
  section: string | null;
  kind: 'notice' | 'public' | 'system';
}

/**
 * Where a rule comes from, for a person: the profile's own notice by its document number (苏社基〔2018〕55号) and
 * section; a public source by its section (which names the document); the platform's own defaults as such.
 */
export function citation(source: { notice: string; section: string }, notice?: TCitedNotice | null): TCitation {
  if (source.notice === 'public') return { document: source.section, section: null, kind: 'public' };
  if (!/^\d{3}$/.test(source.notice)) return { document: '本平台说明', section: source.section, kind: 'system' };
  const isOwn = notice && (notice.fileId === undefined || notice.fileId.startsWith(source.notice));
  return { document: isOwn ? notice.documentNumber : `通知 ${source.notice}`, section: source.section, kind: 'notice' };
}

export const PROFILE_STATUS_COLORS: Record<TProfileStatus, string> = {
  template: 'purple',
  upcoming: 'blue',
  declaration: 'green',
  adjustment: 'gold',
  in_benefit: 'cyan',
  ended: 'default',
};

// ── paths of validation issues ────────────────────────────────────────────────────────────────────────────────

const SEGMENT_NAMES: Record<string, string> = {
  id: '方案编号',
  name: '名称',
  regionCode: '行政区划代码',
  regionName: '统筹区名称',
  insuranceYear: '参保年度',
  template: '模板',
  coveredPopulation: '覆盖人群',
  sourceNotice: '依据文件',
  declarationWindow: '申报缴费期',
  adjustmentWindow: '调整期',
  lateEnrollment: '逾期参保',
  benefitPeriod: '待遇享受期',
  newborn: '新生儿参保',
  ageReference: '年龄计算日',
  identitySnapshot: '身份认定日',
  flags: '标记',
  categories: '人员类别',
  identities: '减免身份',
  paths: '参保途径',
  eligibility: '参保资格',
  exclusions: '排除规则',
  coveredElsewhere: '重复参保',
  residencePermit: '居住证条件',
  pointsEligibility: '积分入医',
  registration: '参保登记',
  channels: '登记渠道',
  waitingPeriod: '待遇等待期',
  continuityIncentive: '连续参保激励',
  notes: '备注',
  parts: '费用构成',
  amountFen: '金额',
  totalFen: '合计',
  select: '适用条件',
  when: '条件',
  subsidy: '资助',
  conditions: '条件',
  source: '依据',
  section: '条款',
  reference: '出处',
  start: '开始日',
  end: '结束日',
  until: '截止日',
  allows: '用途',
  allowed: '是否允许',
  within: '期限',
  segments: '分段',
  applyWindow: '申请期',
  provisional: '暂定标准',
  code: '代码',
  ageMin: '年龄下限',
  ageMax: '年龄上限',
  exceptFlags: '例外标记',
  exemptIdentityCodes: '免等待期身份',
  notRequiredForFlags: '免积分标记',
  baseCapFen: '基础最高支付限额',
  fileId: '文件',
  title: '文件标题',
  documentNumber: '文号',
  issuer: '发文机关',
  issuedOn: '发布日期',
  notice: '依据文件',
  quote: '原文摘录',
  message: '提示语',
  kind: '方式',
  unit: '期限单位',
  amount: '期限',
  hukouTypes: '户籍类型',
  fee: '缴费',
  benefitFrom: '待遇起始',
  note: '经办说明',
  on: '计算日',
  unsure: '推定',
  date: '日期',
  label: '名称',
  inSchool: '是否在校',
  schoolLevels: '学段',
  schoolInRegion: '学校所在地',
  hukouRegionPrefixes: '户籍地行政区划代码开头',
  genders: '性别',
  flagsAny: '持有标记',
  identitiesAny: '减免身份',
  aliases: '又称',
  certifyingDepartment: '认定部门',
  acceptedEvidence: '认定方式',
  certificateName: '证件名称',
  certificateDetailsRequired: '须登记证件号码和有效期',
  path: '途径',
  settlement: '结算办法',
  excludedSchoolLevels: '不适用的学段',
  firstEnrollmentOnly: '仅首次参保须办理',
  notRequiredForHukouRegionPrefixes: '无须办理的户籍地',
  firstTimeRequired: '首次参保须登记',
  continuingExempt: '续保无需登记',
  minMonths: '持证月数',
  acceptedDocuments: '认可的证件',
  hukouSpecialCases: '户籍特殊情况',
  unitNaming: '代办单位命名',
  schoolSuffix: '学校名称后缀',
  streetOfficeSuffix: '街道社保所名称后缀',
  basisPoints: '资助比例',
  fixedMonths: '固定等待期',
  variableMonthsPerExtraGapYear: '变动等待期',
  backPayReducesMonthsPerYear: '补缴减少的等待期',
  floor: '最低等待期',
  minGapYears: '断保年数',
  minTotalMonths: '最低等待期',
  newbornExempt: '新生儿免等待期',
  countGapsFromYear: '断保年数起算年份',
  firstTimeEnrolleeInWindowExempt: '首次参保免等待期',
  minConsecutiveYears: '连续参保年数',
  capIncreasePerExtraYearFen: '每年提高限额',
  zeroClaimIncreaseFen: '未报销再提高',
  maxIncreaseBasisPoints: '提高总额上限',
  unpaidList: '未参保名单报送',
  dueDate: '报送截止日',
  cardProduction: '制卡',
  photoFromAge: '须报送照片的年龄',
  collectBy: '领卡截止日',
};

/** The name of the item at `index` of the list `key`, when the profile has one. */
function itemName(profile: TPolicyProfile | undefined, trail: readonly string[], index: number): string | null {
  if (!profile) return null;
  const [root, i, sub] = trail;
  if (trail.length === 1 && root === 'categories') return profile.categories[index]?.name ?? null;
  if (trail.length === 1 && root === 'identities') return profile.identities[index]?.name ?? null;
  if (trail.length === 1 && root === 'paths') return profile.paths[index]?.name ?? null;
  if (trail.length === 1 && root === 'flags') return profile.flags[index]?.name ?? null;
  if (trail.length === 3 && root === 'categories' && sub === 'parts') {
    return profile.categories[Number(i)]?.parts[index]?.name ?? null;
  }
  return null;
}

/**
 * A dotted issue path of the server or validateProfile as Chinese words:
 * 'categories.0.parts.1.amountFen' → '人员类别“学生（少儿）” › 费用构成“大病保险费” › 金额'.
 */
export function issuePathLabel(path: string, profile?: TPolicyProfile): string {
  if (!path) return '方案整体';
  const segments = path.split('.');
  const words: string[] = [];
  const trail: string[] = [];
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) {
      const index = Number(segment);
      const name = itemName(profile, trail, index);
      const last = words.length - 1;
      if (name && last >= 0) words[last] = `${words[last]}“${name}”`;
      else words.push(`第 ${index + 1} 项`);
    } else {
      words.push(SEGMENT_NAMES[segment] ?? segment);
    }
    trail.push(segment);
  }
  return words.join(' › ');
}

import { z } from 'zod';
import { ZBasisPoints, ZNonNegativeFen } from '../money';
import { HUKOU_SPECIAL_CASE_CODES } from '../registry/hukou-fill-in';
import { ZPolicyDate } from './calendar';

/**
 * A policy profile is ONE region's rules for ONE insurance year, as data: windows, fee standards per person
 * category, exemption identities, enrollment paths, eligibility, newborns, benefit period and waiting periods.
 * Every rule carries the notice section it came from, so a quote can say why. A new city is a new profile, not
 * new code. Values not stated in the notice come from public sources and are marked `unsure: true`.
 */

// ── shared vocabularies ────────────────────────────────────────────────────────────────────────────────────────

export const SCHOOL_LEVELS = ['kindergarten', 'primary', 'middle', 'high', 'vocational', 'university'] as const;
export const ZSchoolLevel = z.enum(SCHOOL_LEVELS);
export type TSchoolLevel = z.infer<typeof ZSchoolLevel>;
export const SCHOOL_LEVEL_NAMES: Record<TSchoolLevel, string> = {
  kindergarten: '幼儿园',
  primary: '小学',
  middle: '初中',
  high: '高中',
  vocational: '中专/技校/职校',
  university: '高等院校',
};

export const HUKOU_TYPES = ['local_urban', 'local_rural', 'nonlocal'] as const;
export const ZHukouType = z.enum(HUKOU_TYPES);
export type THukouType = z.infer<typeof ZHukouType>;
export const HUKOU_TYPE_NAMES: Record<THukouType, string> = {
  local_urban: '本地城镇户籍',
  local_rural: '本地农村户籍',
  nonlocal: '非本地户籍',
};

export const GENDERS = ['male', 'female'] as const;
export const ZPolicyGender = z.enum(GENDERS);
export type TPolicyGender = z.infer<typeof ZPolicyGender>;
export const GENDER_NAMES: Record<TPolicyGender, string> = { male: '男', female: '女' };

export const ENROLLMENT_PATHS = ['school', 'community', 'village', 'civil_affairs', 'family'] as const;
export const ZEnrollmentPath = z.enum(ENROLLMENT_PATHS);
export type TEnrollmentPath = z.infer<typeof ZEnrollmentPath>;
export const ENROLLMENT_PATH_NAMES: Record<TEnrollmentPath, string> = {
  school: '学校（幼儿园）代办',
  community: '社区（街道）经办机构',
  village: '村（居）民委员会',
  civil_affairs: '民政、残联等认定部门',
  family: '以家庭为单位参保',
};

export const FEE_PART_CODES = ['basic', 'critical_illness', 'long_term_care'] as const;
export const ZFeePartCode = z.enum(FEE_PART_CODES);
export type TFeePartCode = z.infer<typeof ZFeePartCode>;
export const FEE_PART_NAMES: Record<TFeePartCode, string> = {
  basic: '基本医疗保险费',
  critical_illness: '大病保险费',
  long_term_care: '照护保险费',
};

export const SUBSIDY_KINDS = ['full', 'fixed', 'percent', 'none'] as const;

const ZCode = z.string().max(64).regex(/^[a-z][a-z0-9_]*$/, '代码须为小写字母、数字和下划线');
const ZAge = z.int().min(0, '年龄不能为负数').max(150, '年龄不能超过 150');
const ZRegionPrefix = z.string().regex(/^\d{2,6}$/, '行政区划代码前缀须为 2–6 位数字');

// ── citations ─────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Where a rule comes from: a seed notice ('000'…'004', its section heading) or 'public' (a public source named in
 * `reference`, e.g. a document number or research/cn-policy.md key). Public values must be marked `unsure`.
 */
export const ZRuleSource = z.strictObject({
  notice: z.string().regex(/^(\d{3}|public)$/, "来源须为通知编号（如 '000'）或 'public'"),
  section: z.string().min(1, '须注明条款').max(200),
  quote: z.string().max(200).optional(),
  reference: z.string().max(500).optional(),
});
export type TRuleSource = z.infer<typeof ZRuleSource>;

const sourced = {
  source: ZRuleSource,
  /** True when the value is not stated in the notice and was taken from public sources or inferred. */
  unsure: z.boolean().optional(),
  /** The agency's remark on how the rule was read; shown on its policy pages, never in a quote. */
  note: z.string().max(1000).optional(),
};

// ── who a rule applies to ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Conditions on a person; every given field must hold (AND). Lists mean "one of". Age bounds are inclusive,
 * in completed years (周岁) on the profile's age reference date. `schoolLevels` and `schoolInRegion` only
 * match persons in school.
 */
export const ZPersonSelector = z.strictObject({
  ageMin: ZAge.optional(),
  ageMax: ZAge.optional(),
  inSchool: z.boolean().optional(),
  schoolLevels: z.array(ZSchoolLevel).max(200).min(1).optional(),
  schoolInRegion: z.boolean().optional(),
  hukouTypes: z.array(ZHukouType).max(200).min(1).optional(),
  /** Hukou region code (GB/T 2260) starts with one of these, e.g. '3205' for the whole of Suzhou. */
  hukouRegionPrefixes: z.array(ZRegionPrefix).max(200).min(1).optional(),
  genders: z.array(ZPolicyGender).max(200).min(1).optional(),
  /** The person carries one of these profile flags (e.g. 'borrowing_fee_exempt'). */
  flagsAny: z.array(ZCode).max(200).min(1).optional(),
  /** The person holds one of these valid exemption identities. */
  identitiesAny: z.array(ZCode).max(200).min(1).optional(),
  /** Within the profile's newborn period. */
  newborn: z.boolean().optional(),
});
export type TPersonSelector = z.infer<typeof ZPersonSelector>;

/** A region's own 未参保原因 (issue 14), offered after the built-in ones; `needsNote` asks for a note like 其他. */
export const ZUninsuredReasonRule = z.strictObject({
  code: ZCode.max(40, '代码不超过 40 个字符').min(2, '代码至少 2 个字符'),
  name: z.string().min(1).max(20, '原因名称不超过 20 字'),
  needsNote: z.boolean().optional(),
  /** A reason is the agency's own practice more often than a notice's: its source is optional. */
  source: ZRuleSource.optional(),
  note: z.string().max(1000).optional(),
});
export type TUninsuredReasonRule = z.infer<typeof ZUninsuredReasonRule>;

export const ZProfileFlag = z.strictObject({ code: ZCode, name: z.string().min(1).max(100), ...sourced });
export type TProfileFlag = z.infer<typeof ZProfileFlag>;

// ── fees ──────────────────────────────────────────────────────────────────────────────────────────────────────

export const ZFeePart = z.strictObject({
  code: ZFeePartCode,
  name: z.string().min(1).max(100),
  amountFen: ZNonNegativeFen,
  ...sourced,
});
export type TFeePart = z.infer<typeof ZFeePart>;

export const ZBenefitPeriod = z.discriminatedUnion('kind', [
  /** 1 January – 31 December of the insurance year. */
  z.strictObject({ kind: z.literal('calendar_year'), ...sourced }),
  /** A stated period, e.g. a school year or a transition spanning two years. */
  z.strictObject({
    kind: z.literal('custom'),
    start: ZPolicyDate,
    end: ZPolicyDate,
    segments: z
      .array(z.strictObject({ start: ZPolicyDate, end: ZPolicyDate, label: z.string().min(1).max(100) }))
      .max(50)
      .optional(),
    ...sourced,
  }),
]);
export type TBenefitPeriod = z.infer<typeof ZBenefitPeriod>;

export const ZFeeCategory = z.strictObject({
  code: ZCode,
  name: z.string().min(1).max(100),
  /** A person belongs to the first category (in profile order) with a matching selector (OR of selectors). */
  select: z.array(ZPersonSelector).max(200).min(1),
  parts: z.array(ZFeePart).max(200).min(1),
  /** Must equal the sum of the parts. */
  totalFen: ZNonNegativeFen,
  /** A provisional amount to be settled later against the real standard (Guangzhou 2014). */
  provisional: z.strictObject({ settlement: z.string().min(1).max(500), ...sourced }).optional(),
  /** Overrides the profile's benefit period for this category (Beijing 2007: elderly from 1 October). */
  benefitPeriod: ZBenefitPeriod.optional(),
  ...sourced,
});
export type TFeeCategory = z.infer<typeof ZFeeCategory>;

// ── exemptions and subsidies ──────────────────────────────────────────────────────────────────────────────────

export const ZSubsidyRule = z.discriminatedUnion('kind', [
  /** The whole individual contribution is paid by public funds (个人免缴). */
  z.strictObject({ kind: z.literal('full') }),
  /** A fixed amount off (定额资助), never more than the fee. */
  z.strictObject({ kind: z.literal('fixed'), amountFen: ZNonNegativeFen }),
  /** A share of the fee in basis points (6000 = 60%), rounded half up to the fen. */
  z.strictObject({ kind: z.literal('percent'), basisPoints: ZBasisPoints }),
  /** The identity changes the path (e.g. family enrollment) but the notice sets no subsidy amount. */
  z.strictObject({ kind: z.literal('none') }),
]);
export type TSubsidyRule = z.infer<typeof ZSubsidyRule>;
export type TSubsidyKind = TSubsidyRule['kind'];

export const SUBSIDY_KIND_NAMES: Record<TSubsidyKind, string> = {
  full: '全额资助（个人免缴）',
  fixed: '定额资助',
  percent: '按比例资助',
  none: '不减免（仅影响参保途径）',
};

/** The same, short enough for a check box label. */
export const SUBSIDY_KIND_SHORT_NAMES: Record<TSubsidyKind, string> = {
  full: '个人免缴',
  fixed: '定额资助',
  percent: '比例资助',
  none: '不减免',
};

/** A subsidy kind ('full' …, as a profile summary's exemption gives it) in Chinese; an unknown kind shows its code. */
export function subsidyKindName(kind: string, { short = false }: { short?: boolean } = {}): string {
  return Object.entries(short ? SUBSIDY_KIND_SHORT_NAMES : SUBSIDY_KIND_NAMES).find(([k]) => k === kind)?.[1] ?? kind;
}

export const EVIDENCE_KINDS = ['department_list', 'certificate'] as const;
export const ZEvidenceKind = z.enum(EVIDENCE_KINDS);
export type TEvidenceKind = z.infer<typeof ZEvidenceKind>;
export const EVIDENCE_KIND_NAMES: Record<TEvidenceKind, string> = {
  department_list: '部门提供的名单',
  certificate: '本人出示的证件',
};

export const ZIdentityCategory = z.strictObject({
  code: ZCode,
  name: z.string().min(1).max(100),
  /** Other names people and departmental lists use for the same identity. */
  aliases: z.array(z.string().min(1).max(100)).max(20).optional(),
  certifyingDepartment: z.string().min(1).max(100),
  subsidy: ZSubsidyRule,
  conditions: z
    .strictObject({
      /** The identity only counts for these hukou types … */
      hukouTypes: z.array(ZHukouType).max(200).min(1).optional(),
      /** … or for a hukou region code with one of these prefixes. */
      hukouRegionPrefixes: z.array(ZRegionPrefix).max(200).min(1).optional(),
      /** How the identity may be proven; when omitted any evidence counts. */
      acceptedEvidence: z.array(ZEvidenceKind).max(200).min(1).optional(),
      /** The certificate a person shows (Nantong records its name, number and validity). */
      certificateName: z.string().min(1).max(100).optional(),
      /** A certificate must come with its number and validity dates. */
      certificateDetailsRequired: z.boolean().optional(),
    })
    .optional(),
  ...sourced,
});
export type TIdentityCategory = z.infer<typeof ZIdentityCategory>;

// ── enrollment paths, windows, newborns ───────────────────────────────────────────────────────────────────────

export const ZPathRule = z.strictObject({
  path: ZEnrollmentPath,
  /** The office or unit as the notice names it, e.g. 社区社保工作机构. */
  name: z.string().min(1).max(100),
  /** First rule (in order) with a matching selector wins; `[{}]` matches everyone. */
  when: z.array(ZPersonSelector).max(200).min(1),
  ...sourced,
});
export type TPathRule = z.infer<typeof ZPathRule>;

export const ZDateWindow = z.strictObject({ start: ZPolicyDate, end: ZPolicyDate, ...sourced });
export type TDateWindow = z.infer<typeof ZDateWindow>;

export const ZAdjustmentWindow = z.strictObject({
  start: ZPolicyDate,
  end: ZPolicyDate,
  /** What the window is for, in the notice's words (仅用于参保人员的调整和补申报). */
  allows: z.string().min(1).max(500),
  ...sourced,
});
export type TAdjustmentWindow = z.infer<typeof ZAdjustmentWindow>;

export const ZLateEnrollment = z.strictObject({
  /** Whether payment after the declaration (and adjustment) window is accepted for this year. */
  allowed: z.boolean(),
  /** Last day a late payment is accepted; defaults to the end of the benefit period. */
  until: ZPolicyDate.optional(),
  /** What a parent is told after the window, in the notice's words (the `note` is the agency's own remark). */
  message: z.string().trim().min(1).max(200).optional(),
  ...sourced,
});
export type TLateEnrollment = z.infer<typeof ZLateEnrollment>;

export const ZNewbornRule = z.strictObject({
  /**
   * Period after birth in which a newborn may enroll outside the windows. Counted as 民法典第二百零一、二百零二条
   * count periods: from the day after birth, ending on the same day N months later (or N days later).
   */
  within: z.strictObject({ unit: z.enum(['months', 'days']), amount: z.int().min(1).max(366) }),
  /** Only newborns with these hukou types (Suzhou: 持户口簿向户籍所在地社区). */
  hukouTypes: z.array(ZHukouType).max(200).min(1).optional(),
  /** Newborns pay the full year's fee (缴纳全年应缴费用); no pro-rating exists in any notice. */
  fee: z.literal('full_year'),
  /** Benefits from the birth date (never before the period start) or from the period start. */
  benefitFrom: z.enum(['birth', 'period_start']),
  ...sourced,
});
export type TNewbornRule = z.infer<typeof ZNewbornRule>;

// ── eligibility ───────────────────────────────────────────────────────────────────────────────────────────────

export const ZExclusionRule = z.strictObject({
  code: ZCode,
  /** Persons matching this are not covered by the profile … */
  when: ZPersonSelector,
  /** … unless they carry one of these flags. */
  exceptFlags: z.array(ZCode).max(200).min(1).optional(),
  message: z.string().min(1).max(500),
  ...sourced,
});
export type TExclusionRule = z.infer<typeof ZExclusionRule>;

export const ZResidencePermitRule = z.strictObject({
  /** Hukou types that need a residence permit to enroll. */
  hukouTypes: z.array(ZHukouType).max(200).min(1),
  /** Months the permit must have been held on the apply date (0 = holding one is enough). */
  minMonths: z.int().min(0).max(120),
  acceptedDocuments: z.array(z.string().min(1).max(100)).max(50).min(1),
  ...sourced,
});
export type TResidencePermitRule = z.infer<typeof ZResidencePermitRule>;

export const ZPointsEligibilityRule = z.strictObject({
  name: z.string().min(1).max(100),
  /** Inclusive dates in which the application must have been made (Suzhou: 6月至9月10日). */
  applyWindow: z.strictObject({ start: ZPolicyDate, end: ZPolicyDate }),
  /** Applies to persons in school with these hukou types … */
  hukouTypes: z.array(ZHukouType).max(200).min(1),
  /** … except at these school levels (高中段以上不纳入积分入医管理). */
  excludedSchoolLevels: z.array(ZSchoolLevel).max(200),
  /** Only the first enrollment needs it (通过所在学校首次参加). */
  firstEnrollmentOnly: z.boolean(),
  notRequiredForHukouRegionPrefixes: z.array(ZRegionPrefix).max(200).optional(),
  notRequiredForFlags: z.array(ZCode).max(200).optional(),
  ...sourced,
});
export type TPointsEligibilityRule = z.infer<typeof ZPointsEligibilityRule>;

export const ZEligibility = z.strictObject({
  exclusions: z.array(ZExclusionRule).max(200),
  /** Persons already covered by another basic medical insurance are not eligible. */
  coveredElsewhere: z.strictObject({ message: z.string().min(1).max(500), ...sourced }).optional(),
  residencePermit: ZResidencePermitRule.optional(),
  pointsEligibility: ZPointsEligibilityRule.optional(),
});
export type TEligibility = z.infer<typeof ZEligibility>;

export const ZRegistrationRule = z.strictObject({
  /** First-time enrollees need a basic registration (基本信息登记) before declaring. */
  firstTimeRequired: z.boolean(),
  /** Continuing enrollees carry over without a new registration. */
  continuingExempt: z.boolean(),
  /** Where first-time registration happens; first matching channel wins. */
  channels: z.array(z.strictObject({ name: z.string().min(1).max(100), when: z.array(ZPersonSelector).max(200).min(1), ...sourced })).max(50),
  ...sourced,
});
export type TRegistrationRule = z.infer<typeof ZRegistrationRule>;

// ── waiting periods and continuity incentives (国办发〔2024〕38号) ─────────────────────────────────────────────

export const ZWaitingPeriodRule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none'), ...sourced }),
  z.strictObject({
    kind: z.literal('national_2025'),
    /** 固定待遇等待期: 3 months for late or discontinuous enrollment. */
    fixedMonths: z.int().min(0).max(24),
    /** 变动待遇等待期: months added per gap year beyond the first. */
    variableMonthsPerExtraGapYear: z.int().min(0).max(12),
    /** Each back-paid year removes this many months of the variable part (never of the fixed part). */
    backPayReducesMonthsPerYear: z.int().min(0).max(12),
    /** After a gap of at least minGapYears the total stays ≥ minTotalMonths even after back-payment. */
    floor: z.strictObject({ minGapYears: z.int().min(1), minTotalMonths: z.int().min(0).max(36) }),
    newbornExempt: z.boolean(),
    /** Identities without a waiting period (funded groups registered by departments). */
    exemptIdentityCodes: z.array(ZCode).max(200),
    /** Gap years before this year do not count (the rules apply from 2025). */
    countGapsFromYear: z.int().min(1990).max(2100),
    /** A first-ever enrollee who pays in the window has no gap and no wait. */
    firstTimeEnrolleeInWindowExempt: z.boolean(),
    ...sourced,
  }),
]);
export type TWaitingPeriodRule = z.infer<typeof ZWaitingPeriodRule>;

export const ZContinuityIncentiveRule = z.strictObject({
  /** Consecutive years after which each further year raises the critical-illness cap. */
  minConsecutiveYears: z.int().min(1),
  capIncreasePerExtraYearFen: ZNonNegativeFen,
  /** Increase for each year without reimbursement in the current streak. */
  zeroClaimIncreaseFen: ZNonNegativeFen,
  /** Total increase ≤ this share of the base cap (2000 bp = 20%), when the base cap is known. */
  maxIncreaseBasisPoints: ZBasisPoints,
  baseCapFen: ZNonNegativeFen.optional(),
  ...sourced,
});
export type TContinuityIncentiveRule = z.infer<typeof ZContinuityIncentiveRule>;

// ── the profile ───────────────────────────────────────────────────────────────────────────────────────────────

export const ZSourceNotice = z.strictObject({
  /** File id in shared/seeds (e.g. '000_badf088736721b8c'), or 'public' for a template built from public rules. */
  fileId: z.string().min(1).max(100),
  title: z.string().min(1).max(100),
  documentNumber: z.string().min(1).max(100),
  issuer: z.string().min(1).max(100),
  issuedOn: ZPolicyDate.optional(),
});
export type TSourceNotice = z.infer<typeof ZSourceNotice>;

/**
 * How the region wants its units named, as advice shown while a unit is registered (Beijing: schools add
 * “学生儿童医保”, street offices are “某区县某街道（乡镇）医疗保险代理处”). A region without such a rule gets no advice.
 */
export const ZUnitNaming = z.strictObject({
  /** Schools and kindergartens end their name with this. */
  schoolSuffix: z.string().trim().min(1).max(20).optional(),
  /** Street and township offices are named “…区/县…街道/乡/镇” followed by this. */
  streetOfficeSuffix: z.string().trim().min(1).max(20).optional(),
  ...sourced,
});
export type TUnitNaming = z.infer<typeof ZUnitNaming>;

/**
 * The unpaid list (未参保居民名单及未参保原因) each office sends the centre, and by when (Nantong 004 八.6: 12 月底前).
 * Without it no due date is shown; the list can still be sent.
 */
export const ZUnpaidListRule = z.strictObject({ dueDate: ZPolicyDate, ...sourced });
export type TUnpaidListRule = z.infer<typeof ZUnpaidListRule>;

/**
 * Card production (制卡, Suzhou 000 四.8): from what age a person without a card needs a photo in the card centre's
 * format, and the last day the unit collects the first cards. Without it no photo is asked for.
 */
export const ZCardProductionRule = z.strictObject({
  photoFromAge: z.int().min(0).max(120),
  collectBy: ZPolicyDate.optional(),
  ...sourced,
});
export type TCardProductionRule = z.infer<typeof ZCardProductionRule>;

export const ZPolicyProfile = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id 须为 kebab-case，如 suzhou-2019'),
  name: z.string().min(1).max(100),
  /** GB/T 2260 code of the pooling region (统筹区); '000000' only for templates. */
  regionCode: z.string().regex(/^\d{6}$/, '行政区划代码须为 6 位数字'),
  regionName: z.string().min(1).max(100),
  insuranceYear: z.int().min(1990).max(2100),
  /** A template for many years (instantiateTemplate shifts its dates); not one city's notice. */
  template: z.boolean(),
  coveredPopulation: z.string().min(1).max(500),
  sourceNotice: ZSourceNotice,
  declarationWindow: ZDateWindow,
  adjustmentWindow: ZAdjustmentWindow.optional(),
  lateEnrollment: ZLateEnrollment,
  benefitPeriod: ZBenefitPeriod,
  newborn: ZNewbornRule.nullable(),
  /** Date on which age (周岁) is counted for category and exclusion rules. */
  ageReference: z.strictObject({ on: z.enum(['apply_date', 'period_start']), ...sourced }),
  /** Identities are judged on this date instead of the apply date (Xianyang fixes them at 8/31 24:00). */
  identitySnapshot: z.strictObject({ date: ZPolicyDate, ...sourced }).optional(),
  flags: z.array(ZProfileFlag).max(200),
  categories: z.array(ZFeeCategory).max(200).min(1),
  identities: z.array(ZIdentityCategory).max(200),
  paths: z.array(ZPathRule).max(200).min(1),
  eligibility: ZEligibility,
  registration: ZRegistrationRule.optional(),
  unitNaming: ZUnitNaming.optional(),
  /** The hukou special cases (户籍特殊情况) the region's notice defines; none offered where absent. */
  hukouSpecialCases: z.array(z.enum(HUKOU_SPECIAL_CASE_CODES)).max(20).optional(),
  waitingPeriod: ZWaitingPeriodRule,
  continuityIncentive: ZContinuityIncentiveRule.optional(),
  /** Reasons for not insuring the region adds to the built-in list (the chase's 未参保原因). */
  uninsuredReasons: z.array(ZUninsuredReasonRule).max(30).optional(),
  unpaidList: ZUnpaidListRule.optional(),
  cardProduction: ZCardProductionRule.optional(),
  notes: z.array(z.string().max(1000)).max(50).optional(),
});
export type TPolicyProfile = z.infer<typeof ZPolicyProfile>;

/** Benefit period of a category (its override or the profile's), as concrete dates. */
export function resolveBenefitPeriod(
  profile: Pick<TPolicyProfile, 'insuranceYear' | 'benefitPeriod'>,
  category?: Pick<TFeeCategory, 'benefitPeriod'> | null,
): { start: string; end: string; rule: TBenefitPeriod } {
  const rule = category?.benefitPeriod ?? profile.benefitPeriod;
  if (rule.kind === 'calendar_year') {
    const y = String(profile.insuranceYear).padStart(4, '0');
    return { start: `${y}-01-01`, end: `${y}-12-31`, rule };
  }
  return { start: rule.start, end: rule.end, rule };
}

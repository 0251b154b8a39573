import { z } from 'zod';
import { ZNonNegativeFen } from '../money';
import { ZPolicyDate } from './calendar';
import { ZEnrollmentPath, ZEvidenceKind, ZFeePartCode, ZHukouType, ZPolicyGender, ZSchoolLevel } from './profile';

// ── facts: what a caller knows about a person and the application ────────────────────────────────────────────

/** An exemption identity the person claims or a department list shows: its code or Chinese name. */
export const ZExemptionClaim = z
  .strictObject({
    code: z.string().trim().min(1).max(64).optional(),
    name: z.string().trim().min(1).max(100).optional(),
    validFrom: ZPolicyDate.optional(),
    validTo: ZPolicyDate.optional(),
    /** How it is proven; defaults to 'certificate' when a certificate number is given, else 'department_list'. */
    evidence: ZEvidenceKind.optional(),
    certificateName: z.string().trim().min(1).max(100).optional(),
    certificateNumber: z.string().trim().min(1).max(64).optional(),
  })
  .refine((c) => c.code !== undefined || c.name !== undefined, { message: '减免身份须填写代码或名称' })
  .refine((c) => !c.validFrom || !c.validTo || c.validFrom <= c.validTo, {
    message: '减免证件有效期起始日不能晚于截止日',
    path: ['validTo'],
  });
export type TExemptionClaim = z.infer<typeof ZExemptionClaim>;

/** One earlier insurance year of the person in this region. */
export const ZEnrollmentHistoryYear = z.strictObject({
  year: z.int().min(1990).max(2100),
  enrolled: z.boolean(),
  paid: z.boolean(),
  inWindow: z.boolean(),
  /** The fund reimbursed nothing that year (continuity incentive). */
  zeroReimbursement: z.boolean().optional(),
});
export type TEnrollmentHistoryYear = z.infer<typeof ZEnrollmentHistoryYear>;

export const ZFeeFacts = z
  .strictObject({
    /** Resident ID number; birth date and gender are derived from it (never typed twice). */
    idNumber: z.string().max(40).optional(),
    birthDate: ZPolicyDate.optional(),
    gender: ZPolicyGender.optional(),
    inSchool: z.boolean(),
    schoolLevel: ZSchoolLevel.nullable().optional(),
    /** In school inside the pooling region (default true); false for pupils studying elsewhere. */
    schoolInRegion: z.boolean().optional(),
    hukouType: ZHukouType,
    hukouRegionCode: z.string().regex(/^\d{6}$/, '户籍地行政区划代码须为 6 位数字').optional(),
    residencePermitSince: ZPolicyDate.optional(),
    pointsEligibility: z.strictObject({ appliedOn: ZPolicyDate, approved: z.boolean() }).optional(),
    exemptions: z.array(ZExemptionClaim).max(20).optional(),
    /** Profile flags the person carries, e.g. 'parent_local_hukou'. */
    flags: z.array(z.string().max(64)).max(50).optional(),
    /** Already covered by employee insurance or another region's basic medical insurance. */
    coveredElsewhere: z.boolean().optional(),
    history: z.array(ZEnrollmentHistoryYear).max(100).optional(),
    /** Gap years paid back now (补缴), at the current year's rate. */
    backPaidYears: z.int().min(0).max(50).optional(),
    /** Date of declaration / payment, in Asia/Shanghai. */
    applyDate: ZPolicyDate,
  })
  .superRefine((f, ctx) => {
    if (f.idNumber === undefined && f.birthDate === undefined) {
      ctx.addIssue({ code: 'custom', message: '须提供身份证号码或出生日期', path: ['birthDate'] });
    }
    if (f.inSchool && (f.schoolLevel === undefined || f.schoolLevel === null)) {
      ctx.addIssue({ code: 'custom', message: '在校学生须填写学段', path: ['schoolLevel'] });
    }
    if (!f.inSchool && f.schoolLevel) {
      ctx.addIssue({ code: 'custom', message: '不在校人员不应填写学段', path: ['schoolLevel'] });
    }
    const years = (f.history ?? []).map((h) => h.year);
    if (new Set(years).size !== years.length) {
      ctx.addIssue({ code: 'custom', message: '参保历史中的年度不能重复', path: ['history'] });
    }
  });
export type TFeeFacts = z.infer<typeof ZFeeFacts>;

// ── the quote: returned verbatim by the HTTP API ──────────────────────────────────────────────────────────────

export const WINDOW_KINDS = ['declaration', 'adjustment', 'outside'] as const;
export const ZWindowKind = z.enum(WINDOW_KINDS);
export type TWindowKind = z.infer<typeof ZWindowKind>;

/** Short names of the quote's window (as a parent reads them). */
export const WINDOW_KIND_NAMES: Record<TWindowKind, string> = {
  declaration: '申报期',
  adjustment: '调整期',
  outside: '期外',
};

export const ZQuoteReason = z.strictObject({
  /** Which rule spoke, e.g. 'window.declaration', 'subsidy.best', 'waiting_period.variable'. */
  rule: z.string().min(1),
  /** Chinese explanation for the clerk or parent. */
  message: z.string().min(1),
  source: z.strictObject({ notice: z.string().min(1), section: z.string().min(1) }),
});
export type TQuoteReason = z.infer<typeof ZQuoteReason>;

/**
 * A fee quote. Amounts always describe the person's category standard (payable = total − subsidy, never
 * negative); they can only be collected when `eligible && allowed`. `reasons` explain every decision.
 */
export const ZFeeQuote = z.strictObject({
  year: z.int(),
  profileId: z.string().min(1),
  eligible: z.boolean(),
  path: z.strictObject({ code: ZEnrollmentPath, name: z.string().min(1) }),
  category: z.strictObject({ code: z.string().min(1), name: z.string().min(1) }),
  parts: z.array(z.strictObject({ code: ZFeePartCode, name: z.string().min(1), amountFen: ZNonNegativeFen })),
  totalFen: ZNonNegativeFen,
  subsidyFen: ZNonNegativeFen,
  subsidy: z
    .strictObject({ code: z.string().min(1), name: z.string().min(1), kind: z.enum(['full', 'fixed', 'percent']) })
    .nullable(),
  payableFen: ZNonNegativeFen,
  window: ZWindowKind,
  allowed: z.boolean(),
  benefitStart: ZPolicyDate,
  benefitEnd: ZPolicyDate,
  waitingDays: z.int().min(0),
  reasons: z.array(ZQuoteReason),
});
export type TFeeQuote = z.infer<typeof ZFeeQuote>;

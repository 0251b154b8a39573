import { z } from 'zod';
import { ZFeeQuote } from '../policy/fee-quote';
import { ZLevelQuote } from '../policy/level-quote';
import { HUKOU_TYPES, SCHOOL_LEVELS } from '../policy/profile';
import { endpoint } from './contract';

// --- Shapes ---

/** A date window of a profile summary (inclusive calendar days, YYYY-MM-DD). */
const ZProfileWindow = z.object({ start: z.string(), end: z.string() });
export type TProfileWindow = z.infer<typeof ZProfileWindow>;

/** GET /profiles item: one region's rules for one insurance year, at a glance. */
export const ZProfileSummary = z.object({
  id: z.string(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  insuranceYear: z.number().int(),
  template: z.boolean(),
  /** The profile's region is one this deployment runs; other cities' profiles are there for reference. */
  served: z.boolean(),
  version: z.number().int(),
  updatedAt: z.iso.datetime(),
  source: z.object({ title: z.string(), documentNumber: z.string(), issuer: z.string() }),
  declarationWindow: ZProfileWindow.nullable(),
  adjustmentWindow: ZProfileWindow.nullable(),
  benefitPeriod: ZProfileWindow.nullable(),
  categories: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      totalFen: z.number().int(),
      total: z.string(),
      parts: z.array(z.object({ code: z.string(), name: z.string(), amountFen: z.number().int() })),
    }),
  ),
  exemptions: z.array(z.object({ code: z.string(), name: z.string(), kind: z.string() })),
});
export type TProfileSummary = z.infer<typeof ZProfileSummary>;

/** Where a profile's insurance year stands on a given day. */
export const PROFILE_STATUSES = ['template', 'upcoming', 'declaration', 'adjustment', 'in_benefit', 'ended'] as const;
export type TProfileStatus = (typeof PROFILE_STATUSES)[number];

export const PROFILE_STATUS_NAMES: Record<TProfileStatus, string> = {
  template: '模板',
  upcoming: '申报未开始',
  declaration: '申报缴费中',
  adjustment: '调整期',
  in_benefit: '待遇享受中',
  ended: '已结束',
};

/** Where a profile's year stands on `today` (YYYY-MM-DD, city time); windows are inclusive. */
export function profileStatus(
  p: Pick<TProfileSummary, 'template' | 'declarationWindow' | 'adjustmentWindow' | 'benefitPeriod'>,
  today: string,
): TProfileStatus {
  if (p.template) return 'template';
  const dw = p.declarationWindow;
  if (dw && today < dw.start) return 'upcoming';
  if (dw && today <= dw.end) return 'declaration';
  const aw = p.adjustmentWindow;
  if (aw && today >= aw.start && today <= aw.end) return 'adjustment';
  if (p.benefitPeriod && today <= p.benefitPeriod.end) return 'in_benefit';
  return 'ended';
}

export const ZProfileVersion = z.object({ version: z.number().int(), note: z.string().nullable(), createdBy: z.string().nullable(), createdAt: z.iso.datetime() });
export type TProfileVersion = z.infer<typeof ZProfileVersion>;

/** GET /profiles/:id: the summary, the whole rule document of the current version, and every version. */
export const ZProfileDetail = ZProfileSummary.extend({
  /** The rule document; parse it with ZPolicyProfile before reading (it is validated on every save). */
  profile: z.record(z.string(), z.unknown()),
  versions: z.array(ZProfileVersion),
});
export type TProfileDetail = z.infer<typeof ZProfileDetail>;

/** PUT /profiles/:id: a new version of the rule document. */
export const ZProfileUpdateInput = z.object({
  profile: z.record(z.string(), z.unknown()),
  /** Why the rules changed (修改说明), kept with the version. */
  note: z.string().trim().min(1, '请填写修改说明').max(500),
});
export type TProfileUpdateInput = z.input<typeof ZProfileUpdateInput>;

export const ZProfileUpdateResult = z.object({
  version: z.number().int(),
  warnings: z.array(z.object({ path: z.string(), message: z.string(), severity: z.string() })),
  /** Declarations priced by an older version of this profile (prices are kept until a recompute). */
  outdatedDeclarations: z.number().int(),
});
export type TProfileUpdateResult = z.infer<typeof ZProfileUpdateResult>;

const ZPolicyDay = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });

/** POST /fee-quotes: what a parent can type. Exemptions are identity codes (or names) of the chosen profile. */
export const ZFeeQuoteInput = z
  .object({
    profile: z.string().min(1, '请选择政策方案').max(64),
    idNumber: z.string().trim().min(1).max(32).optional(),
    birthDate: ZPolicyDay.optional(),
    inSchool: z.boolean({ message: '请说明是否在校' }),
    schoolLevel: z.enum(SCHOOL_LEVELS).nullable().optional(),
    hukouType: z.enum(HUKOU_TYPES).optional(),
    exemptions: z.array(z.string().trim().min(1).max(64)).max(10).optional(),
    applyDate: ZPolicyDay.optional(),
  })
  .refine((b) => b.idNumber || b.birthDate, { message: '请填写身份证号码或出生日期', path: ['idNumber'] });
export type TFeeQuoteInput = z.input<typeof ZFeeQuoteInput>;

/**
 * The answer to POST /fee-quotes: a quote; for a pupil whose school level was not given and whose profile prices
 * the levels differently, also `byLevel`, the quote of each group of levels that price alike.
 */
export const ZFeeQuoteAnswer = ZFeeQuote.extend({ byLevel: z.array(ZLevelQuote).optional() });
export type TFeeQuoteAnswer = z.infer<typeof ZFeeQuoteAnswer>;

const ZProfileParams = z.object({ id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, '方案编号格式不正确，如 suzhou-2019') });

// --- Endpoints ---

export const policiesApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/v1/profiles',
    access: { public: true },
    tags: ['policies'],
    summary: '政策方案列表（各统筹区各参保年度的缴费标准、申报期、减免类别）',
    responses: { 200: z.object({ items: z.array(ZProfileSummary) }) },
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/v1/profiles/:id',
    access: { public: true },
    tags: ['policies'],
    summary: '政策方案详情（当前版本全文与版本历史）',
    params: ZProfileParams,
    responses: { 200: ZProfileDetail },
  }),
  update: endpoint({
    method: 'PUT',
    path: '/api/v1/profiles/:id',
    access: { roles: ['agency_admin'], params: { id: 'profile' } },
    tags: ['policies'],
    summary: '保存政策方案新版本（校验通过后生效，旧版本保留）',
    params: ZProfileParams,
    body: ZProfileUpdateInput,
    responses: { 200: ZProfileUpdateResult },
  }),
  quote: endpoint({
    method: 'POST',
    path: '/api/v1/fee-quotes',
    access: { public: true },
    tags: ['policies'],
    summary: '缴费标准查询（无需登录，按 IP 限流）',
    description: '在校学生可不填学段：各学段标准相同时直接给出结果；不同时按多数学段给出结果，并在 byLevel 中分学段列出。',
    body: ZFeeQuoteInput,
    responses: { 200: ZFeeQuoteAnswer },
  }),
};

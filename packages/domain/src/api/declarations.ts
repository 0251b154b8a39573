import { z } from 'zod';
import { ZDeclarationStatus } from '../declarations/receipts';
import { ZWindowKind } from '../policy/fee-quote';
import { ZYearState } from '../policy/year-state';
import { ZIdParams, ZPageQuery, ZPaged, ZQueryFlag, ZYearQuery, endpoint } from './contract';

/**
 * 参保申报: the region's insurance years and their windows, a unit's declarations (list, one, a person's years),
 * declaring one or many, 参保缴费确认, removal, the campaign's progress, the list's export, and the recomputation
 * of declarations after a policy profile changes. Served by apps/server/src/modules/declarations/declarations.routes.ts.
 */

// --- Shapes ---

const ZMoneyPart = z.object({ code: z.string(), name: z.string(), amountFen: z.number().int() });

/** One declaration (参保申报) as the list and the detail return it; the document number is masked. */
export const ZDeclaration = z.object({
  id: z.string(),
  year: z.number().int(),
  status: ZDeclarationStatus,
  statusName: z.string(),
  person: z.object({ id: z.string(), name: z.string(), documentType: z.string(), documentNumber: z.string(), gradeCode: z.string().nullable(), className: z.string().nullable() }),
  unit: z.object({ id: z.string(), name: z.string() }).nullable(),
  profile: z.object({ key: z.string(), version: z.number().int() }),
  window: ZWindowKind,
  pathCode: z.string(),
  category: z.object({ code: z.string(), name: z.string() }),
  parts: z.array(ZMoneyPart),
  totalFen: z.number().int(),
  subsidyFen: z.number().int(),
  subsidy: z.object({ code: z.string(), name: z.string() }).nullable(),
  payableFen: z.number().int(),
  paidFen: z.number().int(),
  benefitStart: z.string(),
  benefitEnd: z.string(),
  waitingDays: z.number().int(),
  /** Marked leaving (毕业、转学…) by the student registry: kept on the list, flagged for the unit. */
  leaving: z.object({ reason: z.string(), reasonName: z.string() }).nullable(),
  declaredOn: z.string(),
  declaredBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  settlementId: z.string().nullable(),
  paidAt: z.string().nullable(),
  removedReason: z.string().nullable(),
  /** Why the engine priced it so, each with its policy source. */
  reasons: z.array(z.object({ rule: z.string(), message: z.string(), source: z.object({ notice: z.string(), section: z.string() }) })),
});
export type TDeclaration = z.infer<typeof ZDeclaration>;

/** Counts and payable sums of the year (and unit) by status, whatever the list's other filters. */
export const ZDeclarationSummary = z.object({
  byStatus: z.record(ZDeclarationStatus, z.number().int()),
  payableByStatus: z.record(ZDeclarationStatus, z.number().int()),
  /** Payable and paid of every status but removed. */
  payableFen: z.number().int(),
  paidFen: z.number().int(),
  flagged: z.number().int(),
});
export type TDeclarationSummary = z.infer<typeof ZDeclarationSummary>;

export const ZDeclarationPage = ZPaged(ZDeclaration).extend({ summary: ZDeclarationSummary });
export type TDeclarationPage = z.infer<typeof ZDeclarationPage>;

/** A person's declaration of one year, with the receipt once paid (the person page's 参保缴费 card). */
export const ZPersonDeclaration = ZDeclaration.extend({ receipt: z.object({ number: z.string(), verifyCode: z.string() }).nullable() });
export type TPersonDeclaration = z.infer<typeof ZPersonDeclaration>;

/** The filters of the declarations list and its export. */
export const ZDeclarationFilter = z.object({
  year: ZYearQuery,
  status: ZDeclarationStatus.optional(),
  unitId: z.uuid().optional(),
  gradeCode: z.string().max(4).optional(),
  className: z.string().max(40).optional(),
  /** A name (part of it) or a full document number. */
  q: z.string().trim().max(40).optional(),
  /** Only those marked leaving. */
  flagged: ZQueryFlag.optional(),
  settlementId: z.uuid().optional(),
});

const ZCampaignWindow = z.object({ start: z.string(), end: z.string() });
export type TCampaignWindow = z.infer<typeof ZCampaignWindow>;

/** An insurance year of the region with its windows; `current` is the one being collected. */
export const ZCampaignYear = z.object({
  year: z.number().int(),
  profileKey: z.string(),
  profileName: z.string(),
  declarationWindow: ZCampaignWindow,
  adjustmentWindow: ZCampaignWindow.extend({ allows: z.string() }).nullable(),
  windowToday: ZWindowKind,
  /** open / adjustment only / closed (from `closesOn`, the day after the last window: units change nothing). */
  state: ZYearState,
  closesOn: z.string(),
  current: z.boolean(),
});
export type TCampaignYear = z.infer<typeof ZCampaignYear>;

export const ZCampaignYears = z.object({ today: z.string(), items: z.array(ZCampaignYear) });
export type TCampaignYears = z.infer<typeof ZCampaignYears>;

/** Declarations of one unit (or the region) counted by status, with amounts payable and paid. */
export const ZProgressCounts = z.object({
  declared: z.number().int(),
  confirmed: z.number().int(),
  settled: z.number().int(),
  paid: z.number().int(),
  /** Declarations whose person is flagged as leaving (graduate, moved): to check before confirming. */
  flagged: z.number().int(),
  payableFen: z.number().int(),
  paidFen: z.number().int(),
});
export type TProgressCounts = z.infer<typeof ZProgressCounts>;

/** 参保缴费进度 of a year, in the caller's scope (a unit sees itself; the region's staff every unit). */
export const ZCampaignProgress = z.object({
  year: z.number().int(),
  total: ZProgressCounts,
  items: z.array(ZProgressCounts.extend({ unitId: z.string().nullable(), unitName: z.string() })),
});
export type TCampaignProgress = z.infer<typeof ZCampaignProgress>;

export const BATCH_MODES = ['class', 'carry_over', 'persons'] as const;
export const ZBatchMode = z.enum(BATCH_MODES);
export type TBatchMode = z.infer<typeof ZBatchMode>;

/** POST /declarations/batch: a class (grade + class), the persons named, or last year's carried over. */
export const ZBatchDeclareInput = z.object({
  year: ZYearQuery,
  mode: ZBatchMode,
  /** The unit a class or a carry-over is declared for: required of the agency, implied for a unit operator. */
  unitId: z.uuid().optional(),
  gradeCode: z.string().max(4).optional(),
  className: z.string().max(40).optional(),
  personIds: z.array(z.uuid()).max(5000).optional(),
});
export type TBatchDeclareInput = z.input<typeof ZBatchDeclareInput>;

/** The fields of a person's record a refusal may be lifted by correcting (the web links to each, in the person form). */
export const REFUSAL_FIX_FIELDS = ['residencePermitSince', 'pointsEligibility'] as const;
export const ZRefusalFix = z.object({ field: z.enum(REFUSAL_FIX_FIELDS), label: z.string() });
export type TRefusalFix = z.infer<typeof ZRefusalFix>;

/** What a batch declaration did: nothing is silently dropped. */
export const ZBatchResult = z.object({
  year: z.number().int(),
  declared: z.number().int(),
  alreadyDeclared: z.number().int(),
  /** `fix`: what to correct on the person's record when that may lift the refusal (a residence permit's date …). */
  refused: z.array(z.object({ personId: z.string(), name: z.string(), reason: z.string(), fix: ZRefusalFix.nullable().optional() })),
  conflicts: z.array(z.object({ personId: z.string(), name: z.string(), holder: z.string() })),
  /** Declared, but flagged for checking before the confirmation (a registry leaver, past the expected graduation). */
  flagged: z.array(z.object({ personId: z.string(), name: z.string(), reason: z.string() })).optional(),
  /** Why nothing was declared, when nobody matched at all (no one to carry over, an empty class). */
  note: z.string().optional(),
});
export type TBatchResult = z.infer<typeof ZBatchResult>;

export const ZConfirmDeclarationsInput = z.object({ year: ZYearQuery, ids: z.array(z.uuid()).max(10000).optional() });
export type TConfirmDeclarationsInput = z.input<typeof ZConfirmDeclarationsInput>;

/** A price of a declaration, before or after a recompute. */
export const ZRecomputePrice = z.object({ categoryName: z.string(), totalFen: z.number().int(), subsidyFen: z.number().int(), payableFen: z.number().int(), subsidyName: z.string().nullable() });
export type TRecomputePrice = z.infer<typeof ZRecomputePrice>;

/** GET /profiles/:id/recompute: who the current version would reprice, and how. */
export const ZRecomputePreview = z.object({
  profileKey: z.string(),
  version: z.number().int(),
  /** Declarations of an older version (open and settled). */
  outdated: z.number().int(),
  /** Open ones whose price would not move (only their version would). */
  unchanged: z.number().int(),
  /** Settled (or paid) ones: frozen, never repriced. */
  frozen: z.number().int(),
  /** Open ones whose price moves, or which the new rules refuse (after null, with the reason). */
  affected: z.array(
    z.object({
      declarationId: z.string(),
      personName: z.string(),
      unitName: z.string().nullable(),
      status: ZDeclarationStatus,
      before: ZRecomputePrice,
      after: ZRecomputePrice.nullable(),
      refusedReason: z.string().nullable(),
    }),
  ),
});
export type TRecomputePreview = z.infer<typeof ZRecomputePreview>;

export const ZRecomputeResult = z.object({
  version: z.number().int(),
  repriced: z.number().int(),
  versionOnly: z.number().int(),
  leftIneligible: z.number().int(),
  frozen: z.number().int(),
});
export type TRecomputeResult = z.infer<typeof ZRecomputeResult>;

// A recompute names the profile by its key, as the profile's own endpoints do.
const ZRecomputeParams = z.object({ id: z.string().min(1).max(60) });

const declarers = ['agency_admin', 'unit_operator'] as const;
const readers = ['agency_admin', 'unit_operator', 'viewer', 'collector'] as const;

// --- Endpoints ---

export const declarationsApi = {
  campaignYears: endpoint({
    method: 'GET',
    path: '/api/v1/campaign-years',
    access: { roles: 'any' },
    tags: ['declarations'],
    summary: '本统筹区的参保年度及其申报期、调整期（current 为当前办理的年度）',
    responses: { 200: ZCampaignYears },
  }),
  list: endpoint({
    method: 'GET',
    path: '/api/v1/declarations',
    access: { roles: readers },
    tags: ['declarations'],
    summary: '参保申报名单（按年度、状态、单位、年级、班级、姓名或证件号码筛选）及汇总',
    query: ZPageQuery.extend(ZDeclarationFilter.shape),
    responses: { 200: ZDeclarationPage },
  }),
  progress: endpoint({
    method: 'GET',
    path: '/api/v1/declarations/progress',
    access: { roles: readers },
    tags: ['declarations'],
    summary: '参保缴费进度：按单位统计已申报、已确认、已结算、已缴费人数与金额',
    query: z.object({ year: ZYearQuery }),
    responses: { 200: ZCampaignProgress },
  }),
  export: endpoint({
    method: 'GET',
    path: '/api/v1/declarations/export',
    access: { roles: readers },
    tags: ['declarations'],
    summary: '导出参保申报名单（xlsx，筛选条件同列表；证件号码脱敏；记入审计日志）',
    query: ZDeclarationFilter.extend({ year: ZYearQuery.optional() }),
    responses: {},
    file: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/v1/declarations/:id',
    access: { roles: readers, params: { id: 'declaration' } },
    tags: ['declarations'],
    summary: '一条申报：费用构成、依据（政策方案版本与规则）',
    params: ZIdParams,
    responses: { 200: ZDeclaration },
  }),
  ofPerson: endpoint({
    method: 'GET',
    path: '/api/v1/persons/:id/declarations',
    access: { roles: readers, params: { id: 'person' } },
    tags: ['declarations'],
    summary: '一人历年的参保申报与缴费（含票据号）',
    params: ZIdParams,
    responses: { 200: z.object({ items: z.array(ZPersonDeclaration) }) },
  }),
  declare: endpoint({
    method: 'POST',
    path: '/api/v1/declarations',
    access: { roles: declarers },
    tags: ['declarations'],
    summary: '申报一人（按政策引擎计费；同一人同一年度只能有一条申报，另一单位申报时返回 409 并说明由谁申报）',
    body: z.object({ year: ZYearQuery, personId: z.uuid('请选择人员') }),
    responses: { 201: ZDeclaration },
  }),
  declareBatch: endpoint({
    method: 'POST',
    path: '/api/v1/declarations/batch',
    access: { roles: declarers },
    tags: ['declarations'],
    summary: '批量申报：整班（年级+班级）、所选人员、或延续上年度已申报人员（减去毕业离校人员）',
    body: ZBatchDeclareInput,
    responses: { 200: ZBatchResult },
  }),
  remove: endpoint({
    method: 'POST',
    path: '/api/v1/declarations/:id/remove',
    access: { roles: declarers, params: { id: 'declaration' } },
    tags: ['declarations'],
    summary: '撤销申报（仅申报期、调整期内，结算前）',
    params: ZIdParams,
    body: z.object({ reason: z.string().trim().min(2, '请填写撤销原因').max(200) }),
    responses: { 200: ZDeclaration },
  }),
  confirm: endpoint({
    method: 'POST',
    path: '/api/v1/declarations/confirm',
    access: { roles: declarers },
    tags: ['declarations'],
    summary: '参保缴费确认：确认已申报名单（全部或所选），确认前不收费',
    body: ZConfirmDeclarationsInput,
    responses: { 200: z.object({ confirmed: z.number().int() }) },
  }),
  recomputePreview: endpoint({
    method: 'GET',
    path: '/api/v1/profiles/:id/recompute',
    access: { roles: ['agency_admin'], params: { id: 'profile' } },
    tags: ['policies'],
    summary: '政策方案修改后：按新版本重算前，预览受影响的申报（谁、原金额、新金额）',
    params: ZRecomputeParams,
    responses: { 200: ZRecomputePreview },
  }),
  recompute: endpoint({
    method: 'POST',
    path: '/api/v1/profiles/:id/recompute',
    access: { roles: ['agency_admin'], params: { id: 'profile' } },
    tags: ['policies'],
    summary: '按政策方案当前版本重算未结算的申报（须先预览；版本已变则拒绝）',
    params: ZRecomputeParams,
    body: z.object({ version: z.number().int().min(1) }),
    responses: { 200: ZRecomputeResult },
  }),
};

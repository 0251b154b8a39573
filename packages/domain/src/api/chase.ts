import { z } from 'zod';
import { ZIdParams, ZPageQuery, ZQueryFlag, ZYearQuery, endpoint } from './contract';

// The chase (应保尽保, issue 14): everyone a unit is responsible for who is not covered for a year, and why.

/** Where an uncovered person stands: not declared, or declared and waiting for the confirmation, the settlement or the money. */
export const UNINSURED_STAGES = ['undeclared', 'declared', 'confirmed', 'settled'] as const;
export const ZUninsuredStage = z.enum(UNINSURED_STAGES);
export type TUninsuredStage = z.infer<typeof ZUninsuredStage>;
export const UNINSURED_STAGE_NAMES: Record<TUninsuredStage, string> = {
  undeclared: '未申报',
  declared: '待确认',
  confirmed: '待结算',
  settled: '待缴费',
};

/** 未参保原因: the built-in list (Suzhou 000 四.6's sheet asks the reason of every uninsured pupil). */
export const UNINSURED_REASONS = {
  insured_elsewhere: '外地参保',
  employee_insurance: '职工医保',
  with_family: '随家庭参保',
  family_declines: '家长不愿参保',
  unreachable: '联系不上',
  left_school: '转学离校',
  other: '其他',
} as const;
export type TUninsuredReasonCode = keyof typeof UNINSURED_REASONS;
/** Reasons that must say more in a note. */
export const REASONS_NEEDING_NOTE: ReadonlySet<string> = new Set(['other']);

/** The list's filter: `stage=unpaid` is everyone declared but not yet paid. */
export const ZUninsuredQuery = ZPageQuery.extend({
  year: ZYearQuery,
  unitId: z.uuid({ message: '单位编号格式不正确' }).optional(),
  gradeCode: z.string().trim().regex(/^\d{2}$/, '年级代码为两位数字').optional(),
  className: z.string().trim().max(40).optional(),
  stage: z.enum(['undeclared', 'unpaid'], { message: '阶段只能是未申报或未缴费' }).optional(),
  /** Also the graduating class of the school year that ended and the persons on a leaver list. */
  includeGraduating: ZQueryFlag.optional(),
});
export type TUninsuredQuery = z.input<typeof ZUninsuredQuery>;

export const ZUninsuredReason = z.object({ code: z.string(), text: z.string(), note: z.string().nullable(), recordedAt: z.string() });
export type TUninsuredReason = z.infer<typeof ZUninsuredReason>;

export const ZUninsuredItem = z.object({
  personId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  /** This school year's grade (promotion on 1 September from the entry year), and its name. */
  gradeCode: z.string().nullable(),
  gradeName: z.string(),
  className: z.string().nullable(),
  stage: ZUninsuredStage,
  stageName: z.string(),
  reason: ZUninsuredReason.nullable(),
  /** When the payment notice was issued (待缴费 only), and the days since. */
  noticeSentAt: z.string().nullable(),
  daysSinceNotice: z.number().int().nullable(),
  /** Shown only when asked for: left with the graduating class, or on a leaver list. */
  graduating: z.boolean(),
  leaving: z.boolean(),
});
export type TUninsuredItem = z.infer<typeof ZUninsuredItem>;

export const ZUninsuredPage = z.object({
  items: z.array(ZUninsuredItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  counts: z.object({ undeclared: z.number().int(), unpaid: z.number().int() }),
});
export type TUninsuredPage = z.infer<typeof ZUninsuredPage>;

export const ZUninsuredReasonInput = z
  .object({
    year: z.number().int().min(2000, '参保年度不正确').max(2100, '参保年度不正确'),
    code: z.string({ message: '请选择未参保原因' }).trim().min(1, '请选择未参保原因').max(40),
    note: z.string().trim().max(200, '说明不超过 200 字').optional(),
  })
  .superRefine((v, ctx) => {
    if (REASONS_NEEDING_NOTE.has(v.code) && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: '选择“其他”时请填写说明' });
  });
export type TUninsuredReasonInput = z.input<typeof ZUninsuredReasonInput>;

/** 参保情况表 (Suzhou 000 四.6): every pupil of a class, insured or not, with the stage and the reason. */
export const CLASS_SHEET_STAGES = [...UNINSURED_STAGES, 'paid'] as const;
export const ZClassSheetStage = z.enum(CLASS_SHEET_STAGES);
export type TClassSheetStage = z.infer<typeof ZClassSheetStage>;
export const CLASS_SHEET_STAGE_NAMES: Record<TClassSheetStage, string> = { ...UNINSURED_STAGE_NAMES, paid: '已参保缴费' };

export const ZClassSheetRow = ZUninsuredItem.extend({ stage: ZClassSheetStage });
export type TClassSheetRow = z.infer<typeof ZClassSheetRow>;
export const ZClassSheet = z.object({
  unitId: z.string(),
  unitName: z.string(),
  gradeCode: z.string().nullable(),
  gradeName: z.string(),
  className: z.string().nullable(),
  rows: z.array(ZClassSheetRow),
  counts: z.object({ total: z.number().int(), paid: z.number().int(), uninsured: z.number().int() }),
});
export type TClassSheet = z.infer<typeof ZClassSheet>;
export const ZClassSheets = z.object({ year: z.number().int(), classes: z.array(ZClassSheet) });
export type TClassSheets = z.infer<typeof ZClassSheets>;
export const ZClassSheetQuery = ZUninsuredQuery.omit({ page: true, pageSize: true, stage: true });
export type TClassSheetQuery = z.input<typeof ZClassSheetQuery>;

/** 进度看板 (issue 14, item 5): every unit of the region, grouped; `day` is the campaign day by day. */
export const PROGRESS_GROUPS = ['unit', 'district', 'schoolType', 'day'] as const;
export const ZProgressGroup = z.enum(PROGRESS_GROUPS, { message: '分组方式只能是单位、区县、单位类型或日期' });
export type TProgressGroup = z.infer<typeof ZProgressGroup>;
export const PROGRESS_GROUP_NAMES: Record<TProgressGroup, string> = { unit: '按单位', district: '按区县', schoolType: '按单位类型', day: '按日期' };

export const ZProgressQuery = z.object({ year: ZYearQuery, groupBy: ZProgressGroup.optional() });
const ZProgressFigures = z.object({
  /** Persons the units are responsible for: active, held, not graduated, not on a leaver list. */
  roster: z.number().int(),
  /** Declarations made (any stage but removed): only what is declared, never the roster. */
  declared: z.number().int(),
  /** Confirmed or further (settled, paid). */
  confirmed: z.number().int(),
  paid: z.number().int(),
  /** Declared with a subsidy (减免). */
  exempt: z.number().int(),
  /** Roster persons not covered. */
  uninsured: z.number().int(),
  /** Covered share of the roster, in percent with one decimal (0 for an empty roster). */
  rate: z.number(),
});
export const ZProgressRow = ZProgressFigures.extend({ key: z.string(), label: z.string() });
export type TProgressRow = z.infer<typeof ZProgressRow>;
export const ZProgressBoard = z.object({ year: z.number().int(), groupBy: ZProgressGroup, rows: z.array(ZProgressRow), totals: ZProgressFigures });
export type TProgressBoard = z.infer<typeof ZProgressBoard>;

const chasers = ['agency_admin', 'unit_operator'] as const;
const boardReaders = ['agency_admin', 'viewer', 'collector', 'unit_operator'] as const;

export const chaseApi = {
  uninsured: endpoint({
    method: 'GET',
    path: '/api/v1/uninsured',
    access: { roles: chasers },
    tags: ['chase'],
    summary: '未参保人员：本单位（或统筹区）应参保而未申报或未缴费的人员，按年级、班级，不含毕业班和离校名单人员（除非要求）',
    query: ZUninsuredQuery,
    responses: { 200: ZUninsuredPage },
  }),
  uninsuredExport: endpoint({
    method: 'GET',
    path: '/api/v1/uninsured/export',
    access: { roles: chasers },
    tags: ['chase'],
    summary: '导出未参保人员（xlsx，每班一个工作表；证件号码脱敏；记入审计日志；不指定年度时为当前年度）',
    query: ZUninsuredQuery.omit({ page: true, pageSize: true }).extend({ year: ZYearQuery.optional() }),
    responses: {},
    file: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  }),
  classSheets: endpoint({
    method: 'GET',
    path: '/api/v1/class-sheets',
    access: { roles: chasers },
    tags: ['chase'],
    summary: '学生医保参保情况表：一个班（或单位的每个班）的全部学生，已参保与否、所处阶段和未参保原因',
    query: ZClassSheetQuery,
    responses: { 200: ZClassSheets },
  }),
  classSheetsExport: endpoint({
    method: 'GET',
    path: '/api/v1/class-sheets/export',
    access: { roles: chasers },
    tags: ['chase'],
    summary: '导出学生医保参保情况表（xlsx，每班一个工作表；证件号码脱敏；记入审计日志；不指定年度时为当前年度）',
    query: ZClassSheetQuery.extend({ year: ZYearQuery.optional() }),
    responses: {},
    file: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  }),
  progress: endpoint({
    method: 'GET',
    path: '/api/v1/progress',
    access: { roles: boardReaders },
    tags: ['chase'],
    summary: '参保进度看板：统筹区每个单位（含尚未申报的单位）的在册、申报、确认、缴费、减免、未参保人数与参保率，可按区县、单位类型或日期汇总；不含个人信息',
    query: ZProgressQuery,
    responses: { 200: ZProgressBoard },
  }),
  progressExport: endpoint({
    method: 'GET',
    path: '/api/v1/progress/export',
    access: { roles: boardReaders },
    tags: ['chase'],
    summary: '导出参保进度看板（xlsx；不指定年度时为当前年度）',
    query: ZProgressQuery.extend({ year: ZYearQuery.optional() }),
    responses: {},
    file: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  }),
  recordReason: endpoint({
    method: 'PUT',
    path: '/api/v1/persons/:id/uninsured-reason',
    access: { roles: chasers, params: { id: 'person' } },
    tags: ['chase'],
    summary: '登记未参保原因（每人每年度一条，再次登记即替换；已缴费的人员没有未参保原因）',
    params: ZIdParams,
    body: ZUninsuredReasonInput,
    responses: { 200: ZUninsuredReason },
  }),
};

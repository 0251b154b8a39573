import { z } from 'zod';
import { ZIdParams, ZPageQuery, ZQueryFlag, ZYearQuery, endpoint } from './contract';
import { ZNotice } from './payments';

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

/** A reason the unit may choose: the built-in list, then the region's own (its profile's `uninsuredReasons`). */
export const ZUninsuredReasonOption = z.object({ code: z.string(), name: z.string(), needsNote: z.boolean() });
export type TUninsuredReasonOption = z.infer<typeof ZUninsuredReasonOption>;
export const ZUninsuredReasonOptions = z.object({ year: z.number().int(), items: z.array(ZUninsuredReasonOption) });
export type TUninsuredReasonOptions = z.infer<typeof ZUninsuredReasonOptions>;

/**
 * The reasons of a region and year: the built-in seven with 其他 last, the region's own before 其他. A region's code
 * that repeats a built-in one is refused by the profile's validation; here the built-in name wins.
 */
export function uninsuredReasonOptions(regional: readonly { code: string; name: string; needsNote?: boolean | undefined }[] = []): TUninsuredReasonOption[] {
  const builtIn = Object.entries(UNINSURED_REASONS).map(([code, name]) => ({ code, name, needsNote: REASONS_NEEDING_NOTE.has(code) }));
  const own = regional.filter((r) => !(r.code in UNINSURED_REASONS)).map((r) => ({ code: r.code, name: r.name, needsNote: r.needsNote ?? false }));
  const other = builtIn.filter((r) => r.code === 'other');
  return [...builtIn.filter((r) => r.code !== 'other'), ...own, ...other];
}

/** The list's filter: `stage=unpaid` is everyone declared but not yet paid. */
export const ZUninsuredQuery = ZPageQuery.extend({
  year: ZYearQuery,
  unitId: z.uuid({ message: '单位编号格式不正确' }).optional(),
  gradeCode: z.string().trim().regex(/^\d{2}$/, '年级代码为两位数字').optional(),
  className: z.string().trim().max(40).optional(),
  /** A community's residents by hukou street (9-digit code), as a school's by grade and class. */
  streetCode: z.string().trim().regex(/^\d{9}$/, '街道代码为 9 位数字').optional(),
  /** A name, a full ID number or a part of the address. */
  q: z.string().trim().max(40, '查询内容不超过 40 字').optional(),
  stage: z.enum(['undeclared', 'unpaid'], { message: '阶段只能是未申报或未缴费' }).optional(),
  /** Also the graduating class of the school year that ended and the persons on a leaver list. */
  includeGraduating: ZQueryFlag.optional(),
  /** Only those whose family signed that they were told of the transition period (true), or not yet (false). */
  signedOff: ZQueryFlag.optional(),
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
  /** The hukou street's name, and the address (the person's hukou address, else the household's): a community's list. */
  streetName: z.string().nullable(),
  address: z.string().nullable(),
  stage: ZUninsuredStage,
  stageName: z.string(),
  reason: ZUninsuredReason.nullable(),
  /** When the payment notice was issued (待缴费 only), and the days since. */
  noticeSentAt: z.string().nullable(),
  daysSinceNotice: z.number().int().nullable(),
  /** The notice's last re-print for the family (催缴) and how many there were (待缴费 only). */
  noticeRemindedAt: z.string().nullable(),
  reminderCount: z.number().int(),
  /** Whom to phone: the guardian (or the person, without one), the number masked; the full one by an audited reveal. */
  contactName: z.string().nullable(),
  contactRelation: z.string().nullable(),
  contactPhoneMasked: z.string().nullable(),
  /** Shown only when asked for: left with the graduating class, or on a leaver list. */
  graduating: z.boolean(),
  leaving: z.boolean(),
  /** The path the profile sends this person by when it is not the holding unit's (农村户籍 → 村委会): the path's name. */
  enrollsThrough: z.string().nullable(),
  /** 告知签收 (Nantong 004 八.4): the family was told of the transition period and signed. */
  signOff: z.object({ toldOn: z.string(), methodName: z.string(), signedBy: z.string(), hasScan: z.boolean() }).nullable(),
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
export const ZClassSheetQuery = ZUninsuredQuery.omit({ page: true, pageSize: true, stage: true, signedOff: true });
export type TClassSheetQuery = z.input<typeof ZClassSheetQuery>;

/** 进度看板 (issue 14, item 5): every unit of the region, grouped; `day` is the campaign day by day. */
export const PROGRESS_GROUPS = ['unit', 'district', 'schoolType', 'day'] as const;
export const ZProgressGroup = z.enum(PROGRESS_GROUPS, { message: '分组方式只能是单位、区县、单位类型或日期' });
export type TProgressGroup = z.infer<typeof ZProgressGroup>;
export const PROGRESS_GROUP_NAMES: Record<TProgressGroup, string> = { unit: '按单位', district: '按区县', schoolType: '按单位类型', day: '按日期' };

export const ZProgressQuery = z.object({ year: ZYearQuery, groupBy: ZProgressGroup.optional() });
export const ZProgressFigures = z.object({
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
export const ZProgressBoard = z.object({
  year: z.number().int(),
  groupBy: ZProgressGroup,
  rows: z.array(ZProgressRow),
  totals: ZProgressFigures,
  /** When the figures were counted: the region's board is recounted every few seconds, a unit's line at each call. */
  asOf: z.string(),
});
export type TProgressBoard = z.infer<typeof ZProgressBoard>;

/** 补打缴费通知 (催缴): the open notices of the unpaid of a unit (a grade, a class), each re-print a dated reminder. */
export const ZReminderInput = z.object({
  year: z.number().int().min(2000, '参保年度不正确').max(2100, '参保年度不正确'),
  unitId: z.uuid({ message: '单位编号格式不正确' }).optional(),
  gradeCode: z.string().trim().regex(/^\d{2}$/, '年级代码为两位数字').optional(),
  className: z.string().trim().max(40).optional(),
});
export type TReminderInput = z.input<typeof ZReminderInput>;
export const ZReminderNotice = ZNotice.extend({
  settlementNumber: z.string(),
  /** When the notice was issued (sent to the family through the unit). */
  sentAt: z.string(),
  remindedAt: z.string(),
  reminderCount: z.number().int(),
});
export type TReminderNotice = z.infer<typeof ZReminderNotice>;
export const ZReminders = z.object({
  year: z.number().int(),
  unitName: z.string(),
  /** The last day of the year's 申报缴费期, printed as the deadline. */
  payBy: z.iso.date(),
  items: z.array(ZReminderNotice),
});
export type TReminders = z.infer<typeof ZReminders>;

/** 每天通报 (Nanchong 001 六.(三)): the region's figures of a day, kept, with the change since the day kept before. */
export const ZDailyChange = z.object({ declared: z.number().int(), confirmed: z.number().int(), paid: z.number().int(), uninsured: z.number().int(), rate: z.number() });
export type TDailyChange = z.infer<typeof ZDailyChange>;
export const ZDailyReportRow = ZProgressRow.extend({
  /** A unit's district, by name. */
  district: z.string().optional(),
  /** Since the previous kept day (null: the first day kept, or the row is new). */
  change: ZDailyChange.nullable(),
});
export type TDailyReportRow = z.infer<typeof ZDailyReportRow>;
export const ZDailyReport = z.object({
  year: z.number().int(),
  date: z.iso.date(),
  generatedAt: z.string(),
  /** Who kept it; null when the server kept it at the day's end. */
  generatedBy: z.string().nullable(),
  previousDate: z.iso.date().nullable(),
  totals: ZProgressFigures,
  change: ZDailyChange.nullable(),
  districts: z.array(ZDailyReportRow),
  units: z.array(ZDailyReportRow),
});
export type TDailyReport = z.infer<typeof ZDailyReport>;
export const ZDailyReportList = z.object({
  year: z.number().int(),
  items: z.array(z.object({ date: z.iso.date(), generatedAt: z.string(), totals: ZProgressFigures })),
});
export type TDailyReportList = z.infer<typeof ZDailyReportList>;
export const ZDailyReportParams = z.object({ date: z.iso.date({ message: '日期格式应为 2026-11-30' }) });

const chasers = ['agency_admin', 'unit_operator'] as const;
const reportReaders = ['agency_admin', 'viewer', 'collector'] as const;
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
  reminders: endpoint({
    method: 'POST',
    path: '/api/v1/uninsured/reminders',
    access: { roles: chasers },
    tags: ['chase'],
    summary: '补打缴费通知（催缴）：单位（年级、班级）待缴费人员的缴费通知单，每次补打记为一次催缴（日期和次数），记入审计日志',
    body: ZReminderInput,
    responses: { 200: ZReminders },
  }),
  dailyReports: endpoint({
    method: 'GET',
    path: '/api/v1/daily-reports',
    access: { roles: reportReaders },
    tags: ['chase'],
    summary: '每天通报：已保存的各日通报（不指定年度时为当前年度）',
    query: z.object({ year: ZYearQuery.optional() }),
    responses: { 200: ZDailyReportList },
  }),
  dailyReport: endpoint({
    method: 'GET',
    path: '/api/v1/daily-reports/:date',
    access: { roles: reportReaders, params: { date: 'report_date' } },
    tags: ['chase'],
    summary: '某一日的通报：当日保存的各区县、各单位参保进度，以及较前一次通报的变化',
    params: ZDailyReportParams,
    query: z.object({ year: ZYearQuery.optional() }),
    responses: { 200: ZDailyReport },
  }),
  keepDailyReport: endpoint({
    method: 'POST',
    path: '/api/v1/daily-reports',
    access: { roles: ['agency_admin'] },
    tags: ['chase'],
    summary: '生成今日通报（按当前进度保存今天的通报；当天可再次生成以更新，之前各日的通报不再改变）',
    body: z.object({ year: z.number().int().min(2000, '参保年度不正确').max(2100, '参保年度不正确') }),
    responses: { 200: ZDailyReport },
  }),
  dailyReportExport: endpoint({
    method: 'GET',
    path: '/api/v1/daily-reports/:date/export',
    access: { roles: reportReaders, params: { date: 'report_date' } },
    tags: ['chase'],
    summary: '导出某一日的通报（xlsx：按区县、按单位两个工作表，含较前一次通报的变化）',
    params: ZDailyReportParams,
    query: z.object({ year: ZYearQuery.optional() }),
    responses: {},
    file: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  }),
  reasonOptions: endpoint({
    method: 'GET',
    path: '/api/v1/uninsured-reasons',
    access: { roles: chasers },
    tags: ['chase'],
    summary: '未参保原因列表：通用原因和本统筹区政策方案增加的原因（不指定年度时为当前年度）',
    query: z.object({ year: ZYearQuery.optional() }),
    responses: { 200: ZUninsuredReasonOptions },
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

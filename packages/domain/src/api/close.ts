import { z } from 'zod';
import { ZIdParams, ZYearQuery, endpoint } from './contract';

/**
 * The close of the campaign (issue 15, items 3 and 4; Nantong 004 八.4 and 八.6): the unpaid are told of the transition
 * period and when to pay, and sign that they were told (告知签收, a scan of the signed sheet may be attached); the
 * 公示 of the paid in each unit or community, and of the unpaid once told; the unpaid list with reasons and sign-off
 * status sent to the centre (报送) by the date the profile sets. Served by apps/server/src/modules/close.
 */

const ZDate = z.string({ message: '请填写日期' }).regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const ZYear = z.number({ message: '请填写参保年度' }).int().min(2000, '参保年度不正确').max(2100, '参保年度不正确');

// ── 告知签收 ───────────────────────────────────────────────────────────────────────────────────────────────────

export const SIGN_OFF_METHODS = { in_person: '当面告知', home_visit: '上门告知', phone: '电话告知', sms: '短信告知', letter: '书面告知' } as const;
export type TSignOffMethod = keyof typeof SIGN_OFF_METHODS;
export const ZSignOffMethod = z.enum(Object.keys(SIGN_OFF_METHODS) as [TSignOffMethod, ...TSignOffMethod[]], { message: '请选择告知方式' });

/** A scan of the signed sheet: a photo or a PDF, checked by its bytes, at most 5 MB. */
export const SIGN_OFF_SCAN_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export const SIGN_OFF_SCAN_MAX_BYTES = 5 * 1024 * 1024;

export const ZSignOffInput = z.object({
  year: ZYear,
  toldOn: ZDate,
  method: ZSignOffMethod,
  /** Who signed (the guardian, or the person). */
  signedBy: z.string({ message: '请填写签字人' }).trim().min(1, '请填写签字人').max(40, '签字人不超过 40 字'),
  relation: z.string().trim().max(20, '与参保人关系不超过 20 字').optional(),
  note: z.string().trim().max(200, '说明不超过 200 字').optional(),
});
export type TSignOffInput = z.input<typeof ZSignOffInput>;

export const ZSignOff = z.object({
  personId: z.string(),
  year: z.number().int(),
  toldOn: z.string(),
  method: ZSignOffMethod,
  methodName: z.string(),
  signedBy: z.string(),
  relation: z.string().nullable(),
  note: z.string().nullable(),
  scan: z.object({ mime: z.string(), sizeBytes: z.number().int(), uploadedAt: z.string() }).nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type TSignOff = z.infer<typeof ZSignOff>;

/** The region's current campaign year when absent. */
export const ZSignOffYearQuery = z.object({ year: ZYearQuery.optional() });

// ── 未参保名单报送 ───────────────────────────────────────────────────────────────────────────────────────────

export const ZUnpaidListCounts = z.object({
  /** Not covered this year (not declared, or declared and not paid). */
  unpaid: z.number().int(),
  withReason: z.number().int(),
  signedOff: z.number().int(),
});
export type TUnpaidListCounts = z.infer<typeof ZUnpaidListCounts>;

export const ZUnpaidListSubmission = ZUnpaidListCounts.extend({
  unitId: z.string(),
  unitName: z.string(),
  year: z.number().int(),
  submittedAt: z.string(),
  submittedBy: z.string(),
  /** Sent after the profile's due date. */
  late: z.boolean(),
});
export type TUnpaidListSubmission = z.infer<typeof ZUnpaidListSubmission>;

export const ZUnpaidListUnit = z.object({
  unitId: z.string(),
  unitName: z.string(),
  /** As of now, from the ledger. */
  current: ZUnpaidListCounts,
  submission: ZUnpaidListSubmission.nullable(),
});
export const ZUnpaidLists = z.object({
  year: z.number().int(),
  /** The profile's due date (`unpaidList.dueDate`), or null when the region sets none. */
  dueDate: z.string().nullable(),
  /** What the unpaid are told (the profile's `lateEnrollment.message`), or null. */
  transitionNotice: z.string().nullable(),
  units: z.array(ZUnpaidListUnit),
});
export type TUnpaidLists = z.infer<typeof ZUnpaidLists>;

export const ZUnpaidListSubmit = z.object({ year: ZYear });

// ── 公示 ────────────────────────────────────────────────────────────────────────────────────────────────────

export const PUBLICITY_KINDS = ['paid', 'unpaid'] as const;
export const ZPublicityKind = z.enum(PUBLICITY_KINDS, { message: '公示类型只能是已缴费或未缴费' });
export type TPublicityKind = z.infer<typeof ZPublicityKind>;
export const PUBLICITY_KIND_NAMES: Record<TPublicityKind, string> = { paid: '已缴费人员公示', unpaid: '未缴费人员公示' };

export const ZPublicityQuery = z
  .object({
    /** The region's current campaign year when absent. */
    year: ZYearQuery.optional(),
    /** The paid when absent. */
    kind: ZPublicityKind.optional(),
    /** The agency: one unit (required). A unit always its own. */
    unitId: z.uuid({ message: '单位编号格式不正确' }).optional(),
    /** The period of display: from today for seven days when absent. */
    from: ZDate.optional(),
    to: ZDate.optional(),
    gradeCode: z.string().trim().regex(/^\d{2}$/, '年级代码为两位数字').optional(),
    className: z.string().trim().max(40).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: '公示结束日期不能早于开始日期' });
export type TPublicityQuery = z.output<typeof ZPublicityQuery>;

export const ZPublicityRow = z.object({
  no: z.number().int(),
  /** 张*明 */
  name: z.string(),
  idNumberMasked: z.string(),
  gradeName: z.string(),
  className: z.string().nullable(),
  /** Paid: the date; unpaid: the date the family was told. */
  on: z.string().nullable(),
});
export const ZPublicity = z.object({
  kind: ZPublicityKind,
  title: z.string(),
  year: z.number().int(),
  unitName: z.string(),
  from: z.string(),
  to: z.string(),
  rows: z.array(ZPublicityRow),
  total: z.number().int(),
  /** The unpaid 公示 lists only those whose family signed that they were told; this many are not told yet. */
  notToldYet: z.number().int(),
  transitionNotice: z.string().nullable(),
  generatedAt: z.string(),
});
export type TPublicity = z.infer<typeof ZPublicity>;

/** Where a unit or community prints at most this many names on one 公示. */
export const PUBLICITY_MAX_ROWS = 20_000;

const closers = ['agency_admin', 'unit_operator'] as const;
const XLSX = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] as const;

export const closeApi = {
  signOff: endpoint({
    method: 'GET',
    path: '/api/v1/persons/:id/sign-off',
    access: { roles: closers, params: { id: 'person' } },
    tags: ['close'],
    summary: '未缴费告知签收记录（告知过渡期和缴费时间，签字确认）',
    params: ZIdParams,
    query: ZSignOffYearQuery,
    responses: { 200: ZSignOff },
  }),
  recordSignOff: endpoint({
    method: 'PUT',
    path: '/api/v1/persons/:id/sign-off',
    access: { roles: closers, params: { id: 'person' } },
    tags: ['close'],
    summary: '登记未缴费告知签收：告知日期、方式、签字人；已缴费的人员不登记；再次登记替换原记录，记入审计日志',
    params: ZIdParams,
    body: ZSignOffInput,
    responses: { 200: ZSignOff },
  }),
  uploadSignOffScan: endpoint({
    method: 'PUT',
    path: '/api/v1/persons/:id/sign-off/scan',
    access: { roles: closers, params: { id: 'person' } },
    tags: ['close'],
    summary: '上传签收单扫描件（请求体为 JPEG、PNG 或 PDF 原始文件，≤5 MB，按文件内容检查），须先登记告知签收',
    params: ZIdParams,
    query: ZSignOffYearQuery,
    upload: SIGN_OFF_SCAN_TYPES,
    responses: { 200: ZSignOff },
  }),
  signOffScan: endpoint({
    method: 'GET',
    path: '/api/v1/persons/:id/sign-off/scan',
    access: { roles: closers, params: { id: 'person' } },
    tags: ['close'],
    summary: '签收单扫描件',
    params: ZIdParams,
    query: ZSignOffYearQuery,
    responses: {},
    file: SIGN_OFF_SCAN_TYPES,
  }),
  unpaidLists: endpoint({
    method: 'GET',
    path: '/api/v1/unpaid-lists',
    access: { roles: closers },
    tags: ['close'],
    summary: '未参保名单报送情况：每个单位当前的未参保、已登记原因、已告知签收人数和报送记录，报送期限',
    query: z.object({ year: ZYearQuery.optional() }),
    responses: { 200: ZUnpaidLists },
  }),
  submitUnpaidList: endpoint({
    method: 'POST',
    path: '/api/v1/unpaid-lists/submissions',
    access: { roles: ['unit_operator'] },
    tags: ['close'],
    summary: '报送本单位未参保名单（含未参保原因和告知签收情况）：记下报送时人数，可再次报送，记入审计日志',
    body: ZUnpaidListSubmit,
    responses: { 200: ZUnpaidListSubmission },
  }),
  publicity: endpoint({
    method: 'GET',
    path: '/api/v1/publicity',
    access: { roles: closers },
    tags: ['close'],
    summary: '公示名单：单位（社区）已缴费人员，或已告知签收的未缴费人员；姓名和证件号码脱敏，附公示期',
    query: ZPublicityQuery,
    responses: { 200: ZPublicity },
  }),
  publicityExport: endpoint({
    method: 'GET',
    path: '/api/v1/publicity/export',
    access: { roles: closers },
    tags: ['close'],
    summary: '导出公示名单（xlsx；姓名和证件号码脱敏；记入审计日志）',
    query: ZPublicityQuery,
    responses: {},
    file: XLSX,
  }),
};

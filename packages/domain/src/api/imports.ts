import { z } from 'zod';
import { ZIdParams, ZPageQuery, ZPaged, ZQueryFlag, endpoint } from './contract';

/**
 * 批量导入: import jobs (a file read as it streams in, checked row by row, previewed, then committed all or nothing),
 * their rows and error reports, and the templates of each kind. Served by
 * apps/server/src/modules/imports/imports.routes.ts; the kinds themselves live in apps/server/src/modules/imports/kinds.
 */

// --- Codes and labels ---

/** The kinds of import the server runs (one file each in apps/server/src/modules/imports/kinds). */
export const IMPORT_KIND_CODES = ['enrollment', 'exemptions', 'leavers', 'prefill', 'photos', 'paid_roster', 'deduction_result', 'uninsured_reasons', 'card_status', 'employee_insured'] as const;
export const ZImportKind = z.enum(IMPORT_KIND_CODES, { message: '不支持的导入类型' });
export type TImportKindCode = z.infer<typeof ZImportKind>;

export const IMPORT_STATUSES = ['created', 'reading', 'validated', 'committing', 'committed', 'failed', 'cancelled'] as const;
export const ZImportStatus = z.enum(IMPORT_STATUSES);
export type TImportStatus = z.infer<typeof ZImportStatus>;
export const IMPORT_STATUS_NAMES: Record<TImportStatus, string> = {
  created: '待上传',
  reading: '核对中',
  validated: '待确认',
  committing: '导入中',
  committed: '已完成',
  failed: '失败',
  cancelled: '已取消',
};

/** What a running job is doing, by its phase. */
export const IMPORT_PHASE_NAMES: Record<string, string> = {
  reading: '正在读取并逐行核对',
  validating: '正在核对重复和已登记人员',
  committing: '正在写入',
  auditing: '正在记录操作日志',
};

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const XLSX = [XLSX_TYPE] as const;
/** The content types an import file may be sent as: xlsx, csv (UTF-8 or GBK/GB18030) or a zip of photos. */
export const IMPORT_UPLOAD_TYPES = [
  XLSX_TYPE,
  'text/csv',
  'application/csv',
  'application/vnd.ms-excel',
  'application/zip',
  'application/x-zip-compressed',
  'application/octet-stream',
] as const;

// --- Shapes ---

/** An import job (导入任务) with its progress and its rows counted by outcome. */
export const ZImportJob = z.object({
  id: z.uuid(),
  kind: z.string(),
  kindName: z.string(),
  unitId: z.uuid().nullable(),
  status: ZImportStatus,
  /** What a running job is doing: reading, validating, committing, auditing. */
  phase: z.string().nullable(),
  fileName: z.string(),
  fileFormat: z.string().nullable(),
  fileEncoding: z.string().nullable(),
  fileBytes: z.number().nullable(),
  /** Known once the file has been read. */
  rowsTotal: z.number().int().nullable(),
  rowsDone: z.number().int(),
  rowsPerSec: z.number().nullable(),
  secondsLeft: z.number().nullable(),
  /**
   * Rows by outcome, by kind. Enrollment before the commit: new, changed, unchanged, transfer_in, error; after it:
   * created, changed, unchanged, transferred_in, conflict, error. Exemption and leaver lists: matched, unmatched,
   * unchanged, error; after the commit matched became added (exemptions) or marked (leavers). Education prefill:
   * changed, unchanged, unmatched, error (changed becomes updated). Photos: matched, unchanged, unmatched, error
   * (matched becomes saved).
   */
  counts: z.record(z.string(), z.number()),
  allowErrors: z.boolean(),
  message: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type TImportJob = z.infer<typeof ZImportJob>;

/**
 * What the commit changes in the register (the education prefill): the column and the register's value (`from`)
 * and the file's (`to`). Column 学校 is the school the file names, only a note: the commit never moves a pupil.
 */
export const ZImportChange = z.object({ column: z.string(), from: z.string().nullable(), to: z.string().nullable() });
export type TImportChange = z.infer<typeof ZImportChange>;

/**
 * What a staged row turned out to be, by kind, before the commit (new … error) and after it (created …). The
 * codes `GET /imports/:id/rows?outcome=` filters by and `ZImportJob.counts` counts; the names are the pages' own.
 */
export const IMPORT_OUTCOME_NAMES = {
  // 批量参保登记: before the commit, then what it did.
  new: '新增',
  changed: '更新',
  unchanged: '无变化',
  transfer_in: '转入',
  created: '新增',
  transferred_in: '转入',
  conflict: '已被其他单位登记',
  error: '错误',
  // The department lists (减免、离校、教育部门) and the photo zips.
  matched: '匹配',
  unmatched: '未匹配',
  added: '已新增减免',
  marked: '已标记离校',
  updated: '已更新',
  saved: '已保存照片',
  recorded: '已登记原因',
  listed: '已列入名单',
  // 已缴费名单 and 银行代扣结果: what each paid line is.
  paid: '已匹配缴费',
  duplicate: '重复缴费',
  not_declared: '已缴费未申报',
  not_settled: '已缴费未结算',
  amount_mismatch: '金额不符',
  failed: '扣款失败',
  cancelled: '结算单已作废',
} as const satisfies Record<string, string>;
export type TImportOutcome = keyof typeof IMPORT_OUTCOME_NAMES;
export const IMPORT_OUTCOMES = Object.keys(IMPORT_OUTCOME_NAMES) as [TImportOutcome, ...TImportOutcome[]];

/**
 * The key fields of a row in the preview, per kind, in the order of the table's columns: `ZImportRow.fields` holds
 * each as display text (codes named, money in yuan, dates as written) — from the checked row, or for a row with
 * errors from its cell as read.
 */
export const IMPORT_ROW_FIELDS = {
  enrollment: [
    { key: 'gender', label: '性别' },
    { key: 'birthDate', label: '出生日期' },
    { key: 'grade', label: '年级' },
    { key: 'className', label: '班级' },
    { key: 'hukou', label: '户籍类型' },
  ],
  exemptions: [
    { key: 'category', label: '减免类别' },
    { key: 'department', label: '认定部门' },
    { key: 'validity', label: '有效期' },
    { key: 'unitName', label: '登记单位' },
  ],
  leavers: [
    { key: 'reason', label: '离校类型' },
    { key: 'leavingOn', label: '离校日期' },
    { key: 'unitName', label: '登记单位' },
  ],
  prefill: [
    { key: 'school', label: '名单中的学校' },
    { key: 'grade', label: '年级' },
    { key: 'className', label: '班级' },
    { key: 'studentNumber', label: '学籍号' },
  ],
  photos: [
    { key: 'size', label: '尺寸' },
    { key: 'bytes', label: '文件大小' },
    { key: 'unitName', label: '登记单位' },
  ],
  paid_roster: [
    { key: 'year', label: '参保年度' },
    { key: 'amount', label: '个人缴费' },
    { key: 'channel', label: '缴费渠道' },
    { key: 'result', label: '扣款结果' },
    { key: 'paidAt', label: '缴费时间' },
    { key: 'ticket', label: '电子税票号码' },
  ],
  deduction_result: [
    { key: 'settlementNumber', label: '结算单号' },
    { key: 'amount', label: '扣款金额' },
    { key: 'result', label: '扣款结果' },
    { key: 'deductedAt', label: '扣款时间' },
    { key: 'transactionId', label: '银行交易流水号' },
  ],
  uninsured_reasons: [
    { key: 'year', label: '参保年度' },
    { key: 'reason', label: '未参保原因' },
    { key: 'note', label: '原因说明' },
  ],
  card_status: [{ key: 'status', label: '制卡状态' }],
  employee_insured: [{ key: 'since', label: '参保起始日期' }],
} as const satisfies Record<TImportKindCode, readonly { key: string; label: string }[]>;
export type TImportRowFieldKey<K extends TImportKindCode = TImportKindCode> = (typeof IMPORT_ROW_FIELDS)[K][number]['key'];

export const ZImportRow = z.object({
  seq: z.number().int(),
  sheet: z.string(),
  /** The row's number in its own sheet, as Excel shows it. */
  rowNo: z.number().int(),
  outcome: z.string().nullable(),
  name: z.string().nullable(),
  errors: z.array(z.object({ column: z.string(), message: z.string() })),
  /**
   * What committing would change: the education prefill's differences, and for an enrollment row of a person the
   * unit holds ('changed') each column the file changes (phone numbers masked).
   */
  changes: z.array(ZImportChange),
  /** The document number, always masked (3205**********1234); for a row whose number is wrong, the cell as typed. */
  documentNumber: z.string().nullable(),
  /** The kind's key fields (IMPORT_ROW_FIELDS) as display text, by key; null where the row has none. */
  fields: z.record(z.string(), z.string().nullable()),
  /** What this row will do besides its outcome, in plain Chinese: taken over from another unit, a photo replaced … */
  warnings: z.array(z.string()),
});
export type TImportRow = z.infer<typeof ZImportRow>;

/** `GET /imports/:id/rows`: by outcome, a page at a time — after the last row of the page before (keyset) or by number. */
export const ZImportRowsQuery = z.object({
  page: z.coerce.number<number | string>({ message: '页码须为整数' }).int('页码须为整数').min(1, '页码须从 1 开始').default(1),
  pageSize: z.coerce
    .number<number | string>({ message: '每页行数须为整数' })
    .int('每页行数须为整数')
    .min(1, '每页至少 1 行')
    .max(200, '每页最多 200 行')
    .default(20),
  outcome: z.enum(IMPORT_OUTCOMES, { message: `核对结果只能是以下之一：${IMPORT_OUTCOMES.join('、')}` }).optional(),
  /**
   * The `seq` of the last row of the page before: the page is the rows after it (a range of the primary key, however
   * deep), and `page` only names the page in the answer. Without it the page is found by skipping (page − 1) ×
   * pageSize rows.
   */
  after: z.coerce.number<number | string>({ message: '翻页位置须为整数' }).int('翻页位置须为整数').min(0, '翻页位置不能为负数').optional(),
});
export type TImportRowsQuery = z.input<typeof ZImportRowsQuery>;

export const ZCreateImport = z.object({ kind: ZImportKind, fileName: z.string().trim().min(1, '请提供文件名').max(200), unitId: z.uuid().optional() });
export type TCreateImportInput = z.input<typeof ZCreateImport>;

const ZJobAnswer = z.object({ job: ZImportJob });

// --- Endpoints ---

const operators = ['agency_admin', 'unit_operator', 'collector'] as const;
const onJob = { roles: operators, params: { id: 'import_job' } } as const;

export const importsApi = {
  template: endpoint({
    method: 'GET',
    path: '/api/v1/import-templates/:kind',
    // Reference data: the same template for every unit.
    access: { roles: operators, params: { kind: 'import_kind' } },
    tags: ['imports'],
    summary: '下载导入模板（xlsx：填写说明、列注释、下拉选项）',
    params: z.object({ kind: ZImportKind }),
    responses: {},
    file: XLSX,
  }),
  list: endpoint({
    method: 'GET',
    path: '/api/v1/imports',
    access: { roles: operators },
    tags: ['imports'],
    summary: '导入任务列表（本单位的；经办机构看全统筹区）',
    query: ZPageQuery.extend({ kind: ZImportKind.optional() }),
    responses: { 200: ZPaged(ZImportJob) },
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/v1/imports',
    access: { roles: operators },
    tags: ['imports'],
    summary: '新建导入任务；随后用 PUT /api/v1/imports/:id/file 上传文件',
    body: ZCreateImport,
    responses: { 201: ZJobAnswer },
  }),
  upload: endpoint({
    method: 'PUT',
    path: '/api/v1/imports/:id/file',
    access: onJob,
    tags: ['imports'],
    summary: '上传文件（请求体为 xlsx、csv 或照片 zip 原始文件，csv 可为 UTF-8 或 GBK/GB18030）；文件存入数据库后在后台读取核对，用 GET 查看进度和预览计数',
    params: ZIdParams,
    upload: IMPORT_UPLOAD_TYPES,
    responses: { 200: ZJobAnswer },
  }),
  reread: endpoint({
    method: 'POST',
    path: '/api/v1/imports/:id/read',
    access: onJob,
    tags: ['imports'],
    summary: '重新读取读取失败的导入任务（文件仍保存在数据库中）',
    params: ZIdParams,
    responses: { 202: ZJobAnswer },
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/v1/imports/:id',
    access: onJob,
    tags: ['imports'],
    summary: '导入任务的状态、进度（行数、每秒行数、剩余时间）和预览计数',
    params: ZIdParams,
    responses: { 200: ZJobAnswer },
  }),
  rows: endpoint({
    method: 'GET',
    path: '/api/v1/imports/:id/rows',
    access: onJob,
    tags: ['imports'],
    summary: '导入任务的行及其核对结果：可按结果筛选（如 new、error），分页（after 为上一页最后一行的 seq 时按主键续读）；证件号码已遮蔽',
    params: ZIdParams,
    query: ZImportRowsQuery,
    responses: { 200: ZPaged(ZImportRow) },
  }),
  commit: endpoint({
    method: 'POST',
    path: '/api/v1/imports/:id/commit',
    access: onJob,
    tags: ['imports'],
    summary: '提交导入：全部有效行在一个事务中写入，或全部不写；allowErrors=true 时跳过有错误的行',
    params: ZIdParams,
    body: z.object({ allowErrors: z.boolean().default(false) }),
    responses: { 202: ZJobAnswer },
  }),
  cancel: endpoint({
    method: 'DELETE',
    path: '/api/v1/imports/:id',
    access: onJob,
    tags: ['imports'],
    summary: '取消未提交的导入任务（删除暂存数据）',
    params: ZIdParams,
    responses: { 204: z.null() },
  }),
  errorReport: endpoint({
    method: 'GET',
    path: '/api/v1/imports/:id/error-report',
    access: onJob,
    tags: ['imports'],
    summary: '错误报告（xlsx）：原始行加“错误原因”列，错误单元格标红并附批注；all=true 时包含全部行',
    params: ZIdParams,
    query: z.object({ all: ZQueryFlag.optional() }),
    responses: {},
    file: XLSX,
  }),
};

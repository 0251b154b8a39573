import { ROLE_NAMES, UNIT_KIND_NAMES } from '../access/roles';
import { formatFenYuan } from '../money/money';

/**
 * The audit trail in plain Chinese for the agency's staff: every action, object, system actor and field the
 * server writes has a name here, beside its code. The codes stay in the database (stable, searchable); people
 * see these names. A service that writes a new action or field adds its name here — `labels.test.ts` fails
 * otherwise.
 */

export const AUDIT_ACTION_NAMES: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出',
  'auth.login_failed': '登录失败',
  'auth.password_changed': '修改密码',
  'user.created': '新建账号',
  'user.updated': '修改账号',
  'user.password_reset': '重置密码',
  'user.disabled': '停用账号',
  'user.enabled': '启用账号',
  'unit.created': '新建代办单位',
  'unit.updated': '修改代办单位',
  'unit.exported': '导出代办单位',
  'coordinator.added': '新增协管员',
  'coordinator.replaced': '更换协管员',
  'coordinator.removed': '撤销协管员',
  'branch_office.created': '新增经办网点',
  'branch_office.updated': '修改经办网点',
  'branch_office.deleted': '删除经办网点',
  'person.registered': '登记参保人员',
  'person.transferred_in': '转入参保人员',
  'person.transferred': '转移参保人员',
  'person.stopped': '减员',
  'person.updated': '修改参保人员',
  'person.revealed': '查看完整号码',
  'person.document_merged': '换发正式证件',
  'person.exemption_added': '登记减免身份',
  'person.exemption_removed': '删除减免身份',
  'person.leaving_marked': '标记离校',
  'person.card_status_imported': '导入制卡状态',
  'person.employee_insured_listed': '列入职工医保参保人员名单',
  'card.collected': '登记领卡',
  'card.exported': '导出制卡资料',
  'handbook.urgent_marked': '标记急需就医',
  'handbook.printed': '打印就诊信息表和医疗保险手册',
  'household.created': '登记家庭',
  'household.member_added': '添加家庭成员',
  'household.member_removed': '移出家庭成员',
  'household.declared': '整户申报',
  'person.photo_uploaded': '上传照片',
  'person.photo_deleted': '删除照片',
  'person.exported': '导出参保人员',
  'profile.updated': '修改参保政策',
  'profile.recomputed': '按新政策重新计费',
  'import.created': '上传导入文件',
  'import.committed': '确认导入',
  'import.cancelled': '取消导入',
  'declaration.declared': '参保申报',
  'declaration.confirmed': '参保缴费确认',
  'declaration.removed': '撤销申报',
  'declaration.repriced': '重新计费',
  'declaration.exported': '导出申报名单',
  'settlement.created': '生成结算单',
  'settlement.cancelled': '作废结算单',
  'settlement.deduction_file': '生成银行代扣文件',
  'payment_order.created': '发起线上缴费',
  'family_order.created': '发起为家人合并缴费',
  'payment.recorded': '登记缴费',
  'payment.exception': '缴费异常',
  'payment.exported': '导出缴费记录',
  'receipt.issued': '开具电子票据',
  'reconciliation.resolved': '处理对账异常',
  'uninsured_reason.recorded': '登记未参保原因',
  'uninsured.exported': '导出未参保人员',
  'class_sheet.exported': '导出学生医保参保情况表',
  'progress.exported': '导出参保进度',
  'notice.reminded': '补打缴费通知（催缴）',
  'daily_report.kept': '保存每天通报',
  'daily_report.exported': '导出每天通报',
  'roster.exported': '导出报送名册',
  'audit_sample.drawn': '抽取抽查样本',
  'audit_sample.checked': '登记抽查结果',
  'audit_sample.followed_up': '登记抽查整改情况',
  'sign_off.recorded': '登记告知签收',
  'sign_off.scan_uploaded': '上传签收单扫描件',
  'unpaid_list.submitted': '报送未参保名单',
  'publicity.exported': '导出公示名单',
  'refund.requested': '申请退费',
  'refund.approved': '批准退费',
  'refund.rejected': '驳回退费',
  'refund.refunded': '退费到账',
  'refund.failed': '退费失败',
  'system.demo_seeded': '生成演示数据',
};

export const AUDIT_ENTITY_NAMES: Record<string, string> = {
  user: '账号',
  session: '登录会话',
  unit: '代办单位',
  unit_coordinator: '协管员',
  branch_office: '经办网点',
  person: '参保人员',
  region: '统筹区',
  policy_profile: '政策方案',
  import_job: '导入任务',
  declaration: '参保申报',
  settlement: '结算单',
  payment_notice: '缴费通知单',
  family_order: '为家人合并缴费订单',
  payment: '缴费记录',
  receipt: '电子票据',
  reconciliation_item: '对账异常',
  uninsured_reason: '未参保原因',
  daily_report: '每天通报',
  audit_sample: '抽查',
  audit_sample_item: '抽查项目',
  unpaid_sign_off: '告知签收',
  social_card: '社保卡',
  handbook: '医疗保险手册',
  household: '家庭',
  unpaid_list_submission: '未参保名单报送',
  refund: '退费',
};

/** Accounts the system itself writes as. */
export const AUDIT_SYSTEM_ACTORS: Record<string, string> = {
  system: '系统',
  'receipt-issuer': '系统（自动开票）',
  family: '家长（缴费页面）',
  import: '系统（批量导入）',
  'daily-report': '系统（自动保存每天通报）',
};

/** The Chinese name of an action; an unknown one is "其他操作", never its code. */
export const auditActionName = (action: string) => AUDIT_ACTION_NAMES[action] ?? '其他操作';
export const auditEntityName = (entityType: string) => AUDIT_ENTITY_NAMES[entityType] ?? '其他记录';
/** A system actor by name; a person's account by its username (that is their name in the system). */
export const auditActorName = (username: string | null) => (username === null ? '支付渠道或系统' : (AUDIT_SYSTEM_ACTORS[username] ?? username));

/** The action codes whose Chinese name contains every word typed (退费 → the five refund actions). */
export function auditActionsMatching(words: string): string[] {
  const parts = words.trim().split(/\s+/).filter(Boolean);
  if (!parts.length) return [];
  return Object.entries(AUDIT_ACTION_NAMES)
    .filter(([code, name]) => parts.every((w) => name.includes(w) || code === w || code.startsWith(`${w}.`)))
    .map(([code]) => code);
}

/** Field names of the before/after of an audit row. */
export const AUDIT_FIELD_NAMES: Record<string, string> = {
  accounts: '账号',
  amountFen: '金额',
  bankCode: '银行',
  campaign: '参保年度',
  categoryName: '参保类别',
  channel: '缴费渠道',
  code: '代码',
  count: '人数',
  counts: '数量',
  date: '日期',
  declarationPaidFen: '申报已缴金额',
  declarationStatus: '申报状态',
  displayName: '姓名',
  documentNumber: '证件号码',
  documentType: '证件类型',
  due: '应缴',
  expectedFen: '应缴金额',
  failure: '失败原因',
  failures: '失败原因',
  fee: '费用',
  fileName: '文件名',
  filter: '筛选条件',
  from: '由',
  frozen: '已冻结（已结算或已缴费）',
  isDisabled: '已停用',
  kind: '类别',
  leftIneligible: '不再符合条件',
  lockedUntil: '锁定至',
  name: '名称',
  next: '下一步',
  note: '说明',
  notices: '缴费通知单',
  number: '编号',
  orderNo: '订单号',
  outTradeNo: '订单号',
  payableFen: '个人应缴',
  paymentMode: '缴费方式',
  persons: '人数',
  profile: '政策方案',
  reason: '原因',
  reference: '依据',
  repriced: '重新计费',
  resolution: '处理结果',
  result: '结果',
  role: '角色',
  settlement: '结算单',
  settlements: '结算单',
  status: '状态',
  subsidyFen: '资助金额',
  temporaryNumber: '临时编号',
  to: '至',
  totalFen: '费用合计',
  transactionId: '交易流水号',
  type: '类型',
  unitMethod: '单位缴款方式',
  unitName: '单位名称',
  units: '单位数',
  username: '用户名',
  version: '版本',
  versionOnly: '仅保存新版本',
  window: '申报期',
  year: '参保年度',
  declaredLastYear: '上年度申报人数',
  settlementsPaidLastYear: '上年度已缴结算单',
  carriedThisYear: '本年度延续申报人数',
};

/**
 * Fields kept for the record but meaningless to a clerk (internal ids, codes a name beside them already says): the
 * page counts them instead of showing them; the object column already names the record.
 */
export const AUDIT_INTERNAL_FIELDS: ReadonlySet<string> = new Set(['id', 'declarationId', 'importJobId', 'paymentId', 'personId', 'refundId', 'unitId', 'category']);

export const auditFieldName = (key: string) => AUDIT_FIELD_NAMES[key] ?? null;

const VALUE_NAMES: Record<string, string> = {
  declared: '已申报',
  confirmed: '已确认',
  settled: '已结算',
  paid: '已缴费',
  removed: '已撤销',
  refunded: '已退费',
  awaiting_payment: '待缴费',
  cancelled: '已作废',
  unit_total: '单位统一缴纳',
  per_person: '逐人缴费通知单',
  transfer: '转账',
  bank_draft: '银行汇票',
  bank_deduction: '银行代扣',
  unit_transfer: '单位转账',
  sandbox: '模拟钱包',
  tax: '税务',
  requested: '待审核',
  approved: '已批准',
  rejected: '已驳回',
  failed: '失败',
  open: '待处理',
  resolved: '已处理',
  active: '在册',
  stopped: '已减员',
  declaration: '申报期',
  adjustment: '调整期',
  outside: '期外',
  male: '男',
  female: '女',
  ...ROLE_NAMES,
  ...UNIT_KIND_NAMES,
};

/** A value of an audited field as a clerk reads it: money in 元, yes/no, statuses and codes by name. */
export function auditValueText(key: string, value: unknown): string {
  if (value === null || value === undefined) return '（无）';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return /Fen$/.test(key) || key === 'due' || key === 'fee' ? formatFenYuan(value) : String(value);
  if (typeof value === 'string') {
    const version = key === 'profile' ? /@(\d+)$/.exec(value) : null;
    if (version) return `第 ${version[1]} 版`;
    return VALUE_NAMES[value] ?? value;
  }
  if (Array.isArray(value)) return value.map((v) => auditValueText(key, v)).join('、') || '（无）';
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.map(([k, v]) => `${auditFieldName(k) ?? '其他'}：${auditValueText(k, v)}`).join('；') || '（无）';
}

import { z } from 'zod';
import { ZPageQuery, ZPaged, endpoint } from './contract';

// --- Shapes ---

/** One audited event: who, when, from where, and the record before and after (numbers masked). */
export const ZAuditLog = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actorUsername: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  unitId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type TAuditLog = z.infer<typeof ZAuditLog>;

const ZDay = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });

/** The audit log's filters; `from` and `to` are inclusive days in the city's time zone. */
export const ZAuditLogQuery = ZPageQuery.extend({
  action: z.string().trim().max(64).optional(),
  entityType: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(64).optional(),
  actor: z.string().trim().max(64).optional(),
  from: ZDay.optional(),
  to: ZDay.optional(),
});

// --- Labels ---

/** Chinese labels of audit actions. A feature that writes a new action adds its line here. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出',
  'auth.login_failed': '登录失败',
  'auth.password_changed': '修改密码',
  'user.created': '新建账号',
  'user.updated': '修改账号',
  'user.password_reset': '重置密码',
  'user.disabled': '停用账号',
  'user.enabled': '启用账号',
  'unit.created': '新建单位',
  'unit.updated': '修改单位',
  'unit.exported': '导出单位',
  'coordinator.added': '新增协管员',
  'coordinator.replaced': '更换协管员',
  'coordinator.removed': '撤销协管员',
  'branch_office.created': '新增经办网点',
  'branch_office.updated': '修改经办网点',
  'branch_office.deleted': '删除经办网点',
  'person.registered': '人员登记',
  'person.transferred_in': '转入',
  'person.transferred': '转移',
  'person.stopped': '减员',
  'person.updated': '修改人员',
  'person.revealed': '查看完整号码',
  'person.document_merged': '换发正式证件',
  'person.exemption_added': '登记减免身份',
  'person.exemption_removed': '删除减免身份',
  'person.leaving_marked': '标记离校',
  'person.photo_uploaded': '上传照片',
  'person.photo_deleted': '删除照片',
  'person.exported': '导出人员',
  'profile.updated': '修改参保政策',
  'import.created': '新建导入',
  'import.committed': '提交导入',
  'import.cancelled': '取消导入',
  'system.demo_seeded': '生成演示数据',
};

/** Chinese names of audited entity types; unknown types show their code. */
export const AUDIT_ENTITY_TYPE_LABELS: Record<string, string> = {
  user: '账号',
  unit: '单位',
  unit_coordinator: '协管员',
  branch_office: '经办网点',
  person: '参保人员',
  session: '登录会话',
  region: '统筹区',
  policy_profile: '参保政策',
  import_job: '导入任务',
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

export function auditEntityTypeLabel(entityType: string): string {
  return AUDIT_ENTITY_TYPE_LABELS[entityType] ?? entityType;
}

// --- Endpoints ---

export const auditApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/v1/audit-logs',
    access: { roles: ['agency_admin'] },
    tags: ['audit'],
    summary: '审计日志',
    query: ZAuditLogQuery,
    responses: { 200: ZPaged(ZAuditLog) },
  }),
};

import { z } from 'zod';
import { ZQueryFlag, ZYearQuery, endpoint } from './contract';

/**
 * 报送 (issue 15, item 2; Nantong 004 四.3): the rosters each office sends the centre, as xlsx — 参保人员花名册
 * (every declared person with category, fee parts, subsidy, payment and channel) and 减免人员信息汇总表 (the exempt,
 * with category, certificate and validity, and totals by category). Numbers are masked; the agency may ask for the
 * full ones with a reason, which is audited and printed in the file with the exporting account and time.
 */
export const ROSTER_KINDS = ['insured', 'exempt', 'inflow'] as const;
export const ZRosterKind = z.enum(ROSTER_KINDS, { message: '不支持的名册类型' });
export type TRosterKind = z.infer<typeof ZRosterKind>;
export const ROSTER_KIND_NAMES: Record<TRosterKind, string> = { insured: '参保人员花名册', exempt: '减免人员信息汇总表', inflow: '户籍迁入人员参保登记表' };

export const ZRosterQuery = z.object({
  /** The region's current campaign year when absent. */
  year: ZYearQuery.optional(),
  /** The agency: one unit, or the region when absent. A unit always its own. */
  unitId: z.uuid({ message: '单位编号格式不正确' }).optional(),
  /** Full document numbers (the agency only, with a reason). */
  fullIds: ZQueryFlag.optional(),
  reason: z.string().trim().max(200, '原因不超过 200 字').optional(),
});
export type TRosterQuery = z.input<typeof ZRosterQuery>;

export const rostersApi = {
  export: endpoint({
    method: 'GET',
    path: '/api/v1/rosters/:kind/export',
    access: { roles: ['agency_admin', 'unit_operator'], params: { kind: 'roster_kind' } },
    tags: ['rosters'],
    summary: '导出报送名册（参保人员花名册、减免人员信息汇总表、户籍迁入人员参保登记表；xlsx）：证件号码脱敏，经办机构说明原因后可导出完整号码；导出人和导出时间印在文件中，记入审计日志',
    params: z.object({ kind: ZRosterKind }),
    query: ZRosterQuery,
    responses: {},
    file: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  }),
};

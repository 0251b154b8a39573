import { z } from 'zod';
import { endpoint } from './contract';

/**
 * 抽查 (issue 15, item 5; Nantong 004 四.3 — the agency and the tax bureau audit the original materials by random
 * sampling, 谁主管谁负责): a random sample of a year's declarations, by ratio or count, per unit or region,
 * optionally weighted to the exempt and to the persons with an inflow record (户籍迁入), reproducible from its stored seed. Each sampled item gets one result (who
 * checked, when) that is never rewritten; a finding is followed up by the responsible unit. Served by
 * apps/server/src/modules/audit-samples/audit-samples.routes.ts.
 */

export const AUDIT_RESULTS = ['complete', 'missing', 'wrong'] as const;
export const ZAuditResult = z.enum(AUDIT_RESULTS, { message: '请选择抽查结果' });
export type TAuditResult = z.infer<typeof ZAuditResult>;
export const AUDIT_RESULT_NAMES: Record<TAuditResult, string> = { complete: '材料齐全', missing: '材料缺失', wrong: '材料有误' };

/** How much more likely an exempt declaration (减免) is to be drawn than another: 1 (not weighted) to 20. */
const ZWeight = z.number({ message: '权重须为数字' }).min(1, '权重不小于 1').max(20, '权重不超过 20');

export const ZCreateAuditSample = z
  .object({
    year: z.number().int().min(2000, '参保年度不正确').max(2100, '参保年度不正确'),
    /** A share of the population, e.g. 0.05 for 5%. */
    ratio: z.number({ message: '抽查比例须为数字' }).gt(0, '抽查比例须大于 0').max(1, '抽查比例不超过 100%').optional(),
    count: z.number().int('抽查数量须为整数').min(1, '抽查数量至少 1').max(10_000, '一次最多抽查 10000 份').optional(),
    /** Only these units' declarations; the whole region when absent. */
    unitIds: z.array(z.uuid({ message: '单位编号格式不正确' })).min(1).max(2000).optional(),
    /** The exempt (减免) and the persons with an inflow record (户籍迁入), each more likely by its factor. */
    weights: z.object({ exempt: ZWeight.optional(), inflow: ZWeight.optional() }).strict().optional(),
    note: z.string().trim().max(200, '说明不超过 200 字').optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.ratio === undefined) === (v.count === undefined)) ctx.addIssue({ code: 'custom', path: ['ratio'], message: '请填写抽查比例或抽查数量（二选一）' });
  });
export type TCreateAuditSample = z.input<typeof ZCreateAuditSample>;

export const ZAuditSampleItem = z.object({
  id: z.string(),
  declarationId: z.string(),
  personId: z.string(),
  personName: z.string(),
  /** Masked. */
  idNumberMasked: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  categoryName: z.string(),
  /** The declaration's subsidy (减免), by name, or null. */
  subsidyName: z.string().nullable(),
  /** Drawn with extra weight (an exempt declaration when the exempt were weighted). */
  weighted: z.boolean(),
  result: ZAuditResult.nullable(),
  resultName: z.string().nullable(),
  note: z.string().nullable(),
  checkedBy: z.string().nullable(),
  checkedAt: z.string().nullable(),
  /** The unit's answer to a finding (材料缺失 / 有误): what it did, who, when. */
  followUp: z.string().nullable(),
  followedUpBy: z.string().nullable(),
  followedUpAt: z.string().nullable(),
});
export type TAuditSampleItem = z.infer<typeof ZAuditSampleItem>;

const ZAuditCounts = z.object({
  items: z.number().int(),
  checked: z.number().int(),
  complete: z.number().int(),
  missing: z.number().int(),
  wrong: z.number().int(),
  followedUp: z.number().int(),
});

export const ZAuditSampleSummary = z.object({
  id: z.string(),
  year: z.number().int(),
  /** The draw's seed: with the population (the year's declarations of the units, by id) it gives the same sample. */
  seed: z.string(),
  ratio: z.number().nullable(),
  count: z.number().int().nullable(),
  unitIds: z.array(z.string()).nullable(),
  weights: z.object({ exempt: z.number().optional(), inflow: z.number().optional() }),
  /** Declarations the sample was drawn from. */
  population: z.number().int(),
  note: z.string().nullable(),
  drawnBy: z.string(),
  drawnAt: z.string(),
  counts: ZAuditCounts,
});
export type TAuditSampleSummary = z.infer<typeof ZAuditSampleSummary>;

export const ZAuditSample = ZAuditSampleSummary.extend({ items: z.array(ZAuditSampleItem) });
export type TAuditSample = z.infer<typeof ZAuditSample>;

/** 抽查情况 per unit: what was sampled, found and followed up. */
export const ZAuditSampleReport = z.object({
  id: z.string(),
  year: z.number().int(),
  units: z.array(ZAuditCounts.extend({ unitId: z.string(), unitName: z.string() })),
  totals: ZAuditCounts,
});
export type TAuditSampleReport = z.infer<typeof ZAuditSampleReport>;

export const ZAuditResultInput = z.object({
  result: ZAuditResult,
  note: z.string().trim().max(500, '说明不超过 500 字').optional(),
});
export type TAuditResultInput = z.input<typeof ZAuditResultInput>;
export const ZAuditFollowUpInput = z.object({ note: z.string({ message: '请填写整改情况' }).trim().min(2, '请填写整改情况').max(500, '整改情况不超过 500 字') });
export type TAuditFollowUpInput = z.input<typeof ZAuditFollowUpInput>;

const ZSampleParams = z.object({ id: z.uuid({ message: '编号格式不正确' }) });
const ZSampleItemParams = ZSampleParams.extend({ itemId: z.uuid({ message: '编号格式不正确' }) });

export const auditSamplesApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/v1/audit-samples',
    access: { roles: ['agency_admin', 'unit_operator'] },
    tags: ['audit-samples'],
    summary: '抽查记录（单位只看到抽到本单位的抽查）',
    query: z.object({ year: z.coerce.number<number | string>().int().min(2000).max(2100).optional() }),
    responses: { 200: z.object({ items: z.array(ZAuditSampleSummary) }) },
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/v1/audit-samples',
    access: { roles: ['agency_admin'] },
    tags: ['audit-samples'],
    summary: '抽取样本：按比例或数量随机抽取年度申报（可限定单位、可加大减免人员的权重），种子保存以便复现；记入审计日志',
    body: ZCreateAuditSample,
    responses: { 201: ZAuditSample },
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/v1/audit-samples/:id',
    access: { roles: ['agency_admin', 'unit_operator'], params: { id: 'audit_sample' } },
    tags: ['audit-samples'],
    summary: '抽查详情：样本及每份的抽查结果与整改情况（单位只看到本单位的）',
    params: ZSampleParams,
    responses: { 200: ZAuditSample },
  }),
  report: endpoint({
    method: 'GET',
    path: '/api/v1/audit-samples/:id/report',
    access: { roles: ['agency_admin', 'unit_operator'], params: { id: 'audit_sample' } },
    tags: ['audit-samples'],
    summary: '抽查情况汇总：各单位抽查、已查、齐全、缺失、有误、已整改份数',
    params: ZSampleParams,
    responses: { 200: ZAuditSampleReport },
  }),
  recordResult: endpoint({
    method: 'PUT',
    path: '/api/v1/audit-samples/:id/items/:itemId',
    access: { roles: ['agency_admin'], params: { id: 'audit_sample', itemId: 'audit_sample_item' } },
    tags: ['audit-samples'],
    summary: '登记抽查结果（材料齐全、缺失或有误，附说明）；登记后不能改写；记入审计日志',
    params: ZSampleItemParams,
    body: ZAuditResultInput,
    responses: { 200: ZAuditSampleItem },
  }),
  followUp: endpoint({
    method: 'POST',
    path: '/api/v1/audit-samples/:id/items/:itemId/follow-up',
    access: { roles: ['unit_operator', 'agency_admin'], params: { id: 'audit_sample', itemId: 'audit_sample_item' } },
    tags: ['audit-samples'],
    summary: '登记整改情况（抽查发现材料缺失或有误后，由责任单位填写）；登记后不能改写；记入审计日志',
    params: ZSampleItemParams,
    body: ZAuditFollowUpInput,
    responses: { 200: ZAuditSampleItem },
  }),
};

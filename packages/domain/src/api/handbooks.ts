import { z } from 'zod';
import { ZIdParams, ZPageQuery, ZYearQuery, endpoint } from './contract';

/**
 * 就诊信息表 and 医疗保险手册 (issue 15, item 7; Beijing 002 十三): one printable page per paid person of a year, with
 * the designated hospitals, in batches — the elderly first (老年人, 60 周岁 and over as the Law on the Protection of
 * the Rights and Interests of the Elderly counts them), then the persons marked as needing care urgently, then the
 * rest. Each print is counted and audited.
 */
export const ELDERLY_FROM_AGE = 60;

export const HANDBOOK_PRIORITIES = ['elderly', 'urgent', 'normal'] as const;
export type THandbookPriority = (typeof HANDBOOK_PRIORITIES)[number];
export const HANDBOOK_PRIORITY_NAMES: Record<THandbookPriority, string> = { elderly: '老年人优先', urgent: '急需就医优先', normal: '一般' };

export const ZHandbookQuery = ZPageQuery.extend({
  /** The region's current campaign year when absent. */
  year: ZYearQuery.optional(),
  unitId: z.uuid({ message: '单位编号格式不正确' }).optional(),
  /** Not printed yet (true), or printed (false). */
  pending: z.enum(['true', 'false']).optional(),
});

export const ZHandbookItem = z.object({
  personId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  unitName: z.string(),
  age: z.number().int(),
  gradeName: z.string(),
  className: z.string().nullable(),
  priority: z.enum(HANDBOOK_PRIORITIES),
  priorityName: z.string(),
  urgentNote: z.string().nullable(),
  printedCount: z.number().int(),
  lastPrintedAt: z.string().nullable(),
});
export type THandbookItem = z.infer<typeof ZHandbookItem>;

export const ZHandbookPage = z.object({
  year: z.number().int(),
  items: z.array(ZHandbookItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  counts: z.object({ paid: z.number().int(), pending: z.number().int(), elderly: z.number().int(), urgent: z.number().int() }),
});
export type THandbookPage = z.infer<typeof ZHandbookPage>;

export const ZUrgentInput = z.object({
  year: z.number({ message: '请填写参保年度' }).int().min(2000).max(2100),
  urgent: z.boolean({ message: '请选择是否急需就医' }),
  note: z.string().trim().max(100, '说明不超过 100 字').optional(),
});
export type TUrgentInput = z.input<typeof ZUrgentInput>;

export const ZHandbookPrintInput = z.object({
  year: z.number({ message: '请填写参保年度' }).int().min(2000).max(2100),
  unitId: z.uuid({ message: '单位编号格式不正确' }).optional(),
  /** These persons (a re-print); otherwise the next batch of the queue not printed yet. */
  personIds: z.array(z.uuid({ message: '人员编号格式不正确' })).min(1).max(500).optional(),
  batchSize: z.number().int().min(1, '每批至少 1 人').max(500, '每批最多 500 人').optional(),
});
export type THandbookPrintInput = z.input<typeof ZHandbookPrintInput>;

export const ZHandbookSheet = z.object({
  personId: z.string(),
  name: z.string(),
  gender: z.string(),
  birthDate: z.string(),
  documentTypeName: z.string(),
  /** In full: the handbook is the person's own document at the hospital. */
  documentNumber: z.string(),
  unitName: z.string(),
  categoryName: z.string(),
  benefitStart: z.string(),
  benefitEnd: z.string(),
  paidOn: z.string().nullable(),
  receiptNumber: z.string().nullable(),
  designatedInstitutions: z.array(z.string()),
  priority: z.enum(HANDBOOK_PRIORITIES),
  priorityName: z.string(),
  printedCount: z.number().int(),
});
export type THandbookSheet = z.infer<typeof ZHandbookSheet>;
export const ZHandbookBatch = z.object({ year: z.number().int(), regionName: z.string(), sheets: z.array(ZHandbookSheet), printedAt: z.string(), remaining: z.number().int() });
export type THandbookBatch = z.infer<typeof ZHandbookBatch>;

const printers = ['agency_admin', 'unit_operator'] as const;

export const handbooksApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/v1/handbooks',
    access: { roles: printers },
    tags: ['handbooks'],
    summary: '就诊信息表和医疗保险手册的打印队列：当年已缴费人员，老年人优先，其次急需就医的人员，注明已打印次数',
    query: ZHandbookQuery,
    responses: { 200: ZHandbookPage },
  }),
  markUrgent: endpoint({
    method: 'PUT',
    path: '/api/v1/persons/:id/handbook-urgent',
    access: { roles: printers, params: { id: 'person' } },
    tags: ['handbooks'],
    summary: '标记（或取消）因病急需就医：优先打印就诊信息表和医疗保险手册，记入审计日志',
    params: ZIdParams,
    body: ZUrgentInput,
    responses: { 200: ZHandbookItem },
  }),
  print: endpoint({
    method: 'POST',
    path: '/api/v1/handbooks/print',
    access: { roles: printers },
    tags: ['handbooks'],
    summary: '打印一批就诊信息表和医疗保险手册（按优先顺序的下一批尚未打印的人员，或指定人员补打）：每人一页，含完整证件号码和定点医疗机构，记入打印次数和审计日志',
    body: ZHandbookPrintInput,
    responses: { 200: ZHandbookBatch },
  }),
};

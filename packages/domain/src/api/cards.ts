import { z } from 'zod';
import { ZPageQuery, ZYearQuery, endpoint } from './contract';
import { ZCardStatus } from './persons';

/**
 * 制卡 (issue 15, item 6; Suzhou 000 四.8, Nantong 004 七): the declared persons of a unit without a social security
 * card, whether a photo is needed (from the age the profile sets) and on file; one zip per unit of the list and the
 * photos for the card centre; the cards made and collected by the unit. The card status comes from the card centre's
 * list (import kind `card_status`) or is marked by hand on the person.
 */
export const CARD_STAGES = ['need_card', 'in_production', 'to_collect', 'collected'] as const;
export const ZCardStage = z.enum(CARD_STAGES, { message: '制卡进度只能是未制卡、制卡中、待领取或已领取' });
export type TCardStage = z.infer<typeof ZCardStage>;
export const CARD_STAGE_NAMES: Record<TCardStage, string> = { need_card: '未制卡', in_production: '制卡中', to_collect: '已制卡待领取', collected: '已领取' };

export const ZCardQuery = ZPageQuery.extend({
  /** The region's current campaign year when absent. */
  year: ZYearQuery.optional(),
  unitId: z.uuid({ message: '单位编号格式不正确' }).optional(),
  stage: ZCardStage.optional(),
  /** Only those who need a photo and have none on file. */
  photoMissing: z.enum(['true', 'false']).optional(),
});

export const ZCardItem = z.object({
  personId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  age: z.number().int(),
  gradeName: z.string(),
  className: z.string().nullable(),
  cardStatus: ZCardStatus,
  stage: ZCardStage,
  stageName: z.string(),
  /** Aged the profile's `cardProduction.photoFromAge` or over, and without a card. */
  photoRequired: z.boolean(),
  hasPhoto: z.boolean(),
  madeOn: z.string().nullable(),
  collectedOn: z.string().nullable(),
  collectedBy: z.string().nullable(),
});
export type TCardItem = z.infer<typeof ZCardItem>;

export const ZCardPage = z.object({
  year: z.number().int(),
  items: z.array(ZCardItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  counts: z.object({ needCard: z.number().int(), photoMissing: z.number().int(), inProduction: z.number().int(), toCollect: z.number().int(), collected: z.number().int() }),
  /** The profile's rule, or null where the region asks for no photo. */
  photoFromAge: z.number().int().nullable(),
  collectBy: z.string().nullable(),
});
export type TCardPage = z.infer<typeof ZCardPage>;

export const ZCardCollectionInput = z.object({
  personIds: z.array(z.uuid({ message: '人员编号格式不正确' })).min(1, '请选择领取的人员').max(5000, '一次最多登记 5000 人'),
  collectedOn: z.string({ message: '请填写领取日期' }).regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
  /** Who of the unit collected the cards at the card centre. */
  collectedBy: z.string({ message: '请填写领取人' }).trim().min(1, '请填写领取人').max(40, '领取人不超过 40 字'),
});
export type TCardCollectionInput = z.input<typeof ZCardCollectionInput>;
export const ZCardCollectionResult = z.object({
  recorded: z.number().int(),
  /** Cards of the caller's persons not recorded, and why (collected already …). */
  skipped: z.array(z.object({ personId: z.string(), name: z.string(), reason: z.string() })),
  /** Persons named who have no card waiting in the caller's scope. */
  withoutCard: z.number().int(),
});
export type TCardCollectionResult = z.infer<typeof ZCardCollectionResult>;

const carders = ['agency_admin', 'unit_operator'] as const;

export const cardsApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/v1/cards',
    access: { roles: carders },
    tags: ['cards'],
    summary: '制卡查询：本单位（或统筹区）当年申报人员中未制卡、制卡中、已制卡待领取和已领取的人员，须报送照片的是否已有合格照片',
    query: ZCardQuery,
    responses: { 200: ZCardPage },
  }),
  export: endpoint({
    method: 'GET',
    path: '/api/v1/cards/export',
    access: { roles: carders },
    tags: ['cards'],
    summary: '导出制卡资料（zip：制卡人员名单 xlsx 和以证件号码命名的照片，供市民卡中心制卡；含完整证件号码，记入审计日志）',
    query: z.object({ year: ZYearQuery.optional(), unitId: z.uuid({ message: '单位编号格式不正确' }).optional() }),
    responses: {},
    file: ['application/zip'],
  }),
  collect: endpoint({
    method: 'POST',
    path: '/api/v1/cards/collections',
    access: { roles: carders },
    tags: ['cards'],
    summary: '登记领卡：单位从市民卡中心领取已制好的社保卡（领取日期、领取人），记入审计日志',
    body: ZCardCollectionInput,
    responses: { 200: ZCardCollectionResult },
  }),
};

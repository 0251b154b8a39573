import { z } from 'zod';
import { ZIdParams, ZPageQuery, ZPaged, ZYearQuery, endpoint } from './contract';
import { ZBatchResult } from './declarations';
import { ZRegisterPerson } from './persons';

/**
 * 家庭 (issue 16, item 1; Nantong 004 一–四, Nanchong 001 一, Guangzhou 003 二.(二)): a household with its members and
 * their relationship to the head, the hukou address and type. A person belongs to at most one household in a region.
 * A community office (or village committee, civil affairs) registers it — members it already holds, or new persons
 * registered with it in one step — and declares every eligible member at once, each priced by its own rules.
 */
export const HOUSEHOLD_RELATIONS = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandchild: '孙子女',
  grandparent: '祖父母',
  sibling: '兄弟姐妹',
  other: '其他',
} as const;
export type THouseholdRelation = keyof typeof HOUSEHOLD_RELATIONS;
export const ZHouseholdRelation = z.enum(Object.keys(HOUSEHOLD_RELATIONS) as [THouseholdRelation, ...THouseholdRelation[]], { message: '请选择与户主关系' });

export const HOUSEHOLD_HUKOU_TYPES = { local_urban: '本市城镇', local_rural: '本市农村', nonlocal: '外地' } as const;

/** A member: a person the unit holds, or one registered with the household. */
export const ZHouseholdMemberInput = z.union([
  z.object({ personId: z.uuid({ message: '人员编号格式不正确' }), relation: ZHouseholdRelation }),
  z.object({ person: ZRegisterPerson.omit({ unitId: true }), relation: ZHouseholdRelation }),
]);
export type THouseholdMemberInput = z.input<typeof ZHouseholdMemberInput>;

export const ZHouseholdInput = z
  .object({
    hukouType: z.enum(['local_urban', 'local_rural', 'nonlocal'], { message: '请选择户籍类型' }),
    hukouAddress: z.string({ message: '请填写户籍地址' }).trim().min(2, '请填写户籍地址').max(200, '户籍地址不超过 200 字'),
    note: z.string().trim().max(200, '说明不超过 200 字').optional(),
    /** The agency registers into a chosen unit; a unit operator always into its own. */
    unitId: z.uuid({ message: '单位编号格式不正确' }).optional(),
    members: z.array(ZHouseholdMemberInput).min(1, '请至少添加一名家庭成员').max(20, '一户最多 20 人'),
  })
  .superRefine((v, ctx) => {
    const heads = v.members.filter((m) => m.relation === 'head').length;
    if (heads !== 1) ctx.addIssue({ code: 'custom', path: ['members'], message: heads === 0 ? '请指定户主' : '一户只能有一名户主' });
  });
export type THouseholdInput = z.input<typeof ZHouseholdInput>;

export const ZHouseholdMember = z.object({
  personId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  relation: ZHouseholdRelation,
  relationName: z.string(),
  age: z.number().int(),
  /** The member's declaration of the year asked for (or the current campaign's). */
  declaration: z
    .object({ id: z.string(), status: z.string(), statusName: z.string(), categoryName: z.string(), payableFen: z.number().int(), paidFen: z.number().int(), subsidyName: z.string().nullable() })
    .nullable(),
});
export type THouseholdMember = z.infer<typeof ZHouseholdMember>;

export const ZHousehold = z.object({
  id: z.string(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  headName: z.string().nullable(),
  hukouType: z.string(),
  hukouTypeName: z.string(),
  hukouAddress: z.string(),
  note: z.string().nullable(),
  year: z.number().int(),
  members: z.array(ZHouseholdMember),
  /** The year's due of the household: the members' payable less paid, in fen. */
  dueFen: z.number().int(),
  createdAt: z.string(),
});
export type THousehold = z.infer<typeof ZHousehold>;

export const ZHouseholdListItem = z.object({
  id: z.string(),
  headName: z.string().nullable(),
  hukouAddress: z.string(),
  hukouTypeName: z.string(),
  memberCount: z.number().int(),
  /** This campaign year's members declared (not removed) and paid, and what is still due. */
  declaredCount: z.number().int(),
  paidCount: z.number().int(),
  dueFen: z.number().int(),
  unitName: z.string().nullable(),
  createdAt: z.string(),
});
export type THouseholdListItem = z.infer<typeof ZHouseholdListItem>;

export const ZHouseholdQuery = ZPageQuery.extend({
  /** A member's name or full document number, or a part of the address. */
  q: z.string().trim().max(60).optional(),
  unitId: z.uuid({ message: '单位编号格式不正确' }).optional(),
});

export const ZHouseholdYearQuery = z.object({ year: ZYearQuery.optional() });

const keepers = ['agency_admin', 'unit_operator'] as const;
const household = { roles: keepers, params: { id: 'household' } } as const;

export const householdsApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/v1/households',
    access: { roles: keepers },
    tags: ['households'],
    summary: '家庭列表：按成员姓名、完整证件号码或户籍地址查找',
    query: ZHouseholdQuery,
    responses: { 200: ZPaged(ZHouseholdListItem) },
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/v1/households',
    access: { roles: keepers },
    tags: ['households'],
    summary: '登记家庭：户籍类型和地址、成员及与户主关系；成员可为本单位已登记的人员，或随家庭一并登记的新人员；一人在本统筹区只能属于一个家庭',
    body: ZHouseholdInput,
    responses: { 201: ZHousehold },
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/v1/households/:id',
    access: household,
    tags: ['households'],
    summary: '家庭详情：成员、关系和当年度每人的申报、应缴与缴费',
    params: ZIdParams,
    query: ZHouseholdYearQuery,
    responses: { 200: ZHousehold },
  }),
  addMember: endpoint({
    method: 'POST',
    path: '/api/v1/households/:id/members',
    access: household,
    tags: ['households'],
    summary: '添加家庭成员（已登记的人员或新登记的人员）',
    params: ZIdParams,
    body: ZHouseholdMemberInput,
    responses: { 200: ZHousehold },
  }),
  removeMember: endpoint({
    method: 'DELETE',
    path: '/api/v1/households/:id/members/:personId',
    access: { roles: keepers, params: { id: 'household', personId: 'person' } },
    tags: ['households'],
    summary: '移出家庭成员（户主须先变更）',
    params: z.object({ id: z.uuid({ message: '编号格式不正确' }), personId: z.uuid({ message: '编号格式不正确' }) }),
    responses: { 200: ZHousehold },
  }),
  declare: endpoint({
    method: 'POST',
    path: '/api/v1/households/:id/declare',
    access: household,
    tags: ['households'],
    summary: '整户申报：一次申报家庭中每名符合条件的成员，各按本人的类别、减免和参保途径计费',
    params: ZIdParams,
    body: z.object({ year: z.number().int().min(2000).max(2100) }),
    responses: { 200: ZBatchResult },
  }),
};

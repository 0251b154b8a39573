import { z } from 'zod';
import { UNIT_KINDS, ZUnitKind } from '../access/roles';
import { ZBankCode } from '../registry/banks';
import { ZNameCheck } from '../registry/unit-name';
import { ZIdParams, ZPageQuery, ZPaged, ZQueryFlag, endpoint } from './contract';

// --- Shapes ---

export const ZUnit = z.object({
  id: z.uuid(),
  regionCode: z.string(),
  districtCode: z.string(),
  districtName: z.string().nullable(),
  streetCode: z.string().nullable(),
  streetName: z.string().nullable(),
  name: z.string(),
  kind: ZUnitKind,
  /** 统一社会信用代码 (GB 32100). */
  uscc: z.string().nullable(),
  /** 社会保险登记证编码. */
  socialInsuranceCode: z.string().nullable(),
  /** 组织机构代码. */
  organisationCode: z.string().nullable(),
  /** 学校标识码 (10 digits, Ministry of Education). */
  schoolCode: z.string().nullable(),
  contactName: z.string().nullable(),
  /** Masked by the server unless the role is the agency or the unit itself. */
  contactPhone: z.string().nullable(),
  address: z.string().nullable(),
  /** The bank deduction account; the number is masked unless the role is the agency or the unit itself. */
  bank: z.object({ code: z.string(), name: z.string(), accountNumber: z.string(), holder: z.string() }).nullable(),
  /** The region's naming rules, as advice (detail only; empty where the region has none). */
  nameChecks: z.array(ZNameCheck).optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TUnit = z.infer<typeof ZUnit>;

/** 协管员 of a unit; a replaced or removed one stays as history with `validTo`. */
export const ZCoordinator = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  name: z.string(),
  gender: z.enum(['male', 'female']).nullable(),
  department: z.string().nullable(),
  title: z.string().nullable(),
  officePhone: z.string().nullable(),
  /** Masked unless the role is the agency or the unit itself. */
  mobile: z.string().nullable(),
  validFrom: z.iso.datetime(),
  validTo: z.iso.datetime().nullable(),
});
export type TCoordinator = z.infer<typeof ZCoordinator>;

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const ZDistrictCode = z.string().regex(/^\d{6}$/, '区县代码应为 6 位数字');

/** POST /units and PATCH /units/:id; null clears an optional field. */
export const ZUnitInput = z.object({
  name: z.string().trim().min(2, '单位名称至少 2 个字').max(100),
  kind: ZUnitKind,
  districtCode: ZDistrictCode,
  streetCode: z.string().regex(/^\d{9}$/, '街道（乡镇）代码应为 9 位数字').nullable().optional(),
  uscc: optionalText(18),
  socialInsuranceCode: optionalText(30),
  organisationCode: optionalText(10),
  schoolCode: optionalText(10),
  contactName: optionalText(30),
  contactPhone: optionalText(30),
  address: optionalText(200),
  bank: z
    .object({ code: ZBankCode, accountNumber: z.string().trim().min(1).max(40), holder: z.string().trim().min(1, '请填写账户名').max(100) })
    .nullable()
    .optional(),
});
export type TUnitInput = z.input<typeof ZUnitInput>;

/** The filters of the units list and its export. */
export const ZUnitListFilter = z.object({
  q: z.string().trim().max(64).optional(),
  kind: z.enum(UNIT_KINDS).optional(),
  districtCode: ZDistrictCode.optional(),
});

export const ZCoordinatorInput = z.object({
  name: z.string().trim().min(1, '请填写姓名').max(30),
  gender: z.enum(['male', 'female']).nullable().optional(),
  department: optionalText(50),
  title: optionalText(50),
  officePhone: optionalText(30),
  mobile: optionalText(20),
});
export type TCoordinatorInput = z.input<typeof ZCoordinatorInput>;

const ZCoordinatorParams = z.object({ unitId: z.uuid(), id: z.uuid() });
const ZUnitAnswer = z.object({ unit: ZUnit });

// --- Endpoints ---

export const unitsApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/v1/units',
    access: { roles: 'any' },
    tags: ['units'],
    summary: '代办单位列表（经办员只看到本单位）',
    query: ZPageQuery.extend(ZUnitListFilter.shape),
    responses: { 200: ZPaged(ZUnit) },
  }),
  export: endpoint({
    method: 'GET',
    path: '/api/v1/units/export',
    access: { roles: 'any' },
    tags: ['units'],
    summary: '导出代办单位（xlsx，筛选条件同列表；联系电话、银行账号脱敏；记入审计日志）',
    query: ZUnitListFilter,
    responses: {},
    file: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/v1/units/:id',
    access: { roles: 'any', params: { id: 'unit' } },
    tags: ['units'],
    summary: '代办单位详情（含北京命名规则检查）',
    params: ZIdParams,
    responses: { 200: ZUnitAnswer },
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/v1/units',
    access: { roles: ['agency_admin'] },
    tags: ['units'],
    summary: '新建代办单位',
    body: ZUnitInput,
    responses: { 201: ZUnitAnswer },
  }),
  update: endpoint({
    method: 'PATCH',
    path: '/api/v1/units/:id',
    access: { roles: ['agency_admin', 'unit_operator'], params: { id: 'unit' } },
    tags: ['units'],
    summary: '修改代办单位（经办员只能改本单位联系人、电话、地址）',
    params: ZIdParams,
    body: ZUnitInput.partial(),
    responses: { 200: ZUnitAnswer },
  }),
  coordinators: endpoint({
    method: 'GET',
    path: '/api/v1/units/:id/coordinators',
    access: { roles: 'any', params: { id: 'unit' } },
    tags: ['units'],
    summary: '协管员（history=true 含历史）',
    params: ZIdParams,
    query: z.object({ history: ZQueryFlag.optional() }),
    responses: { 200: z.object({ items: z.array(ZCoordinator) }) },
  }),
  addCoordinator: endpoint({
    method: 'POST',
    path: '/api/v1/units/:id/coordinators',
    access: { roles: ['agency_admin', 'unit_operator'], params: { id: 'unit' } },
    tags: ['units'],
    summary: '新增协管员',
    params: ZIdParams,
    body: ZCoordinatorInput,
    responses: { 201: ZCoordinator },
  }),
  replaceCoordinator: endpoint({
    method: 'PUT',
    path: '/api/v1/units/:unitId/coordinators/:id',
    access: { roles: ['agency_admin', 'unit_operator'], params: { unitId: 'unit', id: 'coordinator' } },
    tags: ['units'],
    summary: '更换协管员信息（旧记录保留为历史）',
    params: ZCoordinatorParams,
    body: ZCoordinatorInput,
    responses: { 200: ZCoordinator },
  }),
  removeCoordinator: endpoint({
    method: 'DELETE',
    path: '/api/v1/units/:unitId/coordinators/:id',
    access: { roles: ['agency_admin', 'unit_operator'], params: { unitId: 'unit', id: 'coordinator' } },
    tags: ['units'],
    summary: '撤销协管员（保留历史）',
    params: ZCoordinatorParams,
    responses: { 204: z.null() },
  }),
};

import { UNIT_KINDS, ZBankCode, ZUnitKind } from '@canbao/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams, ZPageQuery, ZPaged, errorResponses } from '../../http';
import { sendXlsx } from '../../xlsx-export';
import { ZCoordinatorResponse, ZUnitResponse } from './units.presenter';
import { addCoordinator, createUnit, exportUnits, findCoordinators, findUnits, getUnit, removeCoordinator, replaceCoordinator, updateUnit } from './units.service';

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const ZDivisionCode = z.string().regex(/^\d{6}$/, '区县代码应为 6 位数字');

const ZUnitFields = z.object({
  name: z.string().trim().min(2, '单位名称至少 2 个字').max(100),
  kind: ZUnitKind,
  districtCode: ZDivisionCode,
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

/** The filters of the units list and its export. */
const ZUnitListFilter = z.object({
  q: z.string().trim().max(64).optional(),
  kind: z.enum(UNIT_KINDS).optional(),
  districtCode: ZDivisionCode.optional(),
});

const ZCoordinatorBody = z.object({
  name: z.string().trim().min(1, '请填写姓名').max(30),
  gender: z.enum(['male', 'female']).nullable().optional(),
  department: optionalText(50),
  title: optionalText(50),
  officePhone: optionalText(30),
  mobile: optionalText(20),
});
const ZCoordinatorParams = z.object({ unitId: z.uuid(), id: z.uuid() });

export const unitsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/units',
    {
      config: { access: { roles: 'any' } },
      schema: {
        tags: ['units'],
        summary: '代办单位列表（经办员只看到本单位）',
        querystring: ZPageQuery.extend(ZUnitListFilter.shape),
        response: { 200: ZPaged(ZUnitResponse), ...errorResponses },
      },
    },
    (request) => request.scoped((ctx) => findUnits(ctx, request.query)),
  );

  app.get(
    '/api/v1/units/export',
    {
      config: { access: { roles: 'any' } },
      schema: {
        tags: ['units'],
        summary: '导出代办单位（xlsx，筛选条件同列表；联系电话、银行账号脱敏；记入审计日志）',
        querystring: ZUnitListFilter,
      },
    },
    (request, reply) => sendXlsx(reply, (send) => request.scoped((ctx) => send(exportUnits(ctx, request.query)))),
  );

  app.get(
    '/api/v1/units/:id',
    {
      config: { access: { roles: 'any', params: { id: 'unit' } } },
      schema: { tags: ['units'], summary: '代办单位详情（含北京命名规则检查）', params: ZIdParams, response: { 200: z.object({ unit: ZUnitResponse }), ...errorResponses } },
    },
    (request) => request.scoped(async (ctx) => ({ unit: await getUnit(ctx, request.params.id) })),
  );

  app.post(
    '/api/v1/units',
    {
      config: { access: { roles: ['agency_admin'] } },
      schema: { tags: ['units'], summary: '新建代办单位', body: ZUnitFields, response: { 201: z.object({ unit: ZUnitResponse }), ...errorResponses } },
    },
    async (request, reply) => reply.code(201).send({ unit: await request.scoped((ctx) => createUnit(ctx, request.body)) }),
  );

  app.patch(
    '/api/v1/units/:id',
    {
      config: { access: { roles: ['agency_admin', 'unit_operator'], params: { id: 'unit' } } },
      schema: {
        tags: ['units'],
        summary: '修改代办单位（经办员只能改本单位联系人、电话、地址）',
        params: ZIdParams,
        body: ZUnitFields.partial(),
        response: { 200: z.object({ unit: ZUnitResponse }), ...errorResponses },
      },
    },
    (request) => request.scoped(async (ctx) => ({ unit: await updateUnit(ctx, request.params.id, request.body) })),
  );

  app.get(
    '/api/v1/units/:id/coordinators',
    {
      config: { access: { roles: 'any', params: { id: 'unit' } } },
      schema: {
        tags: ['units'],
        summary: '协管员（history=true 含历史）',
        params: ZIdParams,
        querystring: z.object({ history: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(ZCoordinatorResponse) }), ...errorResponses },
      },
    },
    (request) => request.scoped(async (ctx) => ({ items: await findCoordinators(ctx, request.params.id, request.query.history === 'true') })),
  );

  app.post(
    '/api/v1/units/:id/coordinators',
    {
      config: { access: { roles: ['agency_admin', 'unit_operator'], params: { id: 'unit' } } },
      schema: { tags: ['units'], summary: '新增协管员', params: ZIdParams, body: ZCoordinatorBody, response: { 201: ZCoordinatorResponse, ...errorResponses } },
    },
    async (request, reply) => reply.code(201).send(await request.scoped((ctx) => addCoordinator(ctx, request.params.id, request.body))),
  );

  app.put(
    '/api/v1/units/:unitId/coordinators/:id',
    {
      config: { access: { roles: ['agency_admin', 'unit_operator'], params: { unitId: 'unit', id: 'coordinator' } } },
      schema: { tags: ['units'], summary: '更换协管员信息（旧记录保留为历史）', params: ZCoordinatorParams, body: ZCoordinatorBody, response: { 200: ZCoordinatorResponse, ...errorResponses } },
    },
    (request) => request.scoped((ctx) => replaceCoordinator(ctx, request.params.unitId, request.params.id, request.body)),
  );

  app.delete(
    '/api/v1/units/:unitId/coordinators/:id',
    {
      config: { access: { roles: ['agency_admin', 'unit_operator'], params: { unitId: 'unit', id: 'coordinator' } } },
      schema: { tags: ['units'], summary: '撤销协管员（保留历史）', params: ZCoordinatorParams, response: { 204: z.null(), ...errorResponses } },
    },
    async (request, reply) => {
      await request.scoped((ctx) => removeCoordinator(ctx, request.params.unitId, request.params.id));
      return reply.code(204).send(null);
    },
  );
};

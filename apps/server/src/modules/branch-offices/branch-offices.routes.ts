import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams, errorResponses } from '../../http';
import { createBranchOffice, deleteBranchOffice, findBranchOffices, updateBranchOffice } from './branch-offices.service';

const ZBranchOffice = z.object({
  id: z.uuid(),
  name: z.string(),
  districtCode: z.string().nullable(),
  districtName: z.string().nullable(),
  address: z.string(),
  contactPerson: z.string().nullable(),
  phone: z.string(),
});
const ZBody = z.object({
  name: z.string().trim().min(2, '请填写网点名称').max(100),
  districtCode: z.string().regex(/^\d{6}$/, '区县代码应为 6 位数字').nullable().optional(),
  address: z.string().trim().min(2, '请填写服务地址').max(200),
  contactPerson: z.string().trim().max(30).nullable().optional(),
  phone: z.string().trim().min(5, '请填写联系电话').max(30),
});
const admin = { roles: ['agency_admin'] as const };

export const branchOfficesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/branch-offices',
    {
      config: { access: { roles: 'any' } },
      schema: { tags: ['units'], summary: '经办网点名录（地址、联络员、电话）', response: { 200: z.object({ items: z.array(ZBranchOffice) }), ...errorResponses } },
    },
    (request) => request.scoped(async (ctx) => ({ items: await findBranchOffices(ctx) })),
  );
  app.post(
    '/api/v1/branch-offices',
    { config: { access: admin }, schema: { tags: ['units'], summary: '新增经办网点', body: ZBody, response: { 201: ZBranchOffice, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await request.scoped((ctx) => createBranchOffice(ctx, request.body))),
  );
  app.patch(
    '/api/v1/branch-offices/:id',
    {
      config: { access: { ...admin, params: { id: 'branch_office' } } },
      schema: { tags: ['units'], summary: '修改经办网点', params: ZIdParams, body: ZBody.partial(), response: { 200: ZBranchOffice, ...errorResponses } },
    },
    (request) => request.scoped((ctx) => updateBranchOffice(ctx, request.params.id, request.body)),
  );
  app.delete(
    '/api/v1/branch-offices/:id',
    {
      config: { access: { ...admin, params: { id: 'branch_office' } } },
      schema: { tags: ['units'], summary: '删除经办网点', params: ZIdParams, response: { 204: z.null(), ...errorResponses } },
    },
    async (request, reply) => {
      await request.scoped((ctx) => deleteBranchOffice(ctx, request.params.id));
      return reply.code(204).send(null);
    },
  );
};

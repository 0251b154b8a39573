import { z } from 'zod';
import { ZIdParams, endpoint } from './contract';

// --- Shapes ---

/** An office of the agency where units and residents are served (经办机构网点, Guangzhou notice 附件). */
export const ZBranchOffice = z.object({
  id: z.uuid(),
  name: z.string(),
  districtCode: z.string().nullable(),
  districtName: z.string().nullable(),
  address: z.string(),
  contactPerson: z.string().nullable(),
  /** A public service number: not masked. */
  phone: z.string(),
});
export type TBranchOffice = z.infer<typeof ZBranchOffice>;

/** POST /branch-offices and PATCH /branch-offices/:id; null clears an optional field. */
export const ZBranchOfficeInput = z.object({
  name: z.string().trim().min(2, '请填写网点名称').max(100),
  districtCode: z.string().regex(/^\d{6}$/, '区县代码应为 6 位数字').nullable().optional(),
  address: z.string().trim().min(2, '请填写服务地址').max(200),
  contactPerson: z.string().trim().max(30).nullable().optional(),
  phone: z.string().trim().min(5, '请填写联系电话').max(30),
});
export type TBranchOfficeInput = z.input<typeof ZBranchOfficeInput>;

const admin = ['agency_admin'] as const;

// --- Endpoints ---

export const branchOfficesApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/v1/branch-offices',
    access: { roles: 'any' },
    tags: ['units'],
    summary: '经办网点名录（地址、联络员、电话）',
    responses: { 200: z.object({ items: z.array(ZBranchOffice) }) },
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/v1/branch-offices',
    access: { roles: admin },
    tags: ['units'],
    summary: '新增经办网点',
    body: ZBranchOfficeInput,
    responses: { 201: ZBranchOffice },
  }),
  update: endpoint({
    method: 'PATCH',
    path: '/api/v1/branch-offices/:id',
    access: { roles: admin, params: { id: 'branch_office' } },
    tags: ['units'],
    summary: '修改经办网点',
    params: ZIdParams,
    body: ZBranchOfficeInput.partial(),
    responses: { 200: ZBranchOffice },
  }),
  remove: endpoint({
    method: 'DELETE',
    path: '/api/v1/branch-offices/:id',
    access: { roles: admin, params: { id: 'branch_office' } },
    tags: ['units'],
    summary: '删除经办网点',
    params: ZIdParams,
    responses: { 204: z.null() },
  }),
};

import { DOCUMENT_TYPE_CODES, HUKOU_SPECIAL_CASE_CODES, HUKOU_TYPES, STOP_REASONS } from '@canbao/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams, ZPageQuery, ZPaged, errorResponses } from '../../http';
import { sendXlsx } from '../../xlsx-export';
import { PHOTO_LIMITS, deletePhoto, getPhoto, savePhoto } from './person-photo';
import { ZPersonDetail, ZPersonListItem } from './persons.presenter';
import {
  addExemption,
  exportPersons,
  findPersons,
  getPerson,
  getTimeline,
  registerPerson,
  removeExemption,
  revealPerson,
  setRealDocument,
  stopPerson,
  transferPerson,
  updatePerson,
} from './persons.service';

const ZDay = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });
const text = (max: number) => z.string().trim().max(max).nullable().optional();
const ZYear = z.int().min(1900).max(2100);
const ZDocumentType = z.enum(DOCUMENT_TYPE_CODES as unknown as [string, ...string[]], { message: '证件类型代码不正确' });

const ZPersonFields = z.object({
  name: z.string().trim().min(1, '请填写姓名').max(70),
  gender: z.enum(['male', 'female']).optional(),
  birthDate: ZDay.optional(),
  ethnicity: text(20),
  hukouType: z.enum(HUKOU_TYPES, { message: '户籍类型应为 本市城镇 / 本市农村 / 外地' }),
  hukouDistrictCode: z.string().regex(/^\d{6}$/, '户籍区县代码应为 6 位数字').nullable().optional(),
  hukouStreetCode: z.string().regex(/^\d{9}$/, '户籍街道代码应为 9 位数字').nullable().optional(),
  hukouAddress: text(200),
  hukouSpecialCase: z.enum(HUKOU_SPECIAL_CASE_CODES).nullable().optional(),
  residencePermitSince: ZDay.nullable().optional(),
  phone: text(30),
  guardian: z.object({ name: z.string().trim().min(1).max(70), relation: text(20), phone: text(30) }).nullable().optional(),
  gradeCode: z.string().regex(/^\d{2}$/, '年级代码应为两位数字（01–06 小学 …）').nullable().optional(),
  className: text(30),
  studentNumber: text(40),
  entryYear: ZYear.nullable().optional(),
  expectedGraduationYear: ZYear.nullable().optional(),
  designatedInstitutions: z.array(z.string().trim().min(1).max(100)).max(5, '定点医疗机构最多 5 家').optional(),
  cardStatus: z.enum(['unknown', 'none', 'in_production', 'issued']).optional(),
  pointsEligibility: z.object({ appliedOn: ZDay, approved: z.boolean(), decidedOn: ZDay.nullable().optional() }).nullable().optional(),
});

const ZRegisterBody = ZPersonFields.extend({
  documentType: ZDocumentType,
  documentNumber: z.string().trim().min(1).max(40).optional(),
  temporaryNumber: z.boolean().optional(),
  unitId: z.uuid().optional(),
});

/** The filters of the persons list and its export. */
const ZPersonListFilter = z.object({
  q: z.string().trim().max(40).optional(),
  unitId: z.uuid().optional(),
  gradeCode: z.string().regex(/^\d{2}$/).optional(),
  className: z.string().trim().max(30).optional(),
  status: z.enum(['active', 'stopped']).optional(),
});

const person = { roles: ['agency_admin', 'unit_operator'] as const, params: { id: 'person' as const } };
const readers = { roles: 'any' as const, params: { id: 'person' as const } };

export const personsRoutes: FastifyPluginAsyncZod = async (app) => {
  // Photos arrive as the raw image; the size limit is checked by inspectPhoto() with a precise message.
  app.addContentTypeParser(['image/jpeg', 'image/png'], { parseAs: 'buffer', bodyLimit: 2 * PHOTO_LIMITS.maxBytes }, (_req, body, done) => done(null, body));

  app.get(
    '/api/v1/persons',
    {
      config: { access: { roles: ['agency_admin', 'unit_operator', 'collector'] } },
      schema: {
        tags: ['persons'],
        summary: '参保人员列表（证件号码、电话脱敏）；q 可为姓名、完整证件号码、学号或班级',
        querystring: ZPageQuery.extend(ZPersonListFilter.shape),
        response: { 200: ZPaged(ZPersonListItem), ...errorResponses },
      },
    },
    (request) => request.scoped((ctx) => findPersons(ctx, request.query)),
  );

  app.get(
    '/api/v1/persons/export',
    {
      config: { access: { roles: ['agency_admin', 'unit_operator', 'collector'] } },
      schema: {
        tags: ['persons'],
        summary: '导出参保人员（xlsx，筛选条件同列表；证件号码、电话脱敏；记入审计日志）',
        querystring: ZPersonListFilter,
      },
    },
    (request, reply) => sendXlsx(reply, (send) => request.scoped((ctx) => send(exportPersons(ctx, request.query)))),
  );

  app.post(
    '/api/v1/persons',
    {
      config: { access: { roles: ['agency_admin', 'unit_operator'] } },
      schema: {
        tags: ['persons'],
        summary: '参保人员基本信息登记（同一证件号码在本统筹区只能登记一次；已停保人员由新单位转入）',
        body: ZRegisterBody,
        response: { 201: z.object({ person: ZPersonDetail, transferredIn: z.boolean() }), ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await request.scoped((ctx) => registerPerson(ctx, request.body))),
  );

  app.get(
    '/api/v1/persons/:id',
    {
      config: { access: { roles: ['agency_admin', 'unit_operator', 'collector'], params: { id: 'person' } } },
      schema: { tags: ['persons'], summary: '人员详情（脱敏）', params: ZIdParams, response: { 200: z.object({ person: ZPersonDetail }), ...errorResponses } },
    },
    (request) => request.scoped(async (ctx) => ({ person: await getPerson(ctx, request.params.id) })),
  );

  app.post(
    '/api/v1/persons/:id/reveal',
    {
      config: { access: person },
      schema: { tags: ['persons'], summary: '查看完整证件号码和电话（记入审计日志）', params: ZIdParams, response: { 200: z.object({ person: ZPersonDetail }), ...errorResponses } },
    },
    (request) => request.scoped(async (ctx) => ({ person: await revealPerson(ctx, request.params.id) })),
  );

  app.patch(
    '/api/v1/persons/:id',
    {
      config: { access: person },
      schema: { tags: ['persons'], summary: '修改人员信息（证件号码推导的出生日期、性别不可改）', params: ZIdParams, body: ZPersonFields.partial(), response: { 200: z.object({ person: ZPersonDetail }), ...errorResponses } },
    },
    (request) => request.scoped(async (ctx) => ({ person: await updatePerson(ctx, request.params.id, request.body) })),
  );

  app.post(
    '/api/v1/persons/:id/stop',
    {
      config: { access: person },
      schema: {
        tags: ['persons'],
        summary: '停保/减员（毕业、迁出、死亡、参加职工医保…），保留历史',
        params: ZIdParams,
        body: z.object({ reason: z.enum(STOP_REASONS, { message: '减员原因不正确' }), date: ZDay.optional(), note: z.string().trim().max(200).optional() }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await request.scoped((ctx) => stopPerson(ctx, request.params.id, request.body));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/persons/:id/transfer',
    {
      config: { access: { roles: ['agency_admin'], params: { id: 'person' } } },
      schema: {
        tags: ['persons'],
        summary: '转移到本统筹区另一单位（经办机构）',
        params: ZIdParams,
        body: z.object({ unitId: z.uuid(), date: ZDay.optional() }),
        response: { 200: z.object({ person: ZPersonDetail }), ...errorResponses },
      },
    },
    (request) => request.scoped(async (ctx) => ({ person: await transferPerson(ctx, request.params.id, request.body) })),
  );

  app.post(
    '/api/v1/persons/:id/document',
    {
      config: { access: person },
      schema: {
        tags: ['persons'],
        summary: '新生儿临时编号换为正式证件号码（记录保持不变）',
        params: ZIdParams,
        body: z.object({ documentType: ZDocumentType, documentNumber: z.string().trim().min(1).max(40) }),
        response: { 200: z.object({ person: ZPersonDetail }), ...errorResponses },
      },
    },
    (request) => request.scoped(async (ctx) => ({ person: await setRealDocument(ctx, request.params.id, request.body) })),
  );

  app.get(
    '/api/v1/persons/:id/timeline',
    {
      config: { access: readers },
      schema: {
        tags: ['persons'],
        summary: '人员单位变动时间线',
        params: ZIdParams,
        response: {
          200: z.object({
            memberships: z.array(z.object({ unitId: z.string(), unitName: z.string(), startedOn: z.string(), endedOn: z.string().nullable(), endReason: z.string().nullable(), endReasonName: z.string().nullable() })),
            events: z.array(z.object({ action: z.string(), at: z.string(), actor: z.string().nullable() })),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => request.scoped((ctx) => getTimeline(ctx, request.params.id)),
  );

  app.post(
    '/api/v1/persons/:id/exemptions',
    {
      config: { access: person },
      schema: {
        tags: ['persons'],
        summary: '登记减免身份（类别须为本统筹区政策方案中的类别）',
        params: ZIdParams,
        body: z.object({
          categoryCode: z.string().trim().min(1).max(64),
          certifyingDepartment: z.string().trim().min(1, '请填写认定部门').max(50),
          certificateName: text(50),
          certificateNumber: text(50),
          validFrom: ZDay,
          validTo: ZDay.nullable().optional(),
          source: z.enum(['department_list', 'document']),
        }),
        response: { 201: z.object({ person: ZPersonDetail }), ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send({ person: await request.scoped((ctx) => addExemption(ctx, request.params.id, request.body)) }),
  );

  app.delete(
    '/api/v1/persons/:id/exemptions/:exemptionId',
    {
      config: { access: { roles: ['agency_admin', 'unit_operator'], params: { id: 'person', exemptionId: 'exemption' } } },
      schema: { tags: ['persons'], summary: '删除减免身份', params: z.object({ id: z.uuid(), exemptionId: z.uuid() }), response: { 204: z.null(), ...errorResponses } },
    },
    async (request, reply) => {
      await request.scoped((ctx) => removeExemption(ctx, request.params.id, request.params.exemptionId));
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/v1/persons/:id/photo',
    {
      config: { access: person },
      schema: {
        tags: ['persons'],
        summary: '上传制卡照片（请求体为 image/jpeg 或 image/png 原始文件，≤1 MB，至少 260×320 像素，竖幅）',
        params: ZIdParams,
        response: {
          200: z.object({ mime: z.string(), width: z.number().int(), height: z.number().int(), sizeBytes: z.number().int(), uploadedAt: z.string() }),
          ...errorResponses,
        },
      },
    },
    (request) => request.scoped((ctx) => savePhoto(ctx, request.params.id, request.body)),
  );

  app.get(
    '/api/v1/persons/:id/photo',
    {
      config: { access: person },
      schema: { tags: ['persons'], summary: '制卡照片（图片）', params: ZIdParams },
    },
    async (request, reply) => {
      const photo = await request.scoped((ctx) => getPhoto(ctx, request.params.id));
      return reply.type(photo.mime).header('etag', `"${photo.etag}"`).header('cache-control', 'private, no-store').send(photo.content);
    },
  );

  app.delete(
    '/api/v1/persons/:id/photo',
    {
      config: { access: person },
      schema: { tags: ['persons'], summary: '删除制卡照片', params: ZIdParams, response: { 204: z.null(), ...errorResponses } },
    },
    async (request, reply) => {
      await request.scoped((ctx) => deletePhoto(ctx, request.params.id));
      return reply.code(204).send(null);
    },
  );
};

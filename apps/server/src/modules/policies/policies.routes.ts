import { HUKOU_TYPES, SCHOOL_LEVELS } from '@canbao/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../context';
import { errorResponses } from '../../http';
import { ZFeeQuoteResponse, ZProfileDetail, ZProfileSummary } from './policies.presenter';
import { findProfiles, getProfile, quote, updateProfile } from './policies.service';

const ZProfileParams = z.object({ id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, '方案编号格式不正确，如 suzhou-2019') });
const ZDay = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });

export const ZFeeQuoteBody = z
  .object({
    profile: z.string().min(1, '请选择政策方案').max(64),
    idNumber: z.string().trim().min(1).max(32).optional(),
    birthDate: ZDay.optional(),
    inSchool: z.boolean({ message: '请说明是否在校' }),
    schoolLevel: z.enum(SCHOOL_LEVELS).nullable().optional(),
    hukouType: z.enum(HUKOU_TYPES).optional(),
    exemptions: z.array(z.string().trim().min(1).max(64)).max(10).optional(),
    applyDate: ZDay.optional(),
  })
  .refine((b) => b.idNumber || b.birthDate, { message: '请填写身份证号码或出生日期', path: ['idNumber'] });

export const policiesRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const now = deps.now ?? (() => new Date());
  const { db } = deps.database;

  app.get(
    '/api/v1/profiles',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['policies'],
        summary: '政策方案列表（各统筹区各参保年度的缴费标准、申报期、减免类别）',
        security: [],
        response: { 200: z.object({ items: z.array(ZProfileSummary) }), ...errorResponses },
      },
    },
    async () => ({ items: await findProfiles(db) }),
  );

  app.get(
    '/api/v1/profiles/:id',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['policies'],
        summary: '政策方案详情（当前版本全文与版本历史）',
        security: [],
        params: ZProfileParams,
        response: { 200: ZProfileDetail, ...errorResponses },
      },
    },
    (request) => getProfile(db, request.params.id),
  );

  app.put(
    '/api/v1/profiles/:id',
    {
      config: { access: { roles: ['agency_admin'], params: { id: 'profile' } } },
      schema: {
        tags: ['policies'],
        summary: '保存政策方案新版本（校验通过后生效，旧版本保留）',
        params: ZProfileParams,
        body: z.object({ profile: z.record(z.string(), z.unknown()), note: z.string().trim().min(1, '请填写修改说明').max(500) }),
        response: {
          200: z.object({ version: z.number().int(), warnings: z.array(z.object({ path: z.string(), message: z.string(), severity: z.string() })), outdatedDeclarations: z.number().int() }),
          ...errorResponses,
        },
      },
    },
    (request) => request.scoped((ctx) => updateProfile(ctx, request.params.id, request.body)),
  );

  app.post(
    '/api/v1/fee-quotes',
    {
      config: { access: { public: true }, rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['policies'],
        summary: '缴费标准查询（无需登录，按 IP 限流）',
        security: [],
        body: ZFeeQuoteBody,
        response: { 200: ZFeeQuoteResponse, ...errorResponses },
      },
    },
    (request) => quote(db, request.body, now()),
  );
};

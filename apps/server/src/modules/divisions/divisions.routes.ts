import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../context';
import { errorResponses } from '../../http';
import { AppError, AppErrorCode } from '../../errors';
import { findChildren, getDivision, getDivisionPath } from './divisions.repository';

const ZDivision = z.object({ code: z.string(), name: z.string(), level: z.string(), parentCode: z.string().nullable() });
const present = (d: { code: string; name: string; level: string; parent_code: string | null }) => ({
  code: d.code,
  name: d.name,
  level: d.level,
  parentCode: d.parent_code,
});

/** Administrative divisions (GB/T 2260, province → street): public reference data for pickers. */
export const divisionsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { db } = deps.database;
  app.get(
    '/api/v1/divisions',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['divisions'],
        summary: '行政区划下级列表（不传 parent 为省级）',
        security: [],
        querystring: z.object({ parent: z.string().regex(/^\d{6}(\d{3})?$/, '区划代码应为 6 位或 9 位数字').optional() }),
        response: { 200: z.object({ items: z.array(ZDivision) }), ...errorResponses },
      },
    },
    async (request) => ({ items: (await findChildren(db, request.query.parent ?? null)).map(present) }),
  );
  app.get(
    '/api/v1/divisions/:code',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['divisions'],
        summary: '行政区划及其上级路径',
        security: [],
        params: z.object({ code: z.string().regex(/^\d{6}(\d{3})?$/, '区划代码应为 6 位或 9 位数字') }),
        response: { 200: z.object({ division: ZDivision, path: z.array(z.object({ code: z.string(), name: z.string(), level: z.string() })) }), ...errorResponses },
      },
    },
    async (request) => {
      const d = await getDivision(db, request.params.code);
      if (!d) throw new AppError(AppErrorCode.NOT_FOUND, { message: `行政区划代码 ${request.params.code} 不存在` });
      const path = await getDivisionPath(db, d.code);
      return { division: present(d), path: path.map(({ code, name, level }) => ({ code, name, level })) };
    },
  );
};

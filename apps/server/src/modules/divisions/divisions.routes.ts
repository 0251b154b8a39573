import { divisionsApi, type TDivision } from '@canbao/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../context';
import type { Division } from '../../db/schema/division';
import { serve } from '../../http';
import { AppError, AppErrorCode } from '../../errors';
import { findChildren, getDivision, getDivisionPath } from './divisions.repository';

const present = (d: Pick<Division, 'code' | 'name' | 'level' | 'parent_code'>): TDivision => ({
  code: d.code,
  name: d.name,
  level: d.level,
  parentCode: d.parent_code,
});

/** Administrative divisions (GB/T 2260, province → street): public reference data for pickers. */
export const divisionsRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const { db } = deps.database;
  serve(app, divisionsApi.children, async (request) => ({ items: (await findChildren(db, request.query.parent ?? null)).map(present) }));
  serve(app, divisionsApi.get, async (request) => {
    const d = await getDivision(db, request.params.code);
    if (!d) throw new AppError(AppErrorCode.NOT_FOUND, { message: `行政区划代码 ${request.params.code} 不存在` });
    const path = await getDivisionPath(db, d.code);
    return { division: present(d), path: path.map(({ code, name, level }) => ({ code, name, level })) };
  });
};

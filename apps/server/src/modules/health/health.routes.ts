import { healthApi, type THealthDown } from '@canbao/domain';
import { sql } from 'kysely';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../context';
import { currentMigration } from '../../db/database';
import { serve } from '../../http';

export const healthRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  serve(
    app,
    healthApi.check,
    async (_request, reply) => {
      try {
        await sql`SELECT 1`.execute(deps.database.db);
        return { status: 'ok' as const, db: deps.database.kind, migration: await currentMigration(deps.database.db) };
      } catch {
        const down: THealthDown = { status: 'error', db: deps.database.kind, message: '数据库不可用' };
        return reply.code(503).send(down);
      }
    },
  );
};

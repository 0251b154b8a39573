import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../context';
import { currentMigration } from '../../db/database';

export const healthRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: '健康检查',
        response: {
          200: z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']), migration: z.string().nullable() }),
          503: z.object({ status: z.literal('error'), db: z.enum(['pglite', 'postgres']), message: z.string() }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await sql`SELECT 1`.execute(deps.database.db);
        return { status: 'ok' as const, db: deps.database.kind, migration: await currentMigration(deps.database.db) };
      } catch {
        return reply.code(503).send({ status: 'error' as const, db: deps.database.kind, message: '数据库不可用' });
      }
    },
  );
};

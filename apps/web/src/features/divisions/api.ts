import { divisionsApi, type TDivision, type TDivisionPath } from '@canbao/domain';
import { call } from '../../api/client';

/** Children of a division (GB/T 2260); no parent gives the provinces. Public reference data. */
export async function findDivisions(parentCode: string | null, signal?: AbortSignal): Promise<TDivision[]> {
  return (await call(divisionsApi.children, { query: { parent: parentCode } }, { signal })).items;
}

/** A division and its ancestors, province first. */
export function getDivisionPath(code: string, signal?: AbortSignal): Promise<TDivisionPath> {
  return call(divisionsApi.get, { params: { code } }, { signal });
}

/** A 9-digit street code starts with its 6-digit district code (GB/T 2260 / 统计用区划代码). */
export function splitDivisionCode(code: string | null | undefined): { districtCode: string | null; streetCode: string | null } {
  if (!code) return { districtCode: null, streetCode: null };
  if (/^\d{9}$/.test(code)) return { districtCode: code.slice(0, 6), streetCode: code };
  return { districtCode: code, streetCode: null };
}

/** The deepest code of a district and optional street: what a DivisionPicker holds. */
export function joinDivisionCode(districtCode: string | null | undefined, streetCode: string | null | undefined): string | null {
  return streetCode || districtCode || null;
}

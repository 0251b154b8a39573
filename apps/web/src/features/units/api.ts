import type { TUnitKind } from '@canbao/domain';
import { api, buildUrl } from '../../api/client';
import type { Paged, PageParams, TCoordinator, TUnit } from '../../api/types';

export interface UnitListParams extends PageParams {
  q?: string;
  kind?: TUnitKind | '';
  districtCode?: string;
}

export interface UnitBankInput {
  /** One of SUPPORTED_BANKS. */
  code: string;
  accountNumber: string;
  holder: string;
}

/** POST /units and PATCH /units/:id; null clears an optional field. */
export interface UnitInput {
  name: string;
  kind: TUnitKind;
  /** 6-digit district of the region. */
  districtCode: string;
  /** 9-digit street (乡镇) of that district. */
  streetCode?: string | null;
  uscc?: string | null;
  socialInsuranceCode?: string | null;
  organisationCode?: string | null;
  schoolCode?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  address?: string | null;
  bank?: UnitBankInput | null;
}

/** What a unit operator may change on its own unit. */
export type UnitContactInput = Pick<UnitInput, 'contactName' | 'contactPhone' | 'address'>;

export interface CoordinatorInput {
  name: string;
  gender?: 'male' | 'female' | null;
  department?: string | null;
  title?: string | null;
  officePhone?: string | null;
  mobile?: string | null;
}

const unitPath = (id: string) => `/api/v1/units/${encodeURIComponent(id)}`;

export function findUnits(params: UnitListParams, signal?: AbortSignal): Promise<Paged<TUnit>> {
  return api.get<Paged<TUnit>>('/api/v1/units', { ...params }, signal);
}

/** The xlsx export of the list under the same filters (numbers masked, audited), as a plain link. */
export function unitsExportUrl(filters: Omit<UnitListParams, 'page' | 'pageSize'>): string {
  return buildUrl('/api/v1/units/export', { ...filters });
}

export async function getUnit(id: string, signal?: AbortSignal): Promise<TUnit> {
  const { unit } = await api.get<{ unit: TUnit }>(unitPath(id), undefined, signal);
  return unit;
}

export async function createUnit(input: UnitInput): Promise<TUnit> {
  const { unit } = await api.post<{ unit: TUnit }>('/api/v1/units', input);
  return unit;
}

export async function updateUnit(id: string, input: Partial<UnitInput>): Promise<TUnit> {
  const { unit } = await api.patch<{ unit: TUnit }>(unitPath(id), input);
  return unit;
}

export async function findCoordinators(unitId: string, withHistory: boolean, signal?: AbortSignal): Promise<TCoordinator[]> {
  const { items } = await api.get<{ items: TCoordinator[] }>(
    `${unitPath(unitId)}/coordinators`,
    { history: withHistory ? 'true' : undefined },
    signal,
  );
  return items;
}

export function addCoordinator(unitId: string, input: CoordinatorInput): Promise<TCoordinator> {
  return api.post<TCoordinator>(`${unitPath(unitId)}/coordinators`, input);
}

/** Replaces a coordinator's record: the old one is kept as history (validTo set). */
export function replaceCoordinator(unitId: string, id: string, input: CoordinatorInput): Promise<TCoordinator> {
  return api.put<TCoordinator>(`${unitPath(unitId)}/coordinators/${encodeURIComponent(id)}`, input);
}

export function removeCoordinator(unitId: string, id: string): Promise<void> {
  return api.delete<void>(`${unitPath(unitId)}/coordinators/${encodeURIComponent(id)}`);
}

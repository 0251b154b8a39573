import { unitsApi, type CallInput, type TCoordinator, type TCoordinatorInput, type TUnit, type TUnitInput } from '@canbao/domain';
import { call, urlOf } from '../../api/client';


/** The list's query: page, page size and filters (an empty filter is left out). */
export type UnitListParams = NonNullable<CallInput<typeof unitsApi.list>['query']>;
/** What a unit operator may change on its own unit. */
export type UnitContactInput = Pick<TUnitInput, 'contactName' | 'contactPhone' | 'address'>;
export type UnitInput = TUnitInput;
export type CoordinatorInput = TCoordinatorInput;

export const findUnits = (query: UnitListParams, signal?: AbortSignal) => call(unitsApi.list, { query }, { signal });

/** The xlsx export of the list under the same filters (numbers masked, audited), as a plain link. */
export const unitsExportUrl = (query: NonNullable<CallInput<typeof unitsApi.export>['query']>) => urlOf(unitsApi.export, { query });

export async function getUnit(id: string, signal?: AbortSignal): Promise<TUnit> {
  return (await call(unitsApi.get, { params: { id } }, { signal })).unit;
}

export async function createUnit(input: TUnitInput): Promise<TUnit> {
  return (await call(unitsApi.create, { body: input })).unit;
}

export async function updateUnit(id: string, input: Partial<TUnitInput>): Promise<TUnit> {
  return (await call(unitsApi.update, { params: { id }, body: input })).unit;
}

export async function findCoordinators(unitId: string, withHistory: boolean, signal?: AbortSignal): Promise<TCoordinator[]> {
  return (await call(unitsApi.coordinators, { params: { id: unitId }, query: { history: withHistory ? 'true' : undefined } }, { signal })).items;
}

export const addCoordinator = (unitId: string, input: TCoordinatorInput) => call(unitsApi.addCoordinator, { params: { id: unitId }, body: input });

/** Replaces a coordinator's record: the old one is kept as history (validTo set). */
export const replaceCoordinator = (unitId: string, id: string, input: TCoordinatorInput) =>
  call(unitsApi.replaceCoordinator, { params: { unitId, id }, body: input });

export const removeCoordinator = (unitId: string, id: string) => call(unitsApi.removeCoordinator, { params: { unitId, id } });

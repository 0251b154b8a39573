import type { TUnitNaming } from '@canbao/domain';
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import {
  addCoordinator,
  createUnit,
  findCoordinators,
  findUnits,
  getUnit,
  removeCoordinator,
  replaceCoordinator,
  updateUnit,
  type CoordinatorInput,
  type UnitInput,
  type UnitListParams,
} from '../api';
import { useRegionProfile } from '../../policies/hooks/use-profiles';

export function useUnits(params: UnitListParams) {
  return useQuery({
    queryKey: queryKeys.units.list(params),
    queryFn: ({ signal }) => findUnits(params, signal),
    placeholderData: keepPreviousData,
  });
}

const unitOptionsQuery = (enabled: boolean) =>
  queryOptions({
    queryKey: queryKeys.units.options,
    queryFn: ({ signal }) => findUnits({ page: 1, pageSize: 200 }, signal),
    staleTime: 5 * 60_000,
    enabled,
  });

/** Units for a select box (the API's largest page). */
export function useUnitOptions(enabled = true) {
  return useQuery({ ...unitOptionsQuery(enabled), select: (data) => data.items });
}

/** The same page of units with its `total`, for a caller that must know whether every unit is in it. */
export function useUnitOptionsPage(enabled = true) {
  return useQuery(unitOptionsQuery(enabled));
}

export function useUnit(id: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.units.detail(id ?? ''),
    queryFn: ({ signal }) => getUnit(id ?? '', signal),
    enabled: Boolean(id),
  });
}

export function useCreateUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUnit,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.units.all }),
  });
}

export function useUpdateUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: Partial<UnitInput> }) => updateUnit(id, input),
    onSuccess: (unit) => {
      queryClient.setQueryData(queryKeys.units.detail(unit.id), unit);
      return queryClient.invalidateQueries({ queryKey: queryKeys.units.all });
    },
  });
}

export function useCoordinators(unitId: string, withHistory: boolean) {
  return useQuery({
    queryKey: queryKeys.units.coordinators(unitId, withHistory),
    queryFn: ({ signal }) => findCoordinators(unitId, withHistory, signal),
    placeholderData: keepPreviousData,
  });
}

/** Add, replace or remove a coordinator of one unit; every change refreshes both the current and the history list. */
export function useCoordinatorMutations(unitId: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.units.coordinators(unitId, false).slice(0, 3) });
  return {
    add: useMutation({ mutationFn: (input: CoordinatorInput) => addCoordinator(unitId, input), onSuccess: refresh }),
    replace: useMutation({
      mutationFn: ({ id, input }: { id: string; input: CoordinatorInput }) => replaceCoordinator(unitId, id, input),
      onSuccess: refresh,
    }),
    remove: useMutation({ mutationFn: (id: string) => removeCoordinator(unitId, id), onSuccess: refresh }),
  };
}

/** The region's own unit naming rule (from its profile); undefined while loading and where it has none. */
export function useRegionUnitNaming(): TUnitNaming | undefined {
  return useRegionProfile()?.unitNaming;
}

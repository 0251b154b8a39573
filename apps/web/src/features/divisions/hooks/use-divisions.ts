import type { TDivision } from '@canbao/domain';
import { useQueries, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { findDivisions, getDivisionPath } from '../api';

/** Divisions change once a year at most: keep them for the whole session. */
const REFERENCE_DATA = { staleTime: Infinity, gcTime: 60 * 60_000 } as const;

function childrenQuery(parentCode: string | null) {
  return {
    queryKey: queryKeys.divisions.children(parentCode ?? ''),
    queryFn: ({ signal }: { signal: AbortSignal }) => findDivisions(parentCode, signal),
    ...REFERENCE_DATA,
  };
}

export function useDivisionChildren(parentCode: string | null, enabled = true) {
  return useQuery({ ...childrenQuery(parentCode), enabled });
}

// Module-level so that TanStack keeps the combined result stable while the queries do not change.
function combineChildren(results: UseQueryResult<TDivision[]>[]) {
  return { data: results.map((r) => r.data), isError: results.some((r) => r.isError) };
}

/** The children of several divisions at once, in the order of `parentCodes` (null for the provinces). */
export function useDivisionChildrenOf(parentCodes: readonly (string | null)[]) {
  return useQueries({ queries: parentCodes.map(childrenQuery), combine: combineChildren });
}

/** A division with its ancestors (for showing a stored code as 江苏省 / 苏州市 / 姑苏区 / 双塔街道). */
export function useDivisionPath(code: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.divisions.path(code ?? ''),
    queryFn: ({ signal }) => getDivisionPath(code ?? '', signal),
    enabled: Boolean(code),
    ...REFERENCE_DATA,
  });
}

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import {
  confirmDeclarations,
  declareBatch,
  findDeclarations,
  getCampaignProgress,
  getCampaignYears,
  getDeclaration,
  removeDeclaration,
  type DeclarationListParams,
} from '../api';

export function useCampaignYears() {
  return useQuery({ queryKey: queryKeys.declarations.campaignYears, queryFn: ({ signal }) => getCampaignYears(signal), staleTime: 5 * 60_000 });
}

/** The year's progress; refreshed every minute while the page is open (payments arrive all day). */
export function useCampaignProgress(year: number | undefined) {
  return useQuery({
    queryKey: queryKeys.declarations.progress(year ?? 0),
    queryFn: ({ signal }) => getCampaignProgress(year!, signal),
    enabled: year !== undefined,
    refetchInterval: 60_000,
  });
}

export function useDeclarations(params: DeclarationListParams, enabled = true) {
  return useQuery({
    queryKey: queryKeys.declarations.list(params),
    queryFn: ({ signal }) => findDeclarations(params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useDeclaration(id: string | null) {
  return useQuery({
    queryKey: queryKeys.declarations.detail(id ?? ''),
    queryFn: ({ signal }) => getDeclaration(id ?? '', signal),
    enabled: Boolean(id),
  });
}

/** Declaring, removing and confirming change lists, summaries, settlements-to-be and persons' histories. */
export function useDeclarationMutations() {
  const queryClient = useQueryClient();
  const settle = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.declarations.all }),
      queryClient.invalidateQueries({ queryKey: queryKeys.persons.all, refetchType: 'active' }),
    ]);
  return {
    declare: useMutation({ mutationFn: declareBatch, onSuccess: settle }),
    remove: useMutation({ mutationFn: ({ id, reason }: { id: string; reason: string }) => removeDeclaration(id, reason), onSuccess: settle }),
    confirm: useMutation({ mutationFn: confirmDeclarations, onSuccess: settle }),
  };
}

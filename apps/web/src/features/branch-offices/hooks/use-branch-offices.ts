import type { TBranchOfficeInput } from '@canbao/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { createBranchOffice, deleteBranchOffice, findBranchOffices, updateBranchOffice } from '../api';

export function useBranchOffices() {
  return useQuery({
    queryKey: queryKeys.branchOffices.list,
    queryFn: ({ signal }) => findBranchOffices(signal),
  });
}

/** Create, update and delete; each refreshes the directory. */
export function useBranchOfficeMutations() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.branchOffices.all });
  return {
    create: useMutation({ mutationFn: createBranchOffice, onSuccess: refresh }),
    update: useMutation({
      mutationFn: ({ id, input }: { id: string; input: Partial<TBranchOfficeInput> }) => updateBranchOffice(id, input),
      onSuccess: refresh,
    }),
    remove: useMutation({ mutationFn: deleteBranchOffice, onSuccess: refresh }),
  };
}

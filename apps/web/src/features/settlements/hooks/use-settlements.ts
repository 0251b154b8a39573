import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import {
  cancelSettlement,
  createSettlement,
  findNotices,
  findSettlements,
  getSettlement,
  recordUnitPayment,
  type SettlementListParams,
  type UnitPaymentInput,
} from '../api';

export function useSettlements(params: SettlementListParams, enabled = true) {
  return useQuery({ queryKey: queryKeys.settlements.list(params), queryFn: ({ signal }) => findSettlements(params, signal), enabled });
}

export function useSettlement(id: string) {
  return useQuery({ queryKey: queryKeys.settlements.detail(id), queryFn: ({ signal }) => getSettlement(id, signal) });
}

/** The notices of a settlement, all or one class ('' for all). */
export function useNotices(id: string, className: string, enabled = true) {
  return useQuery({ queryKey: queryKeys.settlements.notices(id, className), queryFn: ({ signal }) => findNotices(id, className, signal), enabled });
}

/** A settlement freezes or frees declarations, so both lists refresh after every change. */
export function useSettlementMutations() {
  const queryClient = useQueryClient();
  const settle = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.settlements.all }),
      queryClient.invalidateQueries({ queryKey: queryKeys.declarations.all }),
    ]);
  return {
    create: useMutation({ mutationFn: createSettlement, onSuccess: settle }),
    cancel: useMutation({ mutationFn: ({ id, reason }: { id: string; reason: string }) => cancelSettlement(id, reason), onSuccess: settle }),
    recordPayment: useMutation({ mutationFn: ({ id, input }: { id: string; input: UnitPaymentInput }) => recordUnitPayment(id, input), onSuccess: settle }),
  };
}

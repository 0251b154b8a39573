import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import type { TResolveInput } from '@canbao/domain';
import { findDailyTotals, findReceiptCounts, findReconciliationItems, resolveReconciliationItem, type DailyTotalsParams, type ReconciliationItemParams } from '../api';

export function useReconciliationItems(params: ReconciliationItemParams, enabled = true) {
  return useQuery({
    queryKey: queryKeys.reconciliation.items(params),
    queryFn: ({ signal }) => findReconciliationItems(params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useDailyTotals(params: DailyTotalsParams, enabled = true) {
  return useQuery({
    queryKey: queryKeys.reconciliation.daily(params),
    queryFn: ({ signal }) => findDailyTotals(params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/**
 * 票据统计 of a year: the server numbers any waiting receipts first, so the counts follow the latest payments.
 * Receipts are issued in the background after every payment, whoever records it: always fetched again on showing.
 */
export function useReceiptCounts(year: number, enabled = true) {
  return useQuery({
    queryKey: queryKeys.receipts.counts(year),
    queryFn: ({ signal }) => findReceiptCounts(year, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
    enabled,
  });
}

/** Resolving an item changes the counts, and a refund resolution opens a refund. */
export function useResolveItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: TResolveInput }) => resolveReconciliationItem(id, input),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.reconciliation.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.refunds.all }),
      ]),
  });
}

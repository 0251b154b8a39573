import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { decideRefund, findPayments, findRefunds, markRefunded, requestRefund, type PaymentSearchParams, type RefundListParams, type RequestRefundInput } from '../api';

export function useRefunds(params: RefundListParams) {
  return useQuery({
    queryKey: queryKeys.refunds.list(params),
    queryFn: ({ signal }) => findRefunds(params, signal),
    placeholderData: keepPreviousData,
  });
}

/** Payments matching a transaction id or a person's name; nothing is asked before something is typed. */
export function usePaymentSearch(params: PaymentSearchParams) {
  return useQuery({
    queryKey: queryKeys.refunds.payments(params),
    queryFn: ({ signal }) => findPayments(params, signal),
    enabled: Boolean(params.q),
  });
}

/** Every refund change moves the list, the payments' refunded amounts and the daily totals. */
export function useRefundMutations() {
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.refunds.all }),
      queryClient.invalidateQueries({ queryKey: queryKeys.reconciliation.all }),
    ]);
  return {
    request: useMutation({ mutationFn: (input: RequestRefundInput) => requestRefund(input), onSuccess: refresh }),
    decide: useMutation({ mutationFn: ({ id, approve, note }: { id: string; approve: boolean; note: string }) => decideRefund(id, { approve, note }), onSuccess: refresh }),
    markRefunded: useMutation({ mutationFn: ({ id, reference }: { id: string; reference: string }) => markRefunded(id, reference), onSuccess: refresh }),
  };
}

import { useMutation, useQuery } from '@tanstack/react-query';
import { isApiError } from '../../../api/client';
import type { TPayDetails, TSandboxScenario } from '@canbao/domain';
import { createFamilyOrder, createPayOrder, getFamilyDue, getFamilyOrderStatus, getFamilyStatus, getPayDetails, getPayGreeting, getSandboxOrder, lookupReceipts, paySandboxOrder, verifyReceipt } from '../api';

/** Public keys of the money flow; nothing here depends on a session. */
export const payKeys = {
  greeting: (token: string) => ['pay', 'greeting', token] as const,
  details: (token: string, name: string) => ['pay', 'details', token, name] as const,
  sandboxOrder: (outTradeNo: string) => ['pay', 'sandbox-order', outTradeNo] as const,
  receipt: (number: string, code: string) => ['pay', 'receipt', number, code] as const,
};

/** A wrong token (404) or a name refused (400) will not change by asking again. */
function retryUnlessClientError(failureCount: number, error: unknown) {
  return !(isApiError(error) && error.isClientError) && failureCount < 2;
}

export function usePayGreeting(token: string) {
  return useQuery({ queryKey: payKeys.greeting(token), queryFn: ({ signal }) => getPayGreeting(token, signal), retry: retryUnlessClientError, refetchOnWindowFocus: false });
}

/**
 * The notice's details for a confirmed name. A POST that only reads (and asks the channel about pending orders),
 * so a query: `refetchInterval` polls it while the page waits for a payment.
 */
export function usePayDetails(token: string, name: string | null, refetchInterval: (data: TPayDetails | undefined, fetches: number) => number | false) {
  return useQuery({
    queryKey: payKeys.details(token, name ?? ''),
    queryFn: () => getPayDetails(token, name ?? ''),
    enabled: Boolean(name),
    retry: false,
    refetchOnWindowFocus: false,
    // A refused name, a missing notice or the rate limit end the polling; a passing failure (5xx, network) does not.
    refetchInterval: (query) =>
      isApiError(query.state.error) && query.state.error.isClientError ? false : refetchInterval(query.state.data, query.state.dataUpdateCount + query.state.errorUpdateCount),
  });
}

export function useCreatePayOrder(token: string) {
  return useMutation({ mutationFn: (name: string) => createPayOrder(token, { name, channel: 'sandbox' }) });
}

export function useSandboxOrder(outTradeNo: string) {
  return useQuery({ queryKey: payKeys.sandboxOrder(outTradeNo), queryFn: ({ signal }) => getSandboxOrder(outTradeNo, signal), retry: retryUnlessClientError, refetchOnWindowFocus: false });
}

export function usePaySandboxOrder(outTradeNo: string) {
  return useMutation({ mutationFn: (scenario: TSandboxScenario) => paySandboxOrder(outTradeNo, scenario) });
}

export function useVerifyReceipt(number: string, code: string) {
  return useQuery({
    queryKey: payKeys.receipt(number, code),
    queryFn: ({ signal }) => verifyReceipt(number, code, signal),
    enabled: Boolean(number && code),
    retry: retryUnlessClientError,
    refetchOnWindowFocus: false,
  });
}

export function useLookupReceipts() {
  return useMutation({ mutationFn: lookupReceipts });
}

export function useFamilyStatus() {
  return useMutation({ mutationFn: getFamilyStatus });
}

export function useFamilyDue() {
  return useMutation({ mutationFn: getFamilyDue });
}

export function useCreateFamilyOrder() {
  return useMutation({ mutationFn: createFamilyOrder });
}

/** The family order back from the cashier, asked every 2 s until paid (about a minute at most). */
export function useFamilyOrderStatus(outTradeNo: string | null) {
  return useQuery({
    queryKey: ['pay', 'family-order', outTradeNo ?? ''] as const,
    queryFn: ({ signal }) => getFamilyOrderStatus(outTradeNo ?? '', signal),
    enabled: Boolean(outTradeNo),
    retry: retryUnlessClientError,
    refetchOnWindowFocus: false,
    refetchInterval: (query) => (query.state.data?.status === 'pending' && query.state.dataUpdateCount < 25 ? 2000 : false),
  });
}

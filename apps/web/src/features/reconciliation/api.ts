import { paymentsApi, reconciliationApi, type CallInput, type TDailyTotal, type TReceiptCount, type TResolveInput } from '@canbao/domain';
import { call } from '../../api/client';

/** The exceptions' query: year, status, kind and import job (an empty filter is left out). */
export type ReconciliationItemParams = NonNullable<CallInput<typeof reconciliationApi.items>['query']>;
export type DailyTotalsParams = CallInput<typeof reconciliationApi.daily>['query'];

export const findReconciliationItems = (query: ReconciliationItemParams, signal?: AbortSignal) => call(reconciliationApi.items, { query }, { signal });

export const resolveReconciliationItem = (id: string, input: TResolveInput) => call(reconciliationApi.resolveItem, { params: { id }, body: input });

export async function findDailyTotals(query: DailyTotalsParams, signal?: AbortSignal): Promise<TDailyTotal[]> {
  return (await call(reconciliationApi.daily, { query }, { signal })).items;
}

export async function findReceiptCounts(year: number, signal?: AbortSignal): Promise<TReceiptCount[]> {
  return (await call(paymentsApi.receiptCounts, { query: { year } }, { signal })).items;
}

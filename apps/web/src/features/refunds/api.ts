import { reconciliationApi, type CallInput, type TDecideRefundInput, type TPayment, type TRefund, type TRequestRefundInput } from '@canbao/domain';
import { call } from '../../api/client';

export type RefundListParams = NonNullable<CallInput<typeof reconciliationApi.refunds>['query']>;
/** The payments' query: the year and a transaction id (exact) or a person's name (exact). */
export type PaymentSearchParams = CallInput<typeof reconciliationApi.payments>['query'];
export type RequestRefundInput = TRequestRefundInput;

export async function findRefunds(query: RefundListParams, signal?: AbortSignal): Promise<TRefund[]> {
  return (await call(reconciliationApi.refunds, { query }, { signal })).items;
}

export async function findPayments(query: PaymentSearchParams, signal?: AbortSignal): Promise<TPayment[]> {
  return (await call(reconciliationApi.payments, { query }, { signal })).items;
}

export const requestRefund = (input: TRequestRefundInput) => call(reconciliationApi.requestRefund, { body: input });

export const decideRefund = (id: string, input: TDecideRefundInput) => call(reconciliationApi.decideRefund, { params: { id }, body: input });

export const markRefunded = (id: string, reference: string) => call(reconciliationApi.markRefunded, { params: { id }, body: { reference } });

import { paymentsApi, type TFamilyDueInput, type TFamilyOrderInput, type TFamilyStatusInput, type TPayOrderInput, type TReceiptListItem, type TReceiptLookupInput, type TSandboxScenario } from '@canbao/domain';
import { call } from '../../api/client';

/**
 * The public money flow (no login): the family's pay page by the notice's token, the sandbox wallet's cashier,
 * receipt verification and lookup, and the family's coverage status.
 */

export const getPayGreeting = (token: string, signal?: AbortSignal) => call(paymentsApi.payGreeting, { params: { token } }, { signal });

/** Confirms the child's name (400 when it is not the notice's) and asks the channels about pending orders. */
export const getPayDetails = (token: string, name: string) => call(paymentsApi.payDetails, { params: { token }, body: { name } });

export const createPayOrder = (token: string, input: TPayOrderInput) => call(paymentsApi.payOrder, { params: { token }, body: input });

export const getSandboxOrder = (outTradeNo: string, signal?: AbortSignal) => call(paymentsApi.sandboxOrder, { params: { outTradeNo } }, { signal });

export const paySandboxOrder = (outTradeNo: string, scenario: TSandboxScenario) => call(paymentsApi.sandboxPay, { params: { outTradeNo }, body: { scenario } });

export const verifyReceipt = (number: string, code: string, signal?: AbortSignal) => call(paymentsApi.verifyReceipt, { query: { number, code } }, { signal });

export async function lookupReceipts(input: TReceiptLookupInput): Promise<TReceiptListItem[]> {
  return (await call(paymentsApi.lookupReceipts, { body: input })).items;
}

export const getFamilyStatus = (input: TFamilyStatusInput) => call(paymentsApi.familyStatus, { body: input });

/** 为家人缴费: what a household (and persons named) owes, one order for it all, and that order back from the cashier. */
export const getFamilyDue = (input: TFamilyDueInput) => call(paymentsApi.familyDue, { body: input });
export const createFamilyOrder = (input: TFamilyOrderInput) => call(paymentsApi.familyOrder, { body: input });
export const getFamilyOrderStatus = (outTradeNo: string, signal?: AbortSignal) => call(paymentsApi.familyOrderStatus, { params: { outTradeNo } }, { signal });

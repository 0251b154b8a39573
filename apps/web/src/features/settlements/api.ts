import { paymentsApi, reconciliationApi, type CallInput, type TBankCode, type TCreateSettlementInput, type TNotices, type TSettlement, type TUnitPaymentInput } from '@canbao/domain';
import { call, downloadFrom, type DownloadedFile } from '../../api/client';

/** The list's query: the year and filters (an empty filter is left out). */
export type SettlementListParams = CallInput<typeof paymentsApi.settlements>['query'];
export type CreateSettlementInput = TCreateSettlementInput;
export type UnitPaymentInput = TUnitPaymentInput;

export async function findSettlements(query: SettlementListParams, signal?: AbortSignal): Promise<TSettlement[]> {
  return (await call(paymentsApi.settlements, { query }, { signal })).items;
}

export const getSettlement = (id: string, signal?: AbortSignal) => call(paymentsApi.settlement, { params: { id } }, { signal });

export const createSettlement = (input: TCreateSettlementInput) => call(paymentsApi.createSettlement, { body: input });

export const cancelSettlement = (id: string, reason: string) => call(paymentsApi.cancelSettlement, { params: { id }, body: { reason } });

/** The notices of a settlement, all or one class ('' for all). */
export function findNotices(id: string, className: string, signal?: AbortSignal): Promise<TNotices> {
  return call(paymentsApi.notices, { params: { id }, query: { className } }, { signal });
}

export const recordUnitPayment = (id: string, input: TUnitPaymentInput) => call(paymentsApi.recordUnitPayment, { params: { id }, body: input });

/**
 * 银行代扣文件 of one bank: the settlements it deducts (unit total by bank deduction, awaiting payment) with each
 * unit's account and the sum due; xlsx, audited. Small (one row per settlement), so read whole: a refusal shows
 * as the API's message.
 */
export function downloadDeductionFile(year: number, bankCode: TBankCode): Promise<DownloadedFile> {
  return downloadFrom(reconciliationApi.deductionFile, { query: { year, bankCode } }, `deduction_${bankCode}_${year}.xlsx`);
}

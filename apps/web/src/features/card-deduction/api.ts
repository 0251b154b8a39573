import { cardDeductionApi, type TBankCode, type TCardDeductionBank, type TDeductionAgreement, type TDeductionAgreementInput } from '@canbao/domain';
import { call, downloadFrom, type DownloadedFile } from '../../api/client';

/** The person's live 银行卡代扣协议, or null; the account comes masked. */
export async function getDeductionAgreement(personId: string, signal?: AbortSignal): Promise<TDeductionAgreement | null> {
  return (await call(cardDeductionApi.agreement, { params: { id: personId } }, { signal })).agreement;
}

/** 签订 or 更换: the old agreement is revoked and kept by the server. */
export async function signDeductionAgreement(personId: string, input: TDeductionAgreementInput): Promise<TDeductionAgreement | null> {
  return (await call(cardDeductionApi.signAgreement, { params: { id: personId }, body: input })).agreement;
}

export async function revokeDeductionAgreement(personId: string): Promise<void> {
  await call(cardDeductionApi.revokeAgreement, { params: { id: personId } });
}

/** Per bank: live agreements and what its file would list this year. */
export async function findCardDeductionBanks(year: number, signal?: AbortSignal): Promise<TCardDeductionBank[]> {
  return (await call(cardDeductionApi.banks, { query: { year } }, { signal })).items;
}

/**
 * 个人代扣文件 of one bank (xlsx, full numbers, audited). Read whole so a refusal shows as the API's message; it holds
 * one line per person due, a few thousand at most per bank.
 */
export function downloadCardDeductionFile(year: number, bankCode: TBankCode): Promise<DownloadedFile> {
  return downloadFrom(cardDeductionApi.file, { query: { year, bankCode } }, `card_deduction_${bankCode}_${year}.xlsx`);
}

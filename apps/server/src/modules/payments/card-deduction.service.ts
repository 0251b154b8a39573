import {
  BANK_NAMES,
  OFFLINE_CHANNELS,
  maskBankAccount,
  maskIdNumber,
  type TCardDeductionBank,
  type TDeductionAgreement,
  type TDeductionAgreementAnswer,
} from '@canbao/domain';
import type { ServiceContext } from '../../context';
import type { DeductionAgreement } from '../../db/schema/deduction-agreement';
import { AppError, AppErrorCode, fieldError } from '../../errors';
import { shanghaiToday } from '../../time';
import { streamXlsx, type ExportColumn, type XlsxExport } from '../../xlsx-export';
import { audit } from '../audit/audit.service';
import * as repo from './card-deduction.repository';

/**
 * 银行卡代扣 (Nantong 004 五, channel 7): a person's deduction agreement, kept by the agency or the unit holding the
 * person, and the agency's deduction file per bank. The bank fills in the file (transaction number, time, result)
 * and sends it back; it is imported as a paid roster, which records each deducted line once (channel + transaction
 * number) and skips the failed ones. The account is in full only in that file; everything else masks it.
 */

/** The agreement as every answer shows it. */
function present(a: DeductionAgreement): TDeductionAgreement {
  return {
    personId: a.person_id,
    bankCode: a.bank_code,
    bankName: BANK_NAMES[a.bank_code] ?? a.bank_code,
    accountNumberMasked: maskBankAccount(a.account_number),
    accountHolder: a.account_holder,
    holderIdNumberMasked: a.holder_document_number ? maskIdNumber(a.holder_document_number) : null,
    signedOn: a.signed_on,
    createdBy: a.created_by,
    createdAt: a.created_at.toISOString(),
  };
}

/** What an audit row keeps of an agreement: nothing in full. */
const audited = (a: DeductionAgreement) => ({
  bankCode: a.bank_code,
  accountNumber: maskBankAccount(a.account_number),
  accountHolder: a.account_holder,
  holderIdNumber: a.holder_document_number ? maskIdNumber(a.holder_document_number) : null,
  signedOn: a.signed_on,
});

/** A unit asking for another unit's person (or anyone for another region's) learns only that there is none. */
async function requirePerson(ctx: ServiceContext, id: string) {
  const person = await repo.personInScope(ctx.db, ctx.scope, id);
  if (!person) throw new AppError(AppErrorCode.NOT_FOUND, { message: '人员不存在' });
  return person;
}

export async function getAgreement(ctx: ServiceContext, personId: string): Promise<TDeductionAgreementAnswer> {
  await requirePerson(ctx, personId);
  const live = await repo.liveAgreement(ctx.db, ctx.scope.regionCode, personId);
  return { agreement: live ? present(live) : null };
}

export type AgreementInput = {
  bankCode: string;
  accountNumber: string;
  accountHolder: string;
  holderIdNumber?: string | null | undefined;
  signedOn: string;
};

/**
 * 签订 or 更换: the new agreement becomes the live one; the one it replaces is revoked and kept. The same agreement
 * sent again changes nothing (a retried request, or two clerks saving the same form).
 */
export async function signAgreement(ctx: ServiceContext, personId: string, input: AgreementInput): Promise<TDeductionAgreementAnswer> {
  const person = await requirePerson(ctx, personId);
  if (person.status !== 'active') throw new AppError(AppErrorCode.CONFLICT, { message: `${person.name} 已减员，不能签订银行卡代扣协议` });
  const today = shanghaiToday(ctx.now);
  if (input.signedOn > today) throw fieldError('signedOn', `签约日期 ${input.signedOn} 晚于今天，请填写实际签约的日期`);
  if (input.signedOn < '2000-01-01') throw fieldError('signedOn', '签约日期不正确');
  const holderDocument = input.holderIdNumber?.trim().toUpperCase() || null;

  await repo.lockPerson(ctx.db, ctx.scope.regionCode, personId);
  const live = await repo.liveAgreement(ctx.db, ctx.scope.regionCode, personId);
  if (
    live &&
    live.bank_code === input.bankCode &&
    live.account_number === input.accountNumber &&
    live.account_holder === input.accountHolder &&
    live.holder_document_number === holderDocument &&
    live.signed_on === input.signedOn
  ) {
    return { agreement: present(live) };
  }
  const replaced = live ? await repo.revokeLive(ctx.db, ctx.scope.regionCode, personId, ctx.now, ctx.scope.username) : undefined;
  const created = await repo.insertAgreement(ctx.db, {
    region_code: ctx.scope.regionCode,
    person_id: personId,
    bank_code: input.bankCode,
    account_number: input.accountNumber,
    account_holder: input.accountHolder,
    holder_document_number: holderDocument,
    signed_on: input.signedOn,
    created_by: ctx.scope.username,
    created_at: ctx.now,
  });
  await audit(ctx, {
    action: replaced ? 'person.deduction_agreement_replaced' : 'person.deduction_agreement_signed',
    entityType: 'person',
    entityId: personId,
    unitId: person.unit_id,
    before: replaced ? audited(replaced) : null,
    after: audited(created),
  });
  return { agreement: present(created) };
}

/** 解除: the live agreement is revoked and kept; the person leaves the banks' deduction files from now on. */
export async function revokeAgreement(ctx: ServiceContext, personId: string): Promise<void> {
  const person = await requirePerson(ctx, personId);
  const revoked = await repo.revokeLive(ctx.db, ctx.scope.regionCode, personId, ctx.now, ctx.scope.username);
  if (!revoked) throw new AppError(AppErrorCode.NOT_FOUND, { message: `${person.name} 没有有效的银行卡代扣协议` });
  await audit(ctx, { action: 'person.deduction_agreement_revoked', entityType: 'person', entityId: personId, unitId: person.unit_id, before: audited(revoked) });
}

const agencyOnly = (ctx: ServiceContext) => {
  if (ctx.scope.unitId !== null || ctx.scope.role !== 'agency_admin') throw new AppError(AppErrorCode.FORBIDDEN, { message: '个人银行卡代扣文件由经办机构导出' });
};

export async function cardDeductionBanks(ctx: ServiceContext, year: number): Promise<{ items: TCardDeductionBank[] }> {
  agencyOnly(ctx);
  const rows = await repo.bankSummaries(ctx.db, ctx.scope.regionCode, year);
  return { items: rows.map((r) => ({ ...r, bankName: BANK_NAMES[r.bankCode] ?? r.bankCode })).sort((a, b) => b.due - a.due || a.bankName.localeCompare(b.bankName, 'zh-CN')) };
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

/**
 * 个人代扣文件 of one bank: every declaration of the year its person still owes on a notice, whose person has a live
 * agreement with that bank — the amount to deduct and the account. Its first columns are those of the paid roster
 * (交易流水号, 缴费时间 and 扣款结果 left for the bank), so the bank's answer is imported as it comes back.
 * Full ID and account numbers: agency only, audited.
 */
export function cardDeductionFile(ctx: ServiceContext, f: { year: number; bankCode: string }): XlsxExport {
  agencyOnly(ctx);
  let count = 0;
  let totalFen = 0;
  const summary = `${f.year}年度城乡居民医保费`;
  const columns: ReadonlyArray<ExportColumn<repo.CardDeductionLine>> = [
    { header: '交易流水号', width: 24, value: () => null },
    { header: '姓名', width: 12, value: (r) => r.name },
    { header: '证件类型', width: 10, value: (r) => r.document_type },
    { header: '证件号码', width: 22, value: (r) => r.document_number },
    { header: '费款所属期', width: 12, value: (r) => r.insurance_year },
    { header: '个人缴费金额', width: 14, value: (r) => yuan(Number(r.owed_fen)) },
    { header: '缴费时间', width: 20, value: () => null },
    { header: '缴费渠道', width: 12, value: () => OFFLINE_CHANNELS.card_deduction },
    { header: '扣款结果', width: 16, value: () => null },
    { header: '扣款账号', width: 26, value: (r) => r.account_number },
    { header: '账户名称', width: 14, value: (r) => r.account_holder },
    { header: '签约日期', width: 12, value: (r) => r.signed_on },
    { header: '摘要', width: 24, value: () => summary },
  ];
  async function* pages() {
    for await (const page of repo.filePages(ctx.db, { regionCode: ctx.scope.regionCode, year: f.year, bankCode: f.bankCode })) {
      count += page.length;
      for (const r of page) totalFen += Number(r.owed_fen);
      yield page;
    }
  }
  const { stream, done } = streamXlsx({ sheetName: '代扣明细', columns, pages: pages() });
  const today = shanghaiToday(ctx.now);
  const bankName = BANK_NAMES[f.bankCode] ?? f.bankCode;
  return {
    fileName: `个人代扣文件_${bankName}_${f.year}_${today}.xlsx`,
    asciiFileName: `card_deduction_${f.bankCode}_${f.year}_${today}.xlsx`,
    stream,
    done: done.then((r) =>
      audit(ctx, { action: 'payment.card_deduction_file', entityType: 'deduction_agreement', unitId: null, after: { bankCode: f.bankCode, year: f.year, declarationCount: count, totalFen, ...r } }),
    ),
  };
}

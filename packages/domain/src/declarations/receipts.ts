import { z } from 'zod';

/** 票据号码: region, insurance year and the receipt's number within them (gapless, handed out in payment order). */
export function receiptNumber(regionCode: string, year: number, serial: number): string {
  return `${regionCode}${year}${String(serial).padStart(8, '0')}`;
}

const VERIFY_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A verification code shown on the receipt: 8 characters without look-alikes (0/O, 1/I), from random bytes. */
export function verifyCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 8) throw new RangeError('需要至少 8 字节随机数');
  let code = '';
  for (let i = 0; i < 8; i++) code += VERIFY_ALPHABET[bytes[i]! % VERIFY_ALPHABET.length];
  return code;
}

/** Normalises what a person types from a paper receipt: spaces dropped, upper case. */
export function normalizeVerifyCode(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

export const REFUND_REASONS = ['duplicate', 'wrongful', 'subsidy_after', 'other'] as const;
export type TRefundReasonCode = (typeof REFUND_REASONS)[number];
export const REFUND_REASON_NAMES: Record<TRefundReasonCode, string> = {
  duplicate: '重复缴费',
  wrongful: '错误收费（如已毕业、已离校）',
  subsidy_after: '缴费后认定资助身份',
  other: '其他',
};

/** A declaration's status, in the order a declaration goes through them (removed last). */
export const DECLARATION_STATUSES = ['declared', 'confirmed', 'settled', 'paid', 'removed'] as const;
export const ZDeclarationStatus = z.enum(DECLARATION_STATUSES);
export type TDeclarationStatus = z.infer<typeof ZDeclarationStatus>;
export const DECLARATION_STATUS_NAMES: Record<TDeclarationStatus, string> = {
  declared: '已申报',
  confirmed: '已确认',
  settled: '已结算待缴费',
  paid: '已缴费',
  removed: '已撤销',
};

/** Kinds of reconciliation exceptions (对账异常). */
export const RECONCILIATION_KINDS = ['unmatched', 'amount_mismatch', 'duplicate', 'not_declared', 'channel_mismatch', 'not_in_statement'] as const;
export type TReconciliationKind = (typeof RECONCILIATION_KINDS)[number];
export const RECONCILIATION_KIND_NAMES: Record<TReconciliationKind, string> = {
  unmatched: '无对应人员',
  amount_mismatch: '金额不符',
  duplicate: '重复缴费',
  not_declared: '已缴费未申报',
  channel_mismatch: '渠道信息不符',
  not_in_statement: '对账单无此笔',
};

export const PAYMENT_CHANNEL_NAMES: Record<string, string> = {
  sandbox: '线上支付（沙箱）',
  wechat: '微信支付',
  alipay: '支付宝',
  tax: '税务（电子税务局/银行代收）',
  bank_counter: '银行柜面',
  pos: 'POS 机',
  kiosk: '自助终端',
  mini_program: '微信/支付宝小程序',
  app: '手机 APP',
  unit_transfer: '单位转账',
  bank_draft: '银行汇票',
  bank_deduction: '银行代扣',
  card_deduction: '银行卡代扣',
};

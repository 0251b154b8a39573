import { z } from 'zod';

/**
 * Banks that can deduct a school's contributions, in the order of the Guangzhou notice (003, 二(四)): "支持划扣医保费
 * 的银行 … 非上述名单内的银行请不要登记". Codes are ours (stable English slugs); a city edits the list by configuration
 * later, this is the notice's list.
 */
export const SUPPORTED_BANKS = [
  { code: 'icbc', name: '工商银行' },
  { code: 'abc', name: '农业银行' },
  { code: 'boc', name: '中国银行' },
  { code: 'ccb', name: '建设银行' },
  { code: 'cgb', name: '广发银行' },
  { code: 'psbc', name: '邮政储蓄' },
  { code: 'bocom', name: '交通银行' },
  { code: 'ceb', name: '光大银行' },
  { code: 'citic', name: '中信银行' },
  { code: 'hxb', name: '华夏银行' },
  { code: 'cib', name: '兴业银行' },
  { code: 'spdb', name: '浦发银行' },
  { code: 'cmb', name: '招商银行' },
  { code: 'cmbc', name: '民生银行' },
  { code: 'pab', name: '平安银行' },
  { code: 'ghb', name: '华兴银行' },
  { code: 'bonc', name: '南昌银行' },
  { code: 'nybank', name: '南粤银行' },
  { code: 'gzcb', name: '广州银行' },
  { code: 'dgb', name: '东莞银行' },
  { code: 'bea', name: '东亚银行' },
  { code: 'grcb', name: '广州农商银行' },
  { code: 'gdrc', name: '广东农信社' },
] as const;
export type TBankCode = (typeof SUPPORTED_BANKS)[number]['code'];
export const ZBankCode = z.enum(SUPPORTED_BANKS.map((b) => b.code) as [TBankCode, ...TBankCode[]], {
  message: '该银行不在可划扣医保费的银行名单内（广州通知 二(四)）',
});
export const BANK_NAMES: Record<string, string> = Object.fromEntries(SUPPORTED_BANKS.map((b) => [b.code, b.name]));

/** Bank account numbers: 8–32 digits, spaces and hyphens allowed while typing. */
export function normalizeBankAccount(input: string): { ok: true; normalized: string } | { ok: false; message: string } {
  const v = input.replace(/[\s-]/g, '');
  if (!/^\d{8,32}$/.test(v)) return { ok: false, message: '银行账号应为 8–32 位数字' };
  return { ok: true, normalized: v };
}

import { MoneyError, yuanToFen } from '../money';
import type { TCellError, TImportColumn, TRowCheck } from './enrollment';
import { parsePaidAt } from './paid-roster';

/**
 * 银行代扣结果文件 (Beijing 002, Guangzhou 003): the bank's answer to a deduction file, one line per settlement —
 * deducted (with the bank's transaction number) or failed (with the bank's reason).
 */
export const DEDUCTION_RESULT_COLUMNS = [
  { key: 'settlementNumber', header: '结算单号', aliases: ['业务编号', '扣款编号'], required: true, note: '代扣文件中的结算单号，原样返回', example: 'JS3205002027-0000042', width: 24 },
  { key: 'account', header: '扣款账号', aliases: ['账号', '付款账号'], note: '单位代扣账号', example: '6222020200012345678', width: 24 },
  { key: 'amount', header: '扣款金额', aliases: ['金额', '实扣金额'], required: true, note: '单位：元', example: '12000.00', width: 14 },
  { key: 'result', header: '扣款结果', aliases: ['处理结果', '状态'], required: true, note: '成功 / 失败', options: ['成功', '失败'], example: '成功', width: 10 },
  { key: 'transactionId', header: '银行流水号', aliases: ['交易流水号', '流水号'], note: '扣款成功时必填', example: 'B20261120000123', width: 22 },
  { key: 'deductedAt', header: '扣款时间', aliases: ['交易时间', '处理时间'], note: '扣款成功时必填，如 2026-11-20 10:30:00', example: '2026-11-20 10:30:00', width: 20 },
  { key: 'failure', header: '失败原因', aliases: ['备注', '原因'], note: '扣款失败时填写', example: '', width: 24 },
] as const satisfies readonly TImportColumn[];

export type TDeductionResultKey = (typeof DEDUCTION_RESULT_COLUMNS)[number]['key'];
export type TDeductionResultPayload = {
  settlement_number: string;
  amount_fen: number;
  succeeded: boolean;
  transaction_id: string | null;
  deducted_at: string | null;
  failure: string | null;
};

export function checkDeductionResultRow(cells: Partial<Record<TDeductionResultKey, string>>, options: { today: string }): TRowCheck<TDeductionResultPayload, TDeductionResultKey> {
  const errors: TCellError<TDeductionResultKey>[] = [];
  const fail = (key: TDeductionResultKey, message: string) => errors.push({ key, message });
  const value = (key: TDeductionResultKey) => (cells[key] ?? '').trim();
  const number = value('settlementNumber').replace(/\s+/g, '').toUpperCase();
  if (!number) fail('settlementNumber', '请填写结算单号');
  else if (!/^JS\d{10}-\d{7}$/.test(number)) fail('settlementNumber', `结算单号“${value('settlementNumber')}”格式不正确（如 JS3205002027-0000042）`);
  let amount: number | null = null;
  try {
    const v = yuanToFen(value('amount').replace(/[元¥￥,\s]/g, ''));
    if (v <= 0) fail('amount', '扣款金额须大于 0');
    else amount = v;
  } catch (e) {
    fail('amount', value('amount') ? `扣款金额：${e instanceof MoneyError ? e.message : '格式不正确'}` : '请填写扣款金额');
  }
  const r = value('result');
  const succeeded = /^(成功|扣款成功|已扣款|success|s|1)$/i.test(r);
  if (!succeeded && !/^(失败|扣款失败|未扣款|fail(ed)?|f|0)$/i.test(r)) fail('result', `扣款结果“${r}”应为 成功 或 失败`);
  let transactionId: string | null = null;
  let deductedAt: string | null = null;
  if (succeeded) {
    transactionId = value('transactionId').replace(/\s+/g, '') || null;
    if (!transactionId) fail('transactionId', '扣款成功的行须填写银行流水号');
    if (!value('deductedAt')) fail('deductedAt', '扣款成功的行须填写扣款时间');
    else {
      const at = parsePaidAt(value('deductedAt'));
      if (!at.ok) fail('deductedAt', at.message.replace('缴费时间', '扣款时间'));
      else if (at.value.slice(0, 10) > options.today) fail('deductedAt', `扣款时间 ${at.value.slice(0, 10)} 晚于今天`);
      else deductedAt = at.value;
    }
  }
  const ok = errors.length === 0 && number && amount !== null;
  return {
    errors,
    documentType: null,
    documentNumber: null,
    payload: ok ? { settlement_number: number, amount_fen: amount!, succeeded, transaction_id: transactionId, deducted_at: deductedAt, failure: succeeded ? null : value('failure') || '银行未说明原因' } : null,
  };
}

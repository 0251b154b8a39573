import { describe, expect, it } from 'vitest';
import { computeResidentIdCheckChar } from '../identity';
import { checkPaidRosterRow, parseFeePeriod, parsePaidAt } from './paid-roster';

const id = (() => {
  const body = '32050820180301101';
  return body + computeResidentIdCheckChar(body);
})();
const today = '2026-11-26';
const row = (over: Record<string, string> = {}) => ({ ticket: '3326110100000001', name: '张小明', documentNumber: id, period: '2027', amount: '400.00', paidAt: '2026-11-22 09:15:00', ...over });

describe('paid roster rows', () => {
  it('reads a tax bureau line into integer fen, a Shanghai instant and a channel', () => {
    const r = checkPaidRosterRow(row({ subsidy: '240', total: '640.00', channel: '银行柜面' }), { today });
    expect(r.errors).toEqual([]);
    expect(r.payload).toEqual({ name: '张小明', ticket: '3326110100000001', year: 2027, amount_fen: 40000, subsidy_fen: 24000, paid_at: '2026-11-22T09:15:00+08:00', channel: 'bank_counter' });
  });

  it.each([
    [{ amount: 'abc' }, 'amount'],
    [{ amount: '0' }, 'amount'],
    [{ total: '500' }, 'total'],
    [{ period: '明年' }, 'period'],
    [{ paidAt: '2026-13-01' }, 'paidAt'],
    [{ paidAt: '2026-12-30 10:00' }, 'paidAt'],
    [{ ticket: '税票?' }, 'ticket'],
    [{ channel: '信鸽' }, 'channel'],
    [{ documentNumber: '320508201803011010' }, 'documentNumber'],
  ])('refuses %o in the %s cell with a Chinese message', (over, key) => {
    const r = checkPaidRosterRow(row(over as Record<string, string>), { today });
    expect(r.payload).toBeNull();
    expect(r.errors.map((e) => e.key)).toContain(key);
    expect(r.errors[0]!.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('reads fee periods and payment times as offices write them', () => {
    expect(parseFeePeriod('2027-01-01至2027-12-31')).toEqual({ ok: true, value: 2027 });
    expect(parseFeePeriod('202701-202712')).toEqual({ ok: true, value: 2027 });
    expect(parseFeePeriod('2026-01至2027-12').ok).toBe(false);
    expect(parsePaidAt('20261122091500')).toEqual({ ok: true, value: '2026-11-22T09:15:00+08:00' });
    expect(parsePaidAt('2026/11/22 9:05')).toEqual({ ok: true, value: '2026-11-22T09:05:00+08:00' });
    expect(parsePaidAt('2026-11-22')).toEqual({ ok: true, value: '2026-11-22T12:00:00+08:00' });
  });
});

describe('a card deduction file as the bank returns it (扣款结果)', () => {
  const bank = (over: Record<string, string> = {}) => row({ ticket: 'B20261122000001', channel: '银行卡代扣', ...over });

  it('reads 银行卡代扣 as its own channel before the bank and card words', () => {
    expect(checkPaidRosterRow(bank({ result: '成功' }), { today }).payload).toMatchObject({ channel: 'card_deduction', ticket: 'B20261122000001', amount_fen: 40000 });
    expect(checkPaidRosterRow(row({ channel: '银行代扣（刷卡）' }), { today }).payload).toMatchObject({ channel: 'card_deduction' });
    expect(checkPaidRosterRow(row({ channel: '银行柜面' }), { today }).payload).toMatchObject({ channel: 'bank_counter' });
  });

  it('a blank result is a success, so rosters without the column read as before', () => {
    const withColumn = checkPaidRosterRow(bank({ result: '' }), { today });
    const without = checkPaidRosterRow(bank(), { today });
    expect(withColumn).toEqual(without);
    expect(without.payload).not.toHaveProperty('failed');
    for (const word of ['成功', '扣款成功', '交易成功', '已扣款', 'S', '1']) expect(checkPaidRosterRow(bank({ result: word }), { today }).payload, word).toMatchObject({ channel: 'card_deduction' });
  });

  it.each(['失败', '扣款失败', '不成功', '余额不足', '账户冻结', '未扣款', '账户已销户', '户名不符', 'FAIL'])('a line whose result is “%s” is no money: failed, without ticket or time', (result) => {
    const r = checkPaidRosterRow(bank({ result, ticket: '', paidAt: '' }), { today });
    expect(r.errors).toEqual([]);
    expect(r.payload).toEqual({ name: '张小明', year: 2027, amount_fen: 40000, channel: 'card_deduction', failed: true, failure: result });
    expect(r.documentNumber).toBe(id);
  });

  it('a failed line still names its person and year; a wrong number or period is an error', () => {
    const noChannel = checkPaidRosterRow(row({ result: '余额不足', channel: '', amount: '' }), { today });
    expect(noChannel.payload).toMatchObject({ failed: true, channel: 'card_deduction', amount_fen: null });
    const badId = checkPaidRosterRow(bank({ result: '失败', documentNumber: '320508201803011010' }), { today });
    expect(badId.payload).toBeNull();
    expect(badId.errors.map((e) => e.key)).toEqual(['documentNumber']);
    const badPeriod = checkPaidRosterRow(bank({ result: '失败', period: '明年' }), { today });
    expect(badPeriod.errors.map((e) => e.key)).toEqual(['period']);
  });

  it('refuses a result it cannot read, in Chinese', () => {
    const r = checkPaidRosterRow(bank({ result: '待定' }), { today });
    expect(r.payload).toBeNull();
    expect(r.errors).toEqual([{ key: 'result', message: '扣款结果“待定”无法识别：请写 成功，或 失败 及原因（如 余额不足）' }]);
  });
});

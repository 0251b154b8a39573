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

import { describe, expect, it } from 'vitest';
import { checkRefundAmount, refundActions, refundableFen, REFUND_REASON_OPTIONS } from './refund-view';

describe('refund view', () => {
  it('reads the amount typed in yuan into integer fen, within what the payment can give back', () => {
    expect(checkRefundAmount('400', 40000)).toEqual({ ok: true, fen: 40000 });
    expect(checkRefundAmount('0.1', null)).toEqual({ ok: true, fen: 10 });
    expect(checkRefundAmount('160.05', 40000)).toEqual({ ok: true, fen: 16005 });
    expect(checkRefundAmount('400.01', 40000)).toEqual({ ok: false, message: '退费金额不能超过可退金额 400.00 元' });
    expect(checkRefundAmount('0', 40000)).toEqual({ ok: false, message: '退费金额须大于 0' });
    expect(checkRefundAmount('', 40000)).toEqual({ ok: false, message: '请填写金额' });
    expect(checkRefundAmount('1.234', 40000).ok).toBe(false);
    expect(checkRefundAmount('abc', 40000).ok).toBe(false);
  });

  it('what is left of a payment, and who may act on a refund now', () => {
    expect(refundableFen({ amountFen: 40000, refundedFen: 16000 })).toBe(24000);
    expect(refundableFen({ amountFen: 40000, refundedFen: 40000 })).toBe(0);
    expect(refundActions({ status: 'requested' }, 'agency_admin')).toEqual({ decide: true, markRefunded: false });
    expect(refundActions({ status: 'requested' }, 'collector')).toEqual({ decide: false, markRefunded: false });
    expect(refundActions({ status: 'approved' }, 'collector')).toEqual({ decide: false, markRefunded: true });
    expect(refundActions({ status: 'approved' }, 'unit_operator')).toEqual({ decide: false, markRefunded: false });
    expect(refundActions({ status: 'refunded' }, 'agency_admin')).toEqual({ decide: false, markRefunded: false });
    expect(REFUND_REASON_OPTIONS.map((o) => o.value)).toEqual(['duplicate', 'wrongful', 'subsidy_after', 'other']);
  });
});

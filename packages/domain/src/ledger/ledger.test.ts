import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterRefund, checkDeclarationRefund, ledgerStage, ledgerState, ledgerStatus, type TLedgerStage } from './ledger';

describe('ledgerState', () => {
  it('a settled declaration is paid once its money is all there, and unpaid again when money goes back', () => {
    expect(ledgerState({ stage: 'settled', payableFen: 40000, receivedFen: 0, refundedFen: 0 })).toMatchObject({ status: 'settled', owedFen: 40000, overpaidFen: 0, receiptRequired: false, covered: false });
    expect(ledgerState({ stage: 'settled', payableFen: 40000, receivedFen: 40000, refundedFen: 0 })).toMatchObject({ status: 'paid', owedFen: 0, overpaidFen: 0, receiptRequired: true, covered: true });
    // The refund case of issue 10: a child's only payment refunded leaves the child unpaid, not covered, no receipt.
    expect(ledgerState({ stage: 'settled', payableFen: 40000, receivedFen: 40000, refundedFen: 40000 })).toMatchObject({ status: 'settled', netPaidFen: 0, owedFen: 40000, receiptRequired: false, covered: false });
  });

  it('counts a duplicate as over-paid until refunded', () => {
    expect(ledgerState({ stage: 'settled', payableFen: 40000, receivedFen: 80000, refundedFen: 0 })).toMatchObject({ status: 'paid', overpaidFen: 40000 });
    expect(ledgerState({ stage: 'settled', payableFen: 40000, receivedFen: 80000, refundedFen: 40000 })).toMatchObject({ status: 'paid', overpaidFen: 0 });
  });

  it('charges nothing before settlement and owes nothing once removed', () => {
    expect(ledgerState({ stage: 'confirmed', payableFen: 40000, receivedFen: 40000, refundedFen: 0 })).toMatchObject({ status: 'confirmed', owedFen: 0, overpaidFen: 40000, covered: false });
    expect(ledgerState({ stage: 'removed', payableFen: 40000, receivedFen: 40000, refundedFen: 0 })).toMatchObject({ status: 'removed', owedFen: 0, overpaidFen: 40000, covered: false, receiptRequired: false });
  });

  it('pays a fully subsidised person at settlement without a receipt', () => {
    expect(ledgerState({ stage: 'settled', payableFen: 0, receivedFen: 0, refundedFen: 0 })).toMatchObject({ status: 'paid', covered: true, receiptRequired: false });
    expect(ledgerState({ stage: 'declared', payableFen: 0, receivedFen: 0, refundedFen: 0 })).toMatchObject({ status: 'declared', covered: false });
  });

  it('refuses impossible money', () => {
    expect(() => ledgerState({ stage: 'settled', payableFen: 100, receivedFen: 10, refundedFen: 20 })).toThrow(RangeError);
    expect(() => ledgerState({ stage: 'settled', payableFen: 1.5, receivedFen: 0, refundedFen: 0 })).toThrow(RangeError);
  });

  it('holds its invariants for any money', () => {
    const stage = fc.constantFrom<TLedgerStage>('declared', 'confirmed', 'settled', 'removed');
    fc.assert(
      fc.property(stage, fc.nat(1_000_000), fc.nat(1_000_000), fc.nat(1_000_000), (st, payable, a, b) => {
        const received = Math.max(a, b);
        const refunded = Math.min(a, b);
        const s = ledgerState({ stage: st, payableFen: payable, receivedFen: received, refundedFen: refunded });
        expect(s.netPaidFen).toBe(received - refunded);
        expect(s.covered).toBe(s.status === 'paid');
        expect(s.status === 'paid').toBe(st === 'settled' && s.netPaidFen >= payable);
        expect(s.receiptRequired).toBe(s.status === 'paid' && payable > 0);
        if (st === 'settled') expect(s.netPaidFen + s.owedFen - s.overpaidFen).toBe(payable);
        expect(ledgerStage(s.status)).toBe(st);
        expect(ledgerStatus(st, payable, s.netPaidFen)).toBe(s.status);
      }),
    );
  });
});

describe('checkDeclarationRefund', () => {
  const paid = ledgerState({ stage: 'settled', payableFen: 40000, receivedFen: 40000, refundedFen: 0 });
  const twice = ledgerState({ stage: 'settled', payableFen: 40000, receivedFen: 80000, refundedFen: 0 });

  it('returns a duplicate only where a duplicate payment exists', () => {
    expect(checkDeclarationRefund(paid, 40000, 'duplicate', 40000, 0)).toMatchObject({ ok: false, message: expect.stringContaining('没有多缴') });
    expect(checkDeclarationRefund(twice, 40000, 'duplicate', 40000, 0)).toEqual({ ok: true });
    expect(checkDeclarationRefund(twice, 40000, 'duplicate', 40001, 0)).toMatchObject({ ok: false });
    // A second request for the same duplicate finds it claimed.
    expect(checkDeclarationRefund(twice, 40000, 'duplicate', 40000, 40000)).toMatchObject({ ok: false });
  });

  it('returns at most the money on the declaration, and a subsidy at most what the payer was charged', () => {
    expect(checkDeclarationRefund(paid, 40000, 'wrongful', 40000, 0)).toEqual({ ok: true });
    expect(checkDeclarationRefund(paid, 40000, 'other', 40001, 0)).toMatchObject({ ok: false });
    expect(checkDeclarationRefund(paid, 40000, 'subsidy_after', 24000, 0)).toEqual({ ok: true });
    expect(checkDeclarationRefund(twice, 40000, 'subsidy_after', 40001, 0)).toMatchObject({ ok: false, message: expect.stringContaining('400.00') });
    expect(checkDeclarationRefund(paid, 40000, 'wrongful', 1, 40000)).toMatchObject({ ok: false });
  });

  it('moves the declaration as the reason says once paid out', () => {
    const x = { stage: 'settled' as const, payableFen: 40000, receivedFen: 40000, refundedFen: 0 };
    expect(afterRefund(x, 'other', 40000).state).toMatchObject({ status: 'settled', covered: false, owedFen: 40000 });
    expect(afterRefund(x, 'wrongful', 40000).state).toMatchObject({ status: 'removed', covered: false, overpaidFen: 0 });
    expect(afterRefund(x, 'subsidy_after', 24000)).toMatchObject({ input: { payableFen: 16000 }, state: { status: 'paid', netPaidFen: 16000, overpaidFen: 0 } });
    const x2 = { ...x, receivedFen: 80000 };
    expect(afterRefund(x2, 'duplicate', 40000).state).toMatchObject({ status: 'paid', overpaidFen: 0 });
  });
});

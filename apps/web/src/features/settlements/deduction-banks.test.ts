import { describe, expect, it } from 'vitest';
import type { TSettlement } from '@canbao/domain';
import { deductionBanks, deductionsOfBank, deductionsWithoutAccount, isAwaitingDeduction } from './deduction-banks';

const unit = (id: string, bankCode: string | null) => ({
  id,
  name: `单位${id}`,
  bank: bankCode ? { code: bankCode, name: `银行${bankCode}`, accountNumber: '6222****5678', holder: `单位${id}` } : null,
});

const settlement = (number: string, unitId: string, over: Partial<TSettlement> = {}) => ({
  id: `s-${number}`,
  number,
  unit: { id: unitId, name: `单位${unitId}` },
  paymentMode: 'unit_total' as const,
  unitMethod: 'bank_deduction' as const,
  status: 'awaiting_payment' as const,
  payableFen: 40000,
  paidFen: 0,
  ...over,
});

const units = [unit('a', 'icbc'), unit('b', 'cmb'), unit('c', 'icbc'), unit('d', null), unit('e', 'unknown')];
const settlements = [
  settlement('JS-3', 'b', { payableFen: 120000, paidFen: 20000 }),
  settlement('JS-1', 'b'),
  settlement('JS-2', 'a', { unitMethod: 'transfer' }),
  settlement('JS-4', 'c', { status: 'paid' }),
  settlement('JS-5', 'c', { paymentMode: 'per_person', unitMethod: null }),
  settlement('JS-6', 'd'),
  settlement('JS-7', 'zz'),
];

describe('deduction banks', () => {
  it('selects what the server’s file selects: unit total, bank deduction, awaiting payment', () => {
    expect(settlements.filter(isAwaitingDeduction).map((s) => s.number)).toEqual(['JS-3', 'JS-1', 'JS-6', 'JS-7']);
  });

  it('lists the banks on the units’ accounts, those with settlements to deduct first, with the sum due', () => {
    expect(deductionBanks(units, settlements)).toEqual([
      { code: 'cmb', name: '招商银行', unitCount: 1, settlementCount: 2, dueFen: 140000, onAccounts: true },
      { code: 'icbc', name: '工商银行', unitCount: 2, settlementCount: 0, dueFen: 0, onAccounts: true },
      // A code the list no longer holds keeps the name the server gave it, last.
      { code: 'unknown', name: '银行unknown', unitCount: 1, settlementCount: 0, dueFen: 0, onAccounts: true },
    ]);
    expect(deductionBanks([], settlements)).toEqual([]);
  });

  it('offers every other supported bank after them when the units seen may not be all', () => {
    const banks = deductionBanks(units, settlements, { complete: false });
    expect(banks.slice(0, 3).map((b) => b.code)).toEqual(['cmb', 'icbc', 'unknown']);
    expect(banks.find((b) => b.code === 'abc')).toEqual({ code: 'abc', name: '农业银行', unitCount: 0, settlementCount: 0, dueFen: 0, onAccounts: false });
    expect(banks.filter((b) => b.code === 'icbc')).toHaveLength(1);
  });

  it('names the settlements no file will hold: their unit has no account', () => {
    expect(deductionsWithoutAccount(units, settlements).map((s) => s.number)).toEqual(['JS-6']);
  });

  it('lists one bank’s settlements in the file’s order', () => {
    expect(deductionsOfBank(units, settlements, 'cmb').map((s) => s.number)).toEqual(['JS-1', 'JS-3']);
    expect(deductionsOfBank(units, settlements, 'icbc')).toEqual([]);
  });
});

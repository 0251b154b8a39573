import { BANK_NAMES, SUPPORTED_BANKS } from '@canbao/domain';
import type { TSettlement, TUnit } from '@canbao/domain';

/**
 * Which banks a deduction file (银行代扣文件) can be made for, as pure functions: the banks on the units'
 * deduction accounts, each with what its file would hold — the settlements the server puts in it (unit total,
 * bank deduction, awaiting payment, the unit's account at that bank) and the sum still due.
 */

type UnitLike = Pick<TUnit, 'id' | 'name' | 'bank'>;
type SettlementLike = Pick<TSettlement, 'id' | 'number' | 'unit' | 'paymentMode' | 'unitMethod' | 'status' | 'payableFen' | 'paidFen'>;

export interface TDeductionBank {
  code: string;
  name: string;
  /** Units with their deduction account at this bank. */
  unitCount: number;
  /** Settlements the file would list, and what is still due on them. */
  settlementCount: number;
  dueFen: number;
  /** False for a supported bank offered only because the units seen may not be all of them. */
  onAccounts: boolean;
}

/** A settlement the bank deducts: what the server's deduction file selects (besides the unit's bank). */
export function isAwaitingDeduction(s: SettlementLike): boolean {
  return s.paymentMode === 'unit_total' && s.unitMethod === 'bank_deduction' && s.status === 'awaiting_payment';
}

const bankOrder = new Map<string, number>(SUPPORTED_BANKS.map((b, i) => [b.code, i]));

/**
 * The banks on the units' accounts: those with settlements to deduct first, then in the notice's order. When
 * `complete` is false (the units seen are only the first page), the other supported banks follow, so that no
 * bank is out of reach.
 */
export function deductionBanks(units: readonly UnitLike[], settlements: readonly SettlementLike[], { complete = true }: { complete?: boolean } = {}): TDeductionBank[] {
  const byCode = new Map<string, TDeductionBank>();
  const bankOfUnit = new Map<string, string>();
  for (const u of units) {
    if (!u.bank) continue;
    bankOfUnit.set(u.id, u.bank.code);
    const bank = byCode.get(u.bank.code) ?? { code: u.bank.code, name: BANK_NAMES[u.bank.code] ?? u.bank.name, unitCount: 0, settlementCount: 0, dueFen: 0, onAccounts: true };
    bank.unitCount += 1;
    byCode.set(u.bank.code, bank);
  }
  for (const s of settlements) {
    const bank = isAwaitingDeduction(s) ? byCode.get(bankOfUnit.get(s.unit.id) ?? '') : undefined;
    if (!bank) continue;
    bank.settlementCount += 1;
    bank.dueFen += s.payableFen - s.paidFen;
  }
  const rank = (code: string) => bankOrder.get(code) ?? SUPPORTED_BANKS.length;
  const onAccounts = [...byCode.values()].sort((a, b) => b.settlementCount - a.settlementCount || rank(a.code) - rank(b.code) || a.code.localeCompare(b.code));
  if (complete) return onAccounts;
  const others = SUPPORTED_BANKS.filter((b) => !byCode.has(b.code)).map((b) => ({ code: b.code, name: b.name, unitCount: 0, settlementCount: 0, dueFen: 0, onAccounts: false }));
  return [...onAccounts, ...others];
}

/**
 * Settlements to be deducted whose unit has no deduction account: in no bank's file until the agency registers
 * one. Units not among those seen are left out (their account is unknown here).
 */
export function deductionsWithoutAccount<S extends SettlementLike>(units: readonly UnitLike[], settlements: readonly S[]): S[] {
  const unitById = new Map(units.map((u) => [u.id, u]));
  return settlements.filter((s) => {
    const unit = unitById.get(s.unit.id);
    return isAwaitingDeduction(s) && unit !== undefined && !unit.bank;
  });
}

/** The settlements of one bank's file, by number (the file's order). */
export function deductionsOfBank<S extends SettlementLike>(units: readonly UnitLike[], settlements: readonly S[], bankCode: string): S[] {
  const atBank = new Set(units.filter((u) => u.bank?.code === bankCode).map((u) => u.id));
  return settlements.filter((s) => isAwaitingDeduction(s) && atBank.has(s.unit.id)).sort((a, b) => a.number.localeCompare(b.number));
}

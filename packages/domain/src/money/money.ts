import { z } from 'zod';

/**
 * Money is always an integer number of fen (分): 190 yuan = 19000 fen. Floats never carry money; percentages are
 * integer basis points (1% = 100 bp) and every rounding is explicit (round half up to the fen, see applyBasisPoints).
 */

/** Thrown for any amount that is not a safe integer of fen, or a yuan text that cannot be read exactly. */
export class MoneyError extends RangeError {
  override readonly name = 'MoneyError';
  constructor(message: string) {
    super(message);
  }
}

/** A safe integer of fen (may be negative, e.g. a refund delta). */
export const ZFen = z.int('金额须为整数分');
/** A non-negative safe integer of fen: fee parts, subsidies, totals. */
export const ZNonNegativeFen = z.int('金额须为整数分').nonnegative('金额不能为负数');
export type TFen = z.infer<typeof ZFen>;

/** Basis points: 10000 bp = 100%. */
export const ZBasisPoints = z.int('比例须为整数万分比').min(0, '比例不能为负数').max(10000, '比例不能超过 100%');
export type TBasisPoints = z.infer<typeof ZBasisPoints>;

export const FEN_PER_YUAN = 100;
export const BASIS_POINTS_PER_WHOLE = 10000;

export function isSafeFen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** Throws MoneyError unless value is a safe integer of fen; returns it for chaining. */
export function assertSafeFen(value: unknown, label = '金额'): number {
  if (!isSafeFen(value)) throw new MoneyError(`${label}须为安全整数分，实际为 ${String(value)}`);
  return value;
}

const YUAN_TEXT = /^([+-])?(\d+)(?:\.(\d{1,2}))?$/;

/**
 * Reads a yuan amount exactly into fen: '190' → 19000, '0.5' → 50, '-1.25' → -125, 190 → 19000, 190.5 → 19050.
 * Text is parsed digit by digit (no float arithmetic). Numbers are accepted only when their shortest decimal
 * form has at most two decimals; more precision is an error rather than a silent rounding.
 */
export function yuanToFen(yuan: string | number): number {
  let text: string;
  if (typeof yuan === 'number') {
    if (!Number.isFinite(yuan)) throw new MoneyError(`无法识别的金额：${String(yuan)}`);
    text = String(yuan);
    // String(1e21) uses exponent notation: far beyond any fee, and not exactly representable anyway.
    if (/e/i.test(text)) throw new MoneyError(`金额超出范围：${text}`);
  } else {
    text = yuan.trim().replace(/,/g, '');
  }
  const m = YUAN_TEXT.exec(text);
  if (!m) throw new MoneyError(`无法识别的金额（最多两位小数）：${String(yuan)}`);
  const sign = m[1] === '-' ? -1n : 1n;
  const whole = BigInt(m[2] ?? '0');
  const cents = BigInt((m[3] ?? '').padEnd(2, '0'));
  const fen = sign * (whole * 100n + cents);
  if (fen > BigInt(Number.MAX_SAFE_INTEGER) || fen < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MoneyError(`金额超出范围：${String(yuan)}`);
  }
  const out = Number(fen);
  return out === 0 ? 0 : out; // never -0
}

/** 19000 → '190.00'; -50 → '-0.50'. No grouping separators, so the text round-trips through yuanToFen. */
export function formatFen(fen: number): string {
  assertSafeFen(fen);
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / FEN_PER_YUAN);
  const cents = abs % FEN_PER_YUAN;
  return `${negative ? '-' : ''}${whole}.${String(cents).padStart(2, '0')}`;
}

/** 19000 → '190.00 元'. */
export function formatFenYuan(fen: number): string {
  return `${formatFen(fen)} 元`;
}

/** Sum of fen amounts; throws if any addend or the result leaves the safe integer range. */
export function sumFen(values: readonly number[]): number {
  let total = 0;
  for (const [i, v] of values.entries()) {
    assertSafeFen(v, `第 ${i + 1} 项金额`);
    total += v;
    assertSafeFen(total, '合计金额');
  }
  return total;
}

/**
 * fen × basisPoints / 10000, rounded half up to the fen (half away from zero for negative amounts, so the
 * rounding is symmetric). Computed with BigInt so large amounts never lose precision.
 * Example: 40000 fen × 6000 bp (60%) = 24000 fen; 333 fen × 5000 bp = 166.5 → 167 fen.
 */
export function applyBasisPoints(fen: number, basisPoints: number): number {
  assertSafeFen(fen);
  if (!Number.isSafeInteger(basisPoints) || basisPoints < 0) {
    throw new MoneyError(`比例须为非负整数万分比，实际为 ${String(basisPoints)}`);
  }
  const negative = fen < 0;
  const product = BigInt(Math.abs(fen)) * BigInt(basisPoints);
  const rounded = (product + 5000n) / 10000n; // BigInt division truncates: +half then truncate = half up
  const out = Number(negative ? -rounded : rounded);
  assertSafeFen(out, '计算结果');
  return out === 0 ? 0 : out;
}

/** Integer percent (60 = 60%) applied with the same round-half-up rule as applyBasisPoints. */
export function applyPercent(fen: number, percent: number): number {
  if (!Number.isSafeInteger(percent) || percent < 0) throw new MoneyError(`百分比须为非负整数，实际为 ${String(percent)}`);
  return applyBasisPoints(fen, percent * 100);
}

/** a − b, never below zero: a payable after a subsidy. */
export function subtractFenFloorZero(a: number, b: number): number {
  assertSafeFen(a);
  assertSafeFen(b);
  return Math.max(0, a - b);
}

import { MoneyError, formatFen, yuanToFen } from '@canbao/domain';

/**
 * Money on screen. Amounts travel as integer fen (分) and are only turned into yuan text here, with the exact
 * integer arithmetic of @canbao/domain: no float ever carries money.
 */

/** 19000 → '190.00 元'; 123456789 → '1,234,567.89 元'. Thousands are grouped for reading, not for input. */
export function formatYuan(fen: number, { unit = true }: { unit?: boolean } = {}): string {
  const text = formatFen(fen);
  const [whole = '0', cents = '00'] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return unit ? `${grouped}.${cents} 元` : `${grouped}.${cents}`;
}

/** 19000 → '190.00': the text an amount input starts with (no grouping, so it reads back exactly). */
export function fenToYuanInput(fen: number): string {
  return formatFen(fen);
}

export type TYuanParseResult = { ok: true; fen: number } | { ok: false; message: string };

/**
 * Reads what a person typed as yuan ('180', '180.5', '1,200.00') into fen, exactly. At most two decimals;
 * anything else is a Chinese message for the form field.
 */
export function parseYuanInput(text: string | number | null | undefined): TYuanParseResult {
  if (text === null || text === undefined || String(text).trim() === '') return { ok: false, message: '请填写金额' };
  try {
    return { ok: true, fen: yuanToFen(text) };
  } catch (error) {
    if (error instanceof MoneyError) return { ok: false, message: '金额格式不正确，须为数字，最多两位小数' };
    throw error;
  }
}

/** 6000 basis points → '60.00' (per cent, two decimals: the same exact arithmetic as fen → yuan). */
export function basisPointsToPercentInput(basisPoints: number): string {
  return formatFen(basisPoints);
}

export type TPercentParseResult = { ok: true; basisPoints: number } | { ok: false; message: string };

/** Reads a percentage as typed ('60', '12.5') into basis points (6000, 1250), exactly; 0–100 with two decimals. */
export function parsePercentInput(text: string | number | null | undefined): TPercentParseResult {
  if (text === null || text === undefined || String(text).trim() === '') return { ok: false, message: '请填写比例' };
  let basisPoints: number;
  try {
    basisPoints = yuanToFen(text);
  } catch (error) {
    if (error instanceof MoneyError) return { ok: false, message: '比例格式不正确，须为数字，最多两位小数' };
    throw error;
  }
  if (basisPoints < 0 || basisPoints > 10000) return { ok: false, message: '比例须在 0 至 100% 之间' };
  return { ok: true, basisPoints };
}

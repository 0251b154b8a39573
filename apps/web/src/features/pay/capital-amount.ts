import { assertSafeFen } from '@canbao/domain';

/**
 * 大写金额: an amount in integer fen written in Chinese capital numerals as receipts and cheques print it
 * (中国人民银行《支付结算办法》附件一“正确填写票据和结算凭证的基本规定”):
 * 40000 → 肆佰元整, 16050 → 壹佰陆拾元伍角整, 100105 → 壹仟零壹元零伍分, 0 → 零元整.
 */
const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
/** Places inside a group of four digits, from the right. */
const PLACES = ['', '拾', '佰', '仟'] as const;
/** Groups of four digits, from the right: 元, 万, 亿, 万亿. */
const GROUPS = ['', '万', '亿', '万亿'] as const;

/** One group of four digits (1..9999) with zeros inside folded into one 零 and trailing zeros dropped. */
function groupText(n: number): string {
  let text = '';
  let pendingZero = false;
  for (let place = 3; place >= 0; place--) {
    const digit = Math.floor(n / 10 ** place) % 10;
    if (digit === 0) {
      if (text) pendingZero = true;
      continue;
    }
    if (pendingZero) text += '零';
    pendingZero = false;
    text += DIGITS[digit]! + PLACES[place]!;
  }
  return text;
}

/** Whole yuan (≥ 1) in capitals, without the 元. */
function yuanText(yuan: number): string {
  const groups: number[] = [];
  for (let rest = yuan; rest > 0; rest = Math.floor(rest / 10000)) groups.push(rest % 10000);
  let text = '';
  let pendingZero = false;
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) {
      if (text) pendingZero = true;
      continue;
    }
    // A gap before this group (an empty group, or fewer than four digits after a higher one) reads as one 零.
    if (text && (pendingZero || g < 1000)) text += '零';
    pendingZero = false;
    text += groupText(g) + GROUPS[i]!;
  }
  return text;
}

export function fenToChineseCapital(fen: number): string {
  assertSafeFen(fen);
  if (fen === 0) return '零元整';
  const sign = fen < 0 ? '负' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const jiao = Math.floor(abs / 10) % 10;
  const cents = abs % 10;
  let text = yuan > 0 ? `${yuanText(yuan)}元` : '';
  if (jiao === 0 && cents === 0) return `${sign}${text}整`;
  if (jiao > 0) text += `${DIGITS[jiao]}角`;
  else if (yuan > 0) text += '零';
  if (cents > 0) text += `${DIGITS[cents]}分`;
  else text += '整';
  return sign + text;
}

import { DIVISION_HISTORY_EDITIONS, DIVISION_HISTORY_PACKED } from './division-history.data';

/**
 * Whether a 6-digit GB/T 2260 code can stand at the start of a resident ID number. An ID number keeps the region
 * of its first issue for life, so a code abolished long ago is as valid as today's; a code that never existed is
 * not. The codes that exist or existed in the editions this project ships (2002-12 … 2016-07 and 2023, see
 * `scripts/build-division-history.mjs`) are known. A number issued outside those editions — born before 2002-12, or
 * after 2016-07, when a district may have come and gone between two editions we have — may carry a code we do not
 * know, so there the code must only have the structure GB/T 2260 gives every code: city part 00–70 (cities,
 * prefectures, leagues, autonomous prefectures) or 90 (counties under the province). 329999 never existed and
 * never could: it is refused however old its holder.
 */

let known: Set<number> | null = null;
function knownCodes(): Set<number> {
  if (known) return known;
  known = new Set();
  let code = 0;
  for (const step of DIVISION_HISTORY_PACKED.split(',')) {
    code += parseInt(step, 36);
    known.add(code);
  }
  // Taiwan, and 830000: the code of 港澳台居民居住证 numbers (Hong Kong 810000 and Macao 820000 are in the data).
  for (const extra of [710000, 810000, 820000, 830000]) known.add(extra);
  return known;
}

/** The code exists or existed in an edition we ship. */
export function isKnownDivisionCode(code6: string): boolean {
  return /^\d{6}$/.test(code6) && knownCodes().has(Number(code6));
}

/** GB/T 2260's structure: 2-digit province, then a city part 00–70 or 90, then a county part. */
export function hasDivisionCodeStructure(code6: string): boolean {
  if (!/^\d{6}$/.test(code6)) return false;
  const city = Number(code6.slice(2, 4));
  return city <= 70 || city === 90;
}

const COVERED_FROM = `${DIVISION_HISTORY_EDITIONS.from.slice(0, 4)}-${DIVISION_HISTORY_EDITIONS.from.slice(4)}-01`;
const COVERED_TO = `${DIVISION_HISTORY_EDITIONS.to.slice(0, 4)}-${DIVISION_HISTORY_EDITIONS.to.slice(4)}-31`;

/**
 * Whether `code6` can be the region of an ID number of someone born on `birthDate` (YYYY-MM-DD): a known code, or,
 * for a birth outside the editions we ship, a code of the right structure.
 */
export function isPossibleIdRegion(code6: string, birthDate: string): boolean {
  if (isKnownDivisionCode(code6)) return true;
  const covered = birthDate >= COVERED_FROM && birthDate <= COVERED_TO;
  return !covered && hasDivisionCodeStructure(code6);
}

/**
 * Masking of personal numbers (ID numbers, phone numbers) for lists, exports, logs and the audit trail.
 * Children's ID and phone numbers are personal data: everything leaving the service layer goes through here
 * unless the role needs the full number.
 */

/** 320105201001011234 → 3201**********1234 (keeps the first 4 and last 4 characters). */
export function maskIdNumber(value: string): string {
  const v = value.trim();
  if (v.length <= 8) return '*'.repeat(v.length);
  return v.slice(0, 4) + '*'.repeat(v.length - 8) + v.slice(-4);
}

/**
 * A name as a 公示 shows it: 张三 → 张*, 张小明 → 张*明, 欧阳小明 → 欧**明; the first and the last character kept
 * (by code point, so a rare character outside the BMP counts once), a one-character name shown as *.
 */
export function maskName(value: string): string {
  const chars = [...value.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars.at(-1)!;
}

/** 13912345678 → 139****5678; other lengths keep the first 3 and last 4 characters when long enough. */
export function maskPhone(value: string): string {
  const v = value.trim();
  if (v.length <= 7) return '*'.repeat(v.length);
  return v.slice(0, 3) + '*'.repeat(v.length - 7) + v.slice(-4);
}

/**
 * A bank account as lists, pages and audit rows show it: 6222020200012345678 → ***************5678 (the last 4
 * digits kept, which is what a payer recognises; short numbers are shown as they are).
 */
export function maskBankAccount(value: string): string {
  const v = value.trim();
  return v.length <= 4 ? v : `${'*'.repeat(v.length - 4)}${v.slice(-4)}`;
}

// A number can be written many ways: ASCII or full-width digits (０-９, Ｘ), percent-encoded in a URL (%31%33…, or
// the UTF-8 of a full-width digit %EF%BC%91), in groups split by spaces, dashes or '+' (139-1234-5678,
// 139 1234 5678, 320105 20100101 1234), with a country prefix (+86 139…, 0086139…). A run of such digit units is
// cut into groups at its separators; a group — or else a window of neighbouring groups — that reads as an ID
// number (17 digits + digit/X, or 15 digits) or a mainland mobile number (1[3-9] + 9 digits, optionally after 86 or
// 0086) is masked, written in ASCII.
const DIGIT_UNIT = String.raw`(?:[0-9\uFF10-\uFF19]|%3[0-9]|%EF%BC%9[0-9])`;
const X_UNIT = String.raw`(?:[Xx\uFF38\uFF58]|%58|%78|%EF%BC%B8|%EF%BD%98)`;
const SEP_UNIT = String.raw`(?:[ \-+\u3000\u2010-\u2015\uFF0B\uFF0D]|%20|%2B|%2D|%E3%80%80|%EF%BC%8B|%EF%BC%8D)`;
const NUMBER_RUN = new RegExp(`${DIGIT_UNIT}(?:${SEP_UNIT}{0,3}(?:${DIGIT_UNIT}|${X_UNIT}))*`, 'gi');
const UNIT = new RegExp(`(${DIGIT_UNIT})|(${X_UNIT})|(${SEP_UNIT})`, 'giy');
const MAX_GROUPS = 6;

function unitDigit(unit: string): string {
  if (/^[0-9]$/.test(unit)) return unit;
  const code = unit.codePointAt(0)!;
  if (code >= 0xff10 && code <= 0xff19) return String(code - 0xff10);
  return unit.slice(-1); // %3d and %EF%BC%9d end with their digit
}

/** The masked form of a number written as `digits`, or null when it is neither an ID nor a mobile number. */
function maskNumber(digits: string): string | null {
  const mobile = /^(0086|86)?(1[3-9]\d{9})$/.exec(digits);
  if (mobile) return `${mobile[1] ?? ''}${maskPhone(mobile[2]!)}`;
  return /^(\d{17}[\dX]|\d{15})$/.test(digits) ? maskIdNumber(digits) : null;
}

function maskRun(run: string): string {
  type Group = { digits: string; start: number; end: number };
  const groups: Group[] = [];
  let current: Group | null = null;
  UNIT.lastIndex = 0;
  for (let m = UNIT.exec(run); m; m = UNIT.exec(run)) {
    const at = m.index;
    if (m[3] !== undefined) {
      current = null;
      continue;
    }
    const ch = m[1] !== undefined ? unitDigit(m[1]) : 'X';
    if (!current) {
      current = { digits: '', start: at, end: at };
      groups.push(current);
    }
    current.digits += ch;
    current.end = UNIT.lastIndex;
  }
  // Whole groups first, so that "2019 13912345678" masks the phone and keeps the year; then windows of the rest.
  const masked = new Map<number, { to: number; text: string }>();
  groups.forEach((g, i) => {
    const text = maskNumber(g.digits);
    if (text) masked.set(i, { to: i, text });
  });
  for (let i = 0; i < groups.length; i++) {
    if (masked.has(i)) continue;
    for (let j = Math.min(groups.length - 1, i + MAX_GROUPS - 1); j > i; j--) {
      let free = true;
      for (let k = i; k <= j; k++) if (masked.has(k)) free = false;
      if (!free) continue;
      const text = maskNumber(groups.slice(i, j + 1).map((g) => g.digits).join(''));
      if (text) {
        masked.set(i, { to: j, text });
        i = j;
        break;
      }
    }
  }
  if (masked.size === 0) return run;
  let out = '';
  let pos = 0;
  for (const [from, { to, text }] of [...masked.entries()].sort((a, b) => a[0] - b[0])) {
    out += run.slice(pos, groups[from]!.start) + text;
    pos = groups[to]!.end;
  }
  return out + run.slice(pos);
}

/**
 * True when the run at `start` lies wholly inside a long hexadecimal token (a random seed, a hash, a channel's hex
 * transaction id): its digits belong to that token, not to a person. An ID number never sits inside one — its
 * check character X is not a hexadecimal digit — and a token shorter than 24 characters is not exempt.
 */
function insideHexToken(text: string, start: number, run: string): boolean {
  if (!/^[0-9]+$/.test(run)) return false;
  let from = start;
  let to = start + run.length;
  while (from > 0 && /[0-9A-Za-z]/.test(text[from - 1]!)) from--;
  while (to < text.length && /[0-9A-Za-z]/.test(text[to]!)) to++;
  const token = text.slice(from, to);
  return token.length >= 24 && /^[0-9a-f]+$/i.test(token) && /[a-f]/i.test(token);
}

/** Masks every ID-number-like and mobile-number-like run inside free text (log lines, URLs, messages). */
export function maskPersonalText(text: string): string {
  return text.replace(NUMBER_RUN, (run: string, start: number) => (insideHexToken(text, start, run) ? run : maskRun(run)));
}

/** Field names whose values are personal numbers wherever they appear in JSON (audit before/after, logs). */
export const PERSONAL_NUMBER_FIELDS: ReadonlySet<string> = new Set([
  'idNumber',
  'id_number',
  'documentNumber',
  'document_number',
  'certNo',
  'certno',
  'phone',
  'mobile',
  'contactPhone',
  'contact_phone',
  'guardianPhone',
  'guardian_phone',
  'guardianIdNumber',
  'guardian_id_number',
  'officePhone',
  'office_phone',
  'accountNumber',
  'account_number',
]);

/** Deep copy of a JSON-like value with personal-number fields masked and secrets removed. */
export function maskPersonalJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPersonalJson);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (/password|secret|token|hash/i.test(k)) continue;
      if (PERSONAL_NUMBER_FIELDS.has(k) && typeof v === 'string') {
        out[k] = /phone|mobile/i.test(k) ? maskPhone(v) : maskIdNumber(v);
      } else {
        out[k] = maskPersonalJson(v);
      }
    }
    return out;
  }
  if (typeof value === 'string') return maskPersonalText(value);
  return value;
}

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

/** 13912345678 → 139****5678; other lengths keep the first 3 and last 4 characters when long enough. */
export function maskPhone(value: string): string {
  const v = value.trim();
  if (v.length <= 7) return '*'.repeat(v.length);
  return v.slice(0, 3) + '*'.repeat(v.length - 7) + v.slice(-4);
}

// 18-character resident-ID-like runs (17 digits + digit/X), 15-digit legacy numbers, mainland mobile numbers.
const ID_RUN = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
const MOBILE_RUN = /(?<!\d)(1[3-9]\d{9})(?!\d)/g;

/** Masks every ID-number-like and mobile-number-like run inside free text (log lines, URLs, messages). */
export function maskPersonalText(text: string): string {
  return text.replace(ID_RUN, (m) => maskIdNumber(m)).replace(MOBILE_RUN, (m) => maskPhone(m));
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

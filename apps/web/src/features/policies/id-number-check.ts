import { isProvinceCode, parseResidentId, type TGender } from '@canbao/domain';

/** What the ID number field says while a parent types. */
export type TIdNumberState =
  | { kind: 'empty' }
  /** Still typing digits (fewer than 18): no error yet, only how far they are. */
  | { kind: 'typing'; length: number }
  | { kind: 'error'; message: string }
  | { kind: 'ok'; normalized: string; birthDate: string; gender: TGender; wasLegacy15: boolean };

/**
 * Live GB 11643 check of an ID number field. While the field has focus, a run of fewer than 18 digits is taken as
 * unfinished (a 15-digit prefix of an 18-digit number must not show a 1920s birth date); only a wrong province
 * prefix is reported at once. Once the field is left, or 18 characters are in, the full check speaks.
 */
export function checkIdNumberInput(raw: string | null | undefined, { isFocused, today }: { isFocused: boolean; today: string }): TIdNumberState {
  const value = (raw ?? '').trim();
  if (value === '') return { kind: 'empty' };
  const compact = value.replace(/\s+/g, '');
  if (/^\d+$/.test(compact) && compact.length < 18) {
    if (compact.length >= 2 && !isProvinceCode(compact.slice(0, 2))) {
      return { kind: 'error', message: `身份证号码前2位“${compact.slice(0, 2)}”不是有效的省级行政区划代码` };
    }
    if (isFocused) return { kind: 'typing', length: compact.length };
  }
  const parsed = parseResidentId(value, { today });
  if (!parsed.ok) return { kind: 'error', message: parsed.message };
  return {
    kind: 'ok',
    normalized: parsed.normalized,
    birthDate: parsed.birthDate,
    gender: parsed.gender,
    wasLegacy15: parsed.wasLegacy15,
  };
}

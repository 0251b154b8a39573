/**
 * Test-only helpers (not exported from the package): build valid resident ID numbers with the GB 11643 check
 * character (ISO 7064 MOD 11-2), so tests never depend on real people's numbers.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '?';
}

/** buildId('320505', '2012-05-01', 'female') → an 18-character valid number (sequence 12x, odd = male). */
export function buildId(region: string, birthDate: string, gender: 'male' | 'female' = 'male', sequence = 12): string {
  const seq2 = String(sequence % 100).padStart(2, '0');
  const first17 = `${region}${birthDate.replaceAll('-', '')}${seq2}${gender === 'male' ? '1' : '2'}`;
  return first17 + checkChar(first17);
}

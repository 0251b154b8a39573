import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeOrganisationCodeCheckChar,
  computeUsccCheckChar,
  OrganisationCodeErrorCode,
  parseUscc,
  UsccErrorCode,
  validateOrganisationCode,
  type TUsccOptions,
} from './uscc';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const ORG_CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Builds a conforming USCC from its parts: organisation-code check (17th) and USCC check (18th) computed. */
function buildUscc(deptAndType: string, region: string, orgBody8: string): string {
  const first17 = deptAndType + region + orgBody8 + computeOrganisationCodeCheckChar(orgBody8);
  return first17 + computeUsccCheckChar(first17);
}

const charsFrom = (set: string, n: number) =>
  fc.array(fc.constantFrom(...set), { minLength: n, maxLength: n }).map((a) => a.join(''));
const region = fc
  .tuple(fc.constantFrom('10', '11', '12', '31', '35', '44', '50', '54', '65', '66'), charsFrom('0123456789', 4))
  .map(([p, r]) => p + r);
const validUscc = fc
  .tuple(charsFrom(CHARSET, 2), region, charsFrom(CHARSET, 8))
  // The GB 11714 check character is always 0–9 or X, all inside the USCC set, so every body makes a valid code.
  .map(([head, reg, body]) => buildUscc(head, reg, body));

describe('computeUsccCheckChar', () => {
  it('maps a zero remainder to "0" (31 → 0) and otherwise to 31 − remainder', () => {
    expect(computeUsccCheckChar('00000000000000000')).toBe('0');
    // Σ = 1·1 → 31 − 1 = 30 → "Y", the last character of the set.
    expect(computeUsccCheckChar('10000000000000000')).toBe('Y');
    // Σ = 1·3 → 28 → "W" (the set skips I, O, S, V, Z, so index 28 is W).
    expect(computeUsccCheckChar('01000000000000000')).toBe('W');
  });

  it('throws for a body that is not 17 characters of the USCC set', () => {
    expect(() => computeUsccCheckChar('9135010000000000')).toThrow(RangeError);
    expect(() => computeUsccCheckChar('91350100M000100YO')).toThrow(RangeError);
  });
});

describe('computeOrganisationCodeCheckChar', () => {
  it.each([
    ['M000100Y', '4'],
    ['66600721', '7'],
    ['00001312', '7'],
  ])('%s → %s', (body, check) => {
    expect(computeOrganisationCodeCheckChar(body)).toBe(check);
  });

  it('produces X for 10 and 0 for 11', () => {
    // Σ = 1·2 → 11 − 2 = 9; Σ ≡ 1 (mod 11) → 10 → X; Σ ≡ 0 → 11 → 0.
    expect(computeOrganisationCodeCheckChar('00000001')).toBe('9');
    expect(computeOrganisationCodeCheckChar('00000006')).toBe('X');
    const bodies = Array.from({ length: 200 }, (_, i) => `A${String(i).padStart(7, '0')}`);
    expect(bodies.some((b) => computeOrganisationCodeCheckChar(b) === 'X')).toBe(true);
    expect(computeOrganisationCodeCheckChar('00000000')).toBe('0');
  });

  it('throws for a body that is not 8 digits or upper-case letters', () => {
    expect(() => computeOrganisationCodeCheckChar('M000100')).toThrow(RangeError);
    expect(() => computeOrganisationCodeCheckChar('m000100y')).toThrow(RangeError);
  });
});

describe('parseUscc: valid codes', () => {
  // Codes printed in public code and documentation (dromara/hutool CreditCodeUtilTest, the LegalPersonDataBase API
  // doc, js-xxx docs) and the brief's example; all pass both check characters, which is what we can verify.
  it.each([
    ['91350100M000100Y43', '350100', 'M000100Y4'],
    ['91310110666007217T', '310110', '666007217'],
    ['91310115591693856A', '310115', '591693856'],
    ['9144030071526726XG', '440300', '71526726X'],
    ['91330000755918469E', '330000', '755918469'],
    // A central (100000) registration.
    ['11100000000013127D', '100000', '000013127'],
  ])('%s', (code, regionCode, organisationCode) => {
    expect(parseUscc(code)).toEqual({
      ok: true,
      normalized: code,
      registrationDepartmentCode: code.charAt(0),
      organisationTypeCode: code.charAt(1),
      regionCode,
      organisationCode,
    });
  });

  it('normalises case, surrounding spaces and full-width characters', () => {
    expect(parseUscc(' 91350100m000100y43 ')).toMatchObject({ ok: true, normalized: '91350100M000100Y43' });
    expect(parseUscc('９１３５０１００Ｍ０００１００Ｙ４３')).toMatchObject({ ok: true, normalized: '91350100M000100Y43' });
  });

  it('codes built for a school (12…), a private school (52…) and a village collective (N2…) pass', () => {
    for (const head of ['12', '52', 'N2', '93']) {
      const code = buildUscc(head, '440304', 'MB2C3D4E');
      expect(parseUscc(code), code).toMatchObject({ ok: true, normalized: code });
    }
  });
});

describe('parseUscc: rejected codes', () => {
  const mismatchedOrg = (() => {
    // Organisation-code part with a wrong 17th character, but a right 18th character.
    const body = 'MA2C3D4E';
    const wrong = computeOrganisationCodeCheckChar(body) === '1' ? '2' : '1';
    const first17 = `92440304${body}${wrong}`;
    return first17 + computeUsccCheckChar(first17);
  })();

  const cases: { code: UsccErrorCode; input: string; options?: TUsccOptions; message: RegExp }[] = [
    { code: 'USCC_EMPTY', input: ' ', message: /请填写统一社会信用代码/ },
    { code: 'USCC_INVALID_CHARS', input: '91350100M0001OOY43', message: /第14位“O”.*可能应为“0”/ },
    { code: 'USCC_INVALID_CHARS', input: 'I1350100M000100Y43', message: /第1位“I”.*可能应为“1”/ },
    { code: 'USCC_INVALID_CHARS', input: '91350100M000100Y4S', message: /可能应为“5”/ },
    { code: 'USCC_INVALID_CHARS', input: '9135 0100M000100Y43', message: /第5位“空格”/ },
    { code: 'USCC_INVALID_CHARS', input: '91350100-M000100Y43', message: /第9位“-”不是有效字符$/ },
    { code: 'USCC_BAD_LENGTH', input: '91350100M000100Y4', message: /应为18位，现为17位/ },
    { code: 'USCC_BAD_LENGTH', input: '91350100M000100Y433', message: /现为19位/ },
    { code: 'USCC_BAD_REGION', input: buildUscc('91', '000000', 'M000100Y'), message: /第3–8位“000000”/ },
    { code: 'USCC_BAD_REGION', input: buildUscc('91', '91A100', 'M000100Y'), message: /“91A100”/ },
    { code: 'USCC_BAD_CHECK_CHAR', input: '91350100M000100Y44', message: /第18位应为 3/ },
    // A code from an early pilot area that does not follow GB 32100 (noted in hutool's tests).
    { code: 'USCC_BAD_CHECK_CHAR', input: '91350211M00013FA1N', message: /第18位应为 3/ },
    { code: 'USCC_BAD_ORGANISATION_CODE', input: mismatchedOrg, message: /第9–17位不是有效的组织机构代码/ },
  ];

  it.each(cases)('$code: "$input"', ({ code, input, options, message }) => {
    const result = parseUscc(input, options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe(code);
    expect(result.message).toMatch(message);
  });

  it('has a case for every error code', () => {
    expect(new Set(cases.map((c) => c.code))).toEqual(new Set(Object.values(UsccErrorCode)));
  });

  it('accepts a non-conforming organisation-code part when asked to', () => {
    expect(parseUscc(mismatchedOrg, { checkOrganisationCode: false })).toMatchObject({ ok: true });
  });
});

describe('parseUscc: properties', () => {
  it('a code built from random parts parses back to the same parts', () => {
    fc.assert(
      fc.property(validUscc, (code) => {
        const result = parseUscc(code.toLowerCase());
        return (
          result.ok &&
          result.normalized === code &&
          result.regionCode === code.slice(2, 8) &&
          result.organisationCode === code.slice(8, 17)
        );
      }),
    );
  });

  it('any single-character change is rejected', () => {
    fc.assert(
      fc.property(validUscc, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (code, pos, shift) => {
        const replacement = CHARSET.charAt((CHARSET.indexOf(code.charAt(pos)) + shift) % 31);
        return !parseUscc(code.slice(0, pos) + replacement + code.slice(pos + 1)).ok;
      }),
      { numRuns: 2000 },
    );
  });

  it('swapping two different adjacent characters is rejected', () => {
    fc.assert(
      fc.property(validUscc, fc.integer({ min: 0, max: 16 }), (code, pos) => {
        fc.pre(code.charAt(pos) !== code.charAt(pos + 1));
        return !parseUscc(code.slice(0, pos) + code.charAt(pos + 1) + code.charAt(pos) + code.slice(pos + 2)).ok;
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary input', () => {
    const codes = new Set<string>(Object.values(UsccErrorCode));
    fc.assert(
      fc.property(fc.oneof(fc.string(), charsFrom(CHARSET + 'IOSVZ', 18)), (input) => {
        const result = parseUscc(input);
        return result.ok || (codes.has(result.code) && result.message.length > 0);
      }),
    );
  });
});

describe('validateOrganisationCode', () => {
  it.each([
    ['M000100Y-4', 'M000100Y-4'],
    ['M000100Y4', 'M000100Y-4'],
    [' m000100y-4 ', 'M000100Y-4'],
    ['66600721-7', '66600721-7'],
    ['00000000-0', '00000000-0'],
  ])('%s → %s', (input, normalized) => {
    expect(validateOrganisationCode(input)).toEqual({ ok: true, normalized, compact: normalized.replace('-', '') });
  });

  it('accepts letters outside the USCC set (GB 11714 allows A–Z) and an X check character', () => {
    const body = Array.from({ length: 500 }, (_, i) => `OI${String(i).padStart(6, '0')}`).find(
      (b) => computeOrganisationCodeCheckChar(b) === 'X',
    );
    expect(body).toBeDefined();
    expect(validateOrganisationCode(`${body}-x`)).toMatchObject({ ok: true, normalized: `${body}-X` });
  });

  const cases: { code: OrganisationCodeErrorCode; input: string; message: RegExp }[] = [
    { code: 'ORG_CODE_EMPTY', input: '', message: /请填写组织机构代码/ },
    { code: 'ORG_CODE_BAD_FORMAT', input: 'M000100-4', message: /8位数字或大写字母/ },
    { code: 'ORG_CODE_BAD_FORMAT', input: 'M000100Y--4', message: /8位数字或大写字母/ },
    { code: 'ORG_CODE_BAD_FORMAT', input: 'M000100Y-A', message: /校验码/ },
    { code: 'ORG_CODE_BAD_FORMAT', input: 'M0001#0Y-4', message: /8位/ },
    { code: 'ORG_CODE_BAD_CHECK_CHAR', input: 'M000100Y-5', message: /最后一位应为 4/ },
  ];
  it.each(cases)('$code: "$input"', ({ code, input, message }) => {
    const result = validateOrganisationCode(input);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('has a case for every error code', () => {
    expect(new Set(cases.map((c) => c.code))).toEqual(new Set(Object.values(OrganisationCodeErrorCode)));
  });

  it('a random body with its computed check character validates, and any other check character does not', () => {
    fc.assert(
      fc.property(charsFrom(ORG_CHARSET, 8), fc.constantFrom(...'0123456789X'), (body, check) => {
        const ok = validateOrganisationCode(`${body}-${check}`).ok;
        return ok === (check === computeOrganisationCodeCheckChar(body));
      }),
    );
  });
});

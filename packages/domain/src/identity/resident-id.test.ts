import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOn, computeResidentIdCheckChar, IdErrorCode, parseResidentId, PROVINCE_NAMES } from './resident-id';

// An independent, deliberately naive MOD 11-2 (ISO 7064): find the check value c with (Σ d_i·2^(18-i) + c) ≡ 1 (mod 11).
function referenceCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  for (let c = 0; c <= 10; c += 1) if ((sum + c) % 11 === 1) return c === 10 ? 'X' : String(c);
  throw new Error('unreachable');
}

const PROVINCES = Object.keys(PROVINCE_NAMES);
// Region codes that exist or existed (some abolished: 110103 崇文区, 320103 白下区, 110229 延庆县), from every province kind.
const REGIONS = ['110105', '110103', '110229', '320508', '320103', '320583', '330106', '370103', '429004', '440304', '469027', '500101', '510104', '650102', '710000', '810101', '820000', '830000'];
const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const isoDate = (min: string, max: string) =>
  fc
    .date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
const validId = fc
  .record({
    region: fc.constantFrom(...REGIONS),
    birth: isoDate('1880-01-01', '2099-12-31'),
    seq: digits(3),
  })
  .map(({ region, birth, seq }) => {
    const first17 = region + birth.replaceAll('-', '') + seq;
    return { id: first17 + computeResidentIdCheckChar(first17), birth, seq };
  });

describe('computeResidentIdCheckChar', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['15010219880730303', '5'],
    ['44030419900101001', '1'],
    ['32010520100101123', '1'],
    ['00000000000000000', '1'],
  ])('%s → %s', (first17, expected) => {
    expect(computeResidentIdCheckChar(first17)).toBe(expected);
  });

  it('agrees with a textbook MOD 11-2 implementation', () => {
    fc.assert(fc.property(digits(17), (first17) => computeResidentIdCheckChar(first17) === referenceCheckChar(first17)));
  });

  it.each(['1101051949123100', '110105194912310021', '1101051949123100X', '１１０１０５１９４９１２３１００２'])(
    'throws for a body that is not 17 ASCII digits: %s',
    (bad) => {
      expect(() => computeResidentIdCheckChar(bad)).toThrow(RangeError);
    },
  );
});

describe('parseResidentId: valid numbers', () => {
  it.each([
    {
      input: '11010519491231002X',
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'female',
      wasLegacy15: false,
    },
    {
      input: '11010519491231002x',
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'female',
      wasLegacy15: false,
    },
    {
      input: '  440304199001010011 \t',
      normalized: '440304199001010011',
      birthDate: '1990-01-01',
      gender: 'male',
      wasLegacy15: false,
    },
    // Full-width digits from an IME and a zero-width space pasted from a web page.
    {
      input: '４４０３０４１９９００１０１００１１',
      normalized: '440304199001010011',
      birthDate: '1990-01-01',
      gender: 'male',
      wasLegacy15: false,
    },
    {
      input: '\u200B440304199001010011',
      normalized: '440304199001010011',
      birthDate: '1990-01-01',
      gender: 'male',
      wasLegacy15: false,
    },
    // The example of GB 11643 conversion (cn-policy.md §4, S41).
    {
      input: '150102880730303',
      normalized: '150102198807303035',
      birthDate: '1988-07-30',
      gender: 'male',
      wasLegacy15: true,
    },
    {
      input: '150102198807303035',
      normalized: '150102198807303035',
      birthDate: '1988-07-30',
      gender: 'male',
      wasLegacy15: false,
    },
    {
      input: '320105201001011231',
      normalized: '320105201001011231',
      birthDate: '2010-01-01',
      gender: 'male',
      wasLegacy15: false,
    },
    // Oldest accepted birth date, and a real 29 February.
    {
      input: '110105188001010017',
      normalized: '110105188001010017',
      birthDate: '1880-01-01',
      gender: 'male',
      wasLegacy15: false,
    },
    {
      input: '820000200002290021',
      normalized: '820000200002290021',
      birthDate: '2000-02-29',
      gender: 'female',
      wasLegacy15: false,
    },
  ])('$input', ({ input, ...expected }) => {
    const result = parseResidentId(input);
    expect(result).toEqual({
      ok: true,
      ...expected,
      regionCode: expected.normalized.slice(0, 6),
      provinceCode: expected.normalized.slice(0, 2),
    });
  });

  it('accepts every province code in the table, including 71, 81, 82 and 83', () => {
    for (const province of PROVINCES) {
      const first17 = `${province}010519900101001`;
      expect(parseResidentId(first17 + computeResidentIdCheckChar(first17)).ok, province).toBe(true);
    }
    expect(PROVINCES).toHaveLength(35);
  });

  it('accepts a birth date equal to options.today and passes the region to isKnownRegion', () => {
    const seen: string[] = [];
    const result = parseResidentId('320105201001011231', {
      today: '2010-01-01',
      isKnownRegion: (code) => {
        seen.push(code);
        return true;
      },
    });
    expect(result.ok).toBe(true);
    expect(seen).toEqual(['320105']);
  });
});

describe('parseResidentId: rejected numbers', () => {
  const cases: { code: IdErrorCode; input: string; options?: Parameters<typeof parseResidentId>[1]; message: RegExp }[] = [
    { code: 'ID_EMPTY', input: '', message: /请填写身份证号码/ },
    { code: 'ID_EMPTY', input: '  \u3000 ', message: /请填写/ },
    { code: 'ID_INVALID_CHARS', input: '11010519491231002A', message: /第18位“A”/ },
    { code: 'ID_INVALID_CHARS', input: '110105 19491231002X', message: /第7位“空格”/ },
    { code: 'ID_INVALID_CHARS', input: '110105-19491231002X', message: /第7位“-”/ },
    { code: 'ID_INVALID_CHARS', input: '1101X5194912310020', message: /X 只能是第18位.*第5位/ },
    { code: 'ID_INVALID_CHARS', input: '15010288073030X', message: /X 只能是第18位/ },
    { code: 'ID_INVALID_CHARS', input: '1.10105E+17', message: /科学计数法/ },
    { code: 'ID_BAD_LENGTH', input: '11010519491231002', message: /应为18位（或旧版15位），现为17位/ },
    { code: 'ID_BAD_LENGTH', input: '11010519491231002XX'.slice(0, 16), message: /现为16位/ },
    { code: 'ID_BAD_LENGTH', input: '1101051949123100211', message: /现为19位/ },
    { code: 'ID_BAD_REGION', input: '000000199001010011', message: /前2位“00”/ },
    { code: 'ID_BAD_REGION', input: '160000199001010011', message: /前2位“16”/ },
    { code: 'ID_BAD_REGION', input: '910000199001010011', message: /前2位“91”/ },
    { code: 'ID_BAD_REGION', input: '932682198501010017', message: /外国人永久居留身份证/ },
    {
      code: 'ID_UNKNOWN_REGION',
      input: '440304199001010011',
      options: { isKnownRegion: () => false },
      message: /地区码“440304”/,
    },
    { code: 'ID_BAD_BIRTH_DATE', input: '440304201902290012', message: /出生日期不存在：第7–14位为“20190229”/ },
    { code: 'ID_BAD_BIRTH_DATE', input: '440304190002290012', message: /“19000229”/ },
    { code: 'ID_BAD_BIRTH_DATE', input: '440304199013010012', message: /“19901301”/ },
    { code: 'ID_BAD_BIRTH_DATE', input: '440304199001000012', message: /“19900100”/ },
    { code: 'ID_BAD_BIRTH_DATE', input: '440304199004310012', message: /“19900431”/ },
    { code: 'ID_BAD_BIRTH_DATE', input: '150102880230303', message: /第7–12位为“19880230”/ },
    { code: 'ID_BIRTH_DATE_TOO_EARLY', input: '110105187912310017', message: /1879-12-31 早于 1880-01-01/ },
    {
      code: 'ID_BIRTH_DATE_IN_FUTURE',
      input: '320105201001021231',
      options: { today: '2010-01-01' },
      message: /2010-01-02 晚于今天（2010-01-01）/,
    },
    { code: 'ID_BAD_CHECK_CHAR', input: '110105194912310021', message: /^身份证号码校验位错误：第18位应为 X/ },
    { code: 'ID_BAD_CHECK_CHAR', input: '150102198807303036', message: /第18位应为 5/ },
    { code: 'ID_BAD_CHECK_CHAR', input: '440304199001010010', message: /第18位应为 1/ },
  ];

  it.each(cases)('$code: "$input"', ({ code, input, options, message }) => {
    const result = parseResidentId(input, options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe(code);
    expect(result.message).toMatch(message);
  });

  it('has a case for every error code', () => {
    expect(new Set(cases.map((c) => c.code))).toEqual(new Set(Object.values(IdErrorCode)));
  });

  it('reports an impossible birth date before the check character', () => {
    // 19900230 with a check character computed over the impossible body: only the date is wrong.
    const first17 = '44030419900230001';
    const result = parseResidentId(first17 + computeResidentIdCheckChar(first17));
    expect(result).toMatchObject({ ok: false, code: 'ID_BAD_BIRTH_DATE' });
  });

  it('throws when options.today is not a date (a caller bug, not a user error)', () => {
    expect(() => parseResidentId('440304199001010011', { today: '2024/01/01' })).toThrow(RangeError);
  });
});

describe('parseResidentId: properties', () => {
  it('a number built with computeResidentIdCheckChar parses with the same birth date and gender', () => {
    fc.assert(
      fc.property(validId, ({ id, birth, seq }) => {
        const result = parseResidentId(id);
        return (
          result.ok &&
          result.normalized === id &&
          result.birthDate === birth &&
          result.gender === (Number(seq[2]) % 2 === 1 ? 'male' : 'female') &&
          !result.wasLegacy15
        );
      }),
    );
  });

  it('any single-character change of a valid number is rejected', () => {
    const chars = '0123456789X';
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), ({ id }, pos, shift) => {
        const original = id.charAt(pos);
        const replacement = chars.charAt((chars.indexOf(original) + shift) % 11);
        const mutated = id.slice(0, pos) + replacement + id.slice(pos + 1);
        return mutated !== id && !parseResidentId(mutated).ok;
      }),
      { numRuns: 2000 },
    );
  });

  it('swapping two different adjacent digits of the body is rejected', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 15 }), ({ id }, pos) => {
        const a = id.charAt(pos);
        const b = id.charAt(pos + 1);
        fc.pre(a !== b);
        return !parseResidentId(id.slice(0, pos) + b + a + id.slice(pos + 2)).ok;
      }),
      { numRuns: 1000 },
    );
  });

  it('a 15-digit number converts to 18 digits with the same birth date, gender and region', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REGIONS),
        isoDate('1900-01-01', '1999-12-31'),
        digits(3),
        (region, birth, seq) => {
          const legacy = region + birth.replaceAll('-', '').slice(2) + seq;
          const converted = parseResidentId(legacy);
          if (!converted.ok) return false;
          const reparsed = parseResidentId(converted.normalized);
          return (
            converted.wasLegacy15 &&
            converted.normalized.length === 18 &&
            converted.normalized.slice(6, 8) === '19' &&
            converted.birthDate === birth &&
            reparsed.ok &&
            !reparsed.wasLegacy15 &&
            reparsed.birthDate === birth &&
            reparsed.gender === converted.gender &&
            reparsed.regionCode === region
          );
        },
      ),
    );
  });

  it('never throws on arbitrary input and always explains a rejection', () => {
    const codes = new Set<string>(Object.values(IdErrorCode));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(...'0123456789Xx ') })), (input) => {
        const result = parseResidentId(input);
        return result.ok ? result.normalized.length === 18 : codes.has(result.code) && result.message.length > 0;
      }),
    );
  });
});

describe('ageOn', () => {
  it.each([
    ['2010-09-01', '2010-09-01', 0],
    ['2010-09-01', '2011-08-31', 0],
    ['2010-09-01', '2011-09-01', 1],
    ['2010-09-01', '2028-08-31', 17],
    ['2010-09-01', '2028-09-01', 18],
    ['1949-12-31', '2024-12-30', 74],
    ['1949-12-31', '2024-12-31', 75],
    // Born on 29 February: a year older on 1 March in a common year, on 29 February in a leap year.
    ['2008-02-29', '2009-02-28', 0],
    ['2008-02-29', '2009-03-01', 1],
    ['2008-02-29', '2012-02-28', 3],
    ['2008-02-29', '2012-02-29', 4],
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
  ])('born %s, on %s → %i', (birth, date, age) => {
    expect(ageOn(birth, date)).toBe(age);
  });

  it('throws for a malformed or impossible date and for a date before birth', () => {
    expect(() => ageOn('2019-02-29', '2020-01-01')).toThrow(RangeError);
    expect(() => ageOn('2010-01-01', '2020-1-1')).toThrow(RangeError);
    expect(() => ageOn('2010-01-02', '2010-01-01')).toThrow(RangeError);
  });

  it('agrees with counting birthdays one by one', () => {
    fc.assert(
      fc.property(isoDate('1900-01-01', '2050-12-31'), isoDate('1900-01-01', '2100-12-31'), (birth, date) => {
        fc.pre(date >= birth);
        let age = 0;
        const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
        for (let y = by + 1; ; y += 1) {
          // The n-th birthday: the same month and day, or 1 March when 29 February does not exist that year.
          const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
          const pad = (n: number) => String(n).padStart(2, '0');
          const md = bm === 2 && bd === 29 && !leap ? '03-01' : `${pad(bm)}-${pad(bd)}`;
          if (`${y}-${md}` > date) break;
          age += 1;
        }
        return ageOn(birth, date) === age;
      }),
    );
  });
});

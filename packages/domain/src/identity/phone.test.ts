import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePhoneNumber, PhoneErrorCode } from './phone';

describe('parsePhoneNumber: mobile numbers', () => {
  it.each([
    ['13912345678', '13912345678'],
    [' 139 1234 5678 ', '13912345678'],
    ['139-1234-5678', '13912345678'],
    ['+86 139 1234 5678', '13912345678'],
    ['+8613912345678', '13912345678'],
    ['+86-139-1234-5678', '13912345678'],
    ['(+86) 13912345678', '13912345678'],
    ['0086 13912345678', '13912345678'],
    ['8613912345678', '13912345678'],
    ['013912345678', '13912345678'],
    ['１３９１２３４５６７８', '13912345678'],
    ['14512345678', '14512345678'],
    ['16612345678', '16612345678'],
    ['19912345678', '19912345678'],
  ])('%s → %s', (input, normalized) => {
    expect(parsePhoneNumber(input)).toEqual({ ok: true, normalized, kind: 'mobile' });
  });
});

describe('parsePhoneNumber: landlines', () => {
  it.each([
    ['010-62345678', '010-62345678', '010', undefined],
    ['01062345678', '010-62345678', '010', undefined],
    ['(010)62345678', '010-62345678', '010', undefined],
    ['（010）62345678', '010-62345678', '010', undefined],
    ['021 6123 4567', '021-61234567', '021', undefined],
    ['0755-62345678', '0755-62345678', '0755', undefined],
    ['075562345678', '0755-62345678', '0755', undefined],
    ['0755 6234 5678', '0755-62345678', '0755', undefined],
    ['0898-6123456', '0898-6123456', '0898', undefined],
    ['08986123456', '0898-6123456', '0898', undefined],
    ['0755－62345678', '0755-62345678', '0755', undefined],
    ['+86 755 62345678', '0755-62345678', '0755', undefined],
    ['+86 10 62345678', '010-62345678', '010', undefined],
    ['+86 (0)755 62345678', '0755-62345678', '0755', undefined],
    ['0755-62345678-801', '0755-62345678-801', '0755', '801'],
    ['0755-62345678转801', '0755-62345678-801', '0755', '801'],
    ['0755-62345678 分机 801', '0755-62345678-801', '0755', '801'],
    ['0755-62345678 ext. 801', '0755-62345678-801', '0755', '801'],
    ['0755-62345678x801', '0755-62345678-801', '0755', '801'],
    ['075562345678#801', '0755-62345678-801', '0755', '801'],
  ])('%s → %s', (input, normalized, areaCode, extension) => {
    expect(parsePhoneNumber(input)).toEqual({
      ok: true,
      normalized,
      kind: 'landline',
      areaCode,
      ...(extension ? { extension } : {}),
    });
  });
});

describe('parsePhoneNumber: rejected numbers', () => {
  const cases: { code: PhoneErrorCode; input: string; message: RegExp }[] = [
    { code: 'PHONE_EMPTY', input: '', message: /请填写联系电话/ },
    { code: 'PHONE_EMPTY', input: ' \u3000 ', message: /请填写/ },
    { code: 'PHONE_INVALID_CHARS', input: '139123456７a', message: /第11位“A”不是数字/ },
    { code: 'PHONE_INVALID_CHARS', input: '139.1234.5678', message: /“\.”/ },
    { code: 'PHONE_INVALID_CHARS', input: '139+12345678', message: /“\+”只能出现在最前面/ },
    { code: 'PHONE_UNSUPPORTED_COUNTRY', input: '+852 9123 4567', message: /\+86/ },
    { code: 'PHONE_UNSUPPORTED_COUNTRY', input: '001 415 555 0100', message: /中国大陆/ },
    { code: 'PHONE_BAD_MOBILE', input: '1391234567', message: /应为11位，现为10位/ },
    { code: 'PHONE_BAD_MOBILE', input: '139123456789', message: /现为12位/ },
    { code: 'PHONE_BAD_MOBILE', input: '12912345678', message: /第2位应为3–9/ },
    { code: 'PHONE_BAD_MOBILE', input: '10012345678', message: /第2位应为3–9/ },
    { code: 'PHONE_BAD_MOBILE', input: '13912345678转8', message: /不能带分机号/ },
    { code: 'PHONE_BAD_AREA_CODE', input: '0111234567', message: /区号“011”不正确/ },
    { code: 'PHONE_BAD_AREA_CODE', input: '075-12345678', message: /区号“075”/ },
    { code: 'PHONE_BAD_AREA_CODE', input: '(0101)2345678', message: /区号“0101”/ },
    { code: 'PHONE_BAD_LOCAL_NUMBER', input: '0755-123456', message: /应为7或8位.*“123456”（6位）/ },
    { code: 'PHONE_BAD_LOCAL_NUMBER', input: '07551234567890', message: /（10位）/ },
    { code: 'PHONE_BAD_LOCAL_NUMBER', input: '010-02345678', message: /不以0或1开头/ },
    { code: 'PHONE_BAD_LOCAL_NUMBER', input: '0755 1234 567', message: /（7位）|（6位）/ },
    { code: 'PHONE_MISSING_AREA_CODE', input: '62345678', message: /请加区号，如 0755-62345678/ },
    { code: 'PHONE_MISSING_AREA_CODE', input: '6123456', message: /请加区号/ },
    { code: 'PHONE_BAD_FORMAT', input: '400-810-1234', message: /无法识别/ },
    { code: 'PHONE_BAD_FORMAT', input: '95588', message: /无法识别/ },
    { code: 'PHONE_BAD_FORMAT', input: '+86', message: /完整/ },
    { code: 'PHONE_BAD_FORMAT', input: '010-12345678-801 转 802', message: /两个分机号/ },
  ];

  it.each(cases)('$code: "$input"', ({ code, input, message }) => {
    const result = parsePhoneNumber(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe(code);
    expect(result.message).toMatch(message);
  });

  it('has a case for every error code', () => {
    expect(new Set(cases.map((c) => c.code))).toEqual(new Set(Object.values(PhoneErrorCode)));
  });
});

describe('parsePhoneNumber: properties', () => {
  const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
  const separator = fc.constantFrom('', ' ', '-');

  it('any 1[3-9] mobile, with any prefix and grouping, normalises to its 11 digits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 9 }),
        digits(9),
        fc.constantFrom('', '+86', '+86 ', '0086', '86'),
        separator,
        (second, rest, prefix, sep) => {
          const number = `1${second}${rest}`;
          const input = `${prefix}${number.slice(0, 3)}${sep}${number.slice(3, 7)}${sep}${number.slice(7)}`;
          const result = parsePhoneNumber(input);
          return result.ok && result.kind === 'mobile' && result.normalized === number;
        },
      ),
    );
  });

  it('any landline normalises to area-local and re-parses to itself', () => {
    const areaCode = fc.oneof(
      fc.constantFrom('010', '020', '021', '022', '023', '024', '025', '027', '028', '029'),
      fc.tuple(fc.integer({ min: 3, max: 9 }), digits(2)).map(([a, b]) => `0${a}${b}`),
    );
    const local = fc.tuple(fc.integer({ min: 2, max: 9 }), fc.oneof(digits(6), digits(7))).map(([a, b]) => `${a}${b}`);
    fc.assert(
      fc.property(areaCode, local, fc.constantFrom('', '-', ' '), (area, number, sep) => {
        const result = parsePhoneNumber(`${area}${sep}${number}`);
        if (!result.ok || result.kind !== 'landline') return false;
        const again = parsePhoneNumber(result.normalized);
        return result.normalized === `${area}-${number}` && again.ok && again.normalized === result.normalized;
      }),
    );
  });

  it('never throws on arbitrary input', () => {
    const codes = new Set<string>(Object.values(PhoneErrorCode));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(...'0123456789+-() 转#x') })), (input) => {
        const result = parsePhoneNumber(input);
        return result.ok || (codes.has(result.code) && result.message.length > 0);
      }),
    );
  });
});

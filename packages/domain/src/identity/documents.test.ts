import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_TYPE_CODES,
  DOCUMENT_TYPES,
  DocumentErrorCode,
  isDocumentType,
  validateDocument,
  ZDocumentType,
  type TDocumentOptions,
} from './documents';
import { computeResidentIdCheckChar, PROVINCE_NAMES } from './resident-id';

/** Completes a 17-digit body with its MOD 11-2 check character. */
const withCheck = (first17: string) => first17 + computeResidentIdCheckChar(first17);

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const isoDate = fc
  .date({ min: new Date('1880-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('document types', () => {
  it('names every code, and the zod enum matches the table', () => {
    expect(Object.keys(DOCUMENT_TYPES).sort()).toEqual([...DOCUMENT_TYPE_CODES].sort());
    for (const code of DOCUMENT_TYPE_CODES) expect(ZDocumentType.parse(code)).toBe(code);
    expect(ZDocumentType.safeParse('02').success).toBe(false);
    expect(isDocumentType('17')).toBe(true);
    expect(isDocumentType('90')).toBe(false);
  });
});

describe('validateDocument: the 2023 foreigner card example', () => {
  it('932682198501010017 passes MOD 11-2 and yields its birth date (research/cn-policy.md §4, S41)', () => {
    expect(computeResidentIdCheckChar('93268219850101001')).toBe('7');
    expect(validateDocument('07', '932682198501010017')).toEqual({
      ok: true,
      normalized: '932682198501010017',
      birthDate: '1985-01-01',
      gender: 'male',
    });
  });
});

describe('validateDocument: valid numbers of every type', () => {
  it.each([
    // 01 居民身份证（户口簿）
    {
      type: '01',
      input: '11010519491231002x',
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'female',
    },
    { type: '01', input: '150102880730303', normalized: '150102198807303035', birthDate: '1988-07-30', gender: 'male' },
    // 04 / 05 回乡证: H or M + 8 digits, or + 10 with the renewal count
    { type: '04', input: 'H12345678', normalized: 'H12345678' },
    { type: '04', input: ' h1234567801 ', normalized: 'H1234567801' },
    { type: '04', input: 'H 1234 5678', normalized: 'H12345678' },
    { type: '05', input: 'M12345678', normalized: 'M12345678' },
    { type: '05', input: 'm1234567890', normalized: 'M1234567890' },
    // 06 台胞证: 8 digits, or the older 10 letters/digits
    { type: '06', input: '07257456', normalized: '07257456' },
    { type: '06', input: '1234567890', normalized: '1234567890' },
    { type: '06', input: 'f290299977', normalized: 'F290299977' },
    // 07 永居证: 2017 (3 letters + 12 digits) and 2023 (18 digits, starting with 9)
    { type: '07', input: 'usa310085071201', normalized: 'USA310085071201' },
    { type: '07', input: '932682198501010017', normalized: '932682198501010017', birthDate: '1985-01-01', gender: 'male' },
    {
      type: '07',
      input: withCheck('94484019991231002'),
      normalized: withCheck('94484019991231002'),
      birthDate: '1999-12-31',
      gender: 'female',
    },
    // 08 外国人护照
    { type: '08', input: 'X1234567', normalized: 'X1234567' },
    { type: '08', input: '12345', normalized: '12345' },
    { type: '08', input: 'ab12 3456', normalized: 'AB123456' },
    { type: '08', input: 'A'.repeat(20), normalized: 'A'.repeat(20) },
    // 16 中国护照
    { type: '16', input: 'E12345678', normalized: 'E12345678' },
    { type: '16', input: 'ea1234567', normalized: 'EA1234567' },
    { type: '16', input: 'EZ7654321', normalized: 'EZ7654321' },
    { type: '16', input: 'G12345678', normalized: 'G12345678' },
    { type: '16', input: 'P1234567', normalized: 'P1234567' },
    { type: '16', input: 'PE1234567', normalized: 'PE1234567' },
    { type: '16', input: 'S12345678', normalized: 'S12345678' },
    { type: '16', input: 'SE1234567', normalized: 'SE1234567' },
    { type: '16', input: 'D1234567', normalized: 'D1234567' },
    { type: '16', input: 'DE1234567', normalized: 'DE1234567' },
    { type: '16', input: '141234567', normalized: '141234567' },
    { type: '16', input: '151234567', normalized: '151234567' },
    // 17 港澳台居民居住证
    { type: '17', input: '810000199001010019', normalized: '810000199001010019', birthDate: '1990-01-01', gender: 'male' },
    {
      type: '17',
      input: '820000200002290021',
      normalized: '820000200002290021',
      birthDate: '2000-02-29',
      gender: 'female',
    },
    { type: '17', input: '830000198512310039', normalized: '830000198512310039', birthDate: '1985-12-31', gender: 'male' },
    // 99 其他
    { type: '99', input: ' 军官证 第123号 ', normalized: '军官证 第123号' },
    { type: '99', input: 'x', normalized: 'x' },
    { type: '99', input: '证'.repeat(30), normalized: '证'.repeat(30) },
  ])('$type $input', ({ type, input, ...expected }) => {
    expect(validateDocument(type, input)).toEqual({ ok: true, ...expected });
  });

  it('a 17 number with X as check character', () => {
    // Search the sequence numbers for one whose check character is X, so the X path is exercised for sure.
    const body = Array.from({ length: 1000 }, (_, i) => `83000020100101${String(i).padStart(3, '0')}`).find(
      (b) => computeResidentIdCheckChar(b) === 'X',
    );
    expect(body).toBeDefined();
    expect(validateDocument('17', `${body}x`)).toMatchObject({ ok: true, normalized: `${body}X`, birthDate: '2010-01-01' });
  });
});

describe('validateDocument: rejected numbers', () => {
  const cases: {
    code: DocumentErrorCode;
    type: string;
    input: string;
    options?: TDocumentOptions;
    message: RegExp;
  }[] = [
    { code: 'DOC_UNSUPPORTED_TYPE', type: '02', input: '军字第123号', message: /不支持的证件类型“02”/ },
    { code: 'DOC_UNSUPPORTED_TYPE', type: '', input: 'x', message: /不支持/ },
    { code: 'DOC_UNSUPPORTED_TYPE', type: '1', input: '110105194912310021', message: /不支持/ },
    { code: 'DOC_EMPTY', type: '04', input: '  ', message: /请填写港澳居民来往内地通行证（香港）号码/ },
    { code: 'DOC_EMPTY', type: '16', input: '', message: /请填写中国护照号码/ },
    { code: 'DOC_EMPTY', type: '99', input: ' ', message: /请填写证件号码/ },
    { code: 'ID_EMPTY', type: '01', input: '', message: /请填写身份证号码/ },
    // 04/05
    { code: 'DOC_BAD_FORMAT', type: '04', input: 'H1234567', message: /H 加8位或10位数字/ },
    { code: 'DOC_BAD_FORMAT', type: '04', input: 'H123456789', message: /H 加8位或10位数字/ },
    { code: 'DOC_BAD_FORMAT', type: '04', input: 'A123456(7)', message: /不是香港身份证号码/ },
    { code: 'DOC_BAD_FORMAT', type: '05', input: '1234567(8)', message: /M 加8位或10位数字.*不是澳门身份证号码/ },
    { code: 'DOC_WRONG_TYPE', type: '04', input: 'M12345678', message: /澳门.*应选“港澳居民来往内地通行证（澳门）”/ },
    { code: 'DOC_WRONG_TYPE', type: '05', input: 'H1234567890', message: /香港.*应选“港澳居民来往内地通行证（香港）”/ },
    { code: 'DOC_WRONG_TYPE', type: '04', input: '810000199001010019', message: /居住证.*应选“港澳台居民居住证”/ },
    // 06
    { code: 'DOC_BAD_FORMAT', type: '06', input: '1234567', message: /8位数字/ },
    { code: 'DOC_BAD_FORMAT', type: '06', input: '12345678901', message: /8位数字/ },
    { code: 'DOC_BAD_FORMAT', type: '06', input: '1234567#', message: /8位数字/ },
    { code: 'DOC_WRONG_TYPE', type: '06', input: '830000198512310039', message: /应选“港澳台居民居住证”/ },
    // 07
    { code: 'DOC_BAD_FORMAT', type: '07', input: 'US1234567890123', message: /以 9 开头的新版.*3个英文字母加12位数字/ },
    { code: 'DOC_BAD_FORMAT', type: '07', input: 'USA12345678901', message: /15位/ },
    { code: 'DOC_BAD_FORMAT', type: '07', input: '93268219850101001', message: /18位/ },
    { code: 'ID_BAD_REGION', type: '07', input: withCheck('90068219850101001'), message: /第2–3位“00”/ },
    { code: 'ID_BAD_REGION', type: '07', input: withCheck('99168219850101001'), message: /第2–3位“91”/ },
    { code: 'ID_BAD_BIRTH_DATE', type: '07', input: withCheck('93268219850229001'), message: /外国人永久居留身份证号码中的出生日期不存在/ },
    { code: 'ID_BAD_CHECK_CHAR', type: '07', input: '932682198501010018', message: /外国人永久居留身份证号码校验位错误：第18位应为 7/ },
    {
      code: 'ID_BIRTH_DATE_IN_FUTURE',
      type: '07',
      input: withCheck('93268220300101001'),
      options: { today: '2026-01-01' },
      message: /2030-01-01 晚于今天/,
    },
    { code: 'DOC_WRONG_TYPE', type: '07', input: '11010519491231002X', message: /这是居民身份证号码，证件类型应选“居民身份证（户口簿）”/ },
    // 08
    { code: 'DOC_BAD_FORMAT', type: '08', input: '1234', message: /5–20位/ },
    { code: 'DOC_BAD_FORMAT', type: '08', input: 'A'.repeat(21), message: /5–20位/ },
    { code: 'DOC_BAD_FORMAT', type: '08', input: 'ÄB12345', message: /英文字母或数字/ },
    { code: 'DOC_BAD_FORMAT', type: '08', input: 'AB/12345', message: /英文字母或数字/ },
    { code: 'DOC_WRONG_TYPE', type: '08', input: '440304199001010011', message: /这是居民身份证号码/ },
    // 16
    { code: 'DOC_BAD_FORMAT', type: '16', input: 'E123456', message: /E12345678/ },
    { code: 'DOC_BAD_FORMAT', type: '16', input: 'E123456789', message: /E12345678/ },
    { code: 'DOC_BAD_FORMAT', type: '16', input: 'X12345678', message: /E、G、P、S 或 D/ },
    { code: 'DOC_BAD_FORMAT', type: '16', input: 'GA1234567', message: /EA1234567/ },
    { code: 'DOC_BAD_FORMAT', type: '16', input: 'EA12345678', message: /EA1234567/ },
    { code: 'DOC_BAD_FORMAT', type: '16', input: '161234567', message: /护照/ },
    // 17
    { code: 'DOC_BAD_FORMAT', type: '17', input: '81000019900101001', message: /应为18位数字/ },
    { code: 'DOC_BAD_FORMAT', type: '17', input: '8100001990010100AB', message: /应为18位数字（末位可为 X）/ },
    { code: 'DOC_WRONG_TYPE', type: '17', input: 'H12345678', message: /应选“港澳居民来往内地通行证（香港）”/ },
    { code: 'ID_BAD_REGION', type: '17', input: withCheck('84000019900101001'), message: /810000、820000 或 830000/ },
    { code: 'ID_BAD_REGION', type: '17', input: withCheck('81010019900101001'), message: /810000、820000 或 830000/ },
    { code: 'ID_BAD_BIRTH_DATE', type: '17', input: withCheck('81000019900230001'), message: /港澳台居民居住证号码中的出生日期不存在/ },
    { code: 'ID_BIRTH_DATE_TOO_EARLY', type: '17', input: withCheck('81000018700101001'), message: /早于 1880-01-01/ },
    { code: 'ID_BAD_CHECK_CHAR', type: '17', input: '810000199001010018', message: /港澳台居民居住证号码校验位错误：第18位应为 9/ },
    { code: 'DOC_WRONG_TYPE', type: '17', input: '440304199001010011', message: /这是居民身份证号码/ },
    { code: 'DOC_WRONG_TYPE', type: '17', input: '932682198501010017', message: /外国人永久居留身份证/ },
    // 01: its own codes come from parseResidentId; wrong-type hints first
    { code: 'ID_INVALID_CHARS', type: '01', input: '11010519491231002A', message: /第18位“A”/ },
    { code: 'ID_BAD_LENGTH', type: '01', input: '1101051949123100', message: /现为16位/ },
    { code: 'ID_BAD_REGION', type: '01', input: withCheck('00010519491231002'), message: /前2位“00”/ },
    {
      code: 'ID_UNKNOWN_REGION',
      type: '01',
      input: '11010519491231002X',
      options: { isKnownRegion: (code) => code !== '110105' },
      message: /110105/,
    },
    { code: 'ID_BAD_CHECK_CHAR', type: '01', input: '110105194912310021', message: /第18位应为 X/ },
    { code: 'DOC_WRONG_TYPE', type: '01', input: '810000199001010019', message: /港澳台居民居住证号码，证件类型应选“港澳台居民居住证”/ },
    { code: 'DOC_WRONG_TYPE', type: '01', input: '932682198501010017', message: /应选“外国人永久居留身份证”/ },
    { code: 'DOC_WRONG_TYPE', type: '01', input: 'H12345678', message: /香港居民来往内地通行证/ },
    // 99
    { code: 'DOC_BAD_FORMAT', type: '99', input: 'A\u0007B', message: /不可见/ },
    { code: 'DOC_BAD_FORMAT', type: '99', input: 'A\u200BB', message: /不可见/ },
    { code: 'DOC_BAD_FORMAT', type: '99', input: '证'.repeat(31), message: /最多30个字符，现为31个/ },
    { code: 'DOC_WRONG_TYPE', type: '99', input: '11010519491231002X', message: /这是居民身份证号码/ },
  ];

  it.each(cases)('$type $code: "$input"', ({ code, type, input, options, message }) => {
    const result = validateDocument(type, input, options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe(code);
    expect(result.message).toMatch(message);
  });

  it('has a case for every error code', () => {
    expect(new Set(cases.map((c) => c.code))).toEqual(new Set(Object.values(DocumentErrorCode)));
  });

  it('has valid and invalid cases for every document type', () => {
    for (const type of DOCUMENT_TYPE_CODES) expect(cases.some((c) => c.type === type), type).toBe(true);
  });
});

describe('validateDocument: properties of the GB 11643-shaped types', () => {
  const permit = fc
    .record({ prefix: fc.constantFrom('810000', '820000', '830000'), birth: isoDate, seq: digits(3) })
    .map(({ prefix, birth, seq }) => ({ number: withCheck(prefix + birth.replaceAll('-', '') + seq), birth, seq }));
  const foreignerCard = fc
    .record({
      province: fc.constantFrom(...Object.keys(PROVINCE_NAMES)),
      nationality: digits(3),
      birth: isoDate,
      seq: digits(3),
    })
    .map(({ province, nationality, birth, seq }) => ({
      number: withCheck(`9${province}${nationality}${birth.replaceAll('-', '')}${seq}`),
      birth,
      seq,
    }));

  it.each([
    ['17', permit],
    ['07', foreignerCard],
  ] as const)('%s: a built number parses with its birth date and gender', (type, arb) => {
    fc.assert(
      fc.property(arb, ({ number, birth, seq }) => {
        const result = validateDocument(type, number);
        return (
          result.ok &&
          result.normalized === number &&
          result.birthDate === birth &&
          result.gender === (Number(seq[2]) % 2 === 1 ? 'male' : 'female')
        );
      }),
    );
  });

  it.each([
    ['17', permit],
    ['07', foreignerCard],
  ] as const)('%s: any single-character change is rejected', (type, arb) => {
    const chars = '0123456789X';
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), ({ number }, pos, shift) => {
        const replacement = chars.charAt((chars.indexOf(number.charAt(pos)) + shift) % 11);
        return !validateDocument(type, number.slice(0, pos) + replacement + number.slice(pos + 1)).ok;
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary input for any type', () => {
    const codes = new Set<string>(Object.values(DocumentErrorCode));
    fc.assert(
      fc.property(fc.constantFrom(...DOCUMENT_TYPE_CODES, '02', '90'), fc.string(), (type, input) => {
        const result = validateDocument(type, input);
        return result.ok ? result.normalized.length > 0 : codes.has(result.code) && result.message.length > 0;
      }),
    );
  });
});

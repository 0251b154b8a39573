import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  createZIdentityDocument,
  createZResidentIdNumber,
  ZIdentityDocument,
  ZPersonName,
  ZPhoneNumber,
  ZResidentIdNumber,
  ZUscc,
} from './schemas';

/** The first issue of a failed parse, as a form or the API error handler sees it. */
function firstIssue(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error?.issues[0];
}

describe('ZResidentIdNumber', () => {
  it('outputs the normalised 18-character number', () => {
    expect(ZResidentIdNumber.parse(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(ZResidentIdNumber.parse('150102880730303')).toBe('150102198807303035');
  });

  it('fails with the Chinese message and the stable code', () => {
    const issue = firstIssue(ZResidentIdNumber, '110105194912310021');
    expect(issue?.message).toBe('身份证号码校验位错误：第18位应为 X（按前17位计算），请逐位核对号码是否抄错');
    expect(issue).toMatchObject({ code: 'custom', params: { code: 'ID_BAD_CHECK_CHAR' } });
  });

  it('takes options such as today when built with createZResidentIdNumber', () => {
    const schema = createZResidentIdNumber({ today: '2009-12-31' });
    expect(firstIssue(schema, '320105201001011231')).toMatchObject({ params: { code: 'ID_BIRTH_DATE_IN_FUTURE' } });
    expect(createZResidentIdNumber({ today: '2010-01-01' }).parse('320105201001011231')).toBe('320105201001011231');
  });

  it('rejects a non-string with zod’s own type issue', () => {
    expect(firstIssue(ZResidentIdNumber, 110105194912310020)?.code).toBe('invalid_type');
  });
});

describe('ZUscc, ZPhoneNumber, ZPersonName', () => {
  it('output normalised values', () => {
    expect(ZUscc.parse('91350100m000100y43')).toBe('91350100M000100Y43');
    expect(ZPhoneNumber.parse('+86 139 1234 5678')).toBe('13912345678');
    expect(ZPersonName.parse('阿依古丽•买买提')).toBe('阿依古丽·买买提');
  });

  it('carry each validator’s code and message', () => {
    expect(firstIssue(ZUscc, '91350100M000100Y44')).toMatchObject({ params: { code: 'USCC_BAD_CHECK_CHAR' } });
    expect(firstIssue(ZPhoneNumber, '62345678')).toMatchObject({ params: { code: 'PHONE_MISSING_AREA_CODE' } });
    expect(firstIssue(ZPersonName, '王yan')).toMatchObject({ params: { code: 'NAME_MIXED_SCRIPT' } });
  });
});

describe('ZIdentityDocument', () => {
  it('normalises the number by its type', () => {
    expect(ZIdentityDocument.parse({ documentType: '04', documentNumber: 'h12345678' })).toEqual({
      documentType: '04',
      documentNumber: 'H12345678',
    });
    expect(ZIdentityDocument.parse({ documentType: '01', documentNumber: '150102880730303' })).toEqual({
      documentType: '01',
      documentNumber: '150102198807303035',
    });
  });

  it('reports a bad number on documentNumber, and an unknown type on documentType', () => {
    expect(firstIssue(ZIdentityDocument, { documentType: '04', documentNumber: 'M12345678' })).toMatchObject({
      path: ['documentNumber'],
      params: { code: 'DOC_WRONG_TYPE' },
    });
    expect(firstIssue(ZIdentityDocument, { documentType: '02', documentNumber: 'x' })?.path).toEqual(['documentType']);
  });

  it('takes options when built with createZIdentityDocument', () => {
    const schema = createZIdentityDocument({ today: '2026-01-01' });
    const input = { documentType: '17', documentNumber: '810000203001010018' };
    expect(firstIssue(schema, input)).toMatchObject({ params: { code: 'ID_BIRTH_DATE_IN_FUTURE' } });
    expect(ZIdentityDocument.parse(input).documentNumber).toBe('810000203001010018');
  });
});

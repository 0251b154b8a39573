import { describe, expect, it } from 'vitest';
import type { TUnit } from '@canbao/domain';
import { toFormValues, toInput } from './unit-form-values';

const unit: TUnit = {
  id: '00000000-0000-4000-8000-000000000001',
  regionCode: '320500',
  districtCode: '320508',
  districtName: '姑苏区',
  streetCode: '320508018',
  streetName: '平江街道',
  name: '苏州市姑苏区平江实验小学',
  kind: 'primary',
  uscc: '123205084670356106',
  socialInsuranceCode: null,
  organisationCode: '46703561-0',
  schoolCode: '2132050801',
  contactName: '周老师',
  contactPhone: '0512-65123456',
  address: null,
  bank: { code: 'icbc', name: '工商银行', accountNumber: '1102020109001234567', holder: '平江实验小学' },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('unit form values', () => {
  it('round-trips a stored unit: the street stands for its district, the bank account is kept whole', () => {
    const values = toFormValues(unit);
    expect(values.division).toBe('320508018');
    expect(toInput({ ...values, kind: 'primary', name: unit.name })).toEqual({
      kind: 'primary',
      name: unit.name,
      districtCode: '320508',
      streetCode: '320508018',
      uscc: unit.uscc,
      organisationCode: unit.organisationCode,
      socialInsuranceCode: null,
      schoolCode: unit.schoolCode,
      address: null,
      contactName: '周老师',
      contactPhone: '0512-65123456',
      bank: { code: 'icbc', accountNumber: '1102020109001234567', holder: '平江实验小学' },
    });
  });

  it('sends a district without a street as a null street', () => {
    expect(toInput({ kind: 'primary', name: ' 甲校 ', division: '320508' })).toMatchObject({
      name: '甲校',
      districtCode: '320508',
      streetCode: null,
    });
  });

  it('clears blanks, the school code of a unit that is no school, and a bank account missing a part', () => {
    const input = toInput({
      kind: 'community_office',
      name: '双塔街道社区社保工作站',
      division: '320508021',
      schoolCode: '2132050801',
      contactName: '   ',
      bankCode: 'icbc',
      bankAccountNumber: '6222021234567890',
      bankHolder: '',
    });
    expect(input.schoolCode).toBeNull();
    expect(input.contactName).toBeNull();
    expect(input.bank).toBeNull();
  });

  it('starts a new unit as a primary school with nothing else filled in', () => {
    expect(toFormValues(null)).toEqual({ kind: 'primary' });
  });
});

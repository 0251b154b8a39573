import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskPersonalJson, maskPersonalText, maskPhone } from './mask';

describe('masking', () => {
  it('masks an 18-character ID number keeping 4 + 4', () => {
    expect(maskIdNumber('32010520100101123X')).toBe('3201**********123X');
  });
  it('masks a mobile number keeping 3 + 4', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
  });
  it('masks ID and phone runs inside text but leaves other numbers', () => {
    expect(maskPersonalText('/api/v1/persons?q=320105201001011234&page=2&tel=13912345678')).toBe(
      '/api/v1/persons?q=3201**********1234&page=2&tel=139****5678',
    );
    expect(maskPersonalText('order 2019 amount 19000')).toBe('order 2019 amount 19000');
  });
  it('masks personal fields and drops secrets in JSON', () => {
    expect(
      maskPersonalJson({ idNumber: '320105201001011234', nested: { phone: '13912345678' }, passwordHash: 'x', name: '张三' }),
    ).toEqual({ idNumber: '3201**********1234', nested: { phone: '139****5678' }, name: '张三' });
  });
});

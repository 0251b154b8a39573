import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, maskPersonalJson, maskPersonalText, maskPhone } from './mask';

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
  it('leaves the digits of a long hexadecimal token (a seed, a hash) alone, but not an ID number beside one', () => {
    expect(maskPersonalText('seed b0d8acbbe7f3e982980655090987fbb6')).toBe('seed b0d8acbbe7f3e982980655090987fbb6');
    expect(maskPersonalText('ab320105201001011234')).toBe('ab3201**********1234');
    expect(maskPersonalText('b0d8acbbe7f3e98 320105201001011234')).toBe('b0d8acbbe7f3e98 3201**********1234');
    expect(maskPersonalText('ffffffffffffffffff32010520100101123X')).toBe('ffffffffffffffffff3201**********123X');
  });
  it('masks personal fields and drops secrets in JSON', () => {
    expect(
      maskPersonalJson({ idNumber: '320105201001011234', nested: { phone: '13912345678' }, passwordHash: 'x', name: '张三' }),
    ).toEqual({ idNumber: '3201**********1234', nested: { phone: '139****5678' }, name: '张三' });
  });
});

describe('masking numbers however they are written', () => {
  const cases: Array<[string, string, string]> = [
    ['full-width digits', 'q=３２０１０５２０１００１０１１２３Ｘ&tel=１３９１２３４５６７８', 'q=3201**********123X&tel=139****5678'],
    ['percent-encoded', '/api?q=%33%32%30%31%30%35%32%30%31%30%30%31%30%31%31%32%33%34&t=%31%33%39%31%32%33%34%35%36%37%38', '/api?q=3201**********1234&t=139****5678'],
    ['percent-encoded full-width', '/api?q=%EF%BC%91%EF%BC%93%EF%BC%99%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96%EF%BC%97%EF%BC%98', '/api?q=139****5678'],
    ['with spaces', '电话 139 1234 5678，证件 320105 20100101 1234', '电话 139****5678，证件 3201**********1234'],
    ['with dashes', 'tel 139-1234-5678 id 320105-20100101-123x', 'tel 139****5678 id 3201**********123X'],
    ['with +86', 'from +8613912345678 or +86 139 1234 5678 or 0086-139-1234-5678', 'from +86139****5678 or +86139****5678 or 0086139****5678'],
    ['encoded spaces and plus', '/api?q=139%20123%204%205678&p=%2B86+139+1234+5678', '/api?q=139****5678&p=%2B86139****5678'],
  ];
  for (const [what, input, expected] of cases) {
    it(what, () => {
      const out = maskPersonalText(input);
      expect(out).toBe(expected);
      expect(out).not.toMatch(/\d{8}/);
    });
  }
  it('leaves other numbers alone: years, amounts, dates, counts next to a phone', () => {
    expect(maskPersonalText('order 2019 amount 19000 on 2026-11-23 10:00')).toBe('order 2019 amount 19000 on 2026-11-23 10:00');
    expect(maskPersonalText('page 2 13912345678')).toBe('page 2 139****5678');
    expect(maskPersonalText('2019 13912345678')).toBe('2019 139****5678');
    expect(maskPersonalText('12345678901')).toBe('12345678901');
  });
});

describe('names on a 公示', () => {
  it('keeps the first and the last character', () => {
    expect(maskName('张小明')).toBe('张*明');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('王')).toBe('*');
    expect(maskName(' 李四 ')).toBe('李*');
  });
  it('counts a character outside the BMP once', () => {
    expect(maskName('𠀋小明')).toBe('𠀋*明');
    expect(maskName('张𠀋')).toBe('张*');
  });
});

import { describe, expect, it } from 'vitest';
import { fenToChineseCapital } from './capital-amount';

describe('fenToChineseCapital (大写金额)', () => {
  it('writes whole yuan with 整', () => {
    expect(fenToChineseCapital(0)).toBe('零元整');
    expect(fenToChineseCapital(100)).toBe('壹元整');
    expect(fenToChineseCapital(1000)).toBe('壹拾元整');
    expect(fenToChineseCapital(40000)).toBe('肆佰元整');
    expect(fenToChineseCapital(16000)).toBe('壹佰陆拾元整');
    expect(fenToChineseCapital(38000)).toBe('叁佰捌拾元整');
    expect(fenToChineseCapital(123400)).toBe('壹仟贰佰叁拾肆元整');
  });

  it('writes 角 and 分', () => {
    expect(fenToChineseCapital(5)).toBe('伍分');
    expect(fenToChineseCapital(50)).toBe('伍角整');
    expect(fenToChineseCapital(56)).toBe('伍角陆分');
    expect(fenToChineseCapital(16050)).toBe('壹佰陆拾元伍角整');
    expect(fenToChineseCapital(15999)).toBe('壹佰伍拾玖元玖角玖分');
    expect(fenToChineseCapital(1005)).toBe('壹拾元零伍分');
    expect(fenToChineseCapital(105)).toBe('壹元零伍分');
  });

  it('folds zeros inside the number into one 零', () => {
    expect(fenToChineseCapital(100100)).toBe('壹仟零壹元整');
    expect(fenToChineseCapital(100500)).toBe('壹仟零伍元整');
    expect(fenToChineseCapital(101000)).toBe('壹仟零壹拾元整');
    // A zero in the yuan place before 角 may be written or not (支付结算办法); receipts here leave it out.
    expect(fenToChineseCapital(100010)).toBe('壹仟元壹角整');
    expect(fenToChineseCapital(168032)).toBe('壹仟陆佰捌拾元叁角贰分');
    expect(fenToChineseCapital(200105)).toBe('贰仟零壹元零伍分');
  });

  it('writes 万 and 亿 with the zeros between groups', () => {
    expect(fenToChineseCapital(1000000)).toBe('壹万元整');
    expect(fenToChineseCapital(10000000)).toBe('壹拾万元整');
    expect(fenToChineseCapital(10010000)).toBe('壹拾万零壹佰元整');
    expect(fenToChineseCapital(100001000)).toBe('壹佰万零壹拾元整');
    expect(fenToChineseCapital(1234567800)).toBe('壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元整');
    expect(fenToChineseCapital(10000000000)).toBe('壹亿元整');
    expect(fenToChineseCapital(10000010000)).toBe('壹亿零壹佰元整');
    expect(fenToChineseCapital(10100000000)).toBe('壹亿零壹佰万元整');
    expect(fenToChineseCapital(12345678912)).toBe('壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分');
    expect(fenToChineseCapital(100000000000000)).toBe('壹万亿元整');
  });

  it('marks a negative amount and refuses what is not integer fen', () => {
    expect(fenToChineseCapital(-40000)).toBe('负肆佰元整');
    expect(() => fenToChineseCapital(1.5)).toThrow();
    expect(() => fenToChineseCapital(Number.NaN)).toThrow();
  });
});

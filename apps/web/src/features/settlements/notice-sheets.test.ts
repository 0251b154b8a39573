import { describe, expect, it } from 'vitest';
import type { TNotice } from '@canbao/domain';
import { noticeClasses, noticePayUrl, noticePrintPath, paidPercent, toSheets } from './notice-sheets';

const notice = (id: string, gradeCode: string | null, className: string | null, status: TNotice['status'] = 'open'): TNotice => ({
  id,
  token: `tok${id}`.padEnd(22, 'x'),
  payPath: `/pay/tok${id}`,
  status,
  amountFen: 40000,
  paidAt: null,
  personName: id,
  documentNumber: '3205**********1234',
  gradeCode,
  className,
  categoryName: '学生',
  totalFen: 40000,
  subsidyFen: 0,
  subsidyName: null,
  benefitStart: '2027-01-01',
  benefitEnd: '2027-12-31',
});

describe('toSheets', () => {
  it('cuts into sheets of three, the last one shorter', () => {
    expect(toSheets([1, 2, 3, 4, 5, 6, 7])).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(toSheets([])).toEqual([]);
    expect(toSheets([1, 2], 1)).toEqual([[1], [2]]);
    expect(() => toSheets([1], 0)).toThrow(RangeError);
  });
});

describe('noticeClasses', () => {
  it('groups by grade and class in order, counting open and paid', () => {
    const groups = noticeClasses([
      notice('a', '06', '2班'),
      notice('b', '01', '10班'),
      notice('c', '01', '2班', 'paid'),
      notice('d', '01', '2班'),
      notice('e', null, null, 'cancelled'),
    ]);
    expect(groups.map((g) => g.label)).toEqual(['未分班', '小学一年级 2班', '小学一年级 10班', '小学六年级 2班']);
    expect(groups[1]).toMatchObject({ count: 2, open: 1, paid: 1 });
    expect(groups[0]).toMatchObject({ count: 1, open: 0, paid: 0 });
  });
});

describe('addresses', () => {
  it('builds the pay URL of a token without a double slash', () => {
    expect(noticePayUrl('https://canbao.example.cn/', 'AbC_12-xyz')).toBe('https://canbao.example.cn/pay/AbC_12-xyz');
  });
  it('builds the print path of a class', () => {
    expect(noticePrintPath('s1', { gradeCode: '01', className: '1班' })).toBe('/settlements/s1/notices/print?className=1%E7%8F%AD&gradeCode=01');
    expect(noticePrintPath('s1')).toBe('/settlements/s1/notices/print');
  });
});

describe('paidPercent', () => {
  it('rounds down and reaches 100 only when paid in full', () => {
    expect(paidPercent(0, 96000)).toBe(0);
    expect(paidPercent(95999, 96000)).toBe(99);
    expect(paidPercent(96000, 96000)).toBe(100);
    expect(paidPercent(40000, 120000)).toBe(33);
    expect(paidPercent(0, 0)).toBe(100);
  });
});

import { describe, expect, it } from 'vitest';
import { tableScrollWidth } from './table';

describe('tableScrollWidth', () => {
  it('adds the columns, a flexible one as 200 and the selection checkbox', () => {
    expect(tableScrollWidth([{ width: 150 }, { width: 175 }, {}])).toBe(525);
    expect(tableScrollWidth([{ width: 100 }], { selection: true })).toBe(148);
  });
});

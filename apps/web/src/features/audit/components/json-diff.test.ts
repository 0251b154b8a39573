import { describe, expect, it } from 'vitest';
import { changedKeys } from './json-diff';

describe('changedKeys', () => {
  it('lists added, removed and changed top-level keys, ignoring key order inside values', () => {
    const before = { a: 1, b: { x: 1, y: 2 }, c: 'same', gone: true };
    const after = { a: 2, b: { y: 2, x: 1 }, c: 'same', added: null };
    expect([...changedKeys(before, after)].sort()).toEqual(['a', 'added', 'gone']);
  });

  it('marks nothing when one side is missing (a creation or a deletion)', () => {
    expect(changedKeys(null, { a: 1 }).size).toBe(0);
    expect(changedKeys({ a: 1 }, null).size).toBe(0);
  });
});

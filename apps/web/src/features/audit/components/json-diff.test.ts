import { describe, expect, it } from 'vitest';
import { changedKeys, toDiffLines } from './json-diff';

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

describe('toDiffLines', () => {
  it('pretty-prints with two-space indent and marks every line of a changed key', () => {
    const lines = toDiffLines({ a: 1, b: { x: [1] } }, new Set(['b']));
    expect(lines.map((l) => l.text)).toEqual(['{', '  "a": 1,', '  "b": {', '    "x": [', '      1', '    ]', '  }', '}']);
    expect(lines.filter((l) => l.isChanged).map((l) => l.text)).toEqual([
      '  "b": {',
      '    "x": [',
      '      1',
      '    ]',
      '  }',
    ]);
  });

  it('renders an empty object on one line', () => {
    expect(toDiffLines({}, new Set())).toEqual([{ text: '{}', isChanged: false }]);
  });
});

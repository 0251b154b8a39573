import { describe, expect, it } from 'vitest';
import { containsPattern, escapeLike, prefixPattern } from './like';

describe('LIKE patterns from input', () => {
  it('escapes the wildcards and the escape character, nothing else', () => {
    expect(escapeLike('50%')).toBe('50\\%');
    expect(escapeLike('a_b')).toBe('a\\_b');
    expect(escapeLike('a\\b')).toBe('a\\\\b');
    expect(escapeLike('张三 (二班)')).toBe('张三 (二班)');
    expect(containsPattern('%')).toBe('%\\%%');
    expect(prefixPattern('user_')).toBe('user\\_%');
  });
});

import { describe, expect, it } from 'vitest';
import { formatBytes, formatSeconds } from './labels';

describe('import labels', () => {
  it('formats sizes and durations in Chinese', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(6_860)).toBe('6.7 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
    expect(formatSeconds(45)).toBe('45 秒');
    expect(formatSeconds(200)).toBe('3 分 20 秒');
    expect(formatSeconds(180)).toBe('3 分');
    expect(formatSeconds(3_900)).toBe('1 小时 5 分');
  });
});

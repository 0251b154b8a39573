import { describe, expect, it } from 'vitest';
import { formatBytes, formatSeconds, jobCounts } from './labels';

describe('import labels', () => {
  it('reads the preview counts before the commit and the written ones after it', () => {
    expect(jobCounts({ status: 'validated', counts: { new: 5, error: 2, transfer_in: 1 } })).toEqual({
      new: 5,
      changed: 0,
      unchanged: 0,
      transfer: 1,
      error: 2,
    });
    // After the commit 'new' became 'created' (or 'conflict' when another unit was faster).
    expect(jobCounts({ status: 'committed', counts: { created: 4, conflict: 1, error: 2, transferred_in: 1, changed: 3 } })).toEqual({
      new: 4,
      changed: 3,
      unchanged: 0,
      transfer: 1,
      error: 3,
    });
  });

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

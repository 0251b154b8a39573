import { describe, expect, it } from 'vitest';
import { orderedId } from './row-ids';

describe('row ids', () => {
  it('are UUIDv7 that sort in the order they were made', () => {
    const ids = Array.from({ length: 5000 }, () => orderedId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('start with the time they were made', () => {
    const before = Date.now();
    const id = orderedId();
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now() + 1);
  });
});

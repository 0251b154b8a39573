import { describe, expect, it } from 'vitest';
import { safeNextPath } from './next-path';

describe('safeNextPath', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeNextPath('/users?q=school&page=2')).toBe('/users?q=school&page=2');
    expect(safeNextPath('/units/5b8e')).toBe('/units/5b8e');
  });

  it('falls back to / for anything that could leave the site', () => {
    for (const next of [null, undefined, '', 'users', 'https://evil.example/', '//evil.example', '/\\evil.example']) {
      expect(safeNextPath(next)).toBe('/');
    }
  });

  it('never sends the user back to the login page', () => {
    expect(safeNextPath('/login')).toBe('/');
    expect(safeNextPath('/login?expired=1')).toBe('/');
  });
});

import { describe, expect, it } from 'vitest';
import { canCreateUnits, unitAccess } from './unit-access';

const OWN = 'unit-a';

describe('unit access in the web app (mirrors the API)', () => {
  it('the agency edits everything, on any unit', () => {
    expect(unitAccess({ role: 'agency_admin', unitId: null }, OWN)).toEqual({
      canEditRegistration: true,
      canEditContact: true,
      canEditCoordinators: true,
    });
    expect(canCreateUnits({ role: 'agency_admin' })).toBe(true);
  });

  it('a unit operator edits its own contact data and coordinators only', () => {
    expect(unitAccess({ role: 'unit_operator', unitId: OWN }, OWN)).toEqual({
      canEditRegistration: false,
      canEditContact: true,
      canEditCoordinators: true,
    });
    expect(unitAccess({ role: 'unit_operator', unitId: OWN }, 'unit-b')).toEqual({
      canEditRegistration: false,
      canEditContact: false,
      canEditCoordinators: false,
    });
    expect(canCreateUnits({ role: 'unit_operator' })).toBe(false);
  });

  it('collectors and viewers only read', () => {
    for (const role of ['collector', 'viewer'] as const) {
      expect(Object.values(unitAccess({ role, unitId: null }, OWN))).toEqual([false, false, false]);
      expect(canCreateUnits({ role })).toBe(false);
    }
  });
});

import type { TUnitKind, TUser } from '@canbao/domain';

/** Schools and kindergartens: the kinds that carry a 学校标识码 and the Beijing "学生儿童医保" suffix. */
export const SCHOOL_KINDS: ReadonlySet<TUnitKind> = new Set(['primary', 'middle', 'high', 'vocational', 'university', 'kindergarten']);

export function isSchoolKind(kind: TUnitKind | undefined): boolean {
  return kind !== undefined && SCHOOL_KINDS.has(kind);
}

/** A unit operator of a community office, street office or village committee: residents by street and household, not class. */
export function isResidentsUnit(user: Pick<TUser, 'role' | 'unitKind'> | undefined): boolean {
  return user?.role === 'unit_operator' && user.unitKind !== null && !SCHOOL_KINDS.has(user.unitKind);
}

/** Registering new units, like changing a unit's registration, is the agency's alone. */
export function canCreateUnits(user: Pick<TUser, 'role'>): boolean {
  return user.role === 'agency_admin';
}

export interface UnitAccess {
  /** Name, kind, codes, place and bank account: the agency's alone. */
  canEditRegistration: boolean;
  /** Contact person, phone and address: the agency, and the unit itself. */
  canEditContact: boolean;
  /** Adding, replacing and removing coordinators: the agency, and the unit itself. */
  canEditCoordinators: boolean;
}

/**
 * What the signed-in user may change on one unit, mirroring the API's rules (units.service.ts OPERATOR_FIELDS and
 * the route roles), so that the page offers only what the server will accept. Collectors and viewers read only.
 */
export function unitAccess(user: Pick<TUser, 'role' | 'unitId'>, unitId: string): UnitAccess {
  const isAgency = canCreateUnits(user);
  const isOwnUnit = user.role === 'unit_operator' && user.unitId === unitId;
  return { canEditRegistration: isAgency, canEditContact: isAgency || isOwnUnit, canEditCoordinators: isAgency || isOwnUnit };
}

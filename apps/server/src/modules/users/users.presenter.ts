import type { TUnitKind, TUser } from '@canbao/domain';
import type { AppUser } from '../../db/schema/app-user';

type UserWithNames = AppUser & { region_name: string; unit_name: string | null; unit_kind: TUnitKind | null };

/** Row → API shape: password hashes and lockout counters never leave the server. */
export function presentUser(u: UserWithNames): TUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    regionCode: u.region_code,
    regionName: u.region_name,
    unitId: u.unit_id,
    unitName: u.unit_name,
    unitKind: u.unit_kind,
    isDisabled: u.is_disabled,
    mustChangePassword: u.must_change_password,
    lastLoginAt: u.last_login_at ? u.last_login_at.toISOString() : null,
    createdAt: u.created_at.toISOString(),
  };
}

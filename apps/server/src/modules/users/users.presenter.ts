import { ZRole } from '@canbao/domain';
import { z } from 'zod';
import type { AppUser } from '../../db/schema/app-user';

export const ZUserResponse = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: ZRole,
  regionCode: z.string(),
  regionName: z.string(),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  isDisabled: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type TUserResponse = z.infer<typeof ZUserResponse>;

type UserWithNames = AppUser & { region_name: string; unit_name: string | null };

/** Row → API shape: password hashes and lockout counters never leave the server. */
export function presentUser(u: UserWithNames): TUserResponse {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    regionCode: u.region_code,
    regionName: u.region_name,
    unitId: u.unit_id,
    unitName: u.unit_name,
    isDisabled: u.is_disabled,
    mustChangePassword: u.must_change_password,
    lastLoginAt: u.last_login_at ? u.last_login_at.toISOString() : null,
    createdAt: u.created_at.toISOString(),
  };
}

import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { TRole } from '@canbao/domain';
import type { CreatedAt, GeneratedTimestamp, Uuid } from './common';

export interface AppUserTable {
  id: Uuid;
  region_code: string;
  /** Set for unit operators only (checked by the database). */
  unit_id: string | null;
  username: string;
  display_name: string;
  role: TRole;
  /** scrypt$N$r$p$salt$hash — never the password. */
  password_hash: string;
  is_disabled: Generated<boolean>;
  must_change_password: Generated<boolean>;
  failed_login_count: Generated<number>;
  locked_until: Date | null;
  last_login_at: Date | null;
  password_changed_at: GeneratedTimestamp;
  created_at: CreatedAt;
  updated_at: GeneratedTimestamp;
}
export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type AppUserUpdate = Updateable<AppUserTable>;

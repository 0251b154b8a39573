import type { Insertable } from 'kysely';
import type { CreatedAt } from './common';

/**
 * Every username of every region (a reference table on Citus): unique by lower(username) across regions, so the
 * one login page finds one account. Each app_user references its row (region_code, username).
 */
export interface LoginNameTable {
  region_code: string;
  username: string;
  created_at: CreatedAt;
}
export type NewLoginName = Insertable<LoginNameTable>;

import type { Insertable, Selectable } from 'kysely';
import type { CreatedAt, Json, Uuid } from './common';

/** One version of a region's policy profile for an insurance year; the body is a domain TPolicyProfile. */
export interface PolicyProfileTable {
  id: Uuid;
  /** The profile's pooling region; '000000' for national templates. */
  region_code: string;
  profile_key: string;
  insurance_year: number;
  version: number;
  body: Json;
  note: string | null;
  created_by: string | null;
  created_by_username: string | null;
  created_at: CreatedAt;
}
export type PolicyProfileRow = Selectable<PolicyProfileTable>;
export type NewPolicyProfile = Insertable<PolicyProfileTable>;

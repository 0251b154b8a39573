import type { Insertable, Selectable } from 'kysely';
import type { CreatedAt } from './common';

/** 统筹区: a pooling region that runs its own campaign. Its code is every regional table's distribution key. */
export interface RegionTable {
  code: string;
  name: string;
  agency_name: string;
  created_at: CreatedAt;
}
export type Region = Selectable<RegionTable>;
export type NewRegion = Insertable<RegionTable>;

import type { Insertable, Selectable } from 'kysely';

/** GB/T 2260 administrative divisions (province → city → district → street): national reference data. */
export interface DivisionTable {
  code: string;
  name: string;
  level: 'province' | 'city' | 'district' | 'street';
  parent_code: string | null;
}
export type Division = Selectable<DivisionTable>;
export type NewDivision = Insertable<DivisionTable>;

import type { ColumnType } from 'kysely';
import type { HolderUnit } from './common';

/** 未参保原因: why a person the unit is responsible for is not covered for an insurance year (one per person and year). */
export interface UninsuredReasonTable {
  region_code: string;
  insurance_year: number;
  person_id: string;
  /** The unit that recorded it (null: the agency). */
  unit_id: string | null;
  holder_unit_id: HolderUnit;
  code: string;
  note: string | null;
  recorded_at: ColumnType<Date, Date | string | undefined, Date | string>;
  recorded_by: string | null;
}

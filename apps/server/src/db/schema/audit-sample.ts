import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** 抽查: a random sample of a year's declarations (never updated). */
export interface AuditSampleTable {
  region_code: string;
  id: Generated<string>;
  insurance_year: number;
  seed: string;
  /** numeric: read as a string. */
  ratio: ColumnType<string | null, number | null | undefined, never>;
  sample_count: number | null;
  unit_ids: string[] | null;
  weights: JSONColumnType<{ exempt?: number; inflow?: number }>;
  population: number;
  note: string | null;
  drawn_by: string;
  drawn_at: Timestamp;
  /** The units holding an item of the sample, written with the draw (a unit's policy reads them). */
  item_unit_ids: ColumnType<string[], string[] | undefined, never>;
}

/** A sampled declaration: its result and the unit's follow-up, each written once. */
export interface AuditSampleItemTable {
  region_code: string;
  sample_id: string;
  id: Generated<string>;
  declaration_id: string;
  person_id: string;
  unit_id: string;
  weighted: Generated<boolean>;
  result: 'complete' | 'missing' | 'wrong' | null;
  note: string | null;
  checked_by: string | null;
  checked_at: NullableTimestamp;
  follow_up: string | null;
  followed_up_by: string | null;
  followed_up_at: NullableTimestamp;
}

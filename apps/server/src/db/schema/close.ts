import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** 告知签收: a person not covered for the year was told of the transition period and signed (one per person and year). */
export interface UnpaidSignOffTable {
  region_code: string;
  insurance_year: number;
  person_id: string;
  unit_id: string;
  /** A date column, read as text (YYYY-MM-DD). */
  told_on: ColumnType<string, string, string>;
  method: 'in_person' | 'home_visit' | 'phone' | 'sms' | 'letter';
  signed_by: string;
  relation: string | null;
  note: string | null;
  scan_mime: 'image/jpeg' | 'image/png' | 'application/pdf' | null;
  scan: ColumnType<Buffer | null, Buffer | null | undefined, Buffer | null>;
  scan_sha256: string | null;
  scan_size: number | null;
  scan_uploaded_at: NullableTimestamp;
  recorded_by: string;
  recorded_at: Timestamp;
}

/** 未参保名单报送: a unit sent its unpaid list to the centre, with the figures it held then. */
export interface UnpaidListSubmissionTable {
  region_code: string;
  insurance_year: number;
  unit_id: string;
  unpaid: number;
  with_reason: number;
  signed_off: number;
  submission_count: ColumnType<number, number | undefined, number>;
  submitted_by: string;
  submitted_at: Timestamp;
}

/** A card made through the campaign and its collection by the unit from the card centre. */
export interface SocialCardTable {
  region_code: string;
  person_id: string;
  unit_id: string | null;
  made_on: ColumnType<string, string, string>;
  collected_on: ColumnType<string | null, string | null | undefined, string | null>;
  collected_by: string | null;
  collection_recorded_by: string | null;
  collection_recorded_at: NullableTimestamp;
}

/** 就诊信息表 / 医疗保险手册 of a paid person for a year: the urgent mark and the prints. */
export interface HandbookTable {
  region_code: string;
  insurance_year: number;
  person_id: string;
  unit_id: string | null;
  urgent: ColumnType<boolean, boolean | undefined, boolean>;
  urgent_note: string | null;
  urgent_marked_by: string | null;
  urgent_marked_at: NullableTimestamp;
  printed_count: ColumnType<number, number | undefined, number>;
  first_printed_at: NullableTimestamp;
  last_printed_at: NullableTimestamp;
  last_printed_by: string | null;
}

/** 家庭: a household kept by a unit. */
export interface HouseholdTable {
  region_code: string;
  id: ColumnType<string, string | undefined, never>;
  unit_id: string | null;
  hukou_type: 'local_urban' | 'local_rural' | 'nonlocal';
  hukou_address: string;
  note: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A member of a household and its relation to the head. */
export interface HouseholdMemberTable {
  region_code: string;
  household_id: string;
  person_id: string;
  unit_id: string | null;
  relation: 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'grandparent' | 'sibling' | 'other';
  joined_at: Timestamp;
}

/** 职工医保参保人员: the agency's list; a person on it is not declared for resident insurance. */
export interface EmployeeInsuredTable {
  region_code: string;
  document_type: string;
  document_number: string;
  name: string;
  since: ColumnType<string | null, string | null | undefined, string | null>;
  listed_at: Timestamp;
  listed_by: string;
}

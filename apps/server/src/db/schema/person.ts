import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CreatedAt, GeneratedTimestamp, HolderUnit, Json, Uuid } from './common';

export type THukouType = 'local_urban' | 'local_rural' | 'nonlocal';
export type TCardStatus = 'unknown' | 'none' | 'in_production' | 'issued';

/** 参保人员: one row per document number per region (unique index). */
export interface PersonTable {
  id: Uuid;
  region_code: string;
  document_type: string;
  document_number: string;
  is_temporary_number: Generated<boolean>;
  name: string;
  gender: 'male' | 'female';
  birth_date: string;
  ethnicity: string | null;
  hukou_type: THukouType;
  hukou_district_code: string | null;
  hukou_street_code: string | null;
  hukou_address: string | null;
  hukou_special_case: 'bda' | 'university_collective' | 'borrowing_student' | null;
  /** Set when the hukou "street" is not a division (Beijing: 开发区医疗保险代理处). */
  hukou_street_name: string | null;
  residence_permit_since: string | null;
  /** 户籍迁入: from where and when (both or neither). */
  inflow_from: ColumnType<string | null, string | null | undefined, string | null>;
  inflow_on: ColumnType<string | null, string | null | undefined, string | null>;
  phone: string | null;
  guardian_name: string | null;
  guardian_relation: string | null;
  guardian_phone: string | null;
  unit_id: string | null;
  grade_code: string | null;
  class_name: string | null;
  student_number: string | null;
  entry_year: number | null;
  expected_graduation_year: number | null;
  designated_institutions: ColumnType<unknown, string | undefined, string>;
  card_status: Generated<TCardStatus>;
  points_eligibility: Json;
  status: Generated<'active' | 'stopped'>;
  stop_reason: string | null;
  /** The unit that held the person when it was stopped, and the date: that unit still reads it for a while (migration 20261202T1200). */
  stopped_from_unit_id: string | null;
  stopped_on: string | null;
  /** False for a pupil on the school's 未参保 list (Nanchong 001): registered, but not enrolling through the unit. */
  enrolls_through_unit: Generated<boolean>;
  not_enrolled_reason: string | null;
  /** Set by a leaver list (graduates …): flagged at the next declaration; the unit still holds the person. */
  leaving_reason: 'graduated' | 'transferred_out' | 'dropped_out' | 'died' | 'other' | null;
  leaving_on: string | null;
  created_at: CreatedAt;
  updated_at: GeneratedTimestamp;
}
export type Person = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type PersonUpdate = Updateable<PersonTable>;

export type TEndReason = 'transferred' | 'graduated' | 'moved_away' | 'died' | 'employee_insurance' | 'other';

/** The current photo of a person; bytes stored in the database so every app instance serves them. */
export interface PersonPhotoTable {
  person_id: string;
  region_code: string;
  mime: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  uploaded_at: GeneratedTimestamp;
  uploaded_by: string | null;
  holder_unit_id: HolderUnit;
}

export interface PersonMembershipTable {
  id: Uuid;
  region_code: string;
  person_id: string;
  unit_id: string;
  started_on: string;
  ended_on: string | null;
  end_reason: TEndReason | null;
  holder_unit_id: HolderUnit;
  created_at: CreatedAt;
}

export interface PersonExemptionTable {
  id: Uuid;
  region_code: string;
  person_id: string;
  category_code: string;
  category_name: string;
  certifying_department: string;
  certificate_name: string | null;
  certificate_number: string | null;
  valid_from: string;
  valid_to: string | null;
  source: 'department_list' | 'document';
  holder_unit_id: HolderUnit;
  created_at: CreatedAt;
}
export type PersonExemption = Selectable<PersonExemptionTable>;

import type { Insertable, Selectable, Updateable } from 'kysely';
import type { TUnitKind } from '@canbao/domain';
import type { CreatedAt, GeneratedTimestamp, Uuid } from './common';

/** 代办单位: a school, kindergarten, community office … that registers and declares persons. */
export interface UnitTable {
  id: Uuid;
  region_code: string;
  district_code: string;
  name: string;
  kind: TUnitKind;
  contact_name: string | null;
  contact_phone: string | null;
  address: string | null;
  street_code: string | null;
  /** Unified social credit code (GB 32100). */
  uscc: string | null;
  social_insurance_code: string | null;
  organisation_code: string | null;
  school_code: string | null;
  /** Bank deduction account (Guangzhou notice): bank from the supported list, number, holder. */
  bank_code: string | null;
  bank_account_number: string | null;
  bank_account_holder: string | null;
  created_at: CreatedAt;
  updated_at: GeneratedTimestamp;
}
export type Unit = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type UnitUpdate = Updateable<UnitTable>;

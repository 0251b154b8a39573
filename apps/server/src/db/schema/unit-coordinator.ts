import type { Selectable } from 'kysely';
import type { GeneratedTimestamp, Uuid } from './common';

/** 协管员: contact people of a unit. Replacing one closes its row (valid_to) and opens a new one. */
export interface UnitCoordinatorTable {
  id: Uuid;
  region_code: string;
  unit_id: string;
  name: string;
  gender: 'male' | 'female' | null;
  department: string | null;
  title: string | null;
  office_phone: string | null;
  mobile: string | null;
  valid_from: GeneratedTimestamp;
  valid_to: Date | null;
}
export type UnitCoordinator = Selectable<UnitCoordinatorTable>;

/** The agency's branch directory (经办网点). */
export interface BranchOfficeTable {
  id: Uuid;
  region_code: string;
  name: string;
  district_code: string | null;
  address: string;
  contact_person: string | null;
  phone: string;
  created_at: GeneratedTimestamp;
}

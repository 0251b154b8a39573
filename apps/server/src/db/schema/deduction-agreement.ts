import type { ColumnType, Selectable } from 'kysely';
import type { CreatedAt, HolderUnit, Uuid } from './common';

/** 银行卡代扣协议: one live row per person (revoked_at null); revoked and replaced rows are kept. */
export interface DeductionAgreementTable {
  region_code: string;
  id: Uuid;
  person_id: string;
  holder_unit_id: HolderUnit;
  bank_code: string;
  /** In full: the bank's deduction file needs it; every answer masks it. */
  account_number: string;
  account_holder: string;
  holder_document_number: string | null;
  signed_on: ColumnType<string, string, string>;
  /** Usernames. */
  created_by: string;
  created_at: CreatedAt;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  revoked_by: string | null;
}

export type DeductionAgreement = Selectable<DeductionAgreementTable>;

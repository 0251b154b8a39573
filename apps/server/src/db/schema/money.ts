import type {
  TDeclarationStatus,
  TNoticeStatus,
  TPaymentMode,
  TReconciliationKind,
  TReconciliationStatus,
  TRefundReasonCode,
  TRefundStatus,
  TResolution,
  TSettlementStatus,
  TUnitMethod,
  TWindowKind,
} from '@canbao/domain';
import type { ColumnType, Generated, GeneratedAlways } from 'kysely';
import type { CreatedAt, GeneratedTimestamp, Json, Uuid } from './common';

/** bigint money columns: read as numbers (int8 parser refuses unsafe values), written as numbers. */
type Fen = ColumnType<number, number, number>;
type GeneratedFen = ColumnType<number, number | undefined, number>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** 参保申报: one per person, insurance year and region (unique constraint), priced by the policy engine. */
export interface DeclarationTable {
  id: Uuid;
  region_code: string;
  insurance_year: number;
  person_id: string;
  unit_id: string | null;
  status: Generated<TDeclarationStatus>;
  profile_key: string;
  profile_version: number;
  window_kind: TWindowKind;
  path_code: string;
  category_code: string;
  category_name: string;
  parts: Json;
  total_fen: Fen;
  subsidy_fen: Fen;
  subsidy_code: string | null;
  subsidy_name: string | null;
  payable_fen: Fen;
  paid_fen: GeneratedFen;
  benefit_start: string;
  benefit_end: string;
  waiting_days: Generated<number>;
  reasons: Json;
  leaving_flag: string | null;
  declared_on: string;
  declared_by: string | null;
  confirmed_at: NullableTimestamp;
  confirmed_by: string | null;
  settlement_id: string | null;
  paid_at: NullableTimestamp;
  removed_at: NullableTimestamp;
  removed_reason: string | null;
  created_at: CreatedAt;
  updated_at: GeneratedTimestamp;
}

/** 结算单: freezes a unit's confirmed declarations. */
export interface SettlementTable {
  id: Uuid;
  region_code: string;
  unit_id: string;
  insurance_year: number;
  number: string;
  payment_mode: TPaymentMode;
  unit_method: TUnitMethod | null;
  status: Generated<TSettlementStatus>;
  person_count: number;
  total_fen: Fen;
  subsidy_fen: Fen;
  payable_fen: Fen;
  paid_fen: GeneratedFen;
  breakdown: Json;
  created_by: string | null;
  created_at: CreatedAt;
  paid_at: NullableTimestamp;
  cancelled_at: NullableTimestamp;
}

/** 缴费通知单: one per person of a per-person settlement; the token is the QR code's key. */
export interface PaymentNoticeTable {
  id: Uuid;
  region_code: string;
  settlement_id: string;
  declaration_id: string;
  unit_id: string;
  token: string;
  amount_fen: Fen;
  status: Generated<TNoticeStatus>;
  /** status = 'cancelled', stored: the one-open-notice index reads it, so paying a notice is a heap-only update. */
  cancelled: GeneratedAlways<boolean>;
  created_at: CreatedAt;
  paid_at: NullableTimestamp;
  /** The last re-print for the unpaid (催缴), and how many there were. */
  reminded_at: NullableTimestamp;
  reminder_count: Generated<number>;
}

/** An order placed with a channel for one notice. */
export interface PaymentOrderTable {
  id: Uuid;
  region_code: string;
  notice_id: string;
  declaration_id: string;
  unit_id: string | null;
  channel: string;
  out_trade_no: string;
  amount_fen: Fen;
  status: Generated<'pending' | 'paid' | 'closed'>;
  pay_url: string | null;
  created_at: CreatedAt;
  paid_at: NullableTimestamp;
  /** Set when the order is one declaration of a family order (never sent to a channel itself). */
  family_order_id: Generated<string | null>;
}

/** One channel order paying several declarations (为家人缴费); each keeps its own payment_order. */
export interface FamilyOrderTable {
  region_code: string;
  id: Uuid;
  channel: string;
  out_trade_no: string;
  amount_fen: Fen;
  member_count: number;
  status: Generated<'pending' | 'paid' | 'closed'>;
  payer_name: string | null;
  payer_relation: string | null;
  household_id: string | null;
  pay_url: string | null;
  transaction_id: Generated<string | null>;
  created_at: CreatedAt;
  paid_at: NullableTimestamp;
  /** A terminal's order: the terminal and its own order number (unique per terminal). */
  terminal_id: string | null;
  terminal_order_no: string | null;
}

/** A query-and-pay terminal (kiosk, bank counter, mini-program) and the key it signs its requests with. */
export interface ChannelTerminalTable {
  region_code: string;
  terminal_id: string;
  channel: 'kiosk' | 'bank_counter' | 'mini_program';
  name: string;
  signing_key: string;
  disabled_at: Date | null;
  created_at: CreatedAt;
}

/** A terminal's daily statement, as reconciled: one per terminal and day, with the hash of its lines. */
export interface TerminalStatementTable {
  region_code: string;
  terminal_id: string;
  statement_date: ColumnType<string, string, string>;
  content_hash: string;
  line_count: number;
  total_fen: Fen;
  matched: number;
  recovered: number;
  exceptions: number;
  missing: number;
  received_at: ColumnType<Date, Date | undefined, never>;
}

/** Nonces seen within the signature window: a replayed request is refused. */
export interface ChannelNonceTable {
  region_code: string;
  terminal_id: string;
  nonce: string;
  seen_at: Date;
}

export type TPaymentSource = 'channel' | 'reconciliation' | 'unit_payment' | 'bank_deduction';

/** Money received, keyed by (region, channel, transaction id): a replay never counts twice. */
export interface PaymentTable {
  id: Uuid;
  region_code: string;
  insurance_year: number;
  channel: string;
  transaction_id: string;
  source: TPaymentSource;
  declaration_id: string | null;
  settlement_id: string | null;
  notice_id: string | null;
  order_id: string | null;
  unit_id: string | null;
  amount_fen: Fen;
  refunded_fen: GeneratedFen;
  payer_name: string | null;
  paid_at: ColumnType<Date, Date | string, Date | string>;
  import_job_id: string | null;
  created_at: CreatedAt;
}

/** A line of a paid roster (or a channel notification) that could not simply be counted. */
export interface ReconciliationItemTable {
  id: Uuid;
  region_code: string;
  import_job_id: string | null;
  row_number: number | null;
  kind: TReconciliationKind;
  insurance_year: number | null;
  channel: string;
  transaction_id: string;
  document_number: string | null;
  person_name: string | null;
  amount_fen: Fen;
  expected_fen: number | null;
  declaration_id: string | null;
  payment_id: string | null;
  unit_id: string | null;
  paid_at: NullableTimestamp;
  detail: string;
  status: Generated<TReconciliationStatus>;
  resolution: TResolution | null;
  resolution_note: string | null;
  resolved_by: string | null;
  resolved_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface ReceiptCounterTable {
  region_code: string;
  insurance_year: number;
  last_number: GeneratedFen;
}

/** 电子票据: numbered per region and year, verified by its code. */
export interface ReceiptTable {
  id: Uuid;
  region_code: string;
  insurance_year: number;
  number: string;
  payment_id: string;
  declaration_id: string;
  person_id: string;
  unit_id: string | null;
  payer_name: string | null;
  amount_fen: Fen;
  verify_code: string;
  issued_at: GeneratedTimestamp;
  voided_at: NullableTimestamp;
}

/**
 * A paid declaration waiting for its receipt: queued by the statement that marks it paid (or voids its receipt
 * while it stays paid), removed by the issuer in the transaction that writes the receipt.
 */
export interface ReceiptDueTable {
  region_code: string;
  insurance_year: number;
  declaration_id: string;
  /** The declaring unit when a unit's scope queued it (a trigger writes it, migration 20261204T1000), else null. */
  unit_id: ColumnType<string | null, never, never>;
  queued_at: GeneratedTimestamp;
}

/** 退费: requested by the unit, decided by the agency, paid back through the payment's channel. */
export interface RefundTable {
  id: Uuid;
  region_code: string;
  payment_id: string;
  declaration_id: string | null;
  unit_id: string | null;
  reason: TRefundReasonCode;
  note: string | null;
  amount_fen: Fen;
  status: Generated<TRefundStatus>;
  requested_by: string | null;
  requested_at: CreatedAt;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  decision_note: string | null;
  channel_refund_id: string | null;
  refunded_at: NullableTimestamp;
  failure: string | null;
}

/** The share of a unit's payment (its settlement's total) that pays one declaration: the ledger's record of it. */
export interface PaymentAllocationTable {
  region_code: string;
  payment_id: string;
  declaration_id: string;
  amount_fen: Fen;
  unit_id: string | null;
  created_at: CreatedAt;
}

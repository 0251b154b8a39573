import type { AppUserTable } from './app-user';
import type { AuditLogTable } from './audit-log';
import type { DeductionAgreementTable } from './deduction-agreement';
import type { DivisionTable } from './division';
import type { ImportFileChunkTable } from './import-file-chunk';
import type { ImportJobTable } from './import-job';
import type { ImportRowTable } from './import-row';
import type { LoginNameTable } from './login-name';
import type { LoginThrottleTable, LookupThrottleTable } from './login-throttle';
import type {
  DeclarationTable,
  PaymentAllocationTable,
  PaymentNoticeTable,
  PaymentOrderTable,
  FamilyOrderTable,
  ChannelTerminalTable,
  TerminalStatementTable,
  ChannelNonceTable,
  PaymentTable,
  ReceiptCounterTable,
  ReceiptDueTable,
  ReceiptTable,
  ReconciliationItemTable,
  RefundTable,
  SettlementTable,
} from './money';
import type { PersonExemptionTable, PersonMembershipTable, PersonPhotoTable, PersonTable } from './person';
import type { PolicyProfileTable } from './policy-profile';
import type { BranchOfficeTable, UnitCoordinatorTable } from './unit-coordinator';
import type { RegionTable } from './region';
import type { SessionTable } from './session';
import type { UninsuredReasonTable } from './uninsured-reason';
import type { DailyReportTable, ProgressSnapshotTable } from './daily-report';
import type { AuditSampleItemTable, AuditSampleTable } from './audit-sample';
import type { EmployeeInsuredTable, HandbookTable, HouseholdMemberTable, HouseholdTable, SocialCardTable, UnpaidListSubmissionTable, UnpaidSignOffTable } from './close';
import type { UnitTable } from './unit';

/** The typed database: one schema file per table. */
export interface DB {
  region: RegionTable;
  division: DivisionTable;
  unit: UnitTable;
  app_user: AppUserTable;
  session: SessionTable;
  login_name: LoginNameTable;
  login_throttle: LoginThrottleTable;
  lookup_throttle: LookupThrottleTable;
  audit_log: AuditLogTable;
  policy_profile: PolicyProfileTable;
  unit_coordinator: UnitCoordinatorTable;
  branch_office: BranchOfficeTable;
  person: PersonTable;
  person_membership: PersonMembershipTable;
  person_exemption: PersonExemptionTable;
  person_photo: PersonPhotoTable;
  import_job: ImportJobTable;
  import_row: ImportRowTable;
  import_file_chunk: ImportFileChunkTable;
  declaration: DeclarationTable;
  settlement: SettlementTable;
  payment_notice: PaymentNoticeTable;
  payment_order: PaymentOrderTable;
  family_order: FamilyOrderTable;
  channel_terminal: ChannelTerminalTable;
  terminal_statement: TerminalStatementTable;
  channel_nonce: ChannelNonceTable;
  payment: PaymentTable;
  payment_allocation: PaymentAllocationTable;
  reconciliation_item: ReconciliationItemTable;
  receipt_counter: ReceiptCounterTable;
  receipt: ReceiptTable;
  receipt_due: ReceiptDueTable;
  refund: RefundTable;
  uninsured_reason: UninsuredReasonTable;
  daily_report: DailyReportTable;
  progress_snapshot: ProgressSnapshotTable;
  audit_sample: AuditSampleTable;
  audit_sample_item: AuditSampleItemTable;
  unpaid_sign_off: UnpaidSignOffTable;
  unpaid_list_submission: UnpaidListSubmissionTable;
  social_card: SocialCardTable;
  handbook: HandbookTable;
  household: HouseholdTable;
  household_member: HouseholdMemberTable;
  employee_insured: EmployeeInsuredTable;
  deduction_agreement: DeductionAgreementTable;
}

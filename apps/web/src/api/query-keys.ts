/**
 * All TanStack Query keys. Lists nest under their resource key so that one
 * `invalidateQueries({ queryKey: queryKeys.users.all })` refreshes every page and filter.
 */
import type { AuditLogFilters } from '../features/audit/api';
import type { DeclarationListParams } from '../features/declarations/api';
import type { ImportListParams, ImportRowParams } from '../features/imports/api';
import type { PersonListParams } from '../features/persons/api';
import type { DailyTotalsParams, ReconciliationItemParams } from '../features/reconciliation/api';
import type { PaymentSearchParams, RefundListParams } from '../features/refunds/api';
import type { SettlementListParams } from '../features/settlements/api';
import type { UnitListParams } from '../features/units/api';
import type { UserListParams } from '../features/users/api';

export const queryKeys = {
  me: ['auth', 'me'] as const,
  units: {
    all: ['units'] as const,
    list: (params: UnitListParams) => ['units', 'list', params] as const,
    options: ['units', 'options'] as const,
    detail: (id: string) => ['units', 'detail', id] as const,
    coordinators: (id: string, withHistory: boolean) => ['units', 'coordinators', id, withHistory] as const,
  },
  divisions: {
    /** Children of a division; '' for the provinces. Reference data: never stale within a session. */
    children: (parentCode: string) => ['divisions', 'children', parentCode] as const,
    path: (code: string) => ['divisions', 'path', code] as const,
  },
  /** The agency's branch directory (经办网点): one list per region, no filters. */
  branchOffices: {
    all: ['branch-offices'] as const,
    list: ['branch-offices', 'list'] as const,
  },
  /** The agency's query-and-pay terminals (缴费终端) and the daily statements each one sends. */
  terminals: {
    all: ['terminals'] as const,
    list: ['terminals', 'list'] as const,
    statements: (terminalId: string) => ['terminals', 'statements', terminalId] as const,
  },
  persons: {
    all: ['persons'] as const,
    list: (params: PersonListParams) => ['persons', 'list', params] as const,
    detail: (id: string) => ['persons', 'detail', id] as const,
    timeline: (id: string) => ['persons', 'timeline', id] as const,
    classes: (unitId: string, gradeCode: string) => ['persons', 'classes', unitId, gradeCode] as const,
    streets: (unitId: string) => ['persons', 'streets', unitId] as const,
    /** Exemption categories of the region: the identities of its policy profiles. */
    exemptionCategories: (regionCode: string) => ['persons', 'exemption-categories', regionCode] as const,
    /** The person's 银行卡代扣协议 (masked). */
    deductionAgreement: (id: string) => ['persons', 'deduction-agreement', id] as const,
  },
  /** Per bank: live card deduction agreements and what each bank's file lists for a year. */
  cardDeductionBanks: {
    all: ['card-deduction-banks'] as const,
    year: (year: number) => ['card-deduction-banks', year] as const,
  },
  users: {
    all: ['users'] as const,
    list: (params: UserListParams) => ['users', 'list', params] as const,
  },
  auditLogs: {
    all: ['audit-logs'] as const,
    list: (params: AuditLogFilters) => ['audit-logs', 'list', params] as const,
  },
  /** Bulk import jobs (批量导入): a job polls while it reads or commits. */
  imports: {
    all: ['imports'] as const,
    list: (params: ImportListParams) => ['imports', 'list', params] as const,
    detail: (id: string) => ['imports', 'detail', id] as const,
    rows: (id: string, params: ImportRowParams) => ['imports', 'rows', id, params] as const,
  },
  /** The money flow: declarations (参保申报) and the campaign years they belong to. */
  declarations: {
    all: ['declarations'] as const,
    campaignYears: ['declarations', 'campaign-years'] as const,
    list: (params: DeclarationListParams) => ['declarations', 'list', params] as const,
    detail: (id: string) => ['declarations', 'detail', id] as const,
    /** Every 已申报 one of a year (and unit), for the confirmation dialog's count and total. */
    toConfirm: (year: number, unitId: string) => ['declarations', 'to-confirm', year, unitId] as const,
    /** 参保缴费进度 of a year: counts and amounts by status, per unit. */
    progress: (year: number) => ['declarations', 'progress', year] as const,
    /** 未参保人员 (the chase): under declarations, so every declaring, confirming and paying refreshes it. */
    uninsured: (params: object) => ['declarations', 'uninsured', params] as const,
    /** The region's 未参保原因 of a year (the built-in list and the profile's own). */
    reasonOptions: (year: number) => ['declarations', 'uninsured-reasons', year] as const,
    /** 每天通报: the days kept of a year, and one day's report. */
    dailyReports: (year: number) => ['declarations', 'daily-reports', year] as const,
    dailyReport: (year: number, date: string) => ['declarations', 'daily-reports', year, date] as const,
  },
  /** 抽查: the samples of a year, one sample, its report per unit. */
  auditSamples: {
    all: ['audit-samples'] as const,
    list: (year: number) => ['audit-samples', 'list', year] as const,
    detail: (id: string) => ['audit-samples', 'detail', id] as const,
    report: (id: string) => ['audit-samples', 'report', id] as const,
  },
  /** Settlements (结算单) and their payment notices (缴费通知单). */
  settlements: {
    all: ['settlements'] as const,
    list: (params: SettlementListParams) => ['settlements', 'list', params] as const,
    detail: (id: string) => ['settlements', 'detail', id] as const,
    notices: (id: string, className: string) => ['settlements', 'notices', id, className] as const,
  },
  /** Policy profiles (参保政策): public reads, versioned edits by the agency. */
  profiles: {
    all: ['profiles'] as const,
    list: ['profiles', 'list'] as const,
    detail: (id: string) => ['profiles', 'detail', id] as const,
    /** Who a saved version would reprice (重算预览); never cached across a save. */
    recompute: (id: string) => ['profiles', 'recompute', id] as const,
  },
  /** Reconciliation (对账): exceptions of the paid rosters and the daily totals by channel. */
  reconciliation: {
    all: ['reconciliation'] as const,
    items: (params: ReconciliationItemParams) => ['reconciliation', 'items', params] as const,
    daily: (params: DailyTotalsParams) => ['reconciliation', 'daily', params] as const,
  },
  /** Receipts (票据): per unit, the fixed-amount receipts of a year by amount and actual payer (票据统计). */
  receipts: {
    all: ['receipts'] as const,
    counts: (year: number) => ['receipts', 'counts', year] as const,
  },
  /** Refunds (退费) and the payments they are requested against. */
  refunds: {
    all: ['refunds'] as const,
    list: (params: RefundListParams) => ['refunds', 'list', params] as const,
    payments: (params: PaymentSearchParams) => ['refunds', 'payments', params] as const,
  },
};

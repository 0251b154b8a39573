import { chaseApi, type CallInput, type TClassSheets, type TProgressBoard, type TProgressGroup, type TUninsuredPage, type TUninsuredReason, type TUninsuredReasonInput, type TUninsuredReasonOptions, type TReminderInput, type TReminders, type TDailyReport, type TDailyReportList } from '@canbao/domain';
import { call, urlOf } from '../../api/client';

type ListQuery = NonNullable<CallInput<typeof chaseApi.uninsured>['query']>;

/** The list's filters as the page holds them; "also graduates and leavers" as a yes/no. */
export type UninsuredFilters = Omit<ListQuery, 'page' | 'pageSize' | 'includeGraduating'> & { includeGraduating?: boolean };

const toQuery = (f: UninsuredFilters) => ({ ...f, includeGraduating: f.includeGraduating ? ('true' as const) : undefined });

export const findUninsured = (f: UninsuredFilters & { page: number; pageSize: number }, signal?: AbortSignal): Promise<TUninsuredPage> =>
  call(chaseApi.uninsured, { query: { ...toQuery(f), page: f.page, pageSize: f.pageSize } }, { signal });

/** The xlsx of the list, one sheet per class (masked, audited); a plain link carries the session cookie. */
export const uninsuredExportUrl = (f: UninsuredFilters): string => urlOf(chaseApi.uninsuredExport, { query: toQuery(f) });

/** The reasons of the region for a year: the built-in list and the profile's own. */
export const getReasonOptions = (year: number, signal?: AbortSignal): Promise<TUninsuredReasonOptions> =>
  call(chaseApi.reasonOptions, { query: { year } }, { signal });

export const recordUninsuredReason = (personId: string, body: TUninsuredReasonInput): Promise<TUninsuredReason> =>
  call(chaseApi.recordReason, { params: { id: personId }, body });

type SheetQuery = NonNullable<CallInput<typeof chaseApi.classSheets>['query']>;
export type ClassSheetFilters = Omit<SheetQuery, 'includeGraduating'>;

export const findClassSheets = (f: ClassSheetFilters, signal?: AbortSignal): Promise<TClassSheets> => call(chaseApi.classSheets, { query: f }, { signal });
export const classSheetsExportUrl = (f: ClassSheetFilters): string => urlOf(chaseApi.classSheetsExport, { query: f });

export const getProgressBoard = (year: number, groupBy: TProgressGroup, signal?: AbortSignal): Promise<TProgressBoard> =>
  call(chaseApi.progress, { query: { year, groupBy } }, { signal });
export const progressExportUrl = (year: number, groupBy: TProgressGroup): string => urlOf(chaseApi.progressExport, { query: { year, groupBy } });

/** 补打缴费通知: the open notices of the unpaid (a class, a grade, the unit); the server counts each as a reminder. */
export const remindUnpaid = (body: TReminderInput): Promise<TReminders> => call(chaseApi.reminders, { body });

/** 每天通报: the days kept, one day's report, keeping today's, and a day's xlsx. */
export const listDailyReports = (year: number, signal?: AbortSignal): Promise<TDailyReportList> => call(chaseApi.dailyReports, { query: { year } }, { signal });
export const getDailyReport = (year: number, date: string, signal?: AbortSignal): Promise<TDailyReport> =>
  call(chaseApi.dailyReport, { params: { date }, query: { year } }, { signal });
export const keepDailyReport = (year: number): Promise<TDailyReport> => call(chaseApi.keepDailyReport, { body: { year } });
export const dailyReportExportUrl = (year: number, date: string): string => urlOf(chaseApi.dailyReportExport, { params: { date }, query: { year } });

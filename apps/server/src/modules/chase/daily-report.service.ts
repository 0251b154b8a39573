import type { TDailyChange, TDailyReport, TDailyReportList, TDailyReportRow, TProgressRow } from '@canbao/domain';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../../config';
import type { ServiceContext } from '../../context';
import { inScope, type Scope } from '../../db/database';
import type { DailyFigures, DailyRow } from '../../db/schema/daily-report';
import type { DB } from '../../db/schema/index';
import { AppError, AppErrorCode } from '../../errors';
import { shanghaiToday } from '../../time';
import { exportFilter, streamXlsx, type ExportColumn, type XlsxExport } from '../../xlsx-export';
import { audit, writeAudit } from '../audit/audit.service';
import { campaignYears } from '../declarations/declarations.service';
import { progressBoard } from './progress.service';

/**
 * 每天通报 (Nanchong 001 六.(三), issue 14 item 6): the region's figures of a campaign day, kept as they stood — by
 * district and by unit — so any earlier day opens again as it was reported, with the change since the day kept
 * before it. Today's report is kept by the agency (and kept again during the day to bring it up to date) or by the
 * server at the day's end; a past day is never rewritten.
 */

/** The name the server's own keeping carries in the audit trail. */
const SERVER_NAME = 'daily-report';

const figuresOf = (r: Omit<TProgressRow, 'key' | 'label'>): DailyFigures => ({
  roster: r.roster,
  declared: r.declared,
  confirmed: r.confirmed,
  paid: r.paid,
  exempt: r.exempt,
  uninsured: r.uninsured,
  rate: r.rate,
});

/** Keeps today's report of a year (replacing today's if kept before); `generatedBy` null for the server's own. */
export async function keepDailyReport(ctx: ServiceContext, year: number, options: { onlyIfMissing?: boolean; root?: Kysely<DB> } = {}): Promise<TDailyReport | null> {
  const today = shanghaiToday(ctx.now);
  // Counted now (not the board's snapshot), then grouped by district from the same count.
  const byUnit = await progressBoard(ctx, year, 'unit', { fresh: true, root: options.root });
  const byDistrict = await progressBoard(ctx, year, 'district', { root: options.root });
  const districtOf = await unitDistricts(ctx);
  const row = {
    region_code: ctx.scope.regionCode,
    insurance_year: year,
    report_date: today,
    totals: JSON.stringify(figuresOf(byDistrict.totals)),
    districts: JSON.stringify(byDistrict.rows.map((r) => ({ key: r.key, label: r.label, ...figuresOf(r) }))),
    units: JSON.stringify(byUnit.rows.map((r) => ({ key: r.key, label: r.label, district: districtOf.get(r.key) ?? '', ...figuresOf(r) }))),
    generated_at: ctx.now,
    generated_by: options.onlyIfMissing ? null : ctx.scope.username,
  };
  const kept = await ctx.db
    .insertInto('daily_report')
    .values(row)
    .onConflict((oc) =>
      options.onlyIfMissing
        ? oc.columns(['region_code', 'insurance_year', 'report_date']).doNothing()
        : oc.columns(['region_code', 'insurance_year', 'report_date']).doUpdateSet({ totals: row.totals, districts: row.districts, units: row.units, generated_at: row.generated_at, generated_by: row.generated_by }),
    )
    .returning('report_date')
    .executeTakeFirst();
  if (!kept) return null;
  const entry = { action: 'daily_report.kept', entityType: 'daily_report', entityId: null, after: { year, date: today, totals: JSON.parse(row.totals) as DailyFigures } };
  // The server's own keeping is audited under its name, with no account behind it.
  if (options.onlyIfMissing) await writeAudit(ctx.db, { regionCode: ctx.scope.regionCode, unitId: null, username: SERVER_NAME }, null, entry);
  else await audit(ctx, entry);
  return dailyReport(ctx, year, today);
}

async function unitDistricts(ctx: ServiceContext): Promise<Map<string, string>> {
  const rows = await ctx.db
    .selectFrom('unit as u')
    .leftJoin('division as dv', 'dv.code', 'u.district_code')
    .select(['u.id', 'dv.name'])
    .where('u.region_code', '=', ctx.scope.regionCode)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name ?? '未知区县']));
}

export async function listDailyReports(ctx: ServiceContext, year: number): Promise<TDailyReportList> {
  const rows = await ctx.db
    .selectFrom('daily_report')
    .select(['report_date', 'generated_at', 'totals'])
    .where('region_code', '=', ctx.scope.regionCode)
    .where('insurance_year', '=', year)
    .orderBy('report_date', 'desc')
    .limit(400)
    .execute();
  return { year, items: rows.map((r) => ({ date: r.report_date, generatedAt: r.generated_at.toISOString(), totals: r.totals })) };
}

const changeOf = (now: DailyFigures, before: DailyFigures | undefined): TDailyChange | null =>
  before
    ? {
        declared: now.declared - before.declared,
        confirmed: now.confirmed - before.confirmed,
        paid: now.paid - before.paid,
        uninsured: now.uninsured - before.uninsured,
        rate: Math.round((now.rate - before.rate) * 10) / 10,
      }
    : null;

function withChange(rows: readonly DailyRow[], before: readonly DailyRow[] | undefined): TDailyReportRow[] {
  const earlier = new Map((before ?? []).map((r) => [r.key, r]));
  return rows.map((r) => ({ ...r, change: before ? changeOf(r, earlier.get(r.key)) : null }));
}

/** The report kept for a day, with the change since the day kept before it. */
export async function dailyReport(ctx: ServiceContext, year: number, date: string): Promise<TDailyReport> {
  const base = ctx.db.selectFrom('daily_report').selectAll().where('region_code', '=', ctx.scope.regionCode).where('insurance_year', '=', year);
  const report = await base.where('report_date', '=', date).executeTakeFirst();
  if (!report) throw new AppError(AppErrorCode.NOT_FOUND, { message: `${date} 没有保存 ${year} 年度的通报` });
  const previous = await base.where('report_date', '<', date).orderBy('report_date', 'desc').limit(1).executeTakeFirst();
  return {
    year,
    date: report.report_date,
    generatedAt: report.generated_at.toISOString(),
    generatedBy: report.generated_by,
    previousDate: previous?.report_date ?? null,
    totals: report.totals,
    change: changeOf(report.totals, previous?.totals),
    districts: withChange(report.districts, previous?.districts),
    units: withChange(report.units, previous?.units),
  };
}

const signed = (n: number | undefined) => (n === undefined ? '' : n > 0 ? `+${n}` : String(n));
const COLUMNS = (first: string): ExportColumn<TDailyReportRow>[] => [
  { header: first, width: 30, value: (r) => r.label },
  ...(first === '单位' ? [{ header: '区县', width: 14, value: (r: TDailyReportRow) => r.district ?? '' }] : []),
  { header: '在册人数', width: 10, value: (r) => r.roster },
  { header: '已申报', width: 10, value: (r) => r.declared },
  { header: '较前日', width: 8, value: (r) => signed(r.change?.declared) },
  { header: '已缴费', width: 10, value: (r) => r.paid },
  { header: '较前日', width: 8, value: (r) => signed(r.change?.paid) },
  { header: '减免', width: 8, value: (r) => r.exempt },
  { header: '未参保', width: 10, value: (r) => r.uninsured },
  { header: '参保率（%）', width: 12, value: (r) => r.rate },
  { header: '较前日', width: 8, value: (r) => signed(r.change?.rate) },
];

/** A day's report as xlsx: 按区县 with a total line, then 按单位. */
export async function exportDailyReport(ctx: ServiceContext, year: number, date: string): Promise<XlsxExport> {
  // Read before the file starts: a day not kept is a plain 404.
  const report = await dailyReport(ctx, year, date);
  const total: TDailyReportRow = { key: 'total', label: '合计', ...report.totals, change: report.change };
  async function* pages() {
    yield [...report.districts.map((r) => ({ ...r, sheet: '按区县' })), { ...total, sheet: '按区县' }];
    yield report.units.map((r) => ({ ...r, sheet: '按单位' }));
  }
  const { stream, done } = streamXlsx({
    sheetName: '按区县',
    columns: COLUMNS('区县') as ExportColumn<TDailyReportRow & { sheet: string }>[],
    sheetColumns: { 按单位: COLUMNS('单位') as ExportColumn<TDailyReportRow & { sheet: string }>[] },
    pages: pages(),
    sheetOf: (r) => r.sheet,
  });
  return {
    fileName: `参保进度通报_${year}_${date}.xlsx`,
    asciiFileName: `daily_report_${year}_${date}.xlsx`,
    stream,
    done: done.then((r) => audit(ctx, { action: 'daily_report.exported', entityType: 'daily_report', after: { filter: exportFilter({ year, date }), ...r } })),
  };
}

/**
 * The server's own keeping at the day's end: for every served region whose current year is still open (declaration
 * or adjustment window), today's report if nobody kept one — idempotent, so several app instances may all try.
 */
export async function keepMissingDailyReports(db: Kysely<DB>, config: AppConfig, now: Date): Promise<number> {
  const regions = await db.selectFrom('region').select('code').execute();
  let kept = 0;
  for (const { code } of regions) {
    // The server reads as the region's agency; it has no account (userId is never written: see keepDailyReport).
    const scope: Scope = { userId: '', username: SERVER_NAME, role: 'agency_admin', regionCode: code, unitId: null };
    const done = await inScope(db, scope, async (trx) => {
      const ctx: ServiceContext = { db: trx, scope, meta: { requestId: 'daily-report', ip: null, userAgent: null }, config, now };
      const years = await campaignYears(ctx);
      const current = years.items.find((i) => i.current && i.state !== 'closed' && i.windowToday !== 'outside');
      if (!current) return false;
      return (await keepDailyReport(ctx, current.year, { onlyIfMissing: true, root: db })) !== null;
    });
    if (done) kept++;
  }
  return kept;
}

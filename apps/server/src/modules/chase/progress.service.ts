import { PROGRESS_GROUP_NAMES, UNIT_KIND_NAMES, type TProgressBoard, type TProgressGroup, type TProgressRow, type TUnitKind } from '@canbao/domain';
import { sql, type Kysely } from 'kysely';
import type { ServiceContext } from '../../context';
import { inScope, type Scope } from '../../db/database';
import type { DB } from '../../db/schema/index';
import { shanghaiToday } from '../../time';
import { exportFilter, streamXlsx, type ExportColumn, type XlsxExport } from '../../xlsx-export';
import { audit } from '../audit/audit.service';

type UnitFigures = {
  unit_id: string;
  unit_name: string;
  kind: TUnitKind;
  district_code: string;
  district_name: string | null;
  roster: number;
  roster_paid: number;
  declared: number;
  confirmed: number;
  paid: number;
  exempt: number;
};

/**
 * Per unit of the caller's scope (every unit of the region for the agency, the viewer and the collector; a unit
 * its own), including units that declared nobody: the roster as the chase counts it (active, held, not graduated,
 * not on a leaver list) and how much of it is covered, and the declarations the unit made by stage. Two grouped
 * scans — persons with their declaration, and declarations — joined to the units; nothing personal leaves.
 */
async function unitFigures(ctx: ServiceContext, year: number): Promise<UnitFigures[]> {
  const r = await sql<UnitFigures>`
    WITH roster AS (
      SELECT p.unit_id, count(*)::int AS roster, count(*) FILTER (WHERE d.status = 'paid')::int AS roster_paid
      FROM person p
      LEFT JOIN declaration d ON d.region_code = p.region_code AND d.insurance_year = ${year}::int AND d.person_id = p.id
      WHERE p.region_code = ${ctx.scope.regionCode} AND p.status = 'active' AND p.unit_id IS NOT NULL AND p.leaving_reason IS NULL
        ${ctx.scope.unitId ? sql`AND p.unit_id = ${ctx.scope.unitId}::uuid` : sql``}
        AND NOT canbao_graduated(p.grade_code, p.entry_year, p.expected_graduation_year, ${year}::int)
      GROUP BY p.unit_id
    ), made AS (
      SELECT unit_id,
             count(*) FILTER (WHERE status <> 'removed')::int AS declared,
             count(*) FILTER (WHERE status IN ('confirmed', 'settled', 'paid'))::int AS confirmed,
             count(*) FILTER (WHERE status = 'paid')::int AS paid,
             count(*) FILTER (WHERE status <> 'removed' AND subsidy_fen > 0)::int AS exempt
      FROM declaration
      WHERE region_code = ${ctx.scope.regionCode} AND insurance_year = ${year}::int AND unit_id IS NOT NULL
        ${ctx.scope.unitId ? sql`AND unit_id = ${ctx.scope.unitId}::uuid` : sql``}
      GROUP BY unit_id
    )
    SELECT u.id AS unit_id, u.name AS unit_name, u.kind, u.district_code, dv.name AS district_name,
           coalesce(r.roster, 0) AS roster, coalesce(r.roster_paid, 0) AS roster_paid,
           coalesce(m.declared, 0) AS declared, coalesce(m.confirmed, 0) AS confirmed, coalesce(m.paid, 0) AS paid, coalesce(m.exempt, 0) AS exempt
    FROM unit u
    LEFT JOIN roster r ON r.unit_id = u.id
    LEFT JOIN made m ON m.unit_id = u.id
    LEFT JOIN division dv ON dv.code = u.district_code
    WHERE u.region_code = ${ctx.scope.regionCode}
      ${ctx.scope.unitId ? sql`AND u.id = ${ctx.scope.unitId}::uuid` : sql``}
  `.execute(ctx.db);
  return r.rows;
}

type Sum = Omit<TProgressRow, 'key' | 'label' | 'rate' | 'uninsured'> & { rosterPaid: number };
const zero = (): Sum => ({ roster: 0, rosterPaid: 0, declared: 0, confirmed: 0, paid: 0, exempt: 0 });
function add(s: Sum, u: UnitFigures) {
  s.roster += u.roster;
  s.rosterPaid += u.roster_paid;
  s.declared += u.declared;
  s.confirmed += u.confirmed;
  s.paid += u.paid;
  s.exempt += u.exempt;
}
const rateOf = (covered: number, roster: number) => (roster > 0 ? Math.round((covered / roster) * 1000) / 10 : 0);
function figures(s: Sum) {
  const { rosterPaid, ...rest } = s;
  return { ...rest, uninsured: s.roster - rosterPaid, rate: rateOf(rosterPaid, s.roster) };
}

type DayCounts = { day: string; declared: number; confirmed: number; paid: number; exempt: number };

/** Declared, confirmed and paid on each day of the campaign (Asia/Shanghai). */
async function dayCounts(ctx: ServiceContext, year: number): Promise<DayCounts[]> {
  const r = await sql<DayCounts>`
    WITH days AS (
      SELECT declared_on::text AS day, count(*)::int AS declared, 0 AS confirmed, 0 AS paid, count(*) FILTER (WHERE subsidy_fen > 0)::int AS exempt
      FROM declaration WHERE region_code = ${ctx.scope.regionCode} AND insurance_year = ${year}::int AND status <> 'removed'
        ${ctx.scope.unitId ? sql`AND unit_id = ${ctx.scope.unitId}::uuid` : sql``}
      GROUP BY 1
      UNION ALL
      SELECT (confirmed_at AT TIME ZONE 'Asia/Shanghai')::date::text, 0, count(*)::int, 0, 0
      FROM declaration WHERE region_code = ${ctx.scope.regionCode} AND insurance_year = ${year}::int AND confirmed_at IS NOT NULL AND status IN ('confirmed', 'settled', 'paid')
        ${ctx.scope.unitId ? sql`AND unit_id = ${ctx.scope.unitId}::uuid` : sql``}
      GROUP BY 1
      UNION ALL
      SELECT (paid_at AT TIME ZONE 'Asia/Shanghai')::date::text, 0, 0, count(*)::int, 0
      FROM declaration WHERE region_code = ${ctx.scope.regionCode} AND insurance_year = ${year}::int AND status = 'paid' AND paid_at IS NOT NULL
        ${ctx.scope.unitId ? sql`AND unit_id = ${ctx.scope.unitId}::uuid` : sql``}
      GROUP BY 1
    )
    SELECT day, sum(declared)::int AS declared, sum(confirmed)::int AS confirmed, sum(paid)::int AS paid, sum(exempt)::int AS exempt
    FROM days GROUP BY day ORDER BY day`.execute(ctx.db);
  return r.rows;
}

/** Cumulative declared, confirmed and paid by day, for the chart. */
function byDay(days: readonly DayCounts[], roster: number): TProgressRow[] {
  const total = { declared: 0, confirmed: 0, paid: 0, exempt: 0 };
  return days.map((d) => {
    total.declared += d.declared;
    total.confirmed += d.confirmed;
    total.paid += d.paid;
    total.exempt += d.exempt;
    return { key: d.day, label: d.day, roster, ...total, uninsured: Math.max(0, roster - total.paid), rate: rateOf(total.paid, roster) };
  });
}

// ── the region's board from its snapshot ──────────────────────────────────────────────────────────────────────

type Figures = { units: UnitFigures[]; days: DayCounts[]; asOf: Date };

async function computeFigures(ctx: ServiceContext, year: number): Promise<Figures> {
  return { units: await unitFigures(ctx, year), days: await dayCounts(ctx, year), asOf: ctx.now };
}

async function storeFigures(ctx: ServiceContext, year: number, f: Figures): Promise<void> {
  const row = { region_code: ctx.scope.regionCode, insurance_year: year, units: JSON.stringify(f.units), days: JSON.stringify(f.days), computed_at: f.asOf };
  await ctx.db
    .insertInto('progress_snapshot')
    .values(row)
    .onConflict((oc) => oc.columns(['region_code', 'insurance_year']).doUpdateSet({ units: row.units, days: row.days, computed_at: row.computed_at }))
    .execute();
}

/** Refreshes running in this process, by region and year: one at a time each. */
const refreshing = new Map<string, Promise<void>>();

/**
 * Recomputes a region's snapshot outside the request that found it old, in its own transaction as the region's
 * agency. Across app instances a transaction-level advisory lock lets one of them do it; the others keep serving
 * the snapshot they read.
 */
function refreshInBackground(root: Kysely<DB>, ctx: ServiceContext, year: number): void {
  const key = `${ctx.scope.regionCode}:${year}`;
  if (refreshing.has(key)) return;
  const scope: Scope = { ...ctx.scope, unitId: null };
  const run = inScope(root, scope, async (trx) => {
    const locked = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(hashtext(${`progress:${key}`})) AS ok`.execute(trx);
    if (!locked.rows[0]?.ok) return;
    // Dated by the request that found it old: the snapshot is at least as fresh as it says.
    const own: ServiceContext = { ...ctx, db: trx, scope };
    await storeFigures(own, year, await computeFigures(own, year));
  })
    .catch(() => undefined)
    .finally(() => refreshing.delete(key));
  refreshing.set(key, run);
}

/** Resolves once no refresh runs in this process (tests, shutdown). */
export async function progressRefreshesIdle(): Promise<void> {
  await Promise.all([...refreshing.values()]);
}

/**
 * The figures the board is made of. A unit's own line is always computed live (it reads its own rows by index). The
 * region's — 1,500 units and a million persons, seconds to count — come from `progress_snapshot`: served at once,
 * and recomputed in the background when older than `progressMaxAgeSeconds` (15 s by default), so the board is never
 * more than that plus one computation behind; with 0 (tests) or `fresh` (the daily report), computed live.
 */
async function boardFigures(ctx: ServiceContext, year: number, options: { fresh?: boolean; root?: Kysely<DB> }): Promise<Figures> {
  const maxAge = ctx.config.progressMaxAgeSeconds;
  if (ctx.scope.unitId !== null || maxAge === 0 || !options.root) return computeFigures(ctx, year);
  // Asked for fresh figures (the daily report), or none stored yet: counted now, and kept for the next readers.
  const stored = options.fresh
    ? undefined
    : await ctx.db.selectFrom('progress_snapshot').select(['units', 'days', 'computed_at']).where('region_code', '=', ctx.scope.regionCode).where('insurance_year', '=', year).executeTakeFirst();
  if (!stored) {
    const live = await computeFigures(ctx, year);
    await storeFigures(ctx, year, live);
    return live;
  }
  if (ctx.now.getTime() - stored.computed_at.getTime() > maxAge * 1000) refreshInBackground(options.root, ctx, year);
  return { units: stored.units as UnitFigures[], days: stored.days as DayCounts[], asOf: stored.computed_at };
}

export async function progressBoard(
  ctx: ServiceContext,
  year: number,
  groupBy: TProgressGroup = 'unit',
  options: { fresh?: boolean; root?: Kysely<DB> } = {},
): Promise<TProgressBoard> {
  const { units, days, asOf } = await boardFigures(ctx, year, options);
  const all = zero();
  for (const u of units) add(all, u);
  const totals = figures(all);
  let rows: TProgressRow[];
  if (groupBy === 'day') {
    rows = byDay(days, totals.roster);
  } else {
    const groups = new Map<string, { label: string; sum: Sum }>();
    for (const u of units) {
      const [key, label] =
        groupBy === 'unit' ? [u.unit_id, u.unit_name] : groupBy === 'district' ? [u.district_code, u.district_name ?? '未知区县'] : [u.kind, UNIT_KIND_NAMES[u.kind] ?? '其他单位'];
      const g = groups.get(key) ?? { label, sum: zero() };
      add(g.sum, u);
      groups.set(key, g);
    }
    // Furthest behind first: the lowest rate, then the most uninsured; units with nobody on the roster last.
    rows = [...groups.entries()]
      .map(([key, g]) => ({ key, label: g.label, ...figures(g.sum) }))
      .sort((a, b) => Number(a.roster === 0) - Number(b.roster === 0) || a.rate - b.rate || b.uninsured - a.uninsured || a.label.localeCompare(b.label, 'zh-CN'));
  }
  return { year, groupBy, rows, totals, asOf: asOf.toISOString() };
}

const COLUMNS: ExportColumn<TProgressRow>[] = [
  { header: '名称', width: 30, value: (r) => r.label },
  { header: '在册人数', width: 10, value: (r) => r.roster },
  { header: '已申报', width: 10, value: (r) => r.declared },
  { header: '已确认', width: 10, value: (r) => r.confirmed },
  { header: '已缴费', width: 10, value: (r) => r.paid },
  { header: '减免', width: 8, value: (r) => r.exempt },
  { header: '未参保', width: 10, value: (r) => r.uninsured },
  { header: '参保率（%）', width: 12, value: (r) => r.rate },
];

export function exportProgress(ctx: ServiceContext, year: number, groupBy: TProgressGroup = 'unit', root?: Kysely<DB>): XlsxExport {
  async function* pages() {
    const board = await progressBoard(ctx, year, groupBy, { root });
    yield [...board.rows, { key: 'total', label: '合计', ...board.totals }];
  }
  const { stream, done } = streamXlsx({ sheetName: `参保进度${PROGRESS_GROUP_NAMES[groupBy]}`, columns: COLUMNS, pages: pages() });
  const today = shanghaiToday(ctx.now);
  return {
    fileName: `参保进度_${year}_${today}.xlsx`,
    asciiFileName: `progress_${year}_${today}.xlsx`,
    stream,
    done: done.then((r) => audit(ctx, { action: 'progress.exported', entityType: 'declaration', after: { filter: exportFilter({ year, groupBy }), ...r } })),
  };
}

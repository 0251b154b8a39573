import { PROGRESS_GROUP_NAMES, UNIT_KIND_NAMES, type TProgressBoard, type TProgressGroup, type TProgressRow, type TUnitKind } from '@canbao/domain';
import { sql } from 'kysely';
import type { ServiceContext } from '../../context';
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

/** Cumulative declared, confirmed and paid by day of the campaign (Asia/Shanghai), for the chart. */
async function byDay(ctx: ServiceContext, year: number, roster: number): Promise<TProgressRow[]> {
  const r = await sql<{ day: string; declared: number; confirmed: number; paid: number; exempt: number }>`
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
  const total = { declared: 0, confirmed: 0, paid: 0, exempt: 0 };
  return r.rows.map((d) => {
    total.declared += d.declared;
    total.confirmed += d.confirmed;
    total.paid += d.paid;
    total.exempt += d.exempt;
    return { key: d.day, label: d.day, roster, ...total, uninsured: Math.max(0, roster - total.paid), rate: rateOf(total.paid, roster) };
  });
}

export async function progressBoard(ctx: ServiceContext, year: number, groupBy: TProgressGroup = 'unit'): Promise<TProgressBoard> {
  const units = await unitFigures(ctx, year);
  const all = zero();
  for (const u of units) add(all, u);
  const totals = figures(all);
  let rows: TProgressRow[];
  if (groupBy === 'day') {
    rows = await byDay(ctx, year, totals.roster);
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
  return { year, groupBy, rows, totals };
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

export function exportProgress(ctx: ServiceContext, year: number, groupBy: TProgressGroup = 'unit'): XlsxExport {
  async function* pages() {
    const board = await progressBoard(ctx, year, groupBy);
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

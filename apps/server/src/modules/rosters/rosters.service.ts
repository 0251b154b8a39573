import { DECLARATION_STATUS_NAMES, PAYMENT_CHANNEL_NAMES, PERSON_HUKOU_NAMES, ROSTER_KIND_NAMES, formatFen, gradeName, maskIdNumber, type TRosterKind } from '@canbao/domain';
import { sql } from 'kysely';
import type { ServiceContext } from '../../context';
import { AppError, AppErrorCode } from '../../errors';
import { shanghaiClock, shanghaiToday } from '../../time';
import { exportFilter, streamXlsx, type ExportColumn, type XlsxExport } from '../../xlsx-export';
import { audit } from '../audit/audit.service';

/**
 * 报送 (issue 15, item 2): 参保人员花名册 and 减免人员信息汇总表 of a unit or the region for a year, streamed as xlsx
 * page by page (unit by unit in name order, keyset on declaration id within the unit). Numbers are masked unless the agency asks for the full
 * ones with a reason; either way the file's last sheet, 导出说明, names the account, the time, the scope and whether
 * the numbers are full (and why) — and the export is audited with the same.
 */
export type RosterFilter = { year: number; unitId?: string | undefined; fullIds: boolean; reason?: string | undefined };

type Line = { sheet: string } & Record<string, string | number | null>;

const PAGE = 2000;

function checkFullIds(ctx: ServiceContext, f: RosterFilter) {
  if (!f.fullIds) return;
  if (ctx.scope.role !== 'agency_admin') throw new AppError(AppErrorCode.FORBIDDEN, { message: '完整证件号码仅限经办机构导出' });
  if ((f.reason?.trim().length ?? 0) < 2) {
    throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: '导出完整证件号码须说明原因', details: [{ path: 'reason', message: '请说明导出完整证件号码的原因' }] });
  }
}

const part = (parts: unknown, code: string): number | null => {
  const found = Array.isArray(parts) ? (parts as Array<{ code?: string; amountFen?: number }>).find((p) => p.code === code) : undefined;
  return typeof found?.amountFen === 'number' ? found.amountFen : null;
};
const yuan = (fen: number | null) => (fen === null ? '' : formatFen(fen));

/**
 * The units of an export in name order (a unit's export: itself). Each unit's rows are then read by declaration id
 * on the unit's index: a keyset on (unit name, declaration id) through the join sorted the region's whole year for
 * every page (1,053 rows/s on a city of a million, docs/scale.md).
 */
async function exportUnits(ctx: ServiceContext, f: RosterFilter): Promise<string[]> {
  const unitId = ctx.scope.unitId ?? f.unitId ?? null;
  if (unitId) return [unitId];
  const rows = await ctx.db.selectFrom('unit').select('id').where('region_code', '=', ctx.scope.regionCode).orderBy('name').orderBy('id').execute();
  return rows.map((r) => r.id);
}

function baseRows(ctx: ServiceContext, f: RosterFilter, unit: string) {
  const unitId = ctx.scope.unitId ?? unit;
  return ctx.db
    .selectFrom('declaration as d')
    .innerJoin('person as p', (j) => j.onRef('p.region_code', '=', 'd.region_code').onRef('p.id', '=', 'd.person_id'))
    .innerJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'd.region_code').onRef('u.id', '=', 'd.unit_id'))
    .where('d.region_code', '=', ctx.scope.regionCode)
    .where('d.insurance_year', '=', f.year)
    .where('d.status', '<>', 'removed')
    .$if(unitId !== null, (q) => q.where('d.unit_id', '=', unitId!));
}

async function* insuredPages(ctx: ServiceContext, f: RosterFilter): AsyncGenerator<Line[]> {
  for (const unit of await exportUnits(ctx, f)) {
    let after: string | null = null;
    for (;;) {
      const rows = await baseRows(ctx, f, unit)
        .select([
          'd.id',
          'u.name as unit_name',
          'p.name',
          'p.document_number',
          'p.gender',
          'p.birth_date',
          'p.grade_code',
          'p.class_name',
          'd.category_name',
          'd.parts',
          'd.total_fen',
          'd.subsidy_name',
          'd.subsidy_fen',
          'd.payable_fen',
          'd.paid_fen',
          'd.status',
          'd.paid_at',
          sql<string | null>`(SELECT string_agg(DISTINCT pm.channel, ',') FROM payment pm WHERE pm.region_code = ${ctx.scope.regionCode} AND pm.declaration_id = d.id)`.as('channels'),
        ])
        .$if(after !== null, (q) => q.where('d.id', '>', after!))
        .orderBy('d.id')
        .limit(PAGE)
        .execute();
      if (rows.length) {
        yield rows.map((r) => ({
          sheet: '参保人员花名册',
          unit: r.unit_name,
          name: r.name,
          id: f.fullIds ? r.document_number : maskIdNumber(r.document_number),
          gender: r.gender === 'male' ? '男' : '女',
          birth: r.birth_date,
          grade: gradeName(r.grade_code),
          className: r.class_name,
          category: r.category_name,
          basic: yuan(part(r.parts, 'basic')),
          critical: yuan(part(r.parts, 'critical_illness')),
          care: yuan(part(r.parts, 'long_term_care')),
          total: yuan(r.total_fen),
          subsidyName: r.subsidy_name,
          subsidy: r.subsidy_fen ? yuan(r.subsidy_fen) : '',
          payable: yuan(r.payable_fen),
          paid: yuan(r.paid_fen),
          status: DECLARATION_STATUS_NAMES[r.status] ?? r.status,
          channel: (r.channels ?? '')
            .split(',')
            .filter(Boolean)
            .map((c) => PAYMENT_CHANNEL_NAMES[c] ?? c)
            .join('、'),
          paidAt: r.paid_at ? `${shanghaiToday(r.paid_at)} ${shanghaiClock(r.paid_at)}` : '',
        }));
      }
      if (rows.length < PAGE) break;
      after = rows.at(-1)!.id;
    }
  }
}

async function* exemptPages(ctx: ServiceContext, f: RosterFilter): AsyncGenerator<Line[]> {
  const totals = new Map<string, { persons: number; fen: number }>();
  for (const unit of await exportUnits(ctx, f)) {
    let after: string | null = null;
    for (;;) {
      const rows = await baseRows(ctx, f, unit)
        .where('d.subsidy_fen', '>', 0)
        .leftJoinLateral(
          (eb) =>
            eb
              .selectFrom('person_exemption as e')
              .select(['e.person_id', 'e.certifying_department', 'e.certificate_name', 'e.certificate_number', 'e.valid_from', 'e.valid_to'])
              .where('e.region_code', '=', ctx.scope.regionCode)
              .whereRef('e.person_id', '=', 'd.person_id')
              .whereRef('e.category_code', '=', 'd.subsidy_code')
              .whereRef('e.valid_from', '<=', 'd.benefit_end')
              .where((w) => w.or([w('e.valid_to', 'is', null), w('e.valid_to', '>=', w.ref('d.benefit_start'))]))
              .orderBy('e.valid_from', 'desc')
              .limit(1)
              .as('e'),
          // Joined on the person, not ON TRUE: Citus refuses an outer join with a constant condition (PG15, PG16).
          (j) => j.onRef('e.person_id', '=', 'd.person_id'),
        )
        .select([
          'd.id',
          'u.name as unit_name',
          'p.name',
          'p.document_number',
          'd.subsidy_name',
          'd.subsidy_fen',
          'e.certifying_department',
          'e.certificate_name',
          'e.certificate_number',
          'e.valid_from',
          'e.valid_to',
        ])
        .$if(after !== null, (q) => q.where('d.id', '>', after!))
        .orderBy('d.id')
        .limit(PAGE)
        .execute();
      for (const r of rows) {
        const t = totals.get(r.subsidy_name ?? '其他') ?? { persons: 0, fen: 0 };
        t.persons++;
        t.fen += r.subsidy_fen;
        totals.set(r.subsidy_name ?? '其他', t);
      }
      if (rows.length) {
        yield rows.map((r) => ({
          sheet: '减免人员',
          unit: r.unit_name,
          name: r.name,
          id: f.fullIds ? r.document_number : maskIdNumber(r.document_number),
          category: r.subsidy_name,
          department: r.certifying_department,
          certificate: r.certificate_name,
          certificateNumber: r.certificate_number,
          validity: r.valid_from ? `${r.valid_from} 至 ${r.valid_to ?? '长期'}` : '',
          subsidy: yuan(r.subsidy_fen),
        }));
      }
      if (rows.length < PAGE) break;
      after = rows.at(-1)!.id;
    }
  }
  const byCategory = [...totals.entries()].sort((a, b) => a[0].localeCompare(b[0], 'zh-CN'));
  const all = byCategory.reduce((s, [, t]) => ({ persons: s.persons + t.persons, fen: s.fen + t.fen }), { persons: 0, fen: 0 });
  yield [
    ...byCategory.map(([category, t]) => ({ sheet: '按类别合计', category, persons: t.persons, subsidy: yuan(t.fen) })),
    { sheet: '按类别合计', category: '合计', persons: all.persons, subsidy: yuan(all.fen) },
  ];
}

/** 户籍迁入人员参保登记表: the declared whose hukou moved in, with from where and when, and where their year stands. */
async function* inflowPages(ctx: ServiceContext, f: RosterFilter): AsyncGenerator<Line[]> {
  for (const unit of await exportUnits(ctx, f)) {
    let after: string | null = null;
    for (;;) {
      const rows = await baseRows(ctx, f, unit)
        .where('p.inflow_on', 'is not', null)
        .select(['d.id', 'u.name as unit_name', 'p.name', 'p.document_number', 'p.gender', 'p.birth_date', 'p.hukou_type', 'p.hukou_address', 'p.inflow_from', 'p.inflow_on', 'd.category_name', 'd.payable_fen', 'd.status'])
        .$if(after !== null, (q) => q.where('d.id', '>', after!))
        .orderBy('d.id')
        .limit(PAGE)
        .execute();
      if (rows.length) {
        yield rows.map((r) => ({
          sheet: '户籍迁入人员',
          unit: r.unit_name,
          name: r.name,
          id: f.fullIds ? r.document_number : maskIdNumber(r.document_number),
          gender: r.gender === 'male' ? '男' : '女',
          birth: r.birth_date,
          hukou: PERSON_HUKOU_NAMES[r.hukou_type] ?? r.hukou_type,
          address: r.hukou_address,
          from: r.inflow_from,
          on: r.inflow_on,
          category: r.category_name,
          payable: yuan(r.payable_fen),
          status: DECLARATION_STATUS_NAMES[r.status] ?? r.status,
        }));
      }
      if (rows.length < PAGE) break;
      after = rows.at(-1)!.id;
    }
  }
}

const col = (header: string, key: string, width: number): ExportColumn<Line> => ({ header, width, value: (r) => r[key] ?? '' });

const INSURED: ExportColumn<Line>[] = [
  col('单位', 'unit', 26),
  col('姓名', 'name', 12),
  col('证件号码', 'id', 22),
  col('性别', 'gender', 6),
  col('出生日期', 'birth', 12),
  col('年级', 'grade', 12),
  col('班级', 'className', 10),
  col('人员类别', 'category', 16),
  col('基本医疗保险费（元）', 'basic', 14),
  col('大病保险费（元）', 'critical', 12),
  col('照护保险费（元）', 'care', 12),
  col('缴费标准（元）', 'total', 12),
  col('资助减免类别', 'subsidyName', 16),
  col('减免金额（元）', 'subsidy', 12),
  col('个人应缴（元）', 'payable', 12),
  col('已缴（元）', 'paid', 12),
  col('缴费状态', 'status', 10),
  col('缴费渠道', 'channel', 16),
  col('缴费时间', 'paidAt', 18),
];
const EXEMPT: ExportColumn<Line>[] = [
  col('单位', 'unit', 26),
  col('姓名', 'name', 12),
  col('证件号码', 'id', 22),
  col('减免类别', 'category', 18),
  col('认定部门', 'department', 16),
  col('证件名称', 'certificate', 16),
  col('证件编号', 'certificateNumber', 20),
  col('有效期', 'validity', 24),
  col('减免金额（元）', 'subsidy', 12),
];
const INFLOW: ExportColumn<Line>[] = [
  col('单位', 'unit', 26),
  col('姓名', 'name', 12),
  col('证件号码', 'id', 22),
  col('性别', 'gender', 6),
  col('出生日期', 'birth', 12),
  col('户籍类型', 'hukou', 10),
  col('现户籍地址', 'address', 30),
  col('迁入前户籍地', 'from', 24),
  col('迁入日期', 'on', 12),
  col('人员类别', 'category', 16),
  col('个人应缴（元）', 'payable', 12),
  col('缴费状态', 'status', 10),
];
const BY_CATEGORY: ExportColumn<Line>[] = [col('减免类别', 'category', 20), col('人数', 'persons', 10), col('减免金额合计（元）', 'subsidy', 18)];
const NOTES: ExportColumn<Line>[] = [col('项目', 'item', 14), col('内容', 'value', 60)];

export async function exportRoster(ctx: ServiceContext, kind: TRosterKind, f: RosterFilter): Promise<XlsxExport> {
  checkFullIds(ctx, f);
  const unitId = ctx.scope.unitId ?? f.unitId ?? null;
  const unit = unitId ? await ctx.db.selectFrom('unit').select('name').where('id', '=', unitId).where('region_code', '=', ctx.scope.regionCode).executeTakeFirst() : null;
  if (unitId && !unit) throw new AppError(AppErrorCode.NOT_FOUND, { message: '单位不存在' });
  const name = ROSTER_KIND_NAMES[kind];
  const at = `${shanghaiToday(ctx.now)} ${shanghaiClock(ctx.now)}`;
  const notes: Line[] = [
    ['名册', name],
    ['参保年度', `${f.year} 年度`],
    ['范围', unit?.name ?? '全统筹区'],
    ['证件号码', f.fullIds ? `完整号码（原因：${f.reason!.trim()}）` : '已脱敏'],
    ['导出账号', ctx.scope.username],
    ['导出时间', at],
  ].map(([item, value]) => ({ sheet: '导出说明', item: item!, value: value! }));
  async function* pages() {
    yield* kind === 'insured' ? insuredPages(ctx, f) : kind === 'exempt' ? exemptPages(ctx, f) : inflowPages(ctx, f);
    yield notes;
  }
  const first = kind === 'insured' ? '参保人员花名册' : kind === 'exempt' ? '减免人员' : '户籍迁入人员';
  const { stream, done } = streamXlsx<Line>({
    sheetName: first,
    columns: kind === 'insured' ? INSURED : kind === 'exempt' ? EXEMPT : INFLOW,
    sheetColumns: { 按类别合计: BY_CATEGORY, 导出说明: NOTES },
    pages: pages(),
    sheetOf: (r) => r.sheet,
    keepFirstSheet: true,
  });
  const today = shanghaiToday(ctx.now);
  return {
    fileName: `${name}_${f.year}_${unit?.name ?? '全统筹区'}_${today}.xlsx`,
    asciiFileName: `${kind}_roster_${f.year}_${today}.xlsx`,
    stream,
    done: done.then((r) =>
      audit(ctx, {
        action: 'roster.exported',
        entityType: 'declaration',
        unitId,
        after: { kind, filter: exportFilter({ year: f.year, unitId: unitId ?? undefined }), fullIds: f.fullIds, reason: f.fullIds ? f.reason!.trim() : undefined, ...r },
      }),
    ),
  };
}

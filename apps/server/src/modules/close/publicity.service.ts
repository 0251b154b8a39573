import { PUBLICITY_KIND_NAMES, PUBLICITY_MAX_ROWS, gradeName, maskIdNumber, maskName, type TPublicity, type TPublicityKind, type TPublicityQuery } from '@canbao/domain';
import { addDays } from '@canbao/domain';
import { currentCampaignYear } from '../declarations/declarations.service';
import { sql } from 'kysely';
import type { ServiceContext } from '../../context';
import { AppError, AppErrorCode } from '../../errors';
import { shanghaiClock, shanghaiToday } from '../../time';
import { exportFilter, streamXlsx, type ExportColumn, type XlsxExport } from '../../xlsx-export';
import { audit } from '../audit/audit.service';
import { uninsuredBase } from '../chase/chase.service';
import { closeRules } from './unpaid-lists.service';

/**
 * 公示 (Nantong 004 八.4): the paid of a unit or community, shown in the community for a period; and the unpaid once
 * they were told of the transition period and signed. Names as 张*明, ID numbers masked — a 公示 hangs on a wall. The
 * paid are those the ledger says paid for the year (the declaration's paid state, which only the ledger moves);
 * the order is grade, class, name so a class finds its own.
 */
export type PublicityFilter = { year: number; kind: TPublicityKind; unitId?: string | undefined; from: string; to: string; gradeCode?: string | undefined; className?: string | undefined };

type Line = { no: number; name: string; idNumberMasked: string; gradeName: string; className: string | null; on: string | null };

/** The query with its defaults: the current campaign year, the paid, from today for seven days. */
export async function publicityFilter(ctx: ServiceContext, q: TPublicityQuery): Promise<PublicityFilter> {
  const from = q.from ?? shanghaiToday(ctx.now);
  const to = q.to ?? addDays(from, 6);
  if (to < from) throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: '公示结束日期不能早于开始日期', details: [{ path: 'to', message: '公示结束日期不能早于开始日期' }] });
  return { year: q.year ?? (await currentCampaignYear(ctx)), kind: q.kind ?? 'paid', unitId: q.unitId, from, to, gradeCode: q.gradeCode, className: q.className };
}

function publicityUnit(ctx: ServiceContext, f: PublicityFilter): string {
  const unitId = ctx.scope.unitId ?? f.unitId;
  if (!unitId) throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: '公示按单位（社区）编制，请选择单位', details: [{ path: 'unitId', message: '请选择单位' }] });
  return unitId;
}

function rowsOf(ctx: ServiceContext, f: PublicityFilter, unitId: string) {
  const filter = { year: f.year, unitId, gradeCode: f.gradeCode, className: f.className };
  const base =
    f.kind === 'paid'
      ? uninsuredBase(ctx, filter, true).where(sql<boolean>`s.status = 'paid'`)
      : uninsuredBase(ctx, { ...filter, signedOff: true });
  return base
    .select(sql<Date | null>`(SELECT d.paid_at FROM declaration d WHERE d.region_code = ${ctx.scope.regionCode} AND d.id = s.declaration_id AND d.region_code = p.region_code)`.as('paid_at'))
    .orderBy('grade')
    .orderBy('p.class_name')
    .orderBy('p.name')
    .orderBy('p.id');
}

async function lines(ctx: ServiceContext, f: PublicityFilter, unitId: string): Promise<Line[]> {
  const rows = await rowsOf(ctx, f, unitId).limit(PUBLICITY_MAX_ROWS + 1).execute();
  if (rows.length > PUBLICITY_MAX_ROWS) {
    throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: `名单超过 ${PUBLICITY_MAX_ROWS} 人，请按年级或班级分批公示` });
  }
  return rows.map((r, i) => ({
    no: i + 1,
    name: maskName(r.name),
    idNumberMasked: maskIdNumber(r.document_number),
    gradeName: gradeName(r.grade),
    className: r.class_name,
    on: f.kind === 'paid' ? (r.paid_at ? shanghaiToday(r.paid_at) : null) : r.sign_off_on,
  }));
}

async function header(ctx: ServiceContext, f: PublicityFilter, unitId: string) {
  const unit = await ctx.db.selectFrom('unit').select('name').where('id', '=', unitId).where('region_code', '=', ctx.scope.regionCode).executeTakeFirst();
  if (!unit) throw new AppError(AppErrorCode.NOT_FOUND, { message: '单位不存在' });
  return { unitName: unit.name, title: `${unit.name} ${f.year} 年度城乡居民医疗保险${PUBLICITY_KIND_NAMES[f.kind]}` };
}

export async function publicity(ctx: ServiceContext, f: PublicityFilter): Promise<TPublicity> {
  const unitId = publicityUnit(ctx, f);
  const [head, rows, rules, notTold] = await Promise.all([
    header(ctx, f, unitId),
    lines(ctx, f, unitId),
    closeRules(ctx, f.year),
    f.kind === 'unpaid'
      ? ctx.db
          .selectFrom(uninsuredBase(ctx, { year: f.year, unitId, gradeCode: f.gradeCode, className: f.className, signedOff: false }).as('x'))
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow()
      : { n: 0 },
  ]);
  return {
    kind: f.kind,
    ...head,
    year: f.year,
    from: f.from,
    to: f.to,
    rows,
    total: rows.length,
    notToldYet: notTold.n,
    transitionNotice: f.kind === 'unpaid' ? rules.transitionNotice : null,
    generatedAt: ctx.now.toISOString(),
  };
}

const COLUMNS = (kind: TPublicityKind): ExportColumn<Line>[] => [
  { header: '序号', width: 8, value: (r) => r.no },
  { header: '姓名', width: 12, value: (r) => r.name },
  { header: '证件号码', width: 22, value: (r) => r.idNumberMasked },
  { header: '年级', width: 12, value: (r) => r.gradeName },
  { header: '班级', width: 10, value: (r) => r.className },
  { header: kind === 'paid' ? '缴费日期' : '告知日期', width: 14, value: (r) => r.on },
];

/** The 公示 as xlsx: the title, the period and the rows; audited with its filter and the number of rows. */
export async function exportPublicity(ctx: ServiceContext, f: PublicityFilter): Promise<XlsxExport> {
  const unitId = publicityUnit(ctx, f);
  const [head, rows] = await Promise.all([header(ctx, f, unitId), lines(ctx, f, unitId)]);
  async function* pages() {
    yield rows;
  }
  const { stream, done } = streamXlsx<Line>({
    sheetName: PUBLICITY_KIND_NAMES[f.kind],
    title: [head.title, `公示期：${f.from} 至 ${f.to}；共 ${rows.length} 人；编制时间：${shanghaiToday(ctx.now)} ${shanghaiClock(ctx.now)}`],
    columns: COLUMNS(f.kind),
    pages: pages(),
  });
  const today = shanghaiToday(ctx.now);
  return {
    fileName: `${PUBLICITY_KIND_NAMES[f.kind]}_${f.year}_${head.unitName}_${today}.xlsx`,
    asciiFileName: `publicity_${f.kind}_${f.year}_${today}.xlsx`,
    stream,
    done: done.then((r) =>
      audit(ctx, { action: 'publicity.exported', entityType: 'declaration', unitId, after: { kind: f.kind, from: f.from, to: f.to, filter: exportFilter({ year: f.year, unitId, gradeCode: f.gradeCode, className: f.className }), ...r } }),
    ),
  };
}

import {
  UNINSURED_REASONS,
  uninsuredReasonOptions,
  type TPolicyProfile,
  type TUninsuredReasonOption,
  CLASS_SHEET_STAGE_NAMES,
  gradeName,
  maskIdNumber,
  maskPhone,
  type TUninsuredItem,
  type TUninsuredPage,
  type TUninsuredReason,
  type TUninsuredReasonInput,
  type TClassSheet,
  type TClassSheetRow,
  type TClassSheetStage,
  type TClassSheets,
  type TReminderInput,
  type TReminders,
  SIGN_OFF_METHODS,
  type TSignOffMethod,
} from '@canbao/domain';
import { sql, type Expression, type SqlBool } from 'kysely';
import type { ServiceContext } from '../../context';
import { AppError, AppErrorCode } from '../../errors';
import { daysBetweenDates, shanghaiToday } from '../../time';
import { containsPattern, personNameContains } from '../../db/like';
import { exportFilter, streamXlsx, type ExportColumn, type XlsxExport } from '../../xlsx-export';
import { audit, auditMany } from '../audit/audit.service';
import { findRegionProfiles } from '../declarations/declarations.repository';
import { campaignProfile, pathsElsewhere } from '../declarations/declarations.service';
import { presentNotice } from '../payments/settlements.service';

/**
 * The chase (应保尽保, issue 14): everyone a unit is responsible for — the active persons it holds — who is not covered
 * for a year: not declared (or their declaration removed), or declared and not yet paid. This school year's grade
 * (promotion every 1 September from the entry year, `canbao_grade_for`); the graduating class of the school year
 * that ended and the persons on a leaver list are left out unless asked. The declaration's stage comes from
 * `canbao_roster_stages`, which sees the declaration whoever made it: a pupil the previous school declared and paid
 * is covered, not chased by the new one.
 */
export type UninsuredFilter = {
  year: number;
  unitId?: string | undefined;
  gradeCode?: string | undefined;
  className?: string | undefined;
  /** A community's residents by their hukou street (9-digit code), instead of grade and class. */
  streetCode?: string | undefined;
  /** A name, a full ID number or a part of the address (the person's hukou address or the household's). */
  q?: string | undefined;
  stage?: 'undeclared' | 'unpaid' | undefined;
  includeGraduating?: boolean;
  /** Only those whose family signed that they were told (true), or not yet (false). */
  signedOff?: boolean | undefined;
};

type Row = {
  person_id: string;
  name: string;
  document_number: string;
  unit_id: string;
  unit_name: string;
  grade: string | null;
  class_name: string | null;
  street_code: string | null;
  street_name: string | null;
  address: string | null;
  stage: TClassSheetStage;
  graduated: boolean;
  leaving_reason: string | null;
  not_enrolled_reason: string | null;
  updated_at: Date;
  notice_sent_at: Date | null;
  notice_reminded_at: Date | null;
  reminder_count: number | null;
  guardian_name: string | null;
  guardian_relation: string | null;
  guardian_phone: string | null;
  phone: string | null;
  reason_code: string | null;
  reason_note: string | null;
  reason_at: Date | null;
  sign_off_on: string | null;
  sign_off_method: TSignOffMethod | null;
  sign_off_by: string | null;
  sign_off_scan: boolean | null;
};

/** The unit whose roster is read: a unit's own, or the one the agency chose (null: the whole region). */
function rosterUnit(ctx: ServiceContext, f: UninsuredFilter): string | null {
  return ctx.scope.unitId ?? f.unitId ?? null;
}

/** The roster's persons not covered for the year; with `coveredToo` every one of them (the class sheet). */
export function uninsuredBase(ctx: ServiceContext, f: UninsuredFilter, coveredToo = false) {
  const unitId = rosterUnit(ctx, f);
  const grade = sql<string | null>`canbao_grade_for(p.grade_code, p.entry_year, p.expected_graduation_year, ${f.year}::int)`;
  const graduated = sql<boolean>`canbao_graduated(p.grade_code, p.entry_year, p.expected_graduation_year, ${f.year}::int)`;
  const stage = sql<TClassSheetStage>`CASE WHEN s.status IS NULL OR s.status = 'removed' THEN 'undeclared' ELSE s.status END`;
  return ctx.db
    .selectFrom('person as p')
    .innerJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'p.region_code').onRef('u.id', '=', 'p.unit_id'))
    .leftJoin(
      sql<{ person_id: string; declaration_id: string; status: string; notice_sent_at: Date | null }>`canbao_roster_stages(${ctx.scope.regionCode}, ${unitId}::uuid, ${f.year}::int)`.as('s'),
      (j) => j.onRef('s.person_id', '=', 'p.id'),
    )
    .leftJoin('payment_notice as n', (j) => j.onRef('n.region_code', '=', 'p.region_code').onRef('n.declaration_id', '=', 's.declaration_id').on('n.cancelled', '=', false))
    .leftJoin('uninsured_reason as r', (j) => j.onRef('r.person_id', '=', 'p.id').on('r.insurance_year', '=', f.year).onRef('r.region_code', '=', 'p.region_code'))
    .leftJoin('unpaid_sign_off as so', (j) => j.onRef('so.person_id', '=', 'p.id').on('so.insurance_year', '=', f.year).onRef('so.region_code', '=', 'p.region_code'))
    .leftJoin('household_member as hm', (j) => j.onRef('hm.region_code', '=', 'p.region_code').onRef('hm.person_id', '=', 'p.id'))
    .leftJoin('household as h', (j) => j.onRef('h.region_code', '=', 'hm.region_code').onRef('h.id', '=', 'hm.household_id'))
    .leftJoin('division as sd', 'sd.code', 'p.hukou_street_code')
    .where('p.region_code', '=', ctx.scope.regionCode)
    .where('p.status', '=', 'active')
    .where('p.unit_id', 'is not', null)
    .$if(unitId !== null, (q) => q.where('p.unit_id', '=', unitId!))
    .$if(!coveredToo, (q) => q.where((eb) => eb.or([eb('s.status', 'is', null), eb('s.status', '!=', 'paid')])))
    .$if(!f.includeGraduating, (q) => q.where(sql<SqlBool>`NOT ${graduated}`).where('p.leaving_reason', 'is', null))
    .$if(!!f.gradeCode, (q) => q.where(sql<SqlBool>`${grade} = ${f.gradeCode!}`))
    .$if(!!f.className, (q) => q.where('p.class_name', '=', f.className!))
    .$if(!!f.streetCode, (q) => q.where('p.hukou_street_code', '=', f.streetCode!))
    .$if(!!f.q, (q) => {
      const text = f.q!.trim();
      const like = containsPattern(text);
      // Across the whole region: a part of the name (the name-grams index) or a full ID number; an address is
      // searched within a unit, where reading its persons is cheap.
      if (unitId === null) return q.where(personNameContains(ctx.scope.regionCode, 'p.id', text, true));
      return q.where((eb) =>
        eb.or([eb('p.name', 'like', like), eb('p.document_number', '=', text.toUpperCase()), eb('p.hukou_address', 'like', like), eb('h.hukou_address', 'like', like)]),
      );
    })
    .$if(f.signedOff === true, (q) => q.where('so.person_id', 'is not', null))
    .$if(f.signedOff === false, (q) => q.where('so.person_id', 'is', null))
    .select([
      'p.id as person_id',
      'p.name',
      'p.document_number',
      'p.unit_id as unit_id',
      'u.name as unit_name',
      grade.as('grade'),
      'p.class_name',
      'p.hukou_street_code as street_code',
      'sd.name as street_name',
      sql<string | null>`coalesce(p.hukou_address, h.hukou_address)`.as('address'),
      stage.as('stage'),
      graduated.as('graduated'),
      'p.leaving_reason',
      'p.not_enrolled_reason',
      'p.updated_at',
      's.notice_sent_at',
      'n.reminded_at as notice_reminded_at',
      'n.reminder_count',
      'p.guardian_name',
      'p.guardian_relation',
      'p.guardian_phone',
      'p.phone',
      'r.code as reason_code',
      'r.note as reason_note',
      'r.recorded_at as reason_at',
      'so.told_on as sign_off_on',
      'so.method as sign_off_method',
      'so.signed_by as sign_off_by',
      sql<boolean | null>`so.scan_mime IS NOT NULL`.as('sign_off_scan'),
    ]);
}

function stageFilter(stage: UninsuredFilter['stage']): Expression<SqlBool> | null {
  if (stage === 'undeclared') return sql<SqlBool>`(s.status IS NULL OR s.status = 'removed')`;
  if (stage === 'unpaid') return sql<SqlBool>`s.status IN ('declared', 'confirmed', 'settled')`;
  return null;
}

/**
 * The reasons of the region for a year: the built-in list and the profile's own (`uninsuredReasons`); a year without
 * a profile has the built-in list.
 */
export async function reasonOptions(ctx: Pick<ServiceContext, 'db' | 'scope'>, year: number): Promise<TUninsuredReasonOption[]> {
  const row = (await findRegionProfiles(ctx.db, ctx.scope.regionCode)).find((r) => r.insurance_year === year && !(r.body as TPolicyProfile).template);
  return uninsuredReasonOptions(row ? (row.body as TPolicyProfile).uninsuredReasons : undefined);
}

/** How rows are shown: today (the days since a notice) and the reasons' names of the year. */
type Presenting = { today: string; reasonNames: ReadonlyMap<string, string>; elsewhere?: ReadonlyMap<string, { name: string; reason: string }> };

async function presenting(ctx: ServiceContext, year: number): Promise<Presenting> {
  const options = await reasonOptions(ctx, year);
  return { today: shanghaiToday(ctx.now), reasonNames: new Map(options.map((o) => [o.code, o.name])) };
}

/** A reason's Chinese name; a code the region has since dropped from its list still reads as 其他. */
function reasonText(code: string, names: ReadonlyMap<string, string>): string {
  return names.get(code) ?? UNINSURED_REASONS.other;
}

function presentReason(r: Pick<Row, 'reason_code' | 'reason_note' | 'reason_at' | 'not_enrolled_reason' | 'updated_at'>, names: ReadonlyMap<string, string>): TUninsuredReason | null {
  if (r.reason_code) return { code: r.reason_code, text: reasonText(r.reason_code, names), note: r.reason_note, recordedAt: r.reason_at!.toISOString() };
  // A pupil registered on the unit's 未参保学生 list (Nanchong 001) carries the reason given at registration.
  if (r.not_enrolled_reason) return { code: 'other', text: UNINSURED_REASONS.other, note: r.not_enrolled_reason, recordedAt: r.updated_at.toISOString() };
  return null;
}

/** Whom to phone: the guardian, or the person without one; the number masked. */
function contactOf(r: Pick<Row, 'guardian_name' | 'guardian_relation' | 'guardian_phone' | 'phone' | 'name'>) {
  if (r.guardian_phone || r.guardian_name) {
    return { contactName: r.guardian_name, contactRelation: r.guardian_relation, contactPhoneMasked: r.guardian_phone ? maskPhone(r.guardian_phone) : null };
  }
  return { contactName: r.phone ? r.name : null, contactRelation: r.phone ? '本人' : null, contactPhoneMasked: r.phone ? maskPhone(r.phone) : null };
}

/** Adds to `shown` the persons of these rows not yet declared whose path is another kind of unit. */
async function withPaths(ctx: ServiceContext, year: number, rows: Row[], shown: Presenting): Promise<Presenting> {
  const undeclared = rows.filter((r) => r.stage === 'undeclared').map((r) => r.person_id);
  return { ...shown, elsewhere: await pathsElsewhere(ctx, year, undeclared) };
}

function presentRow(r: Row, { today, reasonNames, elsewhere }: Presenting): TClassSheetRow {
  const sentOn = r.notice_sent_at ? shanghaiToday(r.notice_sent_at) : null;
  const path = r.stage === 'undeclared' ? (elsewhere?.get(r.person_id) ?? null) : null;
  const recorded = r.stage === 'paid' ? null : presentReason(r, reasonNames);
  return {
    personId: r.person_id,
    name: r.name,
    idNumberMasked: maskIdNumber(r.document_number),
    unitId: r.unit_id,
    unitName: r.unit_name,
    gradeCode: r.grade,
    gradeName: gradeName(r.grade),
    className: r.class_name,
    streetName: r.street_name,
    address: r.address,
    stage: r.stage,
    stageName: CLASS_SHEET_STAGE_NAMES[r.stage],
    // A covered person has no reason, whatever was recorded before the money came; one the profile sends through
    // another unit (随家庭参保 at the village committee …) has that reason until the unit records its own.
    reason: recorded ?? (path ? { code: 'with_family', text: UNINSURED_REASONS.with_family, note: `按政策由“${path.name}”办理`, recordedAt: r.updated_at.toISOString() } : null),
    enrollsThrough: path?.name ?? null,
    noticeSentAt: r.stage === 'settled' && r.notice_sent_at ? r.notice_sent_at.toISOString() : null,
    daysSinceNotice: r.stage === 'settled' && sentOn ? daysBetweenDates(sentOn, today) : null,
    noticeRemindedAt: r.stage === 'settled' && r.notice_reminded_at ? r.notice_reminded_at.toISOString() : null,
    reminderCount: r.stage === 'settled' ? (r.reminder_count ?? 0) : 0,
    ...contactOf(r),
    graduating: r.graduated,
    leaving: r.leaving_reason !== null,
    // A covered person is not chased: a sign-off recorded before the money came is not shown.
    signOff:
      r.stage !== 'paid' && r.sign_off_on
        ? { toldOn: r.sign_off_on, methodName: SIGN_OFF_METHODS[r.sign_off_method!], signedBy: r.sign_off_by!, hasScan: r.sign_off_scan === true }
        : null,
  };
}

/**
 * One page of the list with the counts by stage, in one pass over the roster: the counts are window aggregates over
 * every uninsured person of the filter, computed before the page's stage filter, order and limit (the stage comes
 * from `canbao_roster_stages`, a set the planner reads whole; two statements read it twice). A page past the end
 * carries no row to read them from: then they are counted on their own.
 */
export async function findUninsured(ctx: ServiceContext, f: UninsuredFilter & { page: number; pageSize: number }): Promise<TUninsuredPage> {
  const undeclared = sql<SqlBool>`(s.status IS NULL OR s.status = 'removed')`;
  const counted = uninsuredBase(ctx, f).select([
    sql<number>`(count(*) FILTER (WHERE ${undeclared}) OVER ())::int`.as('n_undeclared'),
    sql<number>`(count(*) FILTER (WHERE NOT ${undeclared}) OVER ())::int`.as('n_unpaid'),
  ]);
  const [page, shown] = await Promise.all([
    ctx.db
      .selectFrom(counted.as('x'))
      .selectAll()
      .$if(f.stage === 'undeclared', (q) => q.where('x.stage', '=', 'undeclared'))
      .$if(f.stage === 'unpaid', (q) => q.where('x.stage', '!=', 'undeclared'))
      .orderBy('x.unit_name')
      .orderBy('x.grade')
      .orderBy('x.class_name')
      .orderBy('x.street_name')
      .orderBy('x.address')
      .orderBy('x.name')
      .orderBy('x.person_id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    presenting(ctx, f.year),
  ]);
  const first = page[0];
  const counts = first
    ? { undeclared: first.n_undeclared, unpaid: first.n_unpaid }
    : await ctx.db
        .selectFrom(uninsuredBase(ctx, f).as('x'))
        .select([
          sql<number>`count(*) FILTER (WHERE x.stage = 'undeclared')::int`.as('undeclared'),
          sql<number>`count(*) FILTER (WHERE x.stage <> 'undeclared')::int`.as('unpaid'),
        ])
        .executeTakeFirstOrThrow();
  const rows = page as unknown as Row[];
  const total = f.stage === 'undeclared' ? counts.undeclared : f.stage === 'unpaid' ? counts.unpaid : counts.undeclared + counts.unpaid;
  const withPath = await withPaths(ctx, f.year, rows, shown);
  return { items: rows.map((r) => presentRow(r, withPath) as TUninsuredItem), total, page: f.page, pageSize: f.pageSize, counts };
}

/** One page of the list in its order — unit, this year's grade, class, name — for the page and the export alike. */
async function listPage(ctx: ServiceContext, f: UninsuredFilter, limit: number, offset: number): Promise<Row[]> {
  const only = stageFilter(f.stage);
  return (await uninsuredBase(ctx, f)
    .$if(only !== null, (q) => q.where(only!))
    .orderBy('u.name')
    .orderBy('grade')
    .orderBy('p.class_name')
    .orderBy('street_name')
    .orderBy('address')
    .orderBy('p.name')
    .orderBy('p.id')
    .limit(limit)
    .offset(offset)
    .execute()) as Row[];
}

const EXPORT_COLUMNS: ExportColumn<TUninsuredItem>[] = [
  { header: '单位', width: 26, value: (r) => r.unitName },
  { header: '年级', width: 12, value: (r) => r.gradeName },
  { header: '班级', width: 10, value: (r) => r.className },
  { header: '街道', width: 14, value: (r) => r.streetName },
  { header: '住址', width: 30, value: (r) => r.address },
  { header: '姓名', width: 12, value: (r) => r.name },
  { header: '证件号码', width: 22, value: (r) => r.idNumberMasked },
  { header: '参保情况', width: 10, value: (r) => r.stageName },
  { header: '未参保原因', width: 14, value: (r) => r.reason?.text ?? '' },
  { header: '原因说明', width: 30, value: (r) => r.reason?.note ?? '' },
  { header: '缴费通知发出天数', width: 16, value: (r) => r.daysSinceNotice },
  { header: '告知签收', width: 12, value: (r) => (r.signOff ? `${r.signOff.toldOn} ${r.signOff.methodName}` : '未告知') },
  { header: '签字人', width: 10, value: (r) => r.signOff?.signedBy ?? '' },
  { header: '备注', width: 16, value: (r) => (r.graduating ? '毕业班' : r.leaving ? '离校名单' : '') },
];

async function* pagesOfUninsured(ctx: ServiceContext, f: UninsuredFilter, pageSize = 2000) {
  const shown = await presenting(ctx, f.year);
  for (let page = 0; ; page++) {
    const rows = await listPage(ctx, f, pageSize, page * pageSize);
    if (rows.length) {
      const withPath = await withPaths(ctx, f.year, rows, shown);
      yield rows.map((r) => presentRow(r, withPath) as TUninsuredItem);
    }
    if (rows.length < pageSize) return;
  }
}

/** A school's pupils by grade and class; a community's residents (no grade, no class) by street. */
function sheetGroup(r: Pick<TUninsuredItem, 'gradeCode' | 'gradeName' | 'className' | 'streetName'>): string {
  if (r.gradeCode || r.className) return `${r.gradeName || '未分年级'}${r.className ?? ''}`;
  return r.streetName ?? '未填街道';
}

/** The list as xlsx, one sheet per class (Suzhou 000 四.6: handed to each class teacher); ID numbers masked; audited. */
export function exportUninsured(ctx: ServiceContext, f: UninsuredFilter): XlsxExport {
  const perUnit = rosterUnit(ctx, f) !== null;
  const { stream, done } = streamXlsx({
    sheetName: '未参保人员',
    columns: EXPORT_COLUMNS,
    pages: pagesOfUninsured(ctx, f),
    sheetOf: (r) => `${perUnit ? '' : `${r.unitName} `}${sheetGroup(r)}`,
  });
  const today = shanghaiToday(ctx.now);
  return {
    fileName: `未参保人员_${f.year}_${today}.xlsx`,
    asciiFileName: `uninsured_${f.year}_${today}.xlsx`,
    stream,
    done: done.then((r) => audit(ctx, { action: 'uninsured.exported', entityType: 'uninsured_reason', after: { filter: exportFilter(f), ...r } })),
  };
}

/**
 * 未参保原因 for a person and year: one per person and year, recorded again it is replaced. Only for a person the
 * caller holds (a unit) or of the region (the agency), active, and not covered that year. Not refused in a closed
 * year: the reasons are the follow-up the notices ask for after the windows (Suzhou 000 四.6's sheet).
 */
export async function recordUninsuredReason(ctx: ServiceContext, personId: string, input: TUninsuredReasonInput): Promise<TUninsuredReason> {
  const person = await ctx.db
    .selectFrom('person')
    .select(['id', 'name', 'status', 'unit_id'])
    .where('id', '=', personId)
    .where('region_code', '=', ctx.scope.regionCode)
    .$if(ctx.scope.unitId !== null, (q) => q.where('unit_id', '=', ctx.scope.unitId))
    .executeTakeFirst();
  if (!person) throw new AppError(AppErrorCode.NOT_FOUND, { message: '人员不存在' });
  if (person.status !== 'active' || !person.unit_id) throw new AppError(AppErrorCode.CONFLICT, { message: `${person.name} 已减员，不需登记未参保原因` });
  const options = await reasonOptions(ctx, input.year);
  const option = options.find((o) => o.code === input.code);
  if (!option) {
    throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: '未参保原因不在本统筹区的原因列表中', details: [{ path: 'code', message: '请从列表中选择原因' }] });
  }
  if (option.needsNote && !input.note?.trim()) {
    throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: `选择“${option.name}”时请填写说明`, details: [{ path: 'note', message: `选择“${option.name}”时请填写说明` }] });
  }
  const stage = await sql<{ status: string }>`SELECT status FROM canbao_roster_stages(${ctx.scope.regionCode}, ${person.unit_id}::uuid, ${input.year}::int) WHERE person_id = ${personId}::uuid`.execute(ctx.db);
  if (stage.rows[0]?.status === 'paid') throw new AppError(AppErrorCode.CONFLICT, { message: `${person.name} 的 ${input.year} 年度已缴费，没有未参保原因` });
  const before = await ctx.db
    .selectFrom('uninsured_reason')
    .select(['code', 'note'])
    .where('region_code', '=', ctx.scope.regionCode)
    .where('insurance_year', '=', input.year)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  const note = input.note?.trim() || null;
  const row = await ctx.db
    .insertInto('uninsured_reason')
    .values({ region_code: ctx.scope.regionCode, insurance_year: input.year, person_id: personId, unit_id: ctx.scope.unitId, code: input.code, note, recorded_by: ctx.scope.username, recorded_at: ctx.now })
    .onConflict((oc) => oc.columns(['region_code', 'insurance_year', 'person_id']).doUpdateSet({ code: input.code, note, unit_id: ctx.scope.unitId, recorded_by: ctx.scope.username, recorded_at: ctx.now }))
    .returning(['code', 'note', 'recorded_at'])
    .executeTakeFirstOrThrow();
  await audit(ctx, {
    action: 'uninsured_reason.recorded',
    entityType: 'uninsured_reason',
    entityId: personId,
    unitId: person.unit_id,
    before: before ? { code: before.code, note: before.note } : null,
    after: { year: input.year, code: input.code, note },
  });
  return { code: row.code, text: option.name, note: row.note, recordedAt: row.recorded_at.toISOString() };
}

// ── 参保情况表: every pupil of a class, insured or not ─────────────────────────────────────────────────────────

type SheetFilter = Omit<UninsuredFilter, 'stage'>;

function sheetUnit(ctx: ServiceContext, f: SheetFilter): string {
  const unitId = rosterUnit(ctx, f);
  if (!unitId) throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: '请选择单位', details: [{ path: 'unitId', message: '请选择单位' }] });
  return unitId;
}

async function sheetRows(ctx: ServiceContext, f: SheetFilter): Promise<TClassSheetRow[]> {
  const unitId = sheetUnit(ctx, f);
  const rows = (await uninsuredBase(ctx, { ...f, unitId }, true)
    .orderBy('grade')
    .orderBy('p.class_name')
    .orderBy('p.name')
    .orderBy('p.id')
    .limit(20_000)
    .execute()) as Row[];
  const shown = await withPaths(ctx, f.year, rows, await presenting(ctx, f.year));
  return rows.map((r) => presentRow(r, shown));
}

/** The class sheets of a unit (one class, a grade, or every class): each pupil with the stage and the reason. */
export async function classSheets(ctx: ServiceContext, f: SheetFilter): Promise<TClassSheets> {
  const classes: TClassSheet[] = [];
  for (const row of await sheetRows(ctx, f)) {
    let sheet = classes[classes.length - 1];
    if (!sheet || sheet.gradeCode !== row.gradeCode || sheet.className !== row.className) {
      sheet = { unitId: row.unitId, unitName: row.unitName, gradeCode: row.gradeCode, gradeName: row.gradeName, className: row.className, rows: [], counts: { total: 0, paid: 0, uninsured: 0 } };
      classes.push(sheet);
    }
    sheet.rows.push(row);
    sheet.counts.total++;
    if (row.stage === 'paid') sheet.counts.paid++;
    else sheet.counts.uninsured++;
  }
  return { year: f.year, classes };
}

const SHEET_COLUMNS: ExportColumn<TClassSheetRow>[] = [
  { header: '年级', width: 12, value: (r) => r.gradeName },
  { header: '班级', width: 10, value: (r) => r.className },
  { header: '姓名', width: 12, value: (r) => r.name },
  { header: '证件号码', width: 22, value: (r) => r.idNumberMasked },
  { header: '参保情况', width: 12, value: (r) => r.stageName },
  { header: '未参保原因', width: 14, value: (r) => r.reason?.text ?? '' },
  { header: '原因说明', width: 30, value: (r) => r.reason?.note ?? '' },
];

/** 《____年度____年级____班学生医保参保情况表》 as xlsx, one sheet per class; masked; audited. */
export function exportClassSheets(ctx: ServiceContext, f: SheetFilter): XlsxExport {
  // Refused before the file starts: once streaming, the answer's status is sent.
  sheetUnit(ctx, f);
  async function* pages() {
    yield await sheetRows(ctx, f);
  }
  const { stream, done } = streamXlsx({
    sheetName: '参保情况表',
    columns: SHEET_COLUMNS,
    pages: pages(),
    sheetOf: (r) => `${r.gradeName || '未分年级'}${r.className ?? ''}`,
  });
  const today = shanghaiToday(ctx.now);
  return {
    fileName: `学生医保参保情况表_${f.year}_${today}.xlsx`,
    asciiFileName: `class_sheets_${f.year}_${today}.xlsx`,
    stream,
    done: done.then((r) => audit(ctx, { action: 'class_sheet.exported', entityType: 'uninsured_reason', after: { filter: exportFilter(f), ...r } })),
  };
}

// ── 补打缴费通知 (催缴): the open notices of the unpaid, each re-print a dated reminder ─────────────────────────

/**
 * The open notices of a unit's pupils waiting for the money (待缴费) — a class, a grade or the whole unit — for
 * printing again; each is marked reminded (date and count) and audited. The notice itself is unchanged: the same QR
 * code and amount, so a family holding either copy pays once.
 */
export async function remindUnpaid(ctx: ServiceContext, input: TReminderInput): Promise<TReminders> {
  const f: SheetFilter = { year: input.year, unitId: input.unitId, gradeCode: input.gradeCode, className: input.className };
  const unitId = sheetUnit(ctx, f);
  const unit = await ctx.db.selectFrom('unit').select('name').where('id', '=', unitId).where('region_code', '=', ctx.scope.regionCode).executeTakeFirst();
  if (!unit) throw new AppError(AppErrorCode.NOT_FOUND, { message: '单位不存在' });
  const { profile } = await campaignProfile(ctx, input.year);
  const waiting = uninsuredBase(ctx, { ...f, unitId })
    .where('s.status', '=', 'settled')
    .clearSelect()
    .select('s.declaration_id');
  const rows = await ctx.db
    .selectFrom('payment_notice as n')
    .innerJoin('declaration as d', (j) => j.onRef('d.region_code', '=', 'n.region_code').onRef('d.id', '=', 'n.declaration_id'))
    .innerJoin('person as p', (j) => j.onRef('p.region_code', '=', 'd.region_code').onRef('p.id', '=', 'd.person_id'))
    .innerJoin('settlement as st', (j) => j.onRef('st.region_code', '=', 'n.region_code').onRef('st.id', '=', 'n.settlement_id'))
    .select([
      'n.id',
      'n.token',
      'n.amount_fen',
      'n.status',
      'n.paid_at',
      'n.created_at',
      'n.unit_id',
      'st.number as settlement_number',
      'p.name',
      'p.document_number',
      // This school year's grade, as the list and the class filter read it.
      sql<string | null>`canbao_grade_for(p.grade_code, p.entry_year, p.expected_graduation_year, ${input.year}::int)`.as('grade_code'),
      'p.class_name',
      'd.category_name',
      'd.total_fen',
      'd.subsidy_fen',
      'd.subsidy_name',
      'd.benefit_start',
      'd.benefit_end',
    ])
    .where('n.status', '=', 'open')
    .where('n.region_code', '=', ctx.scope.regionCode)
    .where('n.declaration_id', 'in', waiting)
    .orderBy('p.class_name')
    .orderBy('p.name')
    .orderBy('n.id')
    .limit(5_000)
    .execute();
  const reminded = rows.length
    ? await ctx.db
        .updateTable('payment_notice')
        .set((eb) => ({ reminded_at: ctx.now, reminder_count: eb('reminder_count', '+', 1) }))
        .where('id', 'in', rows.map((r) => r.id))
        .returning(['id', 'reminder_count'])
        .execute()
    : [];
  const counts = new Map(reminded.map((r) => [r.id, r.reminder_count]));
  await auditMany(
    ctx,
    rows.map((r) => ({ action: 'notice.reminded', entityType: 'payment_notice', entityId: r.id, unitId: r.unit_id, after: { year: input.year, reminderCount: counts.get(r.id) ?? 0 } })),
  );
  return {
    year: input.year,
    unitName: unit.name,
    payBy: profile.declarationWindow.end,
    items: rows.map((r) => ({
      ...presentNotice(r),
      settlementNumber: r.settlement_number,
      sentAt: r.created_at.toISOString(),
      remindedAt: ctx.now.toISOString(),
      reminderCount: counts.get(r.id) ?? 0,
    })),
  };
}

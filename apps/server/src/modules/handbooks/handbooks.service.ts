import {
  DOCUMENT_TYPES,
  ELDERLY_FROM_AGE,
  HANDBOOK_PRIORITY_NAMES,
  ageOn,
  gradeName,
  maskIdNumber,
  type THandbookBatch,
  type THandbookItem,
  type THandbookPage,
  type THandbookPrintInput,
  type THandbookPriority,
  type TUrgentInput,
} from '@canbao/domain';
import { sql, type SqlBool } from 'kysely';
import type { ServiceContext } from '../../context';
import { AppError, AppErrorCode } from '../../errors';
import { shanghaiToday } from '../../time';
import { audit } from '../audit/audit.service';

/**
 * 就诊信息表 and 医疗保险手册 (Beijing 002 十三): the paid persons of a year — the ledger's paid, never a declaration
 * on its way — in the order the notice asks: the elderly first (60 and over on today), then those marked as needing
 * care urgently, then everyone else; within each, unit, grade, class, name. A batch is the next persons of that
 * order not printed yet (or the persons named, for a re-print); each print counts and is audited.
 */
export type HandbookFilter = { year: number; unitId?: string | undefined; pending?: boolean | undefined };

const PRIORITY_RANK: Record<THandbookPriority, number> = { elderly: 0, urgent: 1, normal: 2 };

function queue(ctx: ServiceContext, f: HandbookFilter) {
  const unitId = ctx.scope.unitId ?? f.unitId ?? null;
  const today = shanghaiToday(ctx.now);
  const elderly = sql<boolean>`(p.birth_date + make_interval(years => ${ELDERLY_FROM_AGE}::int) <= ${today}::date)`;
  const priority = sql<THandbookPriority>`CASE WHEN ${elderly} THEN 'elderly' WHEN coalesce(h.urgent, false) THEN 'urgent' ELSE 'normal' END`;
  const rank = sql<number>`CASE WHEN ${elderly} THEN 0 WHEN coalesce(h.urgent, false) THEN 1 ELSE 2 END`;
  return ctx.db
    .selectFrom('declaration as d')
    .innerJoin('person as p', (j) => j.onRef('p.region_code', '=', 'd.region_code').onRef('p.id', '=', 'd.person_id'))
    .innerJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'd.region_code').onRef('u.id', '=', 'd.unit_id'))
    .leftJoin('handbook as h', (j) => j.onRef('h.person_id', '=', 'd.person_id').onRef('h.region_code', '=', 'd.region_code').onRef('h.insurance_year', '=', 'd.insurance_year'))
    .where('d.region_code', '=', ctx.scope.regionCode)
    .where('d.insurance_year', '=', f.year)
    .where('d.status', '=', 'paid')
    .$if(unitId !== null, (q) => q.where('d.unit_id', '=', unitId!))
    .$if(f.pending === true, (q) => q.where(sql<SqlBool>`coalesce(h.printed_count, 0) = 0`))
    .$if(f.pending === false, (q) => q.where(sql<SqlBool>`coalesce(h.printed_count, 0) > 0`))
    .select([
      'd.id as declaration_id',
      'd.unit_id',
      'd.category_name',
      'd.benefit_start',
      'd.benefit_end',
      'd.paid_at',
      'p.id as person_id',
      'p.name',
      'p.gender',
      'p.birth_date',
      'p.document_type',
      'p.document_number',
      'p.grade_code',
      'p.class_name',
      'p.designated_institutions',
      'u.name as unit_name',
      'h.urgent_note',
      'h.last_printed_at',
      sql<number>`coalesce(h.printed_count, 0)`.as('printed_count'),
      priority.as('priority'),
      rank.as('rank'),
    ])
    .orderBy(sql`coalesce(h.printed_count, 0) > 0`)
    .orderBy('rank')
    .orderBy('u.name')
    .orderBy('p.grade_code')
    .orderBy('p.class_name')
    .orderBy('p.name')
    .orderBy('p.id');
}

type QueueRow = Awaited<ReturnType<ReturnType<typeof queue>['execute']>>[number];

function presentItem(r: QueueRow, today: string): THandbookItem {
  return {
    personId: r.person_id,
    name: r.name,
    idNumberMasked: maskIdNumber(r.document_number),
    unitName: r.unit_name,
    age: ageOn(r.birth_date, today),
    gradeName: gradeName(r.grade_code),
    className: r.class_name,
    priority: r.priority,
    priorityName: HANDBOOK_PRIORITY_NAMES[r.priority],
    urgentNote: r.priority === 'urgent' ? r.urgent_note : null,
    printedCount: r.printed_count,
    lastPrintedAt: r.last_printed_at ? r.last_printed_at.toISOString() : null,
  };
}

export async function findHandbooks(ctx: ServiceContext, f: HandbookFilter & { page: number; pageSize: number }): Promise<THandbookPage> {
  const today = shanghaiToday(ctx.now);
  const all = queue(ctx, { year: f.year, unitId: f.unitId });
  const [rows, counts] = await Promise.all([
    queue(ctx, f).limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    ctx.db
      .selectFrom(all.clearOrderBy().as('x'))
      .select([
        sql<number>`count(*)::int`.as('paid'),
        sql<number>`count(*) FILTER (WHERE x.printed_count = 0)::int`.as('pending'),
        sql<number>`count(*) FILTER (WHERE x.priority = 'elderly')::int`.as('elderly'),
        sql<number>`count(*) FILTER (WHERE x.priority = 'urgent')::int`.as('urgent'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  const total = f.pending === true ? counts.pending : f.pending === false ? counts.paid - counts.pending : counts.paid;
  return { year: f.year, items: rows.map((r) => presentItem(r, today)), total, page: f.page, pageSize: f.pageSize, counts };
}

/** Marks (or unmarks) a paid person as needing care urgently; audited. Only the ledger's paid can be marked. */
export async function markUrgent(ctx: ServiceContext, personId: string, input: TUrgentInput): Promise<THandbookItem> {
  const row = await queue(ctx, { year: input.year }).where('p.id', '=', personId).executeTakeFirst();
  if (!row) {
    const exists = await ctx.db
      .selectFrom('person')
      .select('name')
      .where('id', '=', personId)
      .where('region_code', '=', ctx.scope.regionCode)
      .$if(ctx.scope.unitId !== null, (q) => q.where('unit_id', '=', ctx.scope.unitId))
      .executeTakeFirst();
    if (!exists) throw new AppError(AppErrorCode.NOT_FOUND, { message: '人员不存在' });
    throw new AppError(AppErrorCode.CONFLICT, { message: `${exists.name} 的 ${input.year} 年度尚未缴费，缴费后才能打印就诊信息表和医疗保险手册` });
  }
  const values = { urgent: input.urgent, urgent_note: input.urgent ? input.note?.trim() || null : null, urgent_marked_by: ctx.scope.username, urgent_marked_at: ctx.now };
  await ctx.db
    .insertInto('handbook')
    .values({ region_code: ctx.scope.regionCode, insurance_year: input.year, person_id: personId, unit_id: row.unit_id, ...values })
    .onConflict((oc) => oc.columns(['region_code', 'insurance_year', 'person_id']).doUpdateSet(values))
    .execute();
  await audit(ctx, {
    action: 'handbook.urgent_marked',
    entityType: 'handbook',
    entityId: personId,
    unitId: row.unit_id,
    before: { urgent: row.priority === 'urgent' },
    after: { year: input.year, urgent: input.urgent, note: values.urgent_note },
  });
  const after = await queue(ctx, { year: input.year }).where('p.id', '=', personId).executeTakeFirstOrThrow();
  return presentItem(after, shanghaiToday(ctx.now));
}

const DEFAULT_BATCH = 50;

/** The next batch in the queue's order (or the persons named), printed now: counted, audited, full numbers on the page. */
export async function printHandbooks(ctx: ServiceContext, input: THandbookPrintInput): Promise<THandbookBatch> {
  const f = { year: input.year, unitId: input.unitId };
  const rows = input.personIds
    ? await queue(ctx, f).where('p.id', 'in', input.personIds).execute()
    : await queue(ctx, { ...f, pending: true }).limit(input.batchSize ?? DEFAULT_BATCH).execute();
  if (input.personIds && rows.length < new Set(input.personIds).size) {
    throw new AppError(AppErrorCode.CONFLICT, { message: '所选人员中有尚未缴费或不属于本单位的人员，不能打印' });
  }
  if (rows.length === 0) throw new AppError(AppErrorCode.CONFLICT, { message: '没有待打印的人员：当年已缴费的人员都已打印' });
  await ctx.db
    .insertInto('handbook')
    .values(rows.map((r) => ({ region_code: ctx.scope.regionCode, insurance_year: input.year, person_id: r.person_id, unit_id: r.unit_id, printed_count: 1, first_printed_at: ctx.now, last_printed_at: ctx.now, last_printed_by: ctx.scope.username })))
    .onConflict((oc) =>
      oc.columns(['region_code', 'insurance_year', 'person_id']).doUpdateSet({
        printed_count: sql`handbook.printed_count + 1`,
        first_printed_at: sql`coalesce(handbook.first_printed_at, excluded.first_printed_at)`,
        last_printed_at: sql`excluded.last_printed_at`,
        last_printed_by: sql`excluded.last_printed_by`,
      }),
    )
    .execute();
  const receipts = await ctx.db
    .selectFrom('receipt')
    .select(['declaration_id', 'number'])
    .where('region_code', '=', ctx.scope.regionCode)
    .where('declaration_id', 'in', rows.map((r) => r.declaration_id))
    .where('voided_at', 'is', null)
    .orderBy('issued_at')
    .execute();
  const receiptOf = new Map(receipts.map((r) => [r.declaration_id, r.number]));
  const [region, remaining] = await Promise.all([
    ctx.db.selectFrom('region').select('name').where('code', '=', ctx.scope.regionCode).executeTakeFirstOrThrow(),
    ctx.db.selectFrom(queue(ctx, { ...f, pending: true }).clearOrderBy().as('x')).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  await audit(ctx, {
    action: 'handbook.printed',
    entityType: 'handbook',
    unitId: ctx.scope.unitId ?? input.unitId ?? null,
    after: { year: input.year, persons: rows.length, reprint: !!input.personIds, personIds: rows.map((r) => r.person_id) },
  });
  const sorted = [...rows].sort((a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority]);
  return {
    year: input.year,
    regionName: region.name,
    printedAt: ctx.now.toISOString(),
    remaining: remaining.n,
    sheets: sorted.map((r) => ({
      personId: r.person_id,
      name: r.name,
      gender: r.gender === 'male' ? '男' : '女',
      birthDate: r.birth_date,
      documentTypeName: DOCUMENT_TYPES[r.document_type as keyof typeof DOCUMENT_TYPES] ?? r.document_type,
      documentNumber: r.document_number,
      unitName: r.unit_name,
      categoryName: r.category_name,
      benefitStart: r.benefit_start,
      benefitEnd: r.benefit_end,
      paidOn: r.paid_at ? shanghaiToday(r.paid_at) : null,
      receiptNumber: receiptOf.get(r.declaration_id) ?? null,
      designatedInstitutions: Array.isArray(r.designated_institutions) ? (r.designated_institutions as string[]) : [],
      priority: r.priority,
      priorityName: HANDBOOK_PRIORITY_NAMES[r.priority],
      printedCount: r.printed_count + 1,
    })),
  };
}

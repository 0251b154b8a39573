import {
  AUDIT_RESULT_NAMES,
  maskIdNumber,
  type TAuditFollowUpInput,
  type TAuditResultInput,
  type TAuditSample,
  type TAuditSampleItem,
  type TAuditSampleReport,
  type TAuditSampleSummary,
  type TCreateAuditSample,
} from '@canbao/domain';
import { createHash, randomBytes } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import { orderedId } from '../../db/row-ids';
import type { ServiceContext } from '../../context';
import { AppError, AppErrorCode } from '../../errors';
import { audit } from '../audit/audit.service';

/**
 * 抽查 (issue 15, item 5): a weighted random sample without replacement (Efraimidis–Spirakis: each declaration's key
 * is −ln(u) / weight, the smallest keys are drawn), where u comes from md5(seed:declaration id) — so the seed and the
 * population (the year's declarations of the units, not removed) give the same sample again, in SQL or in
 * TypeScript (`sampleKey`, tested to agree). Drawn in one statement; the result of an item and the unit's follow-up
 * are each written once (the table's trigger refuses a rewrite whoever tries).
 */

/** u in (0, 1) from the seed and a declaration id, as the draw computes it in SQL. */
export const SQL_UNIFORM = (seed: string, id: RawBuilder<unknown>) =>
  sql<number>`((('x' || substr(md5(${seed} || ':' || ${id}::text), 1, 13))::bit(52)::bigint)::float8 + 0.5) / 4503599627370496.0`;

/**
 * The draw's key of a declaration in TypeScript, the twin of the SQL (anyone holding the seed and the population
 * reproduces the sample with it): the smallest keys are drawn, ties by id.
 */
export function sampleKey(seed: string, declarationId: string, weight: number): number {
  const n = Number.parseInt(createHash('md5').update(`${seed}:${declarationId}`).digest('hex').slice(0, 13), 16);
  return -Math.log((n + 0.5) / 4503599627370496) / weight;
}

type Counts = TAuditSampleSummary['counts'];
const countsSql = sql<Counts>`json_build_object(
  'items', count(i.id)::int,
  'checked', count(i.result)::int,
  'complete', count(*) FILTER (WHERE i.result = 'complete')::int,
  'missing', count(*) FILTER (WHERE i.result = 'missing')::int,
  'wrong', count(*) FILTER (WHERE i.result = 'wrong')::int,
  'followedUp', count(i.follow_up)::int)`;

export async function createSample(ctx: ServiceContext, input: TCreateAuditSample): Promise<TAuditSample> {
  const unitIds = input.unitIds ? [...new Set(input.unitIds)] : null;
  if (unitIds) {
    const found = await ctx.db.selectFrom('unit').select('id').where('region_code', '=', ctx.scope.regionCode).where('id', 'in', unitIds).execute();
    if (found.length !== unitIds.length) throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: '所选单位不在本统筹区', details: [{ path: 'unitIds', message: '所选单位不在本统筹区' }] });
  }
  const exemptWeight = input.weights?.exempt ?? 1;
  const inflowWeight = input.weights?.inflow ?? 1;
  const population = sql`
    SELECT d.id, d.person_id, d.unit_id, d.subsidy_fen > 0 AS exempt, pe.inflow_on IS NOT NULL AS inflow
    FROM declaration d JOIN person pe ON pe.region_code = d.region_code AND pe.id = d.person_id
    WHERE d.region_code = ${ctx.scope.regionCode} AND d.insurance_year = ${input.year}::int AND d.status <> 'removed' AND d.unit_id IS NOT NULL
      ${unitIds ? sql`AND d.unit_id = ANY(${unitIds}::uuid[])` : sql``}`;
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${population}) p`.execute(ctx.db)).rows[0]!.n;
  if (total === 0) throw new AppError(AppErrorCode.CONFLICT, { message: `${input.year} 年度${unitIds ? '所选单位' : '本统筹区'}还没有可抽查的申报` });
  const size = input.count !== undefined ? Math.min(input.count, total) : Math.max(1, Math.ceil(total * input.ratio! - 1e-9));
  const seed = randomBytes(16).toString('hex');
  const weights = JSON.stringify({
    ...(exemptWeight > 1 ? { exempt: exemptWeight } : {}),
    ...(inflowWeight > 1 ? { inflow: inflowWeight } : {}),
  });
  // The draw (a read of its own), the sample with the units its items belong to (`item_unit_ids`, what a unit's
  // policy reads instead of querying the items — issue 18), then its items: three plain statements instead of one
  // of data-modifying CTEs.
  const drawn = (
    await sql<{ id: string; person_id: string; unit_id: string; weighted: boolean }>`
      SELECT p.id, p.person_id, p.unit_id, (p.exempt AND ${exemptWeight}::float8 > 1) OR (p.inflow AND ${inflowWeight}::float8 > 1) AS weighted
      FROM (${population}) p
      ORDER BY -ln(${SQL_UNIFORM(seed, sql`p.id`)})
        / ((CASE WHEN p.exempt THEN ${exemptWeight}::float8 ELSE 1 END) * (CASE WHEN p.inflow THEN ${inflowWeight}::float8 ELSE 1 END)), p.id
      LIMIT ${size}::int`.execute(ctx.db)
  ).rows;
  // In uuid order (lower-case hex compares as the bytes do).
  const itemUnitIds = [...new Set(drawn.map((r) => r.unit_id))].sort();
  const sample = (
    await sql<{ id: string }>`
      INSERT INTO audit_sample (region_code, insurance_year, seed, ratio, sample_count, unit_ids, weights, population, note, drawn_by, drawn_at, item_unit_ids)
      VALUES (${ctx.scope.regionCode}, ${input.year}::int, ${seed}, ${input.ratio ?? null}::numeric, ${input.count ?? null}::int, ${unitIds}::uuid[],
              ${weights}::jsonb, ${total}::int, ${input.note?.trim() || null}::text, ${ctx.scope.username}, ${ctx.now}::timestamptz, ${itemUnitIds}::uuid[])
      RETURNING id`.execute(ctx.db)
  ).rows[0]!;
  // The items are the rows drawn, as read (not the population read again: a declaration removed meanwhile stays
  // in the sample it was drawn into), in rows of VALUES (1,000 a statement): on Citus an INSERT … SELECT from
  // arrays is copied into the shard through the coordinator, which row-level security refuses on the worker.
  const items = drawn.map((r) => ({
    id: orderedId(),
    region_code: ctx.scope.regionCode,
    sample_id: sample.id,
    declaration_id: r.id,
    person_id: r.person_id,
    unit_id: r.unit_id,
    weighted: r.weighted,
  }));
  for (let i = 0; i < items.length; i += 1000) await ctx.db.insertInto('audit_sample_item').values(items.slice(i, i + 1000)).execute();
  await audit(ctx, {
    action: 'audit_sample.drawn',
    entityType: 'audit_sample',
    entityId: sample.id,
    unitId: null,
    after: { year: input.year, ratio: input.ratio ?? null, count: input.count ?? null, units: unitIds?.length ?? null, weights: input.weights ?? null, population: total, drawn: size, seed },
  });
  return getSample(ctx, sample.id);
}

/** The samples of the scope (a unit: those that drew one of its declarations), newest first, with their counts. */
export async function listSamples(ctx: ServiceContext, year?: number): Promise<{ items: TAuditSampleSummary[] }> {
  const rows = await ctx.db
    .selectFrom('audit_sample as s')
    .leftJoin('audit_sample_item as i', (j) => j.onRef('i.region_code', '=', 's.region_code').onRef('i.sample_id', '=', 's.id'))
    .selectAll('s')
    .select(countsSql.as('counts'))
    .where('s.region_code', '=', ctx.scope.regionCode)
    .$if(year !== undefined, (q) => q.where('s.insurance_year', '=', year!))
    .groupBy(['s.region_code', 's.id'])
    .orderBy('s.drawn_at', 'desc')
    .limit(200)
    .execute();
  return { items: rows.map((r) => presentSummary(r, r.counts)) };
}

type SampleRow = {
  id: string;
  insurance_year: number;
  seed: string;
  ratio: string | null;
  sample_count: number | null;
  unit_ids: string[] | null;
  weights: { exempt?: number; inflow?: number };
  population: number;
  note: string | null;
  drawn_by: string;
  drawn_at: Date;
};

function presentSummary(s: SampleRow, counts: Counts): TAuditSampleSummary {
  return {
    id: s.id,
    year: s.insurance_year,
    seed: s.seed,
    ratio: s.ratio === null ? null : Number(s.ratio),
    count: s.sample_count,
    unitIds: s.unit_ids,
    weights: s.weights,
    population: s.population,
    note: s.note,
    drawnBy: s.drawn_by,
    drawnAt: s.drawn_at.toISOString(),
    counts,
  };
}

async function loadSample(ctx: ServiceContext, id: string): Promise<SampleRow> {
  const s = await ctx.db.selectFrom('audit_sample').selectAll().where('region_code', '=', ctx.scope.regionCode).where('id', '=', id).executeTakeFirst();
  if (!s) throw new AppError(AppErrorCode.NOT_FOUND, { message: '抽查记录不存在' });
  return s;
}

function itemsQuery(ctx: ServiceContext, sampleId: string) {
  return ctx.db
    .selectFrom('audit_sample_item as i')
    .innerJoin('declaration as d', (j) => j.onRef('d.region_code', '=', 'i.region_code').onRef('d.id', '=', 'i.declaration_id'))
    .innerJoin('person as p', (j) => j.onRef('p.region_code', '=', 'i.region_code').onRef('p.id', '=', 'i.person_id'))
    .innerJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'i.region_code').onRef('u.id', '=', 'i.unit_id'))
    .select([
      'i.id',
      'i.declaration_id',
      'i.person_id',
      'i.unit_id',
      'i.weighted',
      'i.result',
      'i.note',
      'i.checked_by',
      'i.checked_at',
      'i.follow_up',
      'i.followed_up_by',
      'i.followed_up_at',
      'p.name as person_name',
      'p.document_number',
      'u.name as unit_name',
      'd.category_name',
      'd.subsidy_name',
    ])
    .where('i.region_code', '=', ctx.scope.regionCode)
    .where('i.sample_id', '=', sampleId)
    .$if(ctx.scope.unitId !== null, (q) => q.where('i.unit_id', '=', ctx.scope.unitId));
}

type ItemRow = Awaited<ReturnType<ReturnType<typeof itemsQuery>['execute']>>[number];

function presentItem(r: ItemRow): TAuditSampleItem {
  return {
    id: r.id,
    declarationId: r.declaration_id,
    personId: r.person_id,
    personName: r.person_name,
    idNumberMasked: maskIdNumber(r.document_number),
    unitId: r.unit_id,
    unitName: r.unit_name,
    categoryName: r.category_name,
    subsidyName: r.subsidy_name,
    weighted: r.weighted,
    result: r.result,
    resultName: r.result ? AUDIT_RESULT_NAMES[r.result] : null,
    note: r.note,
    checkedBy: r.checked_by,
    checkedAt: r.checked_at?.toISOString() ?? null,
    followUp: r.follow_up,
    followedUpBy: r.followed_up_by,
    followedUpAt: r.followed_up_at?.toISOString() ?? null,
  };
}

const tally = (items: readonly TAuditSampleItem[]): Counts => ({
  items: items.length,
  checked: items.filter((i) => i.result !== null).length,
  complete: items.filter((i) => i.result === 'complete').length,
  missing: items.filter((i) => i.result === 'missing').length,
  wrong: items.filter((i) => i.result === 'wrong').length,
  followedUp: items.filter((i) => i.followUp !== null).length,
});

export async function getSample(ctx: ServiceContext, id: string): Promise<TAuditSample> {
  const s = await loadSample(ctx, id);
  const items = (await itemsQuery(ctx, id).orderBy('u.name').orderBy('p.name').orderBy('i.id').execute()).map(presentItem);
  return { ...presentSummary(s, tally(items)), items };
}

/** 抽查情况 per unit, the units with findings first. */
export async function sampleReport(ctx: ServiceContext, id: string): Promise<TAuditSampleReport> {
  const sample = await getSample(ctx, id);
  const byUnit = new Map<string, { unitName: string; items: TAuditSampleItem[] }>();
  for (const item of sample.items) {
    const u = byUnit.get(item.unitId) ?? { unitName: item.unitName, items: [] };
    u.items.push(item);
    byUnit.set(item.unitId, u);
  }
  const units = [...byUnit.entries()]
    .map(([unitId, u]) => ({ unitId, unitName: u.unitName, ...tally(u.items) }))
    .sort((a, b) => b.missing + b.wrong - (a.missing + a.wrong) || a.unitName.localeCompare(b.unitName, 'zh-CN'));
  return { id, year: sample.year, units, totals: sample.counts };
}

async function lockItem(ctx: ServiceContext, sampleId: string, itemId: string) {
  await loadSample(ctx, sampleId);
  const locked = await ctx.db
    .selectFrom('audit_sample_item')
    .select('id')
    .where('region_code', '=', ctx.scope.regionCode)
    .where('sample_id', '=', sampleId)
    .where('id', '=', itemId)
    .forUpdate()
    .executeTakeFirst();
  const item = locked ? await itemsQuery(ctx, sampleId).where('i.id', '=', itemId).executeTakeFirst() : undefined;
  if (!item) throw new AppError(AppErrorCode.NOT_FOUND, { message: '抽查项目不存在' });
  return item;
}

/** The result of a sampled item: written once, by the agency. */
export async function recordResult(ctx: ServiceContext, sampleId: string, itemId: string, input: TAuditResultInput): Promise<TAuditSampleItem> {
  const item = await lockItem(ctx, sampleId, itemId);
  if (item.result) {
    throw new AppError(AppErrorCode.CONFLICT, {
      message: `${item.person_name} 已于 ${item.checked_at!.toISOString().slice(0, 10)} 登记抽查结果“${AUDIT_RESULT_NAMES[item.result]}”，不能改写`,
    });
  }
  const note = input.note?.trim() || null;
  if (input.result !== 'complete' && !note) {
    throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: '材料缺失或有误时，请说明缺少或有误的材料', details: [{ path: 'note', message: '请说明缺少或有误的材料' }] });
  }
  await ctx.db
    .updateTable('audit_sample_item')
    .set({ result: input.result, note, checked_by: ctx.scope.username, checked_at: ctx.now })
    .where('region_code', '=', ctx.scope.regionCode)
    .where('sample_id', '=', sampleId)
    .where('id', '=', itemId)
    .execute();
  await audit(ctx, { action: 'audit_sample.checked', entityType: 'audit_sample_item', entityId: itemId, unitId: item.unit_id, after: { sampleId, declarationId: item.declaration_id, result: input.result, note } });
  return presentItem((await itemsQuery(ctx, sampleId).where('i.id', '=', itemId).executeTakeFirstOrThrow()));
}

/** The responsible unit's follow-up of a finding (材料缺失 / 有误): written once. */
export async function followUp(ctx: ServiceContext, sampleId: string, itemId: string, input: TAuditFollowUpInput): Promise<TAuditSampleItem> {
  const item = await lockItem(ctx, sampleId, itemId);
  if (item.result !== 'missing' && item.result !== 'wrong') {
    throw new AppError(AppErrorCode.CONFLICT, { message: item.result ? '抽查结果为材料齐全，不需整改' : '这一份还没有抽查结果，不需整改' });
  }
  if (item.follow_up) throw new AppError(AppErrorCode.CONFLICT, { message: `${item.person_name} 的整改情况已于 ${item.followed_up_at!.toISOString().slice(0, 10)} 登记，不能改写` });
  const note = input.note.trim();
  await ctx.db
    .updateTable('audit_sample_item')
    .set({ follow_up: note, followed_up_by: ctx.scope.username, followed_up_at: ctx.now })
    .where('region_code', '=', ctx.scope.regionCode)
    .where('sample_id', '=', sampleId)
    .where('id', '=', itemId)
    .execute();
  await audit(ctx, { action: 'audit_sample.followed_up', entityType: 'audit_sample_item', entityId: itemId, unitId: item.unit_id, after: { sampleId, declarationId: item.declaration_id, followUp: note } });
  return presentItem((await itemsQuery(ctx, sampleId).where('i.id', '=', itemId).executeTakeFirstOrThrow()));
}

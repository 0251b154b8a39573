import type { TUnpaidListCounts, TUnpaidListSubmission, TUnpaidLists } from '@canbao/domain';
import { sql } from 'kysely';
import type { ServiceContext } from '../../context';
import { AppError, AppErrorCode } from '../../errors';
import { shanghaiToday } from '../../time';
import { audit } from '../audit/audit.service';
import { uninsuredBase } from '../chase/chase.service';
import { findRegionProfiles } from '../declarations/declarations.repository';
import type { TPolicyProfile } from '@canbao/domain';

/**
 * 未参保名单报送 (Nantong 004 八.6): before the end of December each office sends the centre the names of its residents
 * not covered, with the reasons. The list itself is the chase's (GET /api/v1/uninsured/export, with reasons and
 * sign-offs); sending it records the figures the unit held then, so the agency sees who sent, when, and whether on
 * time by the profile's `unpaidList.dueDate`. The current figures come from the ledger at every reading.
 */

export async function closeRules(ctx: Pick<ServiceContext, 'db' | 'scope'>, year: number): Promise<{ dueDate: string | null; transitionNotice: string | null }> {
  const row = (await findRegionProfiles(ctx.db, ctx.scope.regionCode)).find((r) => r.insurance_year === year && !(r.body as TPolicyProfile).template);
  const profile = row?.body as TPolicyProfile | undefined;
  return { dueDate: profile?.unpaidList?.dueDate ?? null, transitionNotice: profile?.lateEnrollment.message ?? null };
}

/** Not covered, with a reason, told and signed — per unit, as of now. */
async function currentCounts(ctx: ServiceContext, year: number, unitId: string | null): Promise<Map<string, TUnpaidListCounts>> {
  const rows = await ctx.db
    .selectFrom(uninsuredBase(ctx, { year, unitId: unitId ?? undefined }).as('x'))
    .select([
      'x.unit_id',
      sql<number>`count(*)::int`.as('unpaid'),
      sql<number>`count(*) FILTER (WHERE x.reason_code IS NOT NULL OR x.not_enrolled_reason IS NOT NULL)::int`.as('withReason'),
      sql<number>`count(*) FILTER (WHERE x.sign_off_on IS NOT NULL)::int`.as('signedOff'),
    ])
    .groupBy('x.unit_id')
    .execute();
  return new Map(rows.map((r) => [r.unit_id!, { unpaid: r.unpaid, withReason: r.withReason, signedOff: r.signedOff }]));
}

type SubmissionRow = { unit_id: string; unit_name: string; insurance_year: number; unpaid: number; with_reason: number; signed_off: number; submitted_by: string; submitted_at: Date };

function presentSubmission(r: SubmissionRow, dueDate: string | null): TUnpaidListSubmission {
  return {
    unitId: r.unit_id,
    unitName: r.unit_name,
    year: r.insurance_year,
    unpaid: r.unpaid,
    withReason: r.with_reason,
    signedOff: r.signed_off,
    submittedAt: r.submitted_at.toISOString(),
    submittedBy: r.submitted_by,
    late: dueDate !== null && shanghaiToday(r.submitted_at) > dueDate,
  };
}

/**
 * Every unit with someone not covered or a submission (a unit: its own), ordered units not yet sent first. The
 * current figures count the whole roster of the region at every reading: cheap for a unit, a full count for the
 * agency (seconds at a million persons, measured with the chase's full count).
 */
export async function listUnpaidLists(ctx: ServiceContext, year: number): Promise<TUnpaidLists> {
  const rules = await closeRules(ctx, year);
  const unitId = ctx.scope.unitId;
  const [counts, submissions] = await Promise.all([
    currentCounts(ctx, year, unitId),
    ctx.db
      .selectFrom('unpaid_list_submission as s')
      .innerJoin('unit as u', (j) => j.onRef('u.region_code', '=', 's.region_code').onRef('u.id', '=', 's.unit_id'))
      .select(['s.unit_id', 'u.name as unit_name', 's.insurance_year', 's.unpaid', 's.with_reason', 's.signed_off', 's.submitted_by', 's.submitted_at'])
      .where('s.region_code', '=', ctx.scope.regionCode)
      .where('s.insurance_year', '=', year)
      .$if(unitId !== null, (q) => q.where('s.unit_id', '=', unitId))
      .execute(),
  ]);
  const ids = new Set([...counts.keys(), ...submissions.map((s) => s.unit_id), ...(unitId ? [unitId] : [])]);
  const names = ids.size
    ? new Map(
        (await ctx.db.selectFrom('unit').select(['id', 'name']).where('region_code', '=', ctx.scope.regionCode).where('id', 'in', [...ids]).execute()).map((u) => [u.id, u.name]),
      )
    : new Map<string, string>();
  const sent = new Map(submissions.map((s) => [s.unit_id, presentSubmission(s, rules.dueDate)]));
  const units = [...ids]
    .filter((id) => names.has(id))
    .map((id) => ({ unitId: id, unitName: names.get(id)!, current: counts.get(id) ?? { unpaid: 0, withReason: 0, signedOff: 0 }, submission: sent.get(id) ?? null }))
    .sort((a, b) => Number(a.submission !== null) - Number(b.submission !== null) || a.unitName.localeCompare(b.unitName, 'zh-CN'));
  return { year, ...rules, units };
}

/** A unit sends its list: the figures it holds now are kept with the time and the account; sending again replaces them. */
export async function submitUnpaidList(ctx: ServiceContext, year: number): Promise<TUnpaidListSubmission> {
  const unitId = ctx.scope.unitId;
  if (!unitId) throw new AppError(AppErrorCode.FORBIDDEN, { message: '未参保名单由各单位报送' });
  const rules = await closeRules(ctx, year);
  const counts = (await currentCounts(ctx, year, unitId)).get(unitId) ?? { unpaid: 0, withReason: 0, signedOff: 0 };
  const values = { unpaid: counts.unpaid, with_reason: counts.withReason, signed_off: counts.signedOff, submitted_by: ctx.scope.username, submitted_at: ctx.now };
  const before = await ctx.db
    .selectFrom('unpaid_list_submission')
    .select(['unpaid', 'with_reason', 'signed_off', 'submitted_at'])
    .where('region_code', '=', ctx.scope.regionCode)
    .where('insurance_year', '=', year)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
  await ctx.db
    .insertInto('unpaid_list_submission')
    .values({ region_code: ctx.scope.regionCode, insurance_year: year, unit_id: unitId, ...values })
    .onConflict((oc) => oc.columns(['region_code', 'insurance_year', 'unit_id']).doUpdateSet({ ...values, submission_count: sql`unpaid_list_submission.submission_count + 1` }))
    .execute();
  const unit = await ctx.db.selectFrom('unit').select('name').where('id', '=', unitId).executeTakeFirstOrThrow();
  const result = presentSubmission({ unit_id: unitId, unit_name: unit.name, insurance_year: year, ...values }, rules.dueDate);
  await audit(ctx, {
    action: 'unpaid_list.submitted',
    entityType: 'unpaid_list_submission',
    unitId,
    before: before ? { unpaid: before.unpaid, withReason: before.with_reason, signedOff: before.signed_off, submittedAt: before.submitted_at.toISOString() } : null,
    after: { year, ...counts, late: result.late },
  });
  return result;
}

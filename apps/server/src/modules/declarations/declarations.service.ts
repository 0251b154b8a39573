import { sql } from 'kysely';
import {
  yearClosesOn,
  yearState,
  DECLARATION_STATUSES,
  DECLARATION_FLAG_NAMES,
  DECLARATION_STATUS_NAMES,
  LEAVING_REASONS,
  classifyWindow,
  gradeName,
  isPastGraduation,
  factsFromPerson,
  wrongPathReason,
  EMPLOYEE_INSURED_REFUSAL,
  quotePath,
  maskIdNumber,
  safeQuoteFee,
  type TBatchResult,
  type TCampaignProgress,
  type TCampaignYears,
  type TDeclaration,
  type TDeclarationPage,
  type TDeclarationStatus,
  type TEnrollmentHistoryYear,
  type TFeeQuote,
  type TLeavingReason,
  type TPersonDeclaration,
  type TPolicyProfile,
  type TRecomputePreview,
  type TRecomputePrice,
  type TRecomputeResult,
  type TRefusalFix,
} from '@canbao/domain';
import type { ServiceContext } from '../../context';
import { assertYearWritable } from './year-closing';
import { AppError, AppErrorCode } from '../../errors';
import { shanghaiToday } from '../../time';
import { audit, auditMany, type AuditEntry } from '../audit/audit.service';
import { applyLedger } from '../ledger/ledger.repository';
import { lockDeclarations } from '../ledger/ledger.service';
import { exportFilter, streamXlsx, type ExportColumn, type XlsxExport } from '../../xlsx-export';
import * as repo from './declarations.repository';
import { containsPattern, personNameContains } from '../../db/like';

export type CampaignProfile = { key: string; version: number; year: number; profile: TPolicyProfile };

/** The region's profile for an insurance year: the campaign's rules. */
export async function campaignProfile(ctx: Pick<ServiceContext, 'db' | 'scope'>, year: number): Promise<CampaignProfile> {
  const rows = await repo.findRegionProfiles(ctx.db, ctx.scope.regionCode);
  const row = rows.find((r) => r.insurance_year === year && !(r.body as TPolicyProfile).template);
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, { message: `本统筹区没有 ${year} 参保年度的政策方案，请先由经办机构配置` });
  return { key: row.profile_key, version: row.version, year: row.insurance_year, profile: row.body as TPolicyProfile };
}

/** The region's insurance years with their windows; `current` is the one whose windows contain today (else the newest). */
export async function campaignYears(ctx: ServiceContext): Promise<TCampaignYears> {
  const today = shanghaiToday(ctx.now);
  const rows = (await repo.findRegionProfiles(ctx.db, ctx.scope.regionCode)).filter((r) => !(r.body as TPolicyProfile).template);
  const items = rows.map((r) => {
    const p = r.body as TPolicyProfile;
    return {
      year: r.insurance_year,
      profileKey: r.profile_key,
      profileName: p.name,
      declarationWindow: { start: p.declarationWindow.start, end: p.declarationWindow.end },
      adjustmentWindow: p.adjustmentWindow ? { start: p.adjustmentWindow.start, end: p.adjustmentWindow.end, allows: p.adjustmentWindow.allows } : null,
      windowToday: classifyWindow(p, today),
      state: yearState(p, today),
      closesOn: yearClosesOn(p),
      current: false,
    };
  });
  const current = items.find((i) => i.windowToday !== 'outside') ?? items[0];
  if (current) current.current = true;
  return { today, items };
}

/** The year an export or a report without one is for: the region's current campaign year. */
export async function currentCampaignYear(ctx: ServiceContext): Promise<number> {
  return (await campaignYears(ctx)).items.find((i) => i.current)?.year ?? Number(shanghaiToday(ctx.now).slice(0, 4)) + 1;
}

/** Map.groupBy is not in Node 20. */
function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = m.get(k);
    if (list) list.push(t);
    else m.set(k, [t]);
  }
  return m;
}

/**
 * Why the engine will not let a person be declared: the rules that blocked eligibility (an exclusion, a missing
 * residence permit, no 积分入医 qualification, no category), else the window that is closed. The engine's other
 * reasons under the same rule names say why something does NOT block (已满/无需…) and are left out.
 */
function blockingReasons(q: TFeeQuote) {
  const passing = /无需|可在本地参保|已于|已满|已在本地/;
  return q.reasons.filter((r) => (r.rule.startsWith('eligibility.') || r.rule.startsWith('category.')) && !passing.test(r.message));
}

export function refusalReason(q: TFeeQuote): string {
  const picked = !q.eligible
    ? blockingReasons(q)
    : q.reasons.filter((r) => r.rule === 'window.closed' || r.rule === 'window.not_open' || r.rule === 'newborn.expired');
  if (picked.length) return picked.map((r) => r.message).join('；');
  return q.eligible ? '当前不在申报或补申报期内' : '不符合本年度参保条件';
}

/** What to correct on the person's record when the blocking rule reads a field of it (the web links to that field). */
export function refusalFix(q: TFeeQuote): TRefusalFix | null {
  if (q.eligible) return null;
  const rules = new Set(blockingReasons(q).map((r) => r.rule));
  if (rules.has('eligibility.residence_permit')) return { field: 'residencePermitSince', label: '填写居住证起始日期' };
  if (rules.has('eligibility.points')) return { field: 'pointsEligibility', label: '填写积分入医资格' };
  return null;
}

type Priced = { quote: TFeeQuote; person: repo.CandidatePerson };

/** The engine's quotes of persons on a date: their exemptions and enrollment history read once for all. */
async function quotesOf(ctx: ServiceContext, campaign: CampaignProfile, persons: repo.CandidatePerson[], applyDate: string) {
  const ids = persons.map((p) => p.id);
  const [exemptions, history] = await Promise.all([
    repo.exemptionsOf(ctx.db, ids),
    repo.historyOf(ctx.db, ctx.scope.regionCode, ids, campaign.year),
  ]);
  const exByPerson = groupBy(exemptions, (e) => e.person_id);
  const histByPerson = groupBy(history, (h) => h.person_id);
  return persons.map((person) => {
    const hist: TEnrollmentHistoryYear[] = (histByPerson.get(person.id) ?? []).map((h) => ({
      year: h.insurance_year,
      enrolled: true,
      paid: h.status === 'paid',
      inWindow: h.window_kind !== 'outside',
    }));
    const facts = factsFromPerson(
      {
        documentType: person.document_type,
        documentNumber: person.document_number,
        birthDate: person.birth_date,
        gender: person.gender,
        hukouType: person.hukou_type,
        hukouDistrictCode: person.hukou_district_code,
        residencePermitSince: person.residence_permit_since,
        gradeCode: person.grade_code,
        pointsEligibility: person.points_eligibility as { appliedOn: string; approved: boolean } | null,
        unitKind: person.unit_kind,
      },
      (exByPerson.get(person.id) ?? []).map((e) => ({
        categoryCode: e.category_code,
        validFrom: e.valid_from,
        validTo: e.valid_to,
        certificateName: e.certificate_name,
        certificateNumber: e.certificate_number,
        source: e.source,
      })),
      hist,
      applyDate,
    );
    return { person, result: safeQuoteFee(campaign.profile, { ...facts, ...(person.employee_insured ? { coveredElsewhere: true } : {}) }) };
  });
}

/**
 * The persons (of the caller's scope) whose enrollment path, by the profile of the year, is another kind of unit
 * than the one holding them — with the path's name and the reason a declaration would get. For the chase's lists.
 */
export async function pathsElsewhere(ctx: ServiceContext, year: number, personIds: string[]): Promise<Map<string, { name: string; reason: string }>> {
  const out = new Map<string, { name: string; reason: string }>();
  if (personIds.length === 0) return out;
  const rows = await repo.findRegionProfiles(ctx.db, ctx.scope.regionCode);
  const row = rows.find((r) => r.insurance_year === year && !(r.body as TPolicyProfile).template);
  if (!row) return out;
  const campaign: CampaignProfile = { key: row.profile_key, version: row.version, year, profile: row.body as TPolicyProfile };
  const persons = await repo.candidatePersons(ctx.db, ctx.scope).where('p.id', 'in', personIds).execute();
  for (const { person, result } of await quotesOf(ctx, campaign, persons, shanghaiToday(ctx.now))) {
    if (!result.ok) continue;
    const reason = wrongPathReason(result.quote, person.unit_kind);
    if (reason) out.set(person.id, { name: quotePath(result.quote)!.name, reason });
  }
  return out;
}

async function price(ctx: ServiceContext, campaign: CampaignProfile, persons: repo.CandidatePerson[], applyDate: string) {
  const priced: Priced[] = [];
  const refused: Array<{ person: repo.CandidatePerson; reason: string; fix?: TRefusalFix | null }> = [];
  for (const { person, result } of await quotesOf(ctx, campaign, persons, applyDate)) {
    if (!result.ok) {
      refused.push({ person, reason: result.message });
      continue;
    }
    const q = result.quote;
    if (!q.eligible || !q.allowed) {
      refused.push({ person, reason: refusalReason(q), fix: refusalFix(q) });
      continue;
    }
    // On the employee insurance list, and the profile says nothing of it: the national rule against enrolling twice.
    if (person.employee_insured) {
      refused.push({ person, reason: EMPLOYEE_INSURED_REFUSAL });
      continue;
    }
    // The profile sends some persons through another kind of unit (a rural pupil to the village committee).
    const wrongPath = wrongPathReason(q, person.unit_kind);
    if (wrongPath) {
      refused.push({ person, reason: wrongPath });
      continue;
    }
    priced.push({ quote: q, person });
  }
  return { priced, refused };
}

type DeclareOutcome = {
  declared: Array<{ id: string; personId: string; name: string; flag: string | null }>;
  alreadyDeclared: number;
  refused: Array<{ personId: string; name: string; reason: string; fix?: TRefusalFix | null }>;
  conflicts: Array<{ personId: string; name: string; holder: string }>;
};

/**
 * Declares persons for an insurance year, each priced by the policy engine (the breakdown and the profile version
 * are stored). One declaration per person, year and region — the database decides (ON CONFLICT DO NOTHING), so
 * two units declaring one person at once end with one declaration and one conflict naming the holder.
 */
async function declarePersons(ctx: ServiceContext, campaign: CampaignProfile, persons: repo.CandidatePerson[]): Promise<DeclareOutcome> {
  const today = shanghaiToday(ctx.now);
  const outcome: DeclareOutcome = { declared: [], alreadyDeclared: 0, refused: [], conflicts: [] };
  const eligible: repo.CandidatePerson[] = [];
  for (const p of persons) {
    if (p.status !== 'active') outcome.refused.push({ personId: p.id, name: p.name, reason: '人员已减员，不能申报' });
    else if (!p.enrolls_through_unit) outcome.refused.push({ personId: p.id, name: p.name, reason: `在未参保名单中${p.not_enrolled_reason ? `（${p.not_enrolled_reason}）` : ''}，不经本单位参保` });
    else eligible.push(p);
  }
  const { priced, refused } = await price(ctx, campaign, eligible, today);
  for (const r of refused) outcome.refused.push({ personId: r.person.id, name: r.person.name, reason: r.reason, fix: r.fix ?? null });
  if (priced.length === 0) return outcome;

  const values = priced.map(({ quote: q, person: p }) => ({
    region_code: ctx.scope.regionCode,
    insurance_year: campaign.year,
    person_id: p.id,
    unit_id: p.unit_id,
    profile_key: campaign.key,
    profile_version: campaign.version,
    window_kind: q.window,
    path_code: q.path.code,
    category_code: q.category.code,
    category_name: q.category.name,
    parts: JSON.stringify(q.parts),
    total_fen: q.totalFen,
    subsidy_fen: q.subsidyFen,
    subsidy_code: q.subsidy?.code ?? null,
    subsidy_name: q.subsidy?.name ?? null,
    payable_fen: q.payableFen,
    benefit_start: q.benefitStart,
    benefit_end: q.benefitEnd,
    waiting_days: q.waitingDays,
    reasons: JSON.stringify(q.reasons),
    // Flagged for checking before the confirmation: a registry leaver, or a pupil past the expected graduation.
    leaving_flag: p.leaving_reason ?? (isPastGraduation(p.expected_graduation_year, campaign.year) ? 'past_graduation' : null),
    declared_on: today,
    declared_by: ctx.scope.username,
  }));
  const inserted = new Map<string, string>();
  for (let i = 0; i < values.length; i += 1000) {
    const rows = await ctx.db
      .insertInto('declaration')
      .values(values.slice(i, i + 1000))
      .onConflict((oc) => oc.constraint('declaration_person_year_key').doNothing())
      .returning(['id', 'person_id'])
      .execute();
    for (const r of rows) inserted.set(r.person_id, r.id);
  }
  const missing = priced.filter((x) => !inserted.has(x.person.id));
  if (missing.length) {
    const visible = await ctx.db
      .selectFrom('declaration')
      .select(['id', 'person_id', 'status'])
      .where('region_code', '=', ctx.scope.regionCode)
      .where('insurance_year', '=', campaign.year)
      .where('person_id', 'in', missing.map((m) => m.person.id))
      .execute();
    const byPerson = new Map(visible.map((v) => [v.person_id, v]));
    for (const m of missing) {
      const own = byPerson.get(m.person.id);
      const valueRow = values.find((v) => v.person_id === m.person.id)!;
      let reuseId: string | null = null;
      if (own && own.status !== 'removed') {
        outcome.alreadyDeclared++;
        continue;
      }
      if (own) reuseId = own.id;
      else reuseId = ctx.scope.unitId ? await repo.claimRemovedDeclaration(ctx.db, ctx.scope.regionCode, m.person.id, campaign.year) : null;
      if (!reuseId) {
        const holder = await repo.declarationHolder(ctx.db, ctx.scope.regionCode, m.person.id, campaign.year);
        outcome.conflicts.push({ personId: m.person.id, name: m.person.name, holder: holder?.unit_name ?? '其他单位' });
        continue;
      }
      // A removed declaration comes back priced afresh: one row per person and year, its history in the audit trail.
      const { region_code: _r, insurance_year: _y, person_id: _p, ...fresh } = valueRow;
      await ctx.db
        .updateTable('declaration')
        .set({ ...fresh, status: 'declared', confirmed_at: null, confirmed_by: null, settlement_id: null, removed_at: null, removed_reason: null, paid_fen: 0, paid_at: null, updated_at: ctx.now })
        .where('id', '=', reuseId)
        .execute();
      inserted.set(m.person.id, reuseId);
    }
  }
  const entries: AuditEntry[] = [];
  for (const x of priced) {
    const id = inserted.get(x.person.id);
    if (!id) continue;
    const flag = values.find((v) => v.person_id === x.person.id)?.leaving_flag ?? null;
    outcome.declared.push({ id, personId: x.person.id, name: x.person.name, flag });
    entries.push({
      action: 'declaration.declared',
      entityType: 'declaration',
      entityId: id,
      unitId: x.person.unit_id,
      after: { personId: x.person.id, year: campaign.year, profile: `${campaign.key}@${campaign.version}`, category: x.quote.category.code, categoryName: x.quote.category.name, totalFen: x.quote.totalFen, subsidyFen: x.quote.subsidyFen, payableFen: x.quote.payableFen, window: x.quote.window },
    });
  }
  await auditMany(ctx, entries);
  return outcome;
}

export async function declareOne(ctx: ServiceContext, input: { year: number; personId: string }): Promise<TDeclaration> {
  const campaign = await campaignProfile(ctx, input.year);
  assertYearWritable(ctx, campaign, '申报');
  const person = await repo.candidatePersons(ctx.db, ctx.scope).where('p.id', '=', input.personId).executeTakeFirst();
  if (!person) throw new AppError(AppErrorCode.NOT_FOUND, { message: '人员不存在' });
  const outcome = await declarePersons(ctx, campaign, [person]);
  const conflict = outcome.conflicts[0];
  if (conflict) {
    throw new AppError(AppErrorCode.CONFLICT, {
      message: `${person.name} 的 ${campaign.year} 年度参保已由“${conflict.holder}”申报，不能重复申报`,
      details: { holder: conflict.holder },
    });
  }
  const refused = outcome.refused[0];
  if (refused) throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: `${person.name}：${refused.reason}`, details: [{ path: 'personId', message: refused.reason, ...(refused.fix ? { fix: refused.fix } : {}) }] });
  if (outcome.alreadyDeclared) throw new AppError(AppErrorCode.CONFLICT, { message: `${person.name} 本年度已由本单位申报` });
  return getDeclaration(ctx, outcome.declared[0]!.id);
}

export type BatchInput = {
  year: number;
  /** The agency declares for one unit; a unit operator always for its own. */
  unitId?: string | undefined;
  mode: 'class' | 'carry_over' | 'persons';
  gradeCode?: string | undefined;
  className?: string | undefined;
  personIds?: string[] | undefined;
};

/**
 * Declares many at once: a class (grade + class), the persons named, or the carry-over of last year's declared
 * persons the unit still holds, minus leavers (graduates and others marked leaving) — continuing enrollees need
 * no new registration.
 */
export async function declareBatch(ctx: ServiceContext, input: BatchInput): Promise<TBatchResult> {
  const campaign = await campaignProfile(ctx, input.year);
  assertYearWritable(ctx, campaign, '申报');
  if (ctx.scope.unitId === null && !input.unitId && input.mode !== 'persons') {
    throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: '请选择为哪个单位申报', details: [{ path: 'unitId', message: '请选择单位' }] });
  }
  const unitId = ctx.scope.unitId ?? input.unitId;
  let q = repo.candidatePersons(ctx.db, ctx.scope).where('p.status', '=', 'active').$if(!!unitId, (b) => b.where('p.unit_id', '=', unitId!));
  const skippedLeavers: Array<{ personId: string; name: string; reason: string }> = [];
  if (input.mode === 'class') {
    if (!input.className && !input.gradeCode) throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: '请选择年级或班级', details: [{ path: 'className', message: '请选择年级或班级' }] });
    q = q.$if(!!input.gradeCode, (b) => b.where('p.grade_code', '=', input.gradeCode!)).$if(!!input.className, (b) => b.where('p.class_name', '=', input.className!));
  } else if (input.mode === 'persons') {
    if (!input.personIds?.length) throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: '请选择人员', details: [{ path: 'personIds', message: '请选择人员' }] });
    q = q.where('p.id', 'in', input.personIds);
  } else {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('declaration as prev')
          .select('prev.id')
          .whereRef('prev.person_id', '=', 'p.id')
          .where('prev.region_code', '=', ctx.scope.regionCode)
          .where('prev.insurance_year', '=', input.year - 1)
          .where('prev.status', '!=', 'removed'),
      ),
    );
  }
  let persons = await q.orderBy('p.grade_code').orderBy('p.class_name').orderBy('p.name').execute();
  // Nobody to declare at all: say why, rather than a bare “新申报 0 人”.
  const note =
    persons.length > 0
      ? undefined
      : input.mode === 'carry_over'
        ? `${input.year - 1} 年度没有在本单位参保、现仍在本单位在册的人员，无可延续。新生请先登记（或批量导入），再用“整班申报”申报。`
        : input.mode === 'class'
          ? `本单位没有${[input.gradeCode ? gradeName(input.gradeCode) : '', input.className ?? ''].join('')}的在册人员：请核对年级和班级，或先登记人员。`
          : '所选人员都不在册（已减员或不属于本单位），没有可申报的人员。';
  if (input.mode === 'carry_over') {
    for (const p of persons.filter((x) => x.leaving_reason)) {
      skippedLeavers.push({ personId: p.id, name: p.name, reason: `已标记离校（${LEAVING_REASONS[p.leaving_reason as TLeavingReason] ?? p.leaving_reason}），不再延续` });
    }
    persons = persons.filter((x) => !x.leaving_reason);
  }
  const outcome = await declarePersons(ctx, campaign, persons);
  return {
    year: campaign.year,
    declared: outcome.declared.length,
    alreadyDeclared: outcome.alreadyDeclared,
    refused: [...skippedLeavers, ...outcome.refused],
    conflicts: outcome.conflicts,
    flagged: outcome.declared.filter((d) => d.flag).map((d) => ({ personId: d.personId, name: d.name, reason: DECLARATION_FLAG_NAMES[d.flag!] ?? d.flag! })),
    ...(note ? { note } : {}),
  };
}

async function loadDeclaration(ctx: ServiceContext, id: string) {
  const d = await repo
    .scopedDeclarations(ctx.db, ctx.scope)
    .selectAll('d')
    .select(['p.name as person_name', 'p.document_type', 'p.document_number', 'p.grade_code', 'p.class_name', 'u.name as unit_name'])
    .where('d.id', '=', id)
    .executeTakeFirst();
  if (!d) throw new AppError(AppErrorCode.NOT_FOUND, { message: '申报记录不存在' });
  return d;
}
type DeclarationRow = Awaited<ReturnType<typeof loadDeclaration>>;

export function presentDeclaration(d: DeclarationRow): TDeclaration {
  return {
    id: d.id,
    year: d.insurance_year,
    status: d.status,
    statusName: DECLARATION_STATUS_NAMES[d.status],
    person: { id: d.person_id, name: d.person_name, documentType: d.document_type, documentNumber: maskIdNumber(d.document_number), gradeCode: d.grade_code, className: d.class_name },
    unit: d.unit_id ? { id: d.unit_id, name: d.unit_name ?? '' } : null,
    profile: { key: d.profile_key, version: d.profile_version },
    window: d.window_kind,
    pathCode: d.path_code,
    category: { code: d.category_code, name: d.category_name },
    parts: d.parts as Array<{ code: string; name: string; amountFen: number }>,
    totalFen: d.total_fen,
    subsidyFen: d.subsidy_fen,
    subsidy: d.subsidy_code ? { code: d.subsidy_code, name: d.subsidy_name ?? d.subsidy_code } : null,
    payableFen: d.payable_fen,
    paidFen: d.paid_fen,
    benefitStart: d.benefit_start,
    benefitEnd: d.benefit_end,
    waitingDays: d.waiting_days,
    leaving: d.leaving_flag ? { reason: d.leaving_flag, reasonName: DECLARATION_FLAG_NAMES[d.leaving_flag] ?? d.leaving_flag } : null,
    declaredOn: d.declared_on,
    declaredBy: d.declared_by,
    confirmedAt: d.confirmed_at?.toISOString() ?? null,
    settlementId: d.settlement_id,
    paidAt: d.paid_at?.toISOString() ?? null,
    removedReason: d.removed_reason,
    reasons: d.reasons as TFeeQuote['reasons'],
  };
}

export async function getDeclaration(ctx: ServiceContext, id: string): Promise<TDeclaration> {
  return presentDeclaration(await loadDeclaration(ctx, id));
}

export type DeclarationFilter = {
  year: number;
  status?: TDeclarationStatus | undefined;
  unitId?: string | undefined;
  gradeCode?: string | undefined;
  className?: string | undefined;
  q?: string | undefined;
  flagged?: boolean | undefined;
  settlementId?: string | undefined;
};

function filtered(ctx: ServiceContext, f: DeclarationFilter) {
  return repo
    .scopedDeclarations(ctx.db, ctx.scope)
    .where('d.insurance_year', '=', f.year)
    .$if(!!f.status, (q) => q.where('d.status', '=', f.status!))
    .$if(!f.status, (q) => q.where('d.status', '!=', 'removed'))
    .$if(!!f.unitId, (q) => q.where('d.unit_id', '=', f.unitId!))
    .$if(!!f.gradeCode, (q) => q.where('p.grade_code', '=', f.gradeCode!))
    .$if(!!f.className, (q) => q.where('p.class_name', '=', f.className!))
    .$if(!!f.settlementId, (q) => q.where('d.settlement_id', '=', f.settlementId!))
    .$if(!!f.flagged, (q) => q.where('d.leaving_flag', 'is not', null))
    .$if(!!f.q, (q) =>
      // Across the whole region through the name-grams index and the document key; within a unit its index.
      ctx.scope.unitId === null && !f.unitId
        ? q.where(personNameContains(ctx.scope.regionCode, 'p.id', f.q!, true))
        : q.where((eb) => eb.or([eb('p.name', 'like', containsPattern(f.q!)), eb('p.document_number', '=', f.q!.toUpperCase())])),
    );
}

/**
 * A page of declarations, the count the filter holds and the year's sums by status. The page is chosen on the
 * ids alone, in list order, with the count beside them; only its rows are then read whole (a declaration row
 * carries its quote: reading 1,500 of them to keep 20 was most of a school's list, 35 ms on the city of a
 * million). The sums read the declarations alone — the person adds nothing to them.
 */
export async function findDeclarations(ctx: ServiceContext, f: DeclarationFilter & { page: number; pageSize: number }): Promise<TDeclarationPage> {
  const picked = await filtered(ctx, f)
    .select(['d.id', sql<string>`count(*) OVER ()`.as('total')])
    .orderBy('p.grade_code')
    .orderBy('p.class_name')
    .orderBy('p.name')
    .orderBy('d.id')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  const whole = picked.length
    ? await repo
        .scopedDeclarations(ctx.db, ctx.scope)
        .where('d.id', 'in', picked.map((r) => r.id))
        .selectAll('d')
        .select(['p.name as person_name', 'p.document_type', 'p.document_number', 'p.grade_code', 'p.class_name', 'u.name as unit_name'])
        .execute()
    : [];
  const byId = new Map(whole.map((r) => [r.id, r]));
  const rows = picked.flatMap((r) => byId.get(r.id) ?? []);
  const counts = await ctx.db
    .selectFrom('declaration as d')
    .where('d.region_code', '=', ctx.scope.regionCode)
    .$if(ctx.scope.unitId !== null, (q) => q.where('d.unit_id', '=', ctx.scope.unitId))
    .where('d.insurance_year', '=', f.year)
    .$if(!!f.unitId, (q) => q.where('d.unit_id', '=', f.unitId!))
    .select((eb) => [
      'd.status',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('d.payable_fen').as('payable'),
      eb.fn.sum<number>('d.paid_fen').as('paid'),
      eb.fn.count<number>('d.leaving_flag').as('flagged'),
    ])
    .groupBy('d.status')
    .execute();
  // Past the last page the count is still told.
  const total = picked.length
    ? { n: Number(picked[0]!.total) }
    : f.page > 1
      ? await filtered(ctx, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      : { n: 0 };
  const zeroes = () => Object.fromEntries(DECLARATION_STATUSES.map((s) => [s, 0])) as Record<TDeclarationStatus, number>;
  const byStatus = zeroes();
  const payableByStatus = zeroes();
  let payableFen = 0;
  let paidFen = 0;
  let flagged = 0;
  for (const c of counts) {
    byStatus[c.status] = Number(c.n);
    payableByStatus[c.status] = Number(c.payable ?? 0);
    if (c.status !== 'removed') {
      payableFen += Number(c.payable ?? 0);
      paidFen += Number(c.paid ?? 0);
      flagged += Number(c.flagged);
    }
  }
  return {
    items: rows.map(presentDeclaration),
    total: Number(total.n),
    page: f.page,
    pageSize: f.pageSize,
    summary: { byStatus, payableByStatus, payableFen, paidFen, flagged },
  };
}

/**
 * Removes a declaration before settlement, only in the declaration or adjustment window. The declaration is locked
 * first, so a removal racing a settlement (or another removal) is decided on what is there after the other one:
 * settled means refused, removed means told — never a removal claimed in the audit trail that did not happen.
 */
export async function removeDeclaration(ctx: ServiceContext, id: string, reason: string): Promise<TDeclaration> {
  await lockDeclarations(ctx.db, ctx.scope.regionCode, [id]);
  const d = await loadDeclaration(ctx, id);
  if (d.status === 'removed') throw new AppError(AppErrorCode.CONFLICT, { message: '该申报已撤销' });
  if (d.status === 'settled' || d.status === 'paid') {
    throw new AppError(AppErrorCode.CONFLICT, { message: d.status === 'paid' ? '已缴费的申报不能撤销，请申请退费' : '已结算的申报不能撤销，请先作废结算单' });
  }
  assertYearWritable(ctx, await campaignProfile(ctx, d.insurance_year), '撤销申报');
  const r = await ctx.db
    .updateTable('declaration')
    .set({ status: 'removed', removed_at: ctx.now, removed_reason: reason, confirmed_at: null, confirmed_by: null, updated_at: ctx.now })
    .where('id', '=', id)
    .where('status', 'in', ['declared', 'confirmed'])
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new AppError(AppErrorCode.CONFLICT, { message: '该申报状态已变化，请刷新后重试' });
  // Money paid early (a roster line before settlement) stays on the removed declaration as over-paid, to refund.
  await applyLedger(ctx.db, ctx.scope.regionCode, [id], ctx.now);
  await audit(ctx, { action: 'declaration.removed', entityType: 'declaration', entityId: id, unitId: d.unit_id, before: { status: d.status }, after: { status: 'removed', reason } });
  return getDeclaration(ctx, id);
}

/**
 * 参保缴费确认: the unit confirms its declared list (all of it, or the ids given). Nothing is charged before this.
 */
export async function confirmDeclarations(ctx: ServiceContext, input: { year: number; ids?: string[] | undefined }): Promise<{ confirmed: number }> {
  assertYearWritable(ctx, await campaignProfile(ctx, input.year), '确认申报');
  const rows = await ctx.db
    .updateTable('declaration')
    .set({ status: 'confirmed', confirmed_at: ctx.now, confirmed_by: ctx.scope.username, updated_at: ctx.now })
    .where('region_code', '=', ctx.scope.regionCode)
    .where('insurance_year', '=', input.year)
    .where('status', '=', 'declared')
    .$if(ctx.scope.unitId !== null, (q) => q.where('unit_id', '=', ctx.scope.unitId))
    .$if(!!input.ids, (q) => q.where('id', 'in', input.ids!.length ? input.ids! : ['00000000-0000-0000-0000-000000000000']))
    .returning(['id', 'unit_id'])
    .execute();
  // Conditional on 'declared': of two confirmations at once the second finds nothing left and is told so.
  if (!rows.length) throw new AppError(AppErrorCode.CONFLICT, { message: '没有待确认的申报（可能已被确认或撤销），请刷新后查看' });
  await auditMany(
    ctx,
    rows.map((r) => ({ action: 'declaration.confirmed', entityType: 'declaration', entityId: r.id, unitId: r.unit_id, before: { status: 'declared' }, after: { status: 'confirmed' } })),
  );
  return { confirmed: rows.length };
}

// ── recomputation after a profile changes (issue 3): shown first, applied only when asked ────────────────────

/**
 * Declarations priced under an earlier version of the profile, repriced with the current one as of the day each
 * was declared. Settled and paid ones are frozen (their money is in flight or received): counted, never changed.
 */
async function repricing(ctx: ServiceContext, key: string) {
  if (ctx.scope.unitId !== null) throw new AppError(AppErrorCode.FORBIDDEN);
  const rows = await repo.findRegionProfiles(ctx.db, ctx.scope.regionCode);
  const row = rows.find((r) => r.profile_key === key);
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, { message: `本统筹区没有政策方案“${key}”` });
  const campaign: CampaignProfile = { key, version: row.version, year: row.insurance_year, profile: row.body as TPolicyProfile };
  const stale = await ctx.db
    .selectFrom('declaration as d')
    .leftJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'd.region_code').onRef('u.id', '=', 'd.unit_id'))
    .select(['d.id', 'd.person_id', 'd.status', 'd.declared_on', 'd.profile_version', 'd.category_name', 'd.total_fen', 'd.subsidy_fen', 'd.payable_fen', 'd.subsidy_name', 'd.unit_id', 'u.name as unit_name'])
    .where('d.region_code', '=', ctx.scope.regionCode)
    .where('d.profile_key', '=', key)
    .where('d.profile_version', '<', campaign.version)
    .where('d.status', '!=', 'removed')
    .execute();
  const open = stale.filter((d) => d.status === 'declared' || d.status === 'confirmed');
  const persons = open.length ? await repo.candidatePersons(ctx.db, ctx.scope).where('p.id', 'in', open.map((d) => d.person_id)).execute() : [];
  const byPerson = new Map(persons.map((p) => [p.id, p]));
  const changes: Array<{ declarationId: string; personName: string; unitName: string | null; status: TDeclarationStatus; before: TRecomputePrice; after: TRecomputePrice | null; refusedReason: string | null; quote: TFeeQuote | null }> = [];
  let unchanged = 0;
  // Each declaration is repriced as of its own declaration day, in groups by day.
  const byDay = groupBy(open, (d) => d.declared_on);
  for (const [day, group] of byDay) {
    const { priced, refused } = await price(ctx, campaign, group.map((d) => byPerson.get(d.person_id)!).filter(Boolean), day);
    const quoteOf = new Map(priced.map((p) => [p.person.id, p.quote]));
    const refusedOf = new Map(refused.map((r) => [r.person.id, r.reason]));
    for (const d of group) {
      const before: TRecomputePrice = { categoryName: d.category_name, totalFen: d.total_fen, subsidyFen: d.subsidy_fen, payableFen: d.payable_fen, subsidyName: d.subsidy_name };
      const q = quoteOf.get(d.person_id) ?? null;
      const after: TRecomputePrice | null = q ? { categoryName: q.category.name, totalFen: q.totalFen, subsidyFen: q.subsidyFen, payableFen: q.payableFen, subsidyName: q.subsidy?.name ?? null } : null;
      if (after && after.categoryName === before.categoryName && after.totalFen === before.totalFen && after.subsidyFen === before.subsidyFen) {
        unchanged++;
        changes.push({ declarationId: d.id, personName: byPerson.get(d.person_id)?.name ?? '', unitName: d.unit_name, status: d.status, before, after, refusedReason: null, quote: q });
        continue;
      }
      changes.push({ declarationId: d.id, personName: byPerson.get(d.person_id)?.name ?? '', unitName: d.unit_name, status: d.status, before, after, refusedReason: q ? null : (refusedOf.get(d.person_id) ?? '不再符合参保条件'), quote: q });
    }
  }
  return { campaign, changes, unchanged, frozen: stale.length - open.length };
}

export async function recomputePreview(ctx: ServiceContext, key: string): Promise<TRecomputePreview> {
  const r = await repricing(ctx, key);
  const affected = r.changes.filter((c) => !c.after || c.after.totalFen !== c.before.totalFen || c.after.subsidyFen !== c.before.subsidyFen || c.after.categoryName !== c.before.categoryName);
  return {
    profileKey: key,
    version: r.campaign.version,
    outdated: r.changes.length + r.frozen,
    unchanged: r.unchanged,
    frozen: r.frozen,
    affected: affected.map(({ quote: _q, ...c }) => c),
  };
}

/**
 * Applies the current version to the outdated open declarations: prices (and the stored version) move to it; a
 * changed price sends a confirmed declaration back to 'declared', so the unit confirms the new amount. A person no
 * longer eligible is left as declared before and listed, for the unit to remove. Refused when the version moved
 * since the preview.
 */
export async function applyRecompute(ctx: ServiceContext, key: string, expectedVersion: number): Promise<TRecomputeResult> {
  // One recomputation of a profile at a time: a second one waits, then finds nothing outdated and is told so.
  await repo.lockRecompute(ctx.db, ctx.scope.regionCode, key);
  const r = await repricing(ctx, key);
  assertYearWritable(ctx, r.campaign, '重算申报');
  if (!r.changes.length) throw new AppError(AppErrorCode.CONFLICT, { message: r.frozen ? '没有可重算的申报：其余申报已结算或已缴费，金额不再变化' : '没有需要按新版本重算的申报' });
  if (r.campaign.version !== expectedVersion) {
    throw new AppError(AppErrorCode.CONFLICT, { message: `政策方案已更新为第 ${r.campaign.version} 版，请重新预览受影响的申报` });
  }
  let repriced = 0;
  let versionOnly = 0;
  const leftIneligible: string[] = [];
  for (const c of r.changes) {
    if (!c.quote) {
      leftIneligible.push(c.declarationId);
      continue;
    }
    const q = c.quote;
    const changed = c.after!.totalFen !== c.before.totalFen || c.after!.subsidyFen !== c.before.subsidyFen || c.after!.categoryName !== c.before.categoryName;
    // Conditional on the stage and version read: a declaration settled meanwhile keeps its frozen price, unaudited.
    const done = await ctx.db
      .updateTable('declaration')
      .set({
        profile_version: r.campaign.version,
        path_code: q.path.code,
        category_code: q.category.code,
        category_name: q.category.name,
        parts: JSON.stringify(q.parts),
        total_fen: q.totalFen,
        subsidy_fen: q.subsidyFen,
        subsidy_code: q.subsidy?.code ?? null,
        subsidy_name: q.subsidy?.name ?? null,
        payable_fen: q.payableFen,
        benefit_start: q.benefitStart,
        benefit_end: q.benefitEnd,
        waiting_days: q.waitingDays,
        reasons: JSON.stringify(q.reasons),
        ...(changed && c.status === 'confirmed' ? { status: 'declared' as const, confirmed_at: null, confirmed_by: null } : {}),
        updated_at: ctx.now,
      })
      .where('id', '=', c.declarationId)
      .where('status', '=', c.status as 'declared' | 'confirmed')
      .where('profile_version', '<', r.campaign.version)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) continue;
    if (changed) {
      repriced++;
      await audit(ctx, {
        action: 'declaration.repriced',
        entityType: 'declaration',
        entityId: c.declarationId,
        before: { ...c.before, status: c.status },
        after: { ...c.after, version: r.campaign.version, status: c.status === 'confirmed' ? 'declared' : c.status },
      });
    } else versionOnly++;
  }
  await audit(ctx, { action: 'profile.recomputed', entityType: 'policy_profile', entityId: key, unitId: null, after: { version: r.campaign.version, repriced, versionOnly, leftIneligible: leftIneligible.length, frozen: r.frozen } });
  return { version: r.campaign.version, repriced, versionOnly, leftIneligible: leftIneligible.length, frozen: r.frozen };
}

// ── export (issue 5: every list exports with its filter, masked, audited) ─────────────────────────────────────

const fen = (v: number) => (v / 100).toFixed(2);
const DECLARATION_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<DeclarationRow>> = [
  { header: '参保年度', width: 10, value: (d) => d.insurance_year },
  { header: '单位', width: 28, value: (d) => d.unit_name },
  { header: '姓名', width: 12, value: (d) => d.person_name },
  { header: '证件号码', width: 22, value: (d) => maskIdNumber(d.document_number) },
  { header: '年级', width: 12, value: (d) => (d.grade_code ? gradeName(d.grade_code) : '') },
  { header: '班级', width: 10, value: (d) => d.class_name },
  { header: '人员类别', width: 16, value: (d) => d.category_name },
  { header: '缴费标准（元）', width: 14, value: (d) => fen(d.total_fen) },
  { header: '减免身份', width: 16, value: (d) => d.subsidy_name },
  { header: '减免金额（元）', width: 14, value: (d) => fen(d.subsidy_fen) },
  { header: '应缴金额（元）', width: 14, value: (d) => fen(d.payable_fen) },
  { header: '已缴金额（元）', width: 14, value: (d) => fen(d.paid_fen) },
  { header: '状态', width: 14, value: (d) => DECLARATION_STATUS_NAMES[d.status] },
  { header: '离校标记', width: 14, value: (d) => (d.leaving_flag ? (DECLARATION_FLAG_NAMES[d.leaving_flag] ?? d.leaving_flag) : '') },
  { header: '待遇期', width: 24, value: (d) => `${d.benefit_start} 至 ${d.benefit_end}` },
  { header: '等待期（天）', width: 12, value: (d) => d.waiting_days },
  { header: '申报日期', width: 12, value: (d) => d.declared_on },
  { header: '政策方案版本', width: 24, value: (d) => `${d.profile_key} 第${d.profile_version}版` },
];

async function* pagesOfDeclarations(ctx: ServiceContext, f: DeclarationFilter, pageSize = 2000) {
  let after: string | null = null;
  for (;;) {
    const rows: DeclarationRow[] = await filtered(ctx, f)
      .selectAll('d')
      .select(['p.name as person_name', 'p.document_type', 'p.document_number', 'p.grade_code', 'p.class_name', 'u.name as unit_name'])
      .$if(after !== null, (q) => q.where('d.id', '>', after!))
      .orderBy('d.id')
      .limit(pageSize)
      .execute();
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** The declaration list as xlsx, with the list's filter; ID numbers masked for every role; audited. */
export function exportDeclarations(ctx: ServiceContext, f: DeclarationFilter): XlsxExport {
  const { stream, done } = streamXlsx({ sheetName: '参保申报', columns: DECLARATION_EXPORT_COLUMNS, pages: pagesOfDeclarations(ctx, f) });
  const today = shanghaiToday(ctx.now);
  return {
    fileName: `参保申报_${f.year}_${today}.xlsx`,
    asciiFileName: `declarations_${f.year}_${today}.xlsx`,
    stream,
    done: done.then((r) => audit(ctx, { action: 'declaration.exported', entityType: 'declaration', after: { filter: exportFilter(f), ...r } })),
  };
}

/** A person's declarations of every year, with what was paid and the receipt: the person page's 参保缴费 card. */
export async function personDeclarations(ctx: ServiceContext, personId: string): Promise<{ items: TPersonDeclaration[] }> {
  const person = await repo.candidatePersons(ctx.db, ctx.scope).where('p.id', '=', personId).executeTakeFirst();
  if (!person) throw new AppError(AppErrorCode.NOT_FOUND, { message: '人员不存在' });
  const rows = await repo
    .scopedDeclarations(ctx.db, ctx.scope)
    .leftJoin('receipt as r', (j) => j.onRef('r.region_code', '=', 'd.region_code').onRef('r.declaration_id', '=', 'd.id').on('r.voided_at', 'is', null))
    .selectAll('d')
    .select(['p.name as person_name', 'p.document_type', 'p.document_number', 'p.grade_code', 'p.class_name', 'u.name as unit_name', 'r.number as receipt_number', 'r.verify_code'])
    .where('d.person_id', '=', personId)
    .orderBy('d.insurance_year', 'desc')
    .execute();
  // A unit sees the years it declared (row-level security); the agency sees every year.
  return { items: rows.map((d) => ({ ...presentDeclaration(d), receipt: d.receipt_number ? { number: d.receipt_number, verifyCode: d.verify_code! } : null })) };
}

/** Campaign progress per unit for a year: how many declared, confirmed, settled, paid, and the money. */
export async function campaignProgress(ctx: ServiceContext, year: number): Promise<TCampaignProgress> {
  const rows = await ctx.db
    .selectFrom('declaration as d')
    .leftJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'd.region_code').onRef('u.id', '=', 'd.unit_id'))
    .select((eb) => [
      'd.unit_id',
      'u.name as unit_name',
      eb.fn.countAll<number>().filterWhere('d.status', '=', 'declared').as('declared'),
      eb.fn.countAll<number>().filterWhere('d.status', '=', 'confirmed').as('confirmed'),
      eb.fn.countAll<number>().filterWhere('d.status', '=', 'settled').as('settled'),
      eb.fn.countAll<number>().filterWhere('d.status', '=', 'paid').as('paid'),
      eb.fn.count<number>('d.leaving_flag').as('flagged'),
      eb.fn.sum<number>('d.payable_fen').as('payable'),
      eb.fn.sum<number>('d.paid_fen').as('paid_fen'),
    ])
    .where('d.region_code', '=', ctx.scope.regionCode)
    .where('d.insurance_year', '=', year)
    .where('d.status', '!=', 'removed')
    .$if(ctx.scope.unitId !== null, (q) => q.where('d.unit_id', '=', ctx.scope.unitId))
    .groupBy(['d.unit_id', 'u.name'])
    .orderBy('u.name')
    .execute();
  const items = rows.map((r) => ({
    unitId: r.unit_id,
    unitName: r.unit_name ?? '个人（家庭）申报',
    declared: Number(r.declared),
    confirmed: Number(r.confirmed),
    settled: Number(r.settled),
    paid: Number(r.paid),
    flagged: Number(r.flagged),
    payableFen: Number(r.payable ?? 0),
    paidFen: Number(r.paid_fen ?? 0),
  }));
  const total = items.reduce(
    (t, i) => ({ declared: t.declared + i.declared, confirmed: t.confirmed + i.confirmed, settled: t.settled + i.settled, paid: t.paid + i.paid, flagged: t.flagged + i.flagged, payableFen: t.payableFen + i.payableFen, paidFen: t.paidFen + i.paidFen }),
    { declared: 0, confirmed: 0, settled: 0, paid: 0, flagged: 0, payableFen: 0, paidFen: 0 },
  );
  return { year, total, items };
}

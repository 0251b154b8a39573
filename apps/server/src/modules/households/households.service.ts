import {
  DECLARATION_STATUS_NAMES,
  HOUSEHOLD_HUKOU_TYPES,
  HOUSEHOLD_RELATIONS,
  ageOn,
  maskIdNumber,
  type TBatchResult,
  type THousehold,
  type THouseholdInput,
  type THouseholdListItem,
  type THouseholdMemberInput,
  type Paged,
} from '@canbao/domain';
import { sql } from 'kysely';
import type { ServiceContext } from '../../context';
import { AppError, AppErrorCode } from '../../errors';
import { containsPattern } from '../../db/like';
import { shanghaiToday } from '../../time';
import { audit } from '../audit/audit.service';
import { currentCampaignYear, declareBatch } from '../declarations/declarations.service';
import { registerPerson } from '../persons/persons.service';

/**
 * 家庭 (issue 16, item 1): a household kept by the unit that registered it (a community office, a village committee,
 * the agency for civil affairs), its members the unit's own persons — held before, or registered with it in the same
 * transaction. A person is in at most one household per region (the database's unique key says so for every
 * caller); declaring a household declares every eligible member, each priced by its own rules.
 */

const invalid = (path: string, message: string) => new AppError(AppErrorCode.VALIDATION_FAILED, { message, details: [{ path, message }] });

function householdUnit(ctx: ServiceContext, unitId: string | undefined): string {
  const id = ctx.scope.unitId ?? unitId;
  if (!id) throw invalid('unitId', '请选择登记家庭的单位');
  return id;
}

/** A member's person: one the unit holds, or a new one registered now into the household's unit. */
async function memberPerson(ctx: ServiceContext, unitId: string, m: THouseholdMemberInput, address: string): Promise<{ id: string; name: string }> {
  if ('personId' in m) {
    const p = await ctx.db
      .selectFrom('person')
      .select(['id', 'name', 'status', 'unit_id'])
      .where('id', '=', m.personId)
      .where('region_code', '=', ctx.scope.regionCode)
      .$if(ctx.scope.unitId !== null, (q) => q.where('unit_id', '=', ctx.scope.unitId))
      .executeTakeFirst();
    if (!p) throw new AppError(AppErrorCode.NOT_FOUND, { message: '人员不存在' });
    if (p.status !== 'active') throw new AppError(AppErrorCode.CONFLICT, { message: `${p.name} 已减员，不能加入家庭` });
    if (p.unit_id !== unitId) throw new AppError(AppErrorCode.CONFLICT, { message: `${p.name} 不在本单位登记，请先办理转移` });
    return { id: p.id, name: p.name };
  }
  // A number the unit already holds is that person (the form asks for every member the same way).
  if (m.person.documentNumber) {
    const held = await ctx.db
      .selectFrom('person')
      .select(['id', 'name'])
      .where('region_code', '=', ctx.scope.regionCode)
      .where('document_type', '=', m.person.documentType)
      .where('document_number', '=', m.person.documentNumber.trim().toUpperCase())
      .where('unit_id', '=', unitId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (held) return held;
  }
  // A member registered with the household shares its hukou address unless given one of their own.
  const { person } = await registerPerson(ctx, { ...m.person, hukouAddress: m.person.hukouAddress?.trim() || address, unitId });
  return { id: person.id, name: person.name };
}

async function addMembers(ctx: ServiceContext, householdId: string, unitId: string, address: string, members: readonly THouseholdMemberInput[]) {
  const added: Array<{ id: string; name: string; relation: string }> = [];
  for (const m of members) {
    const person = await memberPerson(ctx, unitId, m, address);
    if (added.some((a) => a.id === person.id)) throw new AppError(AppErrorCode.CONFLICT, { message: `${person.name} 重复添加` });
    const inserted = await ctx.db
      .insertInto('household_member')
      .values({ region_code: ctx.scope.regionCode, household_id: householdId, person_id: person.id, unit_id: unitId, relation: m.relation, joined_at: ctx.now })
      .onConflict((oc) => oc.columns(['region_code', 'person_id']).doNothing())
      .returning('person_id')
      .executeTakeFirst();
    if (!inserted) throw new AppError(AppErrorCode.CONFLICT, { message: `${person.name} 已属于另一个家庭，一人只能属于一个家庭` });
    added.push({ ...person, relation: m.relation });
  }
  return added;
}

export async function createHousehold(ctx: ServiceContext, input: THouseholdInput): Promise<THousehold> {
  const unitId = householdUnit(ctx, input.unitId);
  const unit = await ctx.db.selectFrom('unit').select('id').where('id', '=', unitId).where('region_code', '=', ctx.scope.regionCode).executeTakeFirst();
  if (!unit) throw new AppError(AppErrorCode.NOT_FOUND, { message: '单位不存在' });
  const row = await ctx.db
    .insertInto('household')
    .values({ region_code: ctx.scope.regionCode, unit_id: unitId, hukou_type: input.hukouType, hukou_address: input.hukouAddress.trim(), note: input.note?.trim() || null, created_by: ctx.scope.username, created_at: ctx.now, updated_at: ctx.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const added = await addMembers(ctx, row.id, unitId, input.hukouAddress.trim(), input.members);
  await audit(ctx, {
    action: 'household.created',
    entityType: 'household',
    entityId: row.id,
    unitId,
    after: { hukouType: input.hukouType, hukouAddress: input.hukouAddress.trim(), members: added.map((a) => ({ personId: a.id, relation: a.relation })) },
  });
  return getHousehold(ctx, row.id);
}

async function loadHousehold(ctx: ServiceContext, id: string) {
  const h = await ctx.db
    .selectFrom('household as h')
    .leftJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'h.region_code').onRef('u.id', '=', 'h.unit_id'))
    .select(['h.id', 'h.unit_id', 'u.name as unit_name', 'h.hukou_type', 'h.hukou_address', 'h.note', 'h.created_at'])
    .where('h.region_code', '=', ctx.scope.regionCode)
    .where('h.id', '=', id)
    .$if(ctx.scope.unitId !== null, (q) => q.where('h.unit_id', '=', ctx.scope.unitId))
    .executeTakeFirst();
  if (!h) throw new AppError(AppErrorCode.NOT_FOUND, { message: '家庭不存在' });
  return h;
}

const RELATION_ORDER = Object.keys(HOUSEHOLD_RELATIONS);

export async function getHousehold(ctx: ServiceContext, id: string, year?: number): Promise<THousehold> {
  const h = await loadHousehold(ctx, id);
  const y = year ?? (await currentCampaignYear(ctx));
  const members = await ctx.db
    .selectFrom('household_member as m')
    .innerJoin('person as p', (j) => j.onRef('p.region_code', '=', 'm.region_code').onRef('p.id', '=', 'm.person_id'))
    .leftJoin('declaration as d', (j) => j.onRef('d.person_id', '=', 'm.person_id').on('d.insurance_year', '=', y).on('d.status', '<>', 'removed').onRef('d.region_code', '=', 'm.region_code'))
    .select(['m.person_id', 'm.relation', 'p.name', 'p.document_number', 'p.birth_date', 'd.id as declaration_id', 'd.status', 'd.category_name', 'd.payable_fen', 'd.paid_fen', 'd.subsidy_name'])
    .where('m.region_code', '=', ctx.scope.regionCode)
    .where('m.household_id', '=', id)
    .execute();
  members.sort((a, b) => RELATION_ORDER.indexOf(a.relation) - RELATION_ORDER.indexOf(b.relation) || a.birth_date.localeCompare(b.birth_date));
  const today = shanghaiToday(ctx.now);
  const head = members.find((m) => m.relation === 'head');
  return {
    id: h.id,
    unitId: h.unit_id,
    unitName: h.unit_name,
    headName: head?.name ?? null,
    hukouType: h.hukou_type,
    hukouTypeName: HOUSEHOLD_HUKOU_TYPES[h.hukou_type],
    hukouAddress: h.hukou_address,
    note: h.note,
    year: y,
    members: members.map((m) => ({
      personId: m.person_id,
      name: m.name,
      idNumberMasked: maskIdNumber(m.document_number),
      relation: m.relation,
      relationName: HOUSEHOLD_RELATIONS[m.relation],
      age: ageOn(m.birth_date, today),
      declaration: m.declaration_id
        ? {
            id: m.declaration_id,
            status: m.status!,
            statusName: DECLARATION_STATUS_NAMES[m.status!] ?? m.status!,
            categoryName: m.category_name!,
            payableFen: m.payable_fen!,
            paidFen: m.paid_fen!,
            subsidyName: m.subsidy_name,
          }
        : null,
    })),
    dueFen: members.reduce((s, m) => s + (m.declaration_id && m.status !== 'paid' ? Math.max(0, m.payable_fen! - m.paid_fen!) : 0), 0),
    createdAt: h.created_at.toISOString(),
  };
}

export async function findHouseholds(ctx: ServiceContext, f: { q?: string | undefined; unitId?: string | undefined; page: number; pageSize: number }): Promise<Paged<THouseholdListItem>> {
  const unitId = ctx.scope.unitId ?? f.unitId ?? null;
  const q = f.q?.trim();
  const year = await currentCampaignYear(ctx);
  const region = ctx.scope.regionCode;
  const base = ctx.db
    .selectFrom('household as h')
    .where('h.region_code', '=', ctx.scope.regionCode)
    .$if(unitId !== null, (b) => b.where('h.unit_id', '=', unitId!))
    .$if(!!q, (b) =>
      b.where((eb) =>
        eb.or([
          eb('h.hukou_address', 'like', containsPattern(q!)),
          eb.exists(
            eb
              .selectFrom('household_member as m')
              .innerJoin('person as p', (j) => j.onRef('p.region_code', '=', 'm.region_code').onRef('p.id', '=', 'm.person_id'))
              .select('m.person_id')
              .whereRef('m.household_id', '=', 'h.id')
              .where('m.region_code', '=', ctx.scope.regionCode)
              .whereRef('m.region_code', '=', 'h.region_code')
              .where((w) => w.or([w('p.name', '=', q!), w('p.document_number', '=', q!.toUpperCase())])),
          ),
        ]),
      ),
    );
  const [rows, total] = await Promise.all([
    base
      .leftJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'h.region_code').onRef('u.id', '=', 'h.unit_id'))
      .select([
        'h.id',
        'h.hukou_address',
        'h.hukou_type',
        'h.created_at',
        'u.name as unit_name',
        // Each subquery names the region as a value: on Citus a correlated region alone does not pin it to the shard.
        sql<string | null>`(SELECT p.name FROM household_member m JOIN person p ON p.region_code = m.region_code AND p.id = m.person_id WHERE m.region_code = ${region} AND m.region_code = h.region_code AND m.household_id = h.id AND m.relation = 'head')`.as('head_name'),
        sql<number>`(SELECT count(*)::int FROM household_member m WHERE m.region_code = ${region} AND m.region_code = h.region_code AND m.household_id = h.id)`.as('member_count'),
        sql<{ declared: number; paid: number; due: number }>`(
          SELECT json_build_object('declared', count(*), 'paid', count(*) FILTER (WHERE d.status = 'paid'),
            'due', coalesce(sum(greatest(d.payable_fen - d.paid_fen, 0)) FILTER (WHERE d.status <> 'paid'), 0))
          FROM household_member m JOIN declaration d ON d.region_code = m.region_code AND d.person_id = m.person_id
          WHERE m.region_code = ${region} AND m.region_code = h.region_code AND m.household_id = h.id AND d.insurance_year = ${year} AND d.status <> 'removed')`.as('this_year'),
      ])
      .orderBy('h.created_at', 'desc')
      .orderBy('h.id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      headName: r.head_name,
      hukouAddress: r.hukou_address,
      hukouTypeName: HOUSEHOLD_HUKOU_TYPES[r.hukou_type],
      memberCount: r.member_count,
      declaredCount: Number(r.this_year.declared),
      paidCount: Number(r.this_year.paid),
      dueFen: Number(r.this_year.due),
      unitName: r.unit_name,
      createdAt: r.created_at.toISOString(),
    })),
    total: total.n,
    page: f.page,
    pageSize: f.pageSize,
  };
}

export async function addHouseholdMember(ctx: ServiceContext, id: string, input: THouseholdMemberInput): Promise<THousehold> {
  const h = await loadHousehold(ctx, id);
  if (input.relation === 'head') {
    const head = await ctx.db.selectFrom('household_member').select('person_id').where('region_code', '=', ctx.scope.regionCode).where('household_id', '=', id).where('relation', '=', 'head').executeTakeFirst();
    if (head) throw invalid('relation', '该家庭已有户主');
  }
  const [added] = await addMembers(ctx, id, h.unit_id!, h.hukou_address, [input]);
  await ctx.db.updateTable('household').set({ updated_at: ctx.now }).where('region_code', '=', ctx.scope.regionCode).where('id', '=', id).execute();
  await audit(ctx, { action: 'household.member_added', entityType: 'household', entityId: id, unitId: h.unit_id, after: { personId: added!.id, relation: added!.relation } });
  return getHousehold(ctx, id);
}

export async function removeHouseholdMember(ctx: ServiceContext, id: string, personId: string): Promise<THousehold> {
  const h = await loadHousehold(ctx, id);
  const m = await ctx.db.selectFrom('household_member').select(['relation']).where('region_code', '=', ctx.scope.regionCode).where('household_id', '=', id).where('person_id', '=', personId).executeTakeFirst();
  if (!m) throw new AppError(AppErrorCode.NOT_FOUND, { message: '该人员不是本家庭成员' });
  if (m.relation === 'head') throw new AppError(AppErrorCode.CONFLICT, { message: '户主不能移出，请先登记新的户主' });
  await ctx.db.deleteFrom('household_member').where('region_code', '=', ctx.scope.regionCode).where('household_id', '=', id).where('person_id', '=', personId).execute();
  await audit(ctx, { action: 'household.member_removed', entityType: 'household', entityId: id, unitId: h.unit_id, before: { personId, relation: m.relation } });
  return getHousehold(ctx, id);
}

/** 整户申报: every member of the household declared for the year in one step, as a batch of persons of its unit. */
export async function declareHousehold(ctx: ServiceContext, id: string, year: number): Promise<TBatchResult> {
  const h = await loadHousehold(ctx, id);
  const members = await ctx.db.selectFrom('household_member').select('person_id').where('region_code', '=', ctx.scope.regionCode).where('household_id', '=', id).execute();
  const result = await declareBatch(ctx, { year, unitId: h.unit_id ?? undefined, mode: 'persons', personIds: members.map((m) => m.person_id) });
  await audit(ctx, { action: 'household.declared', entityType: 'household', entityId: id, unitId: h.unit_id, after: { year, declared: result.declared, refused: result.refused.length, alreadyDeclared: result.alreadyDeclared } });
  return result;
}

import { randomInt } from 'node:crypto';
import {
  END_REASON_NAMES,
  ageOn,
  applyHukouFillIn,
  maskIdNumber,
  parsePhoneNumber,
  validateDocument,
  validatePersonName,
  type THukouSpecialCase,
  type TPersonClasses,
  type TPersonStreets,
  type TPersonHolder,
} from '@canbao/domain';
import type { ServiceContext } from '../../context';
import type { PersonUpdate, TEndReason, THukouType } from '../../db/schema/person';
import { AppError, AppErrorCode, fieldError } from '../../errors';
import { shanghaiToday } from '../../time';
import { exportFilter, streamXlsx, type XlsxExport } from '../../xlsx-export';
import { audit } from '../audit/audit.service';
import { regionProfile } from '../policies/policies.service';
import { getDivision } from '../divisions/divisions.repository';
import { getUnitInScope } from '../units/units.repository';
import { findPhotoMeta } from './person-photo';
import * as repo from './persons.repository';
import { PERSON_EXPORT_COLUMNS, presentPerson, presentPersonListItem } from './persons.presenter';
import { findExemptionCategories } from '../policies/policies.repository';

export type PersonFields = {
  name?: string | undefined;
  gender?: 'male' | 'female' | undefined;
  birthDate?: string | undefined;
  ethnicity?: string | null | undefined;
  hukouType?: THukouType | undefined;
  hukouDistrictCode?: string | null | undefined;
  hukouStreetCode?: string | null | undefined;
  hukouAddress?: string | null | undefined;
  hukouSpecialCase?: THukouSpecialCase | null | undefined;
  residencePermitSince?: string | null | undefined;
  inflow?: { from: string; on: string } | null | undefined;
  phone?: string | null | undefined;
  guardian?: { name: string; relation?: string | null | undefined; phone?: string | null | undefined } | null | undefined;
  gradeCode?: string | null | undefined;
  className?: string | null | undefined;
  studentNumber?: string | null | undefined;
  entryYear?: number | null | undefined;
  expectedGraduationYear?: number | null | undefined;
  designatedInstitutions?: string[] | undefined;
  cardStatus?: 'unknown' | 'none' | 'in_production' | 'issued' | undefined;
  pointsEligibility?: { appliedOn: string; approved: boolean; decidedOn?: string | null | undefined } | null | undefined;
};

export type RegisterInput = PersonFields & {
  documentType: string;
  documentNumber?: string | undefined;
  /** Newborn without an ID number yet: the system issues a temporary number, merged later. */
  temporaryNumber?: boolean | undefined;
  unitId?: string | undefined;
  name: string;
  hukouType: THukouType;
};


/** Checks a document and derives birth date and gender; typed values must agree (never typed twice). */
function checkDocument(ctx: ServiceContext, type: string, number: string, typed: { gender?: string | undefined; birthDate?: string | undefined }) {
  const r = validateDocument(type, number, { today: shanghaiToday(ctx.now) });
  if (!r.ok) throw fieldError('documentNumber', r.message);
  if (r.birthDate && typed.birthDate && typed.birthDate !== r.birthDate) {
    throw fieldError('birthDate', `出生日期由证件号码推导为 ${r.birthDate}，与填写的 ${typed.birthDate} 不一致`);
  }
  if (r.gender && typed.gender && typed.gender !== r.gender) {
    throw fieldError('gender', `性别由证件号码推导为${r.gender === 'male' ? '男' : '女'}，与填写的不一致`);
  }
  return r;
}

/** Validates and normalises the editable fields into columns. */
async function normalizeFields(
  ctx: ServiceContext,
  input: PersonFields,
  birthDate: string | undefined,
  unit: { district_code: string; street_code: string | null } | null,
): Promise<PersonUpdate> {
  const out: PersonUpdate = {};
  let f = input;
  if (input.hukouSpecialCase !== undefined) {
    out.hukou_special_case = input.hukouSpecialCase;
    out.hukou_street_name = null;
    if (input.hukouSpecialCase) {
      // Only the cases the region's own notice defines (Beijing's 开发区、高校集体户口、借读生 are Beijing's).
      const offered = (await regionProfile(ctx))?.hukouSpecialCases ?? [];
      if (!offered.includes(input.hukouSpecialCase)) throw fieldError('hukouSpecialCase', '本统筹区的政策没有这种户籍特殊情况，请不要选择');
      const filled = applyHukouFillIn(
        input.hukouSpecialCase,
        { districtCode: unit?.district_code ?? '', streetCode: unit?.street_code ?? null },
        { districtCode: input.hukouDistrictCode, streetCode: input.hukouStreetCode },
      );
      if (!filled.ok) throw fieldError('hukouSpecialCase', filled.message);
      f = { ...input, hukouDistrictCode: filled.districtCode, hukouStreetCode: filled.streetCode };
      out.hukou_street_name = filled.streetName;
    }
  }
  if (f.name !== undefined) {
    const n = validatePersonName(f.name);
    if (!n.ok) throw fieldError('name', n.message);
    out.name = n.normalized;
  }
  if (f.ethnicity !== undefined) out.ethnicity = f.ethnicity;
  if (f.hukouType !== undefined) out.hukou_type = f.hukouType;
  if (f.hukouDistrictCode !== undefined) {
    if (f.hukouDistrictCode !== null) {
      const d = await getDivision(ctx.db, f.hukouDistrictCode);
      if (!d || d.level !== 'district') throw fieldError('hukouDistrictCode', `户籍区县代码 ${f.hukouDistrictCode} 不存在`);
    }
    out.hukou_district_code = f.hukouDistrictCode;
  }
  if (f.hukouStreetCode !== undefined) {
    if (f.hukouStreetCode !== null) {
      const s = await getDivision(ctx.db, f.hukouStreetCode);
      const district = f.hukouDistrictCode;
      if (!s || s.level !== 'street' || (district && s.parent_code !== district)) {
        throw fieldError('hukouStreetCode', `户籍街道（乡镇）代码 ${f.hukouStreetCode} 不属于所选区县`);
      }
    }
    out.hukou_street_code = f.hukouStreetCode;
  }
  if (f.hukouAddress !== undefined) out.hukou_address = f.hukouAddress;
  if (f.residencePermitSince !== undefined) out.residence_permit_since = f.residencePermitSince;
  if (f.inflow !== undefined) {
    if (f.inflow && f.inflow.on > shanghaiToday(ctx.now)) throw fieldError('inflow.on', '迁入日期不能晚于今天');
    out.inflow_from = f.inflow?.from.trim() ?? null;
    out.inflow_on = f.inflow?.on ?? null;
  }
  const phone = (path: string, v: string | null | undefined) => {
    if (!v) return null;
    const r = parsePhoneNumber(v);
    if (!r.ok) throw fieldError(path, r.message);
    return r.normalized;
  };
  if (f.phone !== undefined) out.phone = phone('phone', f.phone);
  if (f.guardian !== undefined) {
    if (f.guardian === null) Object.assign(out, { guardian_name: null, guardian_relation: null, guardian_phone: null });
    else {
      const g = validatePersonName(f.guardian.name);
      if (!g.ok) throw fieldError('guardian.name', `监护人姓名：${g.message}`);
      Object.assign(out, { guardian_name: g.normalized, guardian_relation: f.guardian.relation ?? null });
      // A guardian phone left out keeps the one on record (forms show it masked, so they cannot send it back).
      if (f.guardian.phone !== undefined) out.guardian_phone = phone('guardian.phone', f.guardian.phone);
    }
  }
  if (f.gradeCode !== undefined) out.grade_code = f.gradeCode;
  if (f.className !== undefined) out.class_name = f.className;
  if (f.studentNumber !== undefined) out.student_number = f.studentNumber;
  if (f.entryYear !== undefined) out.entry_year = f.entryYear;
  if (f.expectedGraduationYear !== undefined) out.expected_graduation_year = f.expectedGraduationYear;
  if (f.entryYear && f.expectedGraduationYear && f.expectedGraduationYear < f.entryYear) {
    throw fieldError('expectedGraduationYear', '预计毕业年份不能早于入学年份');
  }
  if (f.entryYear && birthDate && f.entryYear < Number(birthDate.slice(0, 4))) {
    throw fieldError('entryYear', '入学年份不能早于出生年份');
  }
  if (f.designatedInstitutions !== undefined) out.designated_institutions = JSON.stringify(f.designatedInstitutions);
  if (f.cardStatus !== undefined) out.card_status = f.cardStatus;
  if (f.pointsEligibility !== undefined) out.points_eligibility = f.pointsEligibility === null ? null : JSON.stringify(f.pointsEligibility);
  if (f.inflow && birthDate && f.inflow.on < birthDate) throw fieldError('inflow.on', '迁入日期不能早于出生日期');
  if (f.residencePermitSince && birthDate && f.residencePermitSince < birthDate) {
    throw fieldError('residencePermitSince', '居住证起始日期不能早于出生日期');
  }
  return out;
}

/** A temporary number for a newborn without an ID number: LS + region + 8 random digits, type 99. */
function temporaryNumber(regionCode: string) {
  return `LS${regionCode}${String(randomInt(0, 1e8)).padStart(8, '0')}`;
}

async function targetUnit(ctx: ServiceContext, unitId: string | undefined) {
  const id = ctx.scope.role === 'unit_operator' ? ctx.scope.unitId! : unitId;
  if (!id) throw fieldError('unitId', '请选择代办单位');
  if (ctx.scope.role === 'unit_operator' && unitId && unitId !== ctx.scope.unitId) {
    throw new AppError(AppErrorCode.FORBIDDEN, { message: '只能在本单位登记人员' });
  }
  const unit = await getUnitInScope(ctx.db, ctx.scope, id);
  if (!unit) throw fieldError('unitId', '代办单位不存在');
  return unit;
}

/**
 * A unit reads the persons it stopped since 1 January of last year (Asia/Shanghai) besides those it holds: its
 * 已减员 list, read-only, with the reason. The database's person_stopped_sight policy draws the same line.
 */
export function stoppedSight(ctx: ServiceContext): repo.PersonSight {
  return ctx.scope.unitId === null ? null : { stoppedSince: `${Number(shanghaiToday(ctx.now).slice(0, 4)) - 1}-01-01` };
}

/** A person the caller may change: held by its unit (or any, for the agency). One it stopped is read-only. */
async function loadPerson(ctx: ServiceContext, id: string) {
  const p = await repo.getPersonInScope(ctx.db, ctx.scope, id);
  if (p) return p;
  if (await repo.getPersonInScope(ctx.db, ctx.scope, id, stoppedSight(ctx))) {
    throw new AppError(AppErrorCode.CONFLICT, { message: '该人员已由本单位减员，只能查看；如该生回到本单位，请重新登记' });
  }
  throw new AppError(AppErrorCode.NOT_FOUND, { message: '人员不存在' });
}

export async function getPerson(ctx: ServiceContext, id: string, reveal = false) {
  const p = reveal ? await loadPerson(ctx, id) : await repo.getPersonInScope(ctx.db, ctx.scope, id, stoppedSight(ctx));
  if (!p) throw new AppError(AppErrorCode.NOT_FOUND, { message: '人员不存在' });
  const photo = (await findPhotoMeta(ctx, id)) ?? null;
  const photoFromAge = (await regionProfile(ctx))?.cardProduction?.photoFromAge ?? null;
  return presentPerson(p, await repo.findExemptions(ctx.db, id), reveal, photo, shanghaiToday(ctx.now), photoFromAge);
}

/**
 * Registers a person with the unit. One person per document number per region: the database decides (unique
 * index, ON CONFLICT DO NOTHING), so two units registering the same child at the same moment end with one person
 * and one clear conflict naming the holder. A person another unit has stopped (left, graduated) is taken over.
 */
export async function registerPerson(ctx: ServiceContext, input: RegisterInput) {
  const unit = await targetUnit(ctx, input.unitId);
  let documentType = input.documentType;
  let documentNumber: string;
  let birthDate = input.birthDate;
  let gender = input.gender;
  if (input.temporaryNumber) {
    if (!birthDate || !gender) throw fieldError('birthDate', '无证件号码的新生儿须填写出生日期和性别');
    if (ageOn(birthDate, shanghaiToday(ctx.now)) >= 1) throw fieldError('temporaryNumber', '临时编号仅用于尚未办理身份证的一周岁以下新生儿');
    documentType = '99';
    documentNumber = temporaryNumber(ctx.scope.regionCode);
  } else {
    if (!input.documentNumber) throw fieldError('documentNumber', '请填写证件号码');
    const doc = checkDocument(ctx, documentType, input.documentNumber, input);
    documentNumber = doc.normalized;
    birthDate = doc.birthDate ?? birthDate;
    gender = doc.gender ?? gender;
  }
  if (!birthDate) throw fieldError('birthDate', '该证件不含出生日期，请填写');
  if (!gender) throw fieldError('gender', '该证件不含性别，请选择');
  const fields = await normalizeFields(ctx, input, birthDate, unit);
  const today = shanghaiToday(ctx.now);

  const id = await repo.insertPersonIfNew(ctx.db, {
    ...(fields as object),
    region_code: ctx.scope.regionCode,
    document_type: documentType,
    document_number: documentNumber,
    is_temporary_number: !!input.temporaryNumber,
    name: fields.name as string,
    gender,
    birth_date: birthDate,
    hukou_type: input.hukouType,
    unit_id: unit.id,
  } as never);

  let personId = id;
  let action = 'person.registered';
  if (!personId) {
    const holder = await repo.findHolder(ctx.db, ctx.scope.regionCode, documentType, documentNumber);
    if (!holder) throw new AppError(AppErrorCode.CONFLICT, { message: '该证件号码正在被登记，请稍后重试' });
    if (holder.status === 'stopped' && (await repo.claimStoppedPerson(ctx.db, ctx.scope.regionCode, holder.person_id))) {
      personId = holder.person_id;
      action = 'person.transferred_in';
      await repo.updatePerson(ctx.db, personId, { ...fields, unit_id: unit.id, updated_at: ctx.now });
    } else {
      throw holderConflict(ctx, holder, unit.id, documentNumber);
    }
  }
  await repo.openMembership(ctx.db, { region_code: ctx.scope.regionCode, person_id: personId, unit_id: unit.id, started_on: today });
  const person = await getPerson(ctx, personId);
  await audit(ctx, { action, entityType: 'person', entityId: personId, unitId: unit.id, after: person });
  return { person, transferredIn: action === 'person.transferred_in' };
}

function holderConflict(
  ctx: ServiceContext,
  holder: NonNullable<Awaited<ReturnType<typeof repo.findHolder>>>,
  unitId: string,
  documentNumber: string,
) {
  const masked = maskIdNumber(documentNumber);
  if (holder.unit_id === unitId) {
    return new AppError(AppErrorCode.CONFLICT, {
      message: `本单位已登记该人员（${masked}），无需重复登记`,
      details: { holder: { unitName: holder.unit_name, personId: holder.person_id, sameUnit: true } satisfies TPersonHolder },
    });
  }
  const isAgency = ctx.scope.role === 'agency_admin';
  return new AppError(AppErrorCode.CONFLICT, {
    message:
      `该证件号码（${masked}）已在“${holder.unit_name ?? '其他单位'}”登记（${holder.person_name.slice(0, 1)}*），同一人在本统筹区只能登记一次。` +
      (isAgency ? '可将其转移到本单位。' : '如该生已转学，请原单位办理减员后再登记，或联系经办机构办理转移。'),
    details: {
      holder: {
        unitName: holder.unit_name,
        maskedName: `${holder.person_name.slice(0, 1)}*`,
        // The agency may act on the record; a unit only learns where it is.
        ...(isAgency ? { personId: holder.person_id, canTransfer: true } : { canTransfer: false }),
      } satisfies TPersonHolder,
    },
  });
}

/** The filters of the persons list, shared by its export. */
export type PersonListFilter = {
  q?: string | undefined;
  unitId?: string | undefined;
  gradeCode?: string | undefined;
  className?: string | undefined;
  status?: 'active' | 'stopped' | undefined;
};

function repositoryFilter(f: PersonListFilter): repo.PersonFilter {
  // A query that is a valid document number searches by the number (exactly), never by a LIKE on it.
  let documentNumber: string | undefined;
  if (f.q && /^[0-9Xx]{15,18}$/.test(f.q)) {
    const r = validateDocument('01', f.q);
    if (r.ok) documentNumber = r.normalized;
  }
  return { q: f.q, unitId: f.unitId, gradeCode: f.gradeCode, className: f.className, status: f.status, documentNumber };
}

/** The hukou streets of the unit's persons on the roll (a community's list and chase by street). */
export async function findStreets(ctx: ServiceContext, q: { unitId?: string | undefined }): Promise<TPersonStreets> {
  const rows = await repo.findStreets(ctx.db, ctx.scope, q);
  return { items: rows.map((r) => ({ code: r.code, name: r.name, count: Number(r.n) })) };
}

/** The classes to pick from when declaring a whole class (the unit's own, or the agency's chosen unit's). */
export async function findClasses(ctx: ServiceContext, q: { unitId?: string | undefined; gradeCode?: string | undefined }): Promise<TPersonClasses> {
  const rows = await repo.findClasses(ctx.db, ctx.scope, q);
  return { items: rows.map((r) => ({ gradeCode: r.grade_code, className: r.class_name!, count: Number(r.n) })) };
}

export async function findPersons(ctx: ServiceContext, q: PersonListFilter & { page: number; pageSize: number }) {
  const { rows, total } = await repo.findPersons(ctx.db, ctx.scope, repositoryFilter(q), { limit: q.pageSize, offset: (q.page - 1) * q.pageSize }, stoppedSight(ctx));
  return { items: rows.map((p) => presentPersonListItem(p)), total, page: q.page, pageSize: q.pageSize };
}

/**
 * The persons list as an xlsx roster, same filter and scope, numbers masked for every role. The rows are read in
 * pages inside the caller's transaction, which must stay open until `done`; the audit row records the filter and
 * how many rows left — never the rows.
 */
export function exportPersons(ctx: ServiceContext, filter: PersonListFilter): XlsxExport {
  const { stream, done } = streamXlsx({
    sheetName: '参保人员',
    columns: PERSON_EXPORT_COLUMNS,
    pages: repo.pagesOfPersons(ctx.db, ctx.scope, repositoryFilter(filter), stoppedSight(ctx)),
  });
  const today = shanghaiToday(ctx.now);
  return {
    fileName: `参保人员_${today}.xlsx`,
    asciiFileName: `persons_${today}.xlsx`,
    stream,
    done: done.then((r) => audit(ctx, { action: 'person.exported', entityType: 'person', after: { filter: exportFilter(filter), ...r } })),
  };
}

/** The full numbers, for a role that needs them — every reveal is in the audit trail. */
/** The full numbers, for a stated reason: the reason goes into the audit row beside who looked and when. */
export async function revealPerson(ctx: ServiceContext, id: string, input: { reason: string }) {
  const person = await getPerson(ctx, id, true);
  await audit(ctx, { action: 'person.revealed', entityType: 'person', entityId: id, unitId: person.unitId, after: { reason: input.reason } });
  return person;
}

export async function updatePerson(ctx: ServiceContext, id: string, input: PersonFields) {
  const before = await loadPerson(ctx, id);
  if (before.status === 'stopped') throw new AppError(AppErrorCode.CONFLICT, { message: '该人员已停保，不能修改；如需恢复请重新登记' });
  const doc = validateDocument(before.document_type, before.document_number);
  if (doc.ok && doc.birthDate && input.birthDate && input.birthDate !== before.birth_date) throw fieldError('birthDate', '出生日期由证件号码推导，不能修改');
  if (doc.ok && doc.gender && input.gender && input.gender !== before.gender) throw fieldError('gender', '性别由证件号码推导，不能修改');
  const unit = before.unit_id ? ((await getUnitInScope(ctx.db, ctx.scope, before.unit_id)) ?? null) : null;
  const fields = await normalizeFields(ctx, input, before.birth_date, unit);
  if (!doc.ok || !doc.birthDate) {
    if (input.birthDate) fields.birth_date = input.birthDate;
    if (input.gender) fields.gender = input.gender;
  }
  await repo.updatePerson(ctx.db, id, { ...fields, updated_at: ctx.now });
  // A card marked made by hand for someone who had none waits for the unit to collect it, as from the card centre's list.
  if (fields.card_status === 'issued' && before.card_status !== 'issued') {
    await ctx.db
      .insertInto('social_card')
      .values({ region_code: before.region_code, person_id: id, unit_id: before.unit_id, made_on: shanghaiToday(ctx.now) })
      .onConflict((oc) => oc.columns(['region_code', 'person_id']).doNothing())
      .execute();
  }
  const after = await getPerson(ctx, id);
  await audit(ctx, { action: 'person.updated', entityType: 'person', entityId: id, unitId: before.unit_id, before: presentPerson(before, []), after });
  return after;
}

/** 停保/减员: ends the unit membership with its reason; the person stays in the registry with its history. */
export async function stopPerson(ctx: ServiceContext, id: string, input: { reason: TEndReason; date?: string | undefined; note?: string | undefined }) {
  const before = await loadPerson(ctx, id);
  if (before.status === 'stopped') throw new AppError(AppErrorCode.CONFLICT, { message: '该人员已停保' });
  const date = input.date ?? shanghaiToday(ctx.now);
  await repo.closeMembership(ctx.db, id, date, input.reason);
  if (!(await repo.releasePerson(ctx.db, ctx.scope.regionCode, id, `${END_REASON_NAMES[input.reason]}${input.note ? `：${input.note}` : ''}`, date))) {
    throw new AppError(AppErrorCode.CONFLICT, { message: '该人员已不在本单位' });
  }
  await audit(ctx, { action: 'person.stopped', entityType: 'person', entityId: id, unitId: before.unit_id, before: { unitId: before.unit_id, status: 'active' }, after: { status: 'stopped', reason: input.reason, date, note: input.note } });
}

/** Moves a person to another unit of the region (agency only), keeping the timeline. */
export async function transferPerson(ctx: ServiceContext, id: string, input: { unitId: string; date?: string | undefined }) {
  const before = await loadPerson(ctx, id);
  const target = await getUnitInScope(ctx.db, ctx.scope, input.unitId);
  if (!target) throw fieldError('unitId', '目标单位不存在');
  if (before.unit_id === target.id) throw new AppError(AppErrorCode.CONFLICT, { message: '该人员已在目标单位' });
  const date = input.date ?? shanghaiToday(ctx.now);
  if (before.unit_id) await repo.closeMembership(ctx.db, id, date, 'transferred');
  await repo.updatePerson(ctx.db, id, { unit_id: target.id, status: 'active', stop_reason: null, stopped_from_unit_id: null, stopped_on: null, updated_at: ctx.now });
  await repo.openMembership(ctx.db, { region_code: ctx.scope.regionCode, person_id: id, unit_id: target.id, started_on: date });
  await audit(ctx, { action: 'person.transferred', entityType: 'person', entityId: id, unitId: target.id, before: { unitId: before.unit_id, unitName: before.unit_name }, after: { unitId: target.id, unitName: target.name, date } });
  return getPerson(ctx, id);
}

/**
 * Replaces a newborn's temporary number with the real document once issued. The person, its memberships and
 * identities stay the same record; the old number remains in the audit trail.
 */
export async function setRealDocument(ctx: ServiceContext, id: string, input: { documentType: string; documentNumber: string }) {
  const before = await loadPerson(ctx, id);
  if (!before.is_temporary_number) throw new AppError(AppErrorCode.CONFLICT, { message: '该人员已有正式证件号码' });
  const doc = checkDocument(ctx, input.documentType, input.documentNumber, { birthDate: before.birth_date, gender: before.gender });
  const holder = await repo.findHolder(ctx.db, ctx.scope.regionCode, input.documentType, doc.normalized);
  if (holder) {
    throw new AppError(AppErrorCode.CONFLICT, {
      message: `该证件号码已在“${holder.unit_name ?? '本统筹区'}”登记，请联系经办机构合并两条记录`,
      details: { holder: { unitName: holder.unit_name } },
    });
  }
  await repo.updatePerson(ctx.db, id, { document_type: input.documentType, document_number: doc.normalized, is_temporary_number: false, updated_at: ctx.now });
  await audit(ctx, {
    action: 'person.document_merged',
    entityType: 'person',
    entityId: id,
    unitId: before.unit_id,
    before: { documentType: before.document_type, temporaryNumber: before.document_number },
    after: { documentType: input.documentType, documentNumber: doc.normalized },
  });
  return getPerson(ctx, id);
}

export async function getTimeline(ctx: ServiceContext, id: string) {
  if (!(await repo.getPersonInScope(ctx.db, ctx.scope, id, stoppedSight(ctx)))) throw new AppError(AppErrorCode.NOT_FOUND, { message: '人员不存在' });
  const memberships = await repo.findMemberships(ctx.db, id);
  const events = await ctx.db
    .selectFrom('audit_log')
    .select(['action', 'at', 'actor_username', 'after'])
    .where('entity_type', '=', 'person')
    .where('entity_id', '=', id)
    .orderBy('at')
    .execute();
  return {
    memberships: memberships.map((m) => ({
      unitId: m.unit_id,
      unitName: m.unit_name ?? '其他单位',
      startedOn: m.started_on,
      endedOn: m.ended_on,
      endReason: m.end_reason,
      endReasonName: m.end_reason ? END_REASON_NAMES[m.end_reason] : null,
    })),
    events: events.map((e) => ({ action: e.action, at: e.at.toISOString(), actor: e.actor_username })),
  };
}

export type ExemptionInput = {
  categoryCode: string;
  certifyingDepartment: string;
  certificateName?: string | null | undefined;
  certificateNumber?: string | null | undefined;
  validFrom: string;
  validTo?: string | null | undefined;
  source: 'department_list' | 'document';
};

export async function addExemption(ctx: ServiceContext, personId: string, input: ExemptionInput) {
  const person = await loadPerson(ctx, personId);
  const categories = await findExemptionCategories(ctx.db, ctx.scope.regionCode);
  const name = categories.names.get(input.categoryCode);
  if (!name) {
    throw fieldError('categoryCode', `“${input.categoryCode}”不是本统筹区政策方案中的减免类别，可选：${[...categories.names.values()].join('、') || '（无）'}`);
  }
  if (input.source === 'document' && (!input.certificateName || !input.certificateNumber)) {
    throw fieldError('certificateNumber', '凭证件认定的减免须填写证件名称和证件号码');
  }
  if (input.validTo && input.validTo < input.validFrom) throw fieldError('validTo', '有效期止不能早于有效期起');
  const row = await ctx.db
    .insertInto('person_exemption')
    .values({
      region_code: ctx.scope.regionCode,
      person_id: personId,
      category_code: input.categoryCode,
      category_name: name,
      certifying_department: input.certifyingDepartment,
      certificate_name: input.certificateName ?? null,
      certificate_number: input.certificateNumber ?? null,
      valid_from: input.validFrom,
      valid_to: input.validTo ?? null,
      source: input.source,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(ctx, { action: 'person.exemption_added', entityType: 'person', entityId: personId, unitId: person.unit_id, after: { id: row.id, ...input } });
  return getPerson(ctx, personId);
}

export async function removeExemption(ctx: ServiceContext, personId: string, exemptionId: string) {
  const person = await loadPerson(ctx, personId);
  const row = await ctx.db.deleteFrom('person_exemption').where('id', '=', exemptionId).where('person_id', '=', personId).returningAll().executeTakeFirst();
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, { message: '减免身份记录不存在' });
  await audit(ctx, { action: 'person.exemption_removed', entityType: 'person', entityId: personId, unitId: person.unit_id, before: row });
}

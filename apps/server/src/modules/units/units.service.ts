import {
  checkUnitName,
  normalizeBankAccount,
  parsePhoneNumber,
  parseUscc,
  validateOrganisationCode,
  type TUnitKind,
} from '@canbao/domain';
import type { ServiceContext } from '../../context';
import type { NewUnit } from '../../db/schema/unit';
import { AppError, AppErrorCode, fieldError } from '../../errors';
import { shanghaiToday } from '../../time';
import { exportFilter, streamXlsx, type XlsxExport } from '../../xlsx-export';
import { audit } from '../audit/audit.service';
import { getDivision, getDivisionPath } from '../divisions/divisions.repository';
import { regionUnitNaming } from '../policies/policies.service';
import * as repo from './units.repository';
import { UNIT_EXPORT_COLUMNS, presentCoordinator, presentUnit } from './units.presenter';

export async function findUnits(
  ctx: ServiceContext,
  q: { q?: string | undefined; kind?: string | undefined; districtCode?: string | undefined; page: number; pageSize: number },
) {
  const { rows, total } = await repo.findUnits(ctx.db, ctx.scope, q, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items: rows.map((u) => presentUnit(u, ctx.scope, { list: true })), total, page: q.page, pageSize: q.pageSize };
}

export type UnitListFilter = { q?: string | undefined; kind?: TUnitKind | undefined; districtCode?: string | undefined };

/**
 * The units list as an xlsx, same filter and scope (a unit operator gets its own unit), numbers masked. Rows are
 * read in pages inside the caller's transaction, which must stay open until `done`; the audit row records the
 * filter and the row count.
 */
export function exportUnits(ctx: ServiceContext, filter: UnitListFilter): XlsxExport {
  const { stream, done } = streamXlsx({ sheetName: '参保单位', columns: UNIT_EXPORT_COLUMNS, pages: repo.pagesOfUnits(ctx.db, ctx.scope, filter) });
  const today = shanghaiToday(ctx.now);
  return {
    fileName: `参保单位_${today}.xlsx`,
    asciiFileName: `units_${today}.xlsx`,
    stream,
    done: done.then((r) => audit(ctx, { action: 'unit.exported', entityType: 'unit', after: { filter: exportFilter(filter), ...r } })),
  };
}

async function getUnitRow(ctx: ServiceContext, id: string) {
  const unit = await repo.getUnitInScope(ctx.db, ctx.scope, id);
  if (!unit) throw new AppError(AppErrorCode.NOT_FOUND, { message: '单位不存在' });
  return unit;
}

export async function getUnit(ctx: ServiceContext, id: string) {
  const unit = await getUnitRow(ctx, id);
  return presentUnit(unit, ctx.scope, { nameChecks: checkUnitName(unit.name, unit.kind, await regionUnitNaming(ctx)) });
}

export type UnitInput = {
  name?: string | undefined;
  kind?: TUnitKind | undefined;
  districtCode?: string | undefined;
  streetCode?: string | null | undefined;
  uscc?: string | null | undefined;
  socialInsuranceCode?: string | null | undefined;
  organisationCode?: string | null | undefined;
  schoolCode?: string | null | undefined;
  contactName?: string | null | undefined;
  contactPhone?: string | null | undefined;
  address?: string | null | undefined;
  bank?: { code: string; accountNumber: string; holder: string } | null | undefined;
};

/** Fields a unit operator may change on its own unit; everything else is the agency's. */
const OPERATOR_FIELDS = new Set(['contactName', 'contactPhone', 'address']);

/** Validates codes and places; returns the normalised column values for the fields given. */
async function normalizeUnitInput(ctx: ServiceContext, input: UnitInput, current: { id?: string; district_code?: string }) {
  const out: Record<string, unknown> = {};
  if (input.name !== undefined) {
    const clash = await repo.findUnitByCode(ctx.db, ctx.scope.regionCode, 'name', input.name, current.id);
    if (clash) throw new AppError(AppErrorCode.CONFLICT, { message: `本统筹区已有同名单位“${input.name}”`, details: [{ path: 'name', message: '单位名称已存在' }] });
    out.name = input.name;
  }
  if (input.kind !== undefined) out.kind = input.kind;
  const districtCode = input.districtCode ?? current.district_code;
  if (input.districtCode !== undefined) {
    const d = await getDivision(ctx.db, input.districtCode);
    const path = d ? await getDivisionPath(ctx.db, d.code) : [];
    if (!d || d.level !== 'district' || !path.some((p) => p.code === ctx.scope.regionCode)) {
      throw fieldError('districtCode', `区县代码 ${input.districtCode} 不是本统筹区的区县`);
    }
    out.district_code = d.code;
  }
  if (input.streetCode !== undefined) {
    if (input.streetCode === null) out.street_code = null;
    else {
      const s = await getDivision(ctx.db, input.streetCode);
      if (!s || s.level !== 'street' || s.parent_code !== districtCode) {
        throw fieldError('streetCode', `街道（乡镇）代码 ${input.streetCode} 不属于所选区县`);
      }
      out.street_code = s.code;
    }
  }
  if (input.uscc !== undefined) {
    if (input.uscc === null) out.uscc = null;
    else {
      const r = parseUscc(input.uscc);
      if (!r.ok) throw fieldError('uscc', r.message);
      const clash = await repo.findUnitByCode(ctx.db, ctx.scope.regionCode, 'uscc', r.normalized, current.id);
      if (clash) throw new AppError(AppErrorCode.CONFLICT, { message: `统一社会信用代码已被“${clash.name}”使用`, details: [{ path: 'uscc', message: '代码已被使用' }] });
      out.uscc = r.normalized;
    }
  }
  if (input.organisationCode !== undefined) {
    if (input.organisationCode === null) out.organisation_code = null;
    else {
      const r = validateOrganisationCode(input.organisationCode);
      if (!r.ok) throw fieldError('organisationCode', r.message);
      out.organisation_code = r.normalized;
    }
  }
  if (input.schoolCode !== undefined) {
    if (input.schoolCode === null) out.school_code = null;
    else {
      // 学校标识码 issued by the Ministry of Education: 10 digits.
      if (!/^\d{10}$/.test(input.schoolCode)) throw fieldError('schoolCode', '学校标识码应为 10 位数字');
      const clash = await repo.findUnitByCode(ctx.db, ctx.scope.regionCode, 'school_code', input.schoolCode, current.id);
      if (clash) throw new AppError(AppErrorCode.CONFLICT, { message: `学校标识码已被“${clash.name}”使用`, details: [{ path: 'schoolCode', message: '代码已被使用' }] });
      out.school_code = input.schoolCode;
    }
  }
  if (input.socialInsuranceCode !== undefined) {
    if (input.socialInsuranceCode !== null && !/^[0-9A-Za-z-]{4,30}$/.test(input.socialInsuranceCode)) {
      throw fieldError('socialInsuranceCode', '社会保险登记证编码应为 4–30 位字母或数字');
    }
    out.social_insurance_code = input.socialInsuranceCode;
  }
  if (input.contactName !== undefined) out.contact_name = input.contactName;
  if (input.contactPhone !== undefined) {
    if (input.contactPhone === null) out.contact_phone = null;
    else {
      const r = parsePhoneNumber(input.contactPhone);
      if (!r.ok) throw fieldError('contactPhone', r.message);
      out.contact_phone = r.normalized;
    }
  }
  if (input.address !== undefined) out.address = input.address;
  if (input.bank !== undefined) {
    if (input.bank === null) Object.assign(out, { bank_code: null, bank_account_number: null, bank_account_holder: null });
    else {
      const r = normalizeBankAccount(input.bank.accountNumber);
      if (!r.ok) throw fieldError('bank.accountNumber', r.message);
      Object.assign(out, { bank_code: input.bank.code, bank_account_number: r.normalized, bank_account_holder: input.bank.holder });
    }
  }
  return out;
}

export async function createUnit(ctx: ServiceContext, input: UnitInput & { name: string; kind: TUnitKind; districtCode: string }) {
  const values = await normalizeUnitInput(ctx, input, {});
  const { id } = await repo.insertUnit(ctx.db, { ...(values as unknown as NewUnit), region_code: ctx.scope.regionCode });
  const unit = await getUnit(ctx, id);
  await audit(ctx, { action: 'unit.created', entityType: 'unit', entityId: id, unitId: id, after: unit });
  return unit;
}

export async function updateUnit(ctx: ServiceContext, id: string, input: UnitInput) {
  const before = await getUnitRow(ctx, id);
  if (ctx.scope.role !== 'agency_admin') {
    const denied = Object.keys(input).filter((k) => input[k as keyof UnitInput] !== undefined && !OPERATOR_FIELDS.has(k));
    if (denied.length) {
      throw new AppError(AppErrorCode.FORBIDDEN, { message: '单位名称、类别、代码、区划和银行账户由经办机构维护；本单位只能修改联系人、联系电话和地址' });
    }
  }
  const values = await normalizeUnitInput(ctx, input, { id, district_code: before.district_code });
  await repo.updateUnit(ctx.db, id, { ...values, updated_at: ctx.now });
  const after = await getUnit(ctx, id);
  await audit(ctx, { action: 'unit.updated', entityType: 'unit', entityId: id, unitId: id, before: presentUnit(before, ctx.scope), after });
  return after;
}

export type CoordinatorInput = {
  name: string;
  gender?: 'male' | 'female' | null | undefined;
  department?: string | null | undefined;
  title?: string | null | undefined;
  officePhone?: string | null | undefined;
  mobile?: string | null | undefined;
};

function normalizeCoordinator(input: CoordinatorInput) {
  const phone = (path: string, v: string | null | undefined, mobileOnly: boolean) => {
    if (!v) return null;
    const r = parsePhoneNumber(v);
    if (!r.ok) throw fieldError(path, r.message);
    if (mobileOnly && r.kind !== 'mobile') throw fieldError(path, '请填写手机号码');
    return r.normalized;
  };
  return {
    name: input.name,
    gender: input.gender ?? null,
    department: input.department ?? null,
    title: input.title ?? null,
    office_phone: phone('officePhone', input.officePhone, false),
    mobile: phone('mobile', input.mobile, true),
  };
}

export async function findCoordinators(ctx: ServiceContext, unitId: string, withHistory: boolean) {
  await getUnitRow(ctx, unitId);
  return (await repo.findCoordinators(ctx.db, unitId, withHistory)).map((c) => presentCoordinator(c, ctx.scope));
}

export async function addCoordinator(ctx: ServiceContext, unitId: string, input: CoordinatorInput) {
  await getUnitRow(ctx, unitId);
  const row = await ctx.db
    .insertInto('unit_coordinator')
    .values({ ...normalizeCoordinator(input), region_code: ctx.scope.regionCode, unit_id: unitId, valid_from: ctx.now })
    .returningAll()
    .executeTakeFirstOrThrow();
  const c = presentCoordinator(row, ctx.scope);
  await audit(ctx, { action: 'coordinator.added', entityType: 'unit_coordinator', entityId: row.id, unitId, after: c });
  return c;
}

/** Changing a coordinator keeps the old record as history: it is closed and a new one opened. */
export async function replaceCoordinator(ctx: ServiceContext, unitId: string, id: string, input: CoordinatorInput) {
  const old = await closeCoordinator(ctx, unitId, id);
  const row = await ctx.db
    .insertInto('unit_coordinator')
    .values({ ...normalizeCoordinator(input), region_code: ctx.scope.regionCode, unit_id: unitId, valid_from: ctx.now })
    .returningAll()
    .executeTakeFirstOrThrow();
  const c = presentCoordinator(row, ctx.scope);
  await audit(ctx, { action: 'coordinator.replaced', entityType: 'unit_coordinator', entityId: row.id, unitId, before: old, after: c });
  return c;
}

async function closeCoordinator(ctx: ServiceContext, unitId: string, id: string) {
  await getUnitRow(ctx, unitId);
  const c = await repo.getCoordinator(ctx.db, unitId, id);
  if (!c) throw new AppError(AppErrorCode.NOT_FOUND, { message: '协管员不存在' });
  if (c.valid_to) throw new AppError(AppErrorCode.CONFLICT, { message: '该协管员记录已是历史记录' });
  await ctx.db.updateTable('unit_coordinator').set({ valid_to: ctx.now }).where('id', '=', id).execute();
  return presentCoordinator(c, ctx.scope);
}

export async function removeCoordinator(ctx: ServiceContext, unitId: string, id: string) {
  const old = await closeCoordinator(ctx, unitId, id);
  await audit(ctx, { action: 'coordinator.removed', entityType: 'unit_coordinator', entityId: id, unitId, before: old });
}

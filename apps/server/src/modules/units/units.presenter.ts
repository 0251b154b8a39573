import { BANK_NAMES, UNIT_KIND_NAMES, maskBankAccount, maskPhone, type TCoordinator, type TNameCheck, type TUnit } from '@canbao/domain';
import type { Scope } from '../../db/database';
import type { Unit } from '../../db/schema/unit';
import type { UnitCoordinator } from '../../db/schema/unit-coordinator';
import type { ExportColumn } from '../../xlsx-export';

/**
 * Contact numbers and the bank account are needed in full by the agency and by the unit itself only, and only on
 * one unit's page: every list (and every export) masks them, for every role — one rule for lists everywhere.
 */
const seesInFull = (scope: Scope, unitId: string) => scope.role === 'agency_admin' || scope.unitId === unitId;
const maskAccount = maskBankAccount;

type UnitRow = Unit & { district_name: string | null; street_name: string | null };

export function presentUnit(u: UnitRow, scope: Scope, view: { list: true } | { nameChecks: TNameCheck[] } | null = null): TUnit {
  const full = !(view && 'list' in view) && seesInFull(scope, u.id);
  const nameChecks = view && 'nameChecks' in view ? view.nameChecks : undefined;
  return {
    id: u.id,
    regionCode: u.region_code,
    districtCode: u.district_code,
    districtName: u.district_name,
    streetCode: u.street_code,
    streetName: u.street_name,
    name: u.name,
    kind: u.kind,
    uscc: u.uscc,
    socialInsuranceCode: u.social_insurance_code,
    organisationCode: u.organisation_code,
    schoolCode: u.school_code,
    contactName: u.contact_name,
    contactPhone: u.contact_phone ? (full ? u.contact_phone : maskPhone(u.contact_phone)) : null,
    address: u.address,
    bank:
      u.bank_code && u.bank_account_number && u.bank_account_holder
        ? {
            code: u.bank_code,
            name: BANK_NAMES[u.bank_code] ?? u.bank_code,
            accountNumber: full ? u.bank_account_number : maskAccount(u.bank_account_number),
            holder: u.bank_account_holder,
          }
        : null,
    ...(nameChecks ? { nameChecks } : {}),
    createdAt: u.created_at.toISOString(),
    updatedAt: u.updated_at.toISOString(),
  };
}

export function presentCoordinator(c: UnitCoordinator, scope: Scope): TCoordinator {
  const full = seesInFull(scope, c.unit_id);
  return {
    id: c.id,
    unitId: c.unit_id,
    name: c.name,
    gender: c.gender,
    department: c.department,
    title: c.title,
    officePhone: c.office_phone,
    mobile: c.mobile ? (full ? c.mobile : maskPhone(c.mobile)) : null,
    validFrom: c.valid_from.toISOString(),
    validTo: c.valid_to ? c.valid_to.toISOString() : null,
  };
}

/**
 * The columns of the units export. Contact phone and bank account are masked for every role, the agency and the
 * unit itself included: an export is a file that travels, and nobody gets full numbers from one.
 */
export const UNIT_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<UnitRow>> = [
  { header: '单位名称', width: 34, value: (u) => u.name },
  { header: '类别', width: 16, value: (u) => UNIT_KIND_NAMES[u.kind] },
  { header: '所属区县', width: 12, value: (u) => u.district_name ?? u.district_code },
  { header: '街道（乡镇）', width: 16, value: (u) => u.street_name },
  { header: '统一社会信用代码', width: 22, value: (u) => u.uscc },
  { header: '社会保险登记证号', width: 18, value: (u) => u.social_insurance_code },
  { header: '组织机构代码', width: 14, value: (u) => u.organisation_code },
  { header: '学校代码', width: 14, value: (u) => u.school_code },
  { header: '联系人', width: 10, value: (u) => u.contact_name },
  { header: '联系电话', width: 16, value: (u) => (u.contact_phone ? maskPhone(u.contact_phone) : null) },
  { header: '地址', width: 36, value: (u) => u.address },
  { header: '扣款银行', width: 18, value: (u) => (u.bank_code ? (BANK_NAMES[u.bank_code] ?? u.bank_code) : null) },
  { header: '银行账号', width: 24, value: (u) => (u.bank_account_number ? maskAccount(u.bank_account_number) : null) },
  { header: '账户名', width: 30, value: (u) => u.bank_account_holder },
];

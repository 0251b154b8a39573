import type { TBankCode, TUnitKind } from '@canbao/domain';
import type { TUnit } from '@canbao/domain';
import { textOrNull } from '../../lib/check-rule';
import { joinDivisionCode, splitDivisionCode } from '../divisions/api';
import type { UnitInput } from './api';
import { isSchoolKind } from './unit-access';

/** The unit form's fields: the API body, with the place as one picker value and the bank account flattened. */
export interface UnitFormValues {
  kind: TUnitKind;
  name: string;
  uscc?: string;
  organisationCode?: string;
  socialInsuranceCode?: string;
  schoolCode?: string;
  /** The deepest code picked: a district, or a street of it. */
  division?: string | null;
  address?: string;
  contactName?: string;
  contactPhone?: string;
  bankCode?: TBankCode | null;
  bankAccountNumber?: string;
  bankHolder?: string;
}

/** A stored unit as form values; null gives the values of a new unit. */
export function toFormValues(unit: TUnit | null): Partial<UnitFormValues> {
  if (!unit) return { kind: 'primary' };
  return {
    kind: unit.kind,
    name: unit.name,
    uscc: unit.uscc ?? undefined,
    organisationCode: unit.organisationCode ?? undefined,
    socialInsuranceCode: unit.socialInsuranceCode ?? undefined,
    schoolCode: unit.schoolCode ?? undefined,
    division: joinDivisionCode(unit.districtCode, unit.streetCode),
    address: unit.address ?? undefined,
    contactName: unit.contactName ?? undefined,
    contactPhone: unit.contactPhone ?? undefined,
    bankCode: (unit.bank?.code as TBankCode | undefined) ?? null,
    bankAccountNumber: unit.bank?.accountNumber,
    bankHolder: unit.bank?.holder,
  };
}

/** Form values as the API body: blanks become null (cleared), the bank account is all three parts or none. */
export function toInput(values: UnitFormValues): UnitInput {
  const { districtCode, streetCode } = splitDivisionCode(values.division);
  const accountNumber = textOrNull(values.bankAccountNumber);
  const holder = textOrNull(values.bankHolder);
  return {
    kind: values.kind,
    name: values.name.trim(),
    // The form requires a division, so the district is there.
    districtCode: districtCode ?? '',
    streetCode,
    uscc: textOrNull(values.uscc),
    organisationCode: textOrNull(values.organisationCode),
    socialInsuranceCode: textOrNull(values.socialInsuranceCode),
    // Only schools and kindergartens have a 学校标识码; changing the kind away from a school clears it.
    schoolCode: isSchoolKind(values.kind) ? textOrNull(values.schoolCode) : null,
    address: textOrNull(values.address),
    contactName: textOrNull(values.contactName),
    contactPhone: textOrNull(values.contactPhone),
    bank: values.bankCode && accountNumber && holder ? { code: values.bankCode, accountNumber, holder } : null,
  };
}


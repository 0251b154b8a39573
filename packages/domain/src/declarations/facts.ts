import type { TUnitKind } from '../access/roles';
import type { TEnrollmentHistoryYear, TExemptionClaim, TFeeFacts } from '../policy/fee-quote';
import type { THukouType, TSchoolLevel } from '../policy/profile';

/** What the registry holds of a person, as the declaration step reads it. */
export type TRegisteredPerson = {
  documentType: string;
  documentNumber: string;
  birthDate: string;
  gender: 'male' | 'female';
  hukouType: THukouType;
  hukouDistrictCode: string | null;
  residencePermitSince: string | null;
  gradeCode: string | null;
  pointsEligibility: { appliedOn: string; approved: boolean } | null;
  /** The declaring unit's kind; null for a family declaration at the agency's counter. */
  unitKind: TUnitKind | null;
};

export type TRegisteredExemption = {
  categoryCode: string;
  validFrom: string;
  validTo: string | null;
  certificateName: string | null;
  certificateNumber: string | null;
  source: 'department_list' | 'document';
};

const UNIT_KIND_LEVEL: Partial<Record<TUnitKind, TSchoolLevel>> = {
  kindergarten: 'kindergarten',
  primary: 'primary',
  middle: 'middle',
  high: 'high',
  vocational: 'vocational',
  university: 'university',
};

/**
 * The school level of a placement: the grade code decides (00 kindergarten, 01–06 primary, 11–13 middle, 14–16
 * high, 17–19 vocational, 21+ university — see registry/grades.ts), else the unit's kind; null when not in school.
 */
export function schoolLevelOf(gradeCode: string | null, unitKind: TUnitKind | null): TSchoolLevel | null {
  if (gradeCode && /^\d{2}$/.test(gradeCode)) {
    const n = Number(gradeCode);
    if (n === 0) return 'kindergarten';
    if (n <= 6) return 'primary';
    if (n <= 13) return 'middle';
    if (n <= 16) return 'high';
    if (n <= 19) return 'vocational';
    return 'university';
  }
  return unitKind ? (UNIT_KIND_LEVEL[unitKind] ?? null) : null;
}

/**
 * The policy engine's facts for a registered person on a date: birth date and gender from the registry (already
 * derived from the ID number when it was registered), school level from the placement, exemption identities
 * from the registry's records, enrollment history from earlier declarations. The engine decides the rest.
 */
export function factsFromPerson(
  person: TRegisteredPerson,
  exemptions: readonly TRegisteredExemption[],
  history: readonly TEnrollmentHistoryYear[],
  applyDate: string,
): TFeeFacts {
  const level = schoolLevelOf(person.gradeCode, person.unitKind);
  const claims: TExemptionClaim[] = exemptions.map((e) => ({
    code: e.categoryCode,
    validFrom: e.validFrom,
    ...(e.validTo ? { validTo: e.validTo } : {}),
    evidence: e.source === 'document' ? 'certificate' : 'department_list',
    ...(e.certificateName ? { certificateName: e.certificateName } : {}),
    ...(e.certificateNumber ? { certificateNumber: e.certificateNumber } : {}),
  }));
  return {
    birthDate: person.birthDate,
    gender: person.gender,
    inSchool: level !== null,
    ...(level ? { schoolLevel: level } : {}),
    hukouType: person.hukouType,
    ...(person.hukouDistrictCode ? { hukouRegionCode: person.hukouDistrictCode } : {}),
    ...(person.residencePermitSince ? { residencePermitSince: person.residencePermitSince } : {}),
    ...(person.pointsEligibility ? { pointsEligibility: { appliedOn: person.pointsEligibility.appliedOn, approved: person.pointsEligibility.approved } } : {}),
    exemptions: claims,
    history: [...history],
    applyDate,
  };
}

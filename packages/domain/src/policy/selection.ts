import type { THukouType, TPersonSelector, TPolicyGender, TSchoolLevel } from './profile';

/** The facts a selector looks at, already derived (age on the profile's reference date, valid identities …). */
export interface TPersonPoint {
  age: number;
  inSchool: boolean;
  schoolLevel: TSchoolLevel | null;
  /** Only meaningful in school: the school is inside the pooling region. */
  schoolInRegion: boolean;
  hukouType: THukouType;
  hukouRegionCode: string | null;
  /** Null when neither given nor derivable from an ID number. */
  gender: TPolicyGender | null;
  flags: readonly string[];
  /** Codes of exemption identities valid on the judging date. */
  identities: readonly string[];
  newborn: boolean;
}

function intersects(a: readonly string[], b: readonly string[]): boolean {
  return a.some((x) => b.includes(x));
}

/** Every given condition must hold. An unknown gender never matches a gender condition. */
export function matchesSelector(sel: TPersonSelector, p: TPersonPoint): boolean {
  if (sel.ageMin !== undefined && p.age < sel.ageMin) return false;
  if (sel.ageMax !== undefined && p.age > sel.ageMax) return false;
  if (sel.inSchool !== undefined && p.inSchool !== sel.inSchool) return false;
  if (sel.schoolLevels !== undefined && (!p.inSchool || p.schoolLevel === null || !sel.schoolLevels.includes(p.schoolLevel))) {
    return false;
  }
  if (sel.schoolInRegion !== undefined && (!p.inSchool || p.schoolInRegion !== sel.schoolInRegion)) return false;
  if (sel.hukouTypes !== undefined && !sel.hukouTypes.includes(p.hukouType)) return false;
  if (sel.hukouRegionPrefixes !== undefined) {
    const code = p.hukouRegionCode;
    if (code === null || !sel.hukouRegionPrefixes.some((prefix) => code.startsWith(prefix))) return false;
  }
  if (sel.genders !== undefined && (p.gender === null || !sel.genders.includes(p.gender))) return false;
  if (sel.flagsAny !== undefined && !intersects(sel.flagsAny, p.flags)) return false;
  if (sel.identitiesAny !== undefined && !intersects(sel.identitiesAny, p.identities)) return false;
  if (sel.newborn !== undefined && p.newborn !== sel.newborn) return false;
  return true;
}

export function matchesAny(selectors: readonly TPersonSelector[], p: TPersonPoint): boolean {
  return selectors.some((s) => matchesSelector(s, p));
}

export function usesGender(selectors: readonly TPersonSelector[]): boolean {
  return selectors.some((s) => s.genders !== undefined);
}

/** Conditions outside the age × school × hukou × gender grid that validateProfile can enumerate. */
export function usesSpecialConditions(sel: TPersonSelector): boolean {
  return (
    sel.flagsAny !== undefined ||
    sel.identitiesAny !== undefined ||
    sel.newborn !== undefined ||
    sel.hukouRegionPrefixes !== undefined
  );
}

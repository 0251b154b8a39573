import { addYears, isIsoDate } from './calendar';
import { PolicyError, PolicyErrorCode } from './errors';
import type { TPolicyProfile } from './profile';

const ISO_DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

function shiftDates(value: unknown, years: number): unknown {
  if (typeof value === 'string') return ISO_DATE_SHAPE.test(value) && isIsoDate(value) ? addYears(value, years) : value;
  if (Array.isArray(value)) return value.map((v) => shiftDates(v, years));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftDates(v, years)]));
  }
  return value;
}

/**
 * A template profile for another insurance year: every date moves by the same number of years (29 February
 * becomes 28 February), the id becomes '<prefix>-<year>'. Amounts and rule parameters stay as they are — a region
 * adopting the template overrides them from its own notice. Throws for a profile that is not a template.
 */
export function instantiateTemplate(template: TPolicyProfile, insuranceYear: number): TPolicyProfile {
  if (!template.template) {
    throw new PolicyError(PolicyErrorCode.NOT_A_TEMPLATE, `“${template.name}”不是模板，不能派生其他年度`);
  }
  return shiftProfile(template, insuranceYear);
}

/**
 * A region's own profile carried to another insurance year with its rules and amounts unchanged, for demo data
 * and rehearsals: every date moves by the same number of years (the notice it cites keeps its own), and a note
 * says which notice the rules are from.
 * A real campaign adopts the new year's notice instead.
 */
export function carryProfileToYear(profile: TPolicyProfile, insuranceYear: number): TPolicyProfile {
  const shifted = shiftProfile(profile, insuranceYear);
  const from = profile.sourceNotice.documentNumber;
  return { ...shifted, sourceNotice: profile.sourceNotice, notes: [...(shifted.notes ?? []), `本年度方案沿用 ${profile.insuranceYear} 年度通知（${from}）的规则与标准，日期顺延至 ${insuranceYear} 年度。`] };
}

function shiftProfile(profile: TPolicyProfile, insuranceYear: number): TPolicyProfile {
  if (!Number.isInteger(insuranceYear) || insuranceYear < 1990 || insuranceYear > 2100) {
    throw new PolicyError(PolicyErrorCode.INVALID_PROFILE, `参保年度 ${insuranceYear} 无效`);
  }
  const shift = insuranceYear - profile.insuranceYear;
  const shifted = shiftDates(profile, shift) as TPolicyProfile;
  const prefix = profile.id.replace(/-\d{4}$/, '');
  return {
    ...shifted,
    id: `${prefix}-${insuranceYear}`,
    name: profile.name.replace(String(profile.insuranceYear), String(insuranceYear)),
    insuranceYear,
    // Rule parameters that are years, not dates, keep their meaning (e.g. gaps count from 2025).
    waitingPeriod: profile.waitingPeriod,
  };
}

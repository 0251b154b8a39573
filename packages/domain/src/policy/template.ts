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
  if (!Number.isInteger(insuranceYear) || insuranceYear < 1990 || insuranceYear > 2100) {
    throw new PolicyError(PolicyErrorCode.INVALID_PROFILE, `参保年度 ${insuranceYear} 无效`);
  }
  const shift = insuranceYear - template.insuranceYear;
  const shifted = shiftDates(template, shift) as TPolicyProfile;
  const prefix = template.id.replace(/-\d{4}$/, '');
  return {
    ...shifted,
    id: `${prefix}-${insuranceYear}`,
    name: template.name.replace(String(template.insuranceYear), String(insuranceYear)),
    insuranceYear,
    // Rule parameters that are years, not dates, keep their meaning (e.g. gaps count from 2025).
    waitingPeriod: template.waitingPeriod,
  };
}

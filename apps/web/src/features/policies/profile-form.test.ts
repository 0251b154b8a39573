import { SUZHOU_2019, TEMPLATE_2025, validateProfile } from '@canbao/domain';
import { describe, expect, it } from 'vitest';
import { applyFormValues, formFieldForIssue, profileToFormValues } from './profile-form';

describe('profile edit form', () => {
  it('reads a profile into form values with amounts in yuan', () => {
    const values = profileToFormValues(SUZHOU_2019);
    expect(values.declarationWindow).toEqual({ start: '2018-09-01', end: '2018-11-20' });
    expect(values.adjustmentWindow).toMatchObject({ start: '2018-11-21', end: '2018-11-30' });
    expect(values.benefitPeriod).toEqual({ start: '2019-01-01', end: '2019-12-31' });
    expect(values.categories[0]!.parts.map((p) => p.amountYuan)).toEqual(['170.00', '20.00']);
    expect(values.lateEnrollment).toEqual({ allowed: false, until: null });
  });

  it('gives back the very same profile when nothing changed', () => {
    expect(applyFormValues(SUZHOU_2019, profileToFormValues(SUZHOU_2019))).toEqual(SUZHOU_2019);
    expect(applyFormValues(TEMPLATE_2025, profileToFormValues(TEMPLATE_2025))).toEqual(TEMPLATE_2025);
  });

  it('puts changed amounts and windows back, with the total recomputed, and leaves the base untouched', () => {
    const values = profileToFormValues(SUZHOU_2019);
    values.categories[0]!.parts[0]!.amountYuan = '180.5';
    values.declarationWindow.end = '2018-11-25';
    values.adjustmentWindow = { ...values.adjustmentWindow!, start: '2018-11-26' };
    const next = applyFormValues(SUZHOU_2019, values);
    expect(next.categories[0]!.parts[0]!.amountFen).toBe(18050);
    expect(next.categories[0]!.totalFen).toBe(20050);
    expect(next.declarationWindow).toMatchObject({ start: '2018-09-01', end: '2018-11-25', source: SUZHOU_2019.declarationWindow.source });
    expect(next.adjustmentWindow?.start).toBe('2018-11-26');
    expect(SUZHOU_2019.categories[0]!.parts[0]!.amountFen).toBe(17000);
    expect(validateProfile(next).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('sends a negative amount as typed, for the server to refuse', () => {
    const values = profileToFormValues(SUZHOU_2019);
    values.categories[0]!.parts[1]!.amountYuan = '-5';
    const next = applyFormValues(SUZHOU_2019, values);
    expect(next.categories[0]!.parts[1]!.amountFen).toBe(-500);
    expect(validateProfile(next).some((i) => i.path === 'categories.0.parts.1.amountFen')).toBe(true);
  });

  it('sets and clears the late-enrollment deadline', () => {
    const values = profileToFormValues(TEMPLATE_2025);
    values.lateEnrollment.until = '2025-06-30';
    expect(applyFormValues(TEMPLATE_2025, values).lateEnrollment.until).toBe('2025-06-30');
    values.lateEnrollment.until = null;
    expect(applyFormValues(TEMPLATE_2025, values).lateEnrollment).not.toHaveProperty('until');
  });
});

describe('formFieldForIssue', () => {
  const suzhou = profileToFormValues(SUZHOU_2019);
  const template = profileToFormValues(TEMPLATE_2025);

  it('maps the paths of the server to the fields showing them', () => {
    expect(formFieldForIssue('declarationWindow.end', suzhou)).toEqual(['declarationWindow', 'end']);
    expect(formFieldForIssue('adjustmentWindow.start', suzhou)).toEqual(['adjustmentWindow', 'start']);
    expect(formFieldForIssue('declarationWindow', suzhou)).toEqual(['declarationWindow', 'end']);
    expect(formFieldForIssue('categories.0.parts.1.amountFen', suzhou)).toEqual(['categories', 0, 'parts', 1, 'amountYuan']);
  });

  it('leaves to the list what the form has no field for', () => {
    expect(formFieldForIssue('categories', suzhou)).toBeNull();
    expect(formFieldForIssue('categories.0.totalFen', suzhou)).toBeNull();
    expect(formFieldForIssue('identities.2.source', suzhou)).toBeNull();
    expect(formFieldForIssue('adjustmentWindow.start', template)).toBeNull();
    expect(formFieldForIssue('benefitPeriod.end', template)).toBeNull();
  });
});

/**
 * The structured edit form of a policy profile: the values it holds, how they are made from a profile and put back
 * into it, and which form field shows a validation issue of the server. Everything the form does not hold stays
 * exactly as it was in the profile (the advanced JSON editor covers the rest).
 */
import type { TPolicyProfile } from '@canbao/domain';
import { fenToYuanInput, parseYuanInput } from '../../lib/money';

/** Dates are 'YYYY-MM-DD' strings in the form store; amounts are yuan text ('170.00'), read back exactly. */
export interface TProfileFormValues {
  note: string;
  declarationWindow: { start: string; end: string };
  /** Null when the profile has no adjustment window (the form cannot add one: it needs a cited source). */
  adjustmentWindow: { start: string; end: string; allows: string } | null;
  lateEnrollment: { allowed: boolean; until: string | null };
  /** Null for a calendar-year benefit period, which has no dates to edit. */
  benefitPeriod: { start: string; end: string } | null;
  categories: { parts: { amountYuan: string }[] }[];
}

export function profileToFormValues(p: TPolicyProfile): TProfileFormValues {
  return {
    note: '',
    declarationWindow: { start: p.declarationWindow.start, end: p.declarationWindow.end },
    adjustmentWindow: p.adjustmentWindow
      ? { start: p.adjustmentWindow.start, end: p.adjustmentWindow.end, allows: p.adjustmentWindow.allows }
      : null,
    lateEnrollment: { allowed: p.lateEnrollment.allowed, until: p.lateEnrollment.until ?? null },
    benefitPeriod: p.benefitPeriod.kind === 'custom' ? { start: p.benefitPeriod.start, end: p.benefitPeriod.end } : null,
    categories: p.categories.map((c) => ({ parts: c.parts.map((part) => ({ amountYuan: fenToYuanInput(part.amountFen) })) })),
  };
}

/** Reads a yuan text of the form into fen; the form's own rules have already refused unreadable text. */
function fenOf(text: string): number {
  const parsed = parseYuanInput(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.fen;
}

/**
 * The profile with the form's values put in: windows, benefit period dates and the amount of every fee part. Each
 * category's total becomes the sum of its parts, so "parts add up" holds by construction. Amounts are not checked
 * here (a negative one is sent as typed): the server's validation is the one that speaks.
 */
export function applyFormValues(base: TPolicyProfile, values: TProfileFormValues): TPolicyProfile {
  const next = structuredClone(base);
  next.declarationWindow = { ...next.declarationWindow, start: values.declarationWindow.start, end: values.declarationWindow.end };
  if (next.adjustmentWindow && values.adjustmentWindow) {
    next.adjustmentWindow = {
      ...next.adjustmentWindow,
      start: values.adjustmentWindow.start,
      end: values.adjustmentWindow.end,
      allows: values.adjustmentWindow.allows.trim(),
    };
  }
  const { until: _until, ...late } = next.lateEnrollment;
  next.lateEnrollment = {
    ...late,
    allowed: values.lateEnrollment.allowed,
    ...(values.lateEnrollment.until ? { until: values.lateEnrollment.until } : {}),
  };
  if (next.benefitPeriod.kind === 'custom' && values.benefitPeriod) {
    next.benefitPeriod = { ...next.benefitPeriod, start: values.benefitPeriod.start, end: values.benefitPeriod.end };
  }
  next.categories = next.categories.map((category, i) => {
    const formParts = values.categories[i]?.parts ?? [];
    const parts = category.parts.map((part, j) => {
      const text = formParts[j]?.amountYuan;
      return text === undefined ? part : { ...part, amountFen: fenOf(text) };
    });
    return { ...category, parts, totalFen: parts.reduce((sum, part) => sum + part.amountFen, 0) };
  });
  return next;
}

export type TFormFieldName = (string | number)[];

/** Issue paths that name a whole window or period: shown under its end date. */
const WHOLE_TO_FIELD: Record<string, TFormFieldName> = {
  declarationWindow: ['declarationWindow', 'end'],
  adjustmentWindow: ['adjustmentWindow', 'start'],
  benefitPeriod: ['benefitPeriod', 'end'],
  lateEnrollment: ['lateEnrollment', 'until'],
};

const DIRECT_FIELDS = new Set([
  'declarationWindow.start',
  'declarationWindow.end',
  'adjustmentWindow.start',
  'adjustmentWindow.end',
  'adjustmentWindow.allows',
  'lateEnrollment.allowed',
  'lateEnrollment.until',
  'benefitPeriod.start',
  'benefitPeriod.end',
]);

/**
 * The form field that shows an issue at `path` ('categories.0.parts.1.amountFen' → ['categories', 0, 'parts', 1,
 * 'amountYuan']), or null when the form has no such field and the issue is only listed.
 */
export function formFieldForIssue(path: string, values: Pick<TProfileFormValues, 'adjustmentWindow' | 'benefitPeriod'>): TFormFieldName | null {
  const root = path.split('.')[0] ?? '';
  if (root === 'adjustmentWindow' && !values.adjustmentWindow) return null;
  if (root === 'benefitPeriod' && !values.benefitPeriod) return null;
  if (DIRECT_FIELDS.has(path)) return path.split('.');
  const whole = WHOLE_TO_FIELD[path];
  if (whole) return whole;
  const part = /^categories\.(\d+)\.parts\.(\d+)(?:\.amountFen)?$/.exec(path);
  if (part) return ['categories', Number(part[1]), 'parts', Number(part[2]), 'amountYuan'];
  return null;
}

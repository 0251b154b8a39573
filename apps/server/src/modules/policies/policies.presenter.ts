import { ZFeeQuote, formatFenYuan, resolveBenefitPeriod, type TPolicyProfile } from '@canbao/domain';
import { z } from 'zod';
import type { PolicyProfileRow } from '../../db/schema/policy-profile';

const ZWindow = z.object({ start: z.string(), end: z.string() }).nullable();

export const ZProfileSummary = z.object({
  id: z.string(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  insuranceYear: z.number().int(),
  template: z.boolean(),
  version: z.number().int(),
  updatedAt: z.iso.datetime(),
  source: z.object({ title: z.string(), documentNumber: z.string(), issuer: z.string() }),
  declarationWindow: ZWindow,
  adjustmentWindow: ZWindow,
  benefitPeriod: z.object({ start: z.string(), end: z.string() }).nullable(),
  categories: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      totalFen: z.number().int(),
      total: z.string(),
      parts: z.array(z.object({ code: z.string(), name: z.string(), amountFen: z.number().int() })),
    }),
  ),
  exemptions: z.array(z.object({ code: z.string(), name: z.string(), kind: z.string() })),
});

export const ZProfileDetail = ZProfileSummary.extend({
  profile: z.record(z.string(), z.unknown()),
  versions: z.array(z.object({ version: z.number().int(), note: z.string().nullable(), createdBy: z.string().nullable(), createdAt: z.iso.datetime() })),
});

export const ZFeeQuoteResponse = ZFeeQuote;

/** Row → summary: what a parent, a clerk or another system needs to read a year's rules at a glance. */
export function presentProfileSummary(row: PolicyProfileRow) {
  const p = row.body as TPolicyProfile;
  const { start, end } = resolveBenefitPeriod(p);
  return {
    id: p.id,
    name: p.name,
    regionCode: p.regionCode,
    regionName: p.regionName,
    insuranceYear: p.insuranceYear,
    template: p.template,
    version: row.version,
    updatedAt: row.created_at.toISOString(),
    source: { title: p.sourceNotice.title, documentNumber: p.sourceNotice.documentNumber, issuer: p.sourceNotice.issuer },
    declarationWindow: { start: p.declarationWindow.start, end: p.declarationWindow.end },
    adjustmentWindow: p.adjustmentWindow ? { start: p.adjustmentWindow.start, end: p.adjustmentWindow.end } : null,
    benefitPeriod: { start, end },
    categories: p.categories.map((c) => {
      const totalFen = c.parts.reduce((s, part) => s + part.amountFen, 0);
      return {
        code: c.code,
        name: c.name,
        totalFen,
        total: formatFenYuan(totalFen),
        parts: c.parts.map((part) => ({ code: part.code, name: part.name, amountFen: part.amountFen })),
      };
    }),
    exemptions: p.identities.map((i) => ({ code: i.code, name: i.name, kind: i.subsidy.kind })),
  };
}

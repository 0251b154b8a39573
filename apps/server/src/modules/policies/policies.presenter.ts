import { formatFenYuan, resolveBenefitPeriod, type TPolicyProfile, type TProfileSummary } from '@canbao/domain';
import type { PolicyProfileRow } from '../../db/schema/policy-profile';

/** Row → summary: what a parent, a clerk or another system needs to read a year's rules at a glance. */
/** `served`: the profile's region is one this deployment runs (its own campaign), not another city's for reference. */
export function presentProfileSummary(row: PolicyProfileRow, servedRegions: ReadonlySet<string>): TProfileSummary {
  const p = row.body as TPolicyProfile;
  const { start, end } = resolveBenefitPeriod(p);
  return {
    id: p.id,
    name: p.name,
    regionCode: p.regionCode,
    regionName: p.regionName,
    insuranceYear: p.insuranceYear,
    template: p.template,
    served: servedRegions.has(row.region_code),
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

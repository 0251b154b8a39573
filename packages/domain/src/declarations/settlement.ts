import { z } from 'zod';
import { sumFen } from '../money';

/** A declaration as a settlement sees it. */
export type TSettlementLine = {
  categoryCode: string;
  categoryName: string;
  subsidyCode: string | null;
  subsidyName: string | null;
  totalFen: number;
  subsidyFen: number;
  payableFen: number;
};

/** One line of a settlement's totals: a person category, or an exemption identity. */
export const ZSettlementGroup = z.object({
  code: z.string(),
  name: z.string(),
  count: z.number().int(),
  totalFen: z.number().int(),
  subsidyFen: z.number().int(),
  payableFen: z.number().int(),
});
export type TSettlementGroup = z.infer<typeof ZSettlementGroup>;

export const ZSettlementBreakdown = z.object({
  count: z.number().int(),
  totalFen: z.number().int(),
  subsidyFen: z.number().int(),
  payableFen: z.number().int(),
  byCategory: z.array(ZSettlementGroup),
  /** Grouped by the exemption identity that gave the subsidy; 'none' for persons paying the full standard. */
  byExemption: z.array(ZSettlementGroup),
});
export type TSettlementBreakdown = z.infer<typeof ZSettlementBreakdown>;

function group(lines: readonly TSettlementLine[], key: (l: TSettlementLine) => [string, string]): TSettlementGroup[] {
  const groups = new Map<string, TSettlementGroup>();
  for (const l of lines) {
    const [code, name] = key(l);
    const g = groups.get(code) ?? { code, name, count: 0, totalFen: 0, subsidyFen: 0, payableFen: 0 };
    g.count++;
    g.totalFen = sumFen([g.totalFen, l.totalFen]);
    g.subsidyFen = sumFen([g.subsidyFen, l.subsidyFen]);
    g.payableFen = sumFen([g.payableFen, l.payableFen]);
    groups.set(code, g);
  }
  return [...groups.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** Totals of a settlement (结算单): overall, by person category and by exemption identity. */
export function settlementBreakdown(lines: readonly TSettlementLine[]): TSettlementBreakdown {
  return {
    count: lines.length,
    totalFen: sumFen(lines.map((l) => l.totalFen)),
    subsidyFen: sumFen(lines.map((l) => l.subsidyFen)),
    payableFen: sumFen(lines.map((l) => l.payableFen)),
    byCategory: group(lines, (l) => [l.categoryCode, l.categoryName]),
    byExemption: group(lines, (l) => (l.subsidyCode ? [l.subsidyCode, l.subsidyName ?? l.subsidyCode] : ['none', '无减免'])),
  };
}

/** 结算单号: region, insurance year and a serial from a database sequence — e.g. JS3205002027-0000042. */
export function settlementNumber(regionCode: string, year: number, serial: number): string {
  return `JS${regionCode}${year}-${String(serial).padStart(7, '0')}`;
}

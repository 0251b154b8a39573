import { DECLARATION_STATUS_NAMES, type TRecomputePreview, type TRecomputePrice, type TRecomputeResult } from '@canbao/domain';
import { formatYuan } from '../../lib/money';

/** The declaration statuses a recompute meets, in Chinese. */
export const recomputeStatusName = (status: string) => (DECLARATION_STATUS_NAMES as Record<string, string>)[status] ?? status;

/** Open declarations a recompute would write (price or version): the outdated ones that are not frozen. */
export const recomputable = (p: Pick<TRecomputePreview, 'outdated' | 'frozen'>) => Math.max(0, p.outdated - p.frozen);

/** "+20.00 元" / "-20.00 元" / "" — how an amount moves. */
export function deltaText(before: number, after: number): string {
  if (before === after) return '';
  return `${after > before ? '+' : '-'}${formatYuan(Math.abs(after - before))}`;
}

/** What changes of one price: category, total, subsidy, payable, each "before → after" when it moved. */
export function priceChanges(before: TRecomputePrice, after: TRecomputePrice): string[] {
  const out: string[] = [];
  if (before.categoryName !== after.categoryName) out.push(`类别 ${before.categoryName} → ${after.categoryName}`);
  if (before.totalFen !== after.totalFen) out.push(`标准 ${formatYuan(before.totalFen)} → ${formatYuan(after.totalFen)}`);
  if (before.subsidyFen !== after.subsidyFen || before.subsidyName !== after.subsidyName) {
    out.push(`减免 ${formatYuan(before.subsidyFen)}${before.subsidyName ? `（${before.subsidyName}）` : ''} → ${formatYuan(after.subsidyFen)}${after.subsidyName ? `（${after.subsidyName}）` : ''}`);
  }
  if (before.payableFen !== after.payableFen) out.push(`应缴 ${formatYuan(before.payableFen)} → ${formatYuan(after.payableFen)}`);
  return out;
}

/** The outcome of a recompute, in one sentence. */
export function recomputeResultText(r: TRecomputeResult): string {
  const parts = [`${r.repriced} 条按第 ${r.version} 版重新计费（已确认的须单位重新确认）`, `${r.versionOnly} 条金额不变，仅更新版本`];
  if (r.leftIneligible) parts.push(`${r.leftIneligible} 条按新规则不再符合参保条件，保持原样，请单位核实后撤销`);
  if (r.frozen) parts.push(`${r.frozen} 条已结算，不变`);
  return parts.join('；');
}

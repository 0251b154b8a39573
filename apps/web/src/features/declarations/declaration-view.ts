import type { TCampaignYear, TDeclaration, TDeclarationStatus, TWindowKind } from '@canbao/domain';

/** Tag colours of the declaration statuses. */
export const DECLARATION_STATUS_COLORS: Record<TDeclarationStatus, string> = {
  declared: 'blue',
  confirmed: 'cyan',
  settled: 'orange',
  paid: 'green',
  removed: 'default',
};

/** Where today falls, as the year bar says it (今天（…）申报期内). */
export const WINDOW_LABELS: Record<TWindowKind, string> = {
  declaration: '申报期内',
  adjustment: '调整期内',
  outside: '不在申报期和调整期内',
};

/** The year a page opens on: the API's `current` one, else the newest. */
export function defaultCampaignYear(items: readonly TCampaignYear[]): number | undefined {
  return items.find((i) => i.current)?.year ?? [...items].sort((a, b) => b.year - a.year)[0]?.year;
}

export interface ConfirmationPlan {
  /** The ids to send: the declared ones, minus the leavers unless they are included. */
  ids: string[];
  count: number;
  payableFen: number;
  /** Declared persons marked leaving (graduates, transfers …): confirming them charges them. */
  leavers: TDeclaration[];
  /** Whether the leavers are part of `ids`. */
  leaversIncluded: boolean;
  /** Selected rows that are not in status 已申报 (already confirmed, settled …): nothing to confirm. */
  skipped: number;
}

/**
 * What a 参保缴费确认 would confirm: only declarations still in status 已申报; leavers are left out unless the
 * operator includes them on purpose, since confirming is what makes a person chargeable.
 */
export function confirmationPlan(candidates: readonly TDeclaration[], includeLeavers: boolean): ConfirmationPlan {
  const declared = candidates.filter((d) => d.status === 'declared');
  const leavers = declared.filter((d) => d.leaving !== null);
  const chosen = includeLeavers ? declared : declared.filter((d) => d.leaving === null);
  return {
    ids: chosen.map((d) => d.id),
    count: chosen.length,
    payableFen: chosen.reduce((sum, d) => sum + d.payableFen, 0),
    leavers,
    leaversIncluded: includeLeavers,
    skipped: candidates.length - declared.length,
  };
}

/** A batch result in one line, for the message after 整班申报 / 延续 / 申报所选人员. */
export function batchResultLine(r: { declared: number; alreadyDeclared: number; refused: unknown[]; conflicts: unknown[] }): string {
  const parts = [`新申报 ${r.declared} 人`];
  if (r.alreadyDeclared) parts.push(`已申报过 ${r.alreadyDeclared} 人`);
  if (r.refused.length) parts.push(`未能申报 ${r.refused.length} 人`);
  if (r.conflicts.length) parts.push(`已由其他单位申报 ${r.conflicts.length} 人`);
  return parts.join('，');
}

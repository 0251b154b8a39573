import { profileStatus, type TProfileSummary } from '@canbao/domain';

/**
 * The profile a parent most likely means: this deployment's own region, the year being declared now (or the next
 * to open, or else the newest). Other cities' profiles are reference material, never the default.
 */
export function defaultProfile(items: readonly TProfileSummary[], today: string): TProfileSummary | undefined {
  const own = items.filter((p) => p.served && !p.template);
  const status = (p: TProfileSummary) => profileStatus(p, today);
  const byYear = (a: TProfileSummary, b: TProfileSummary) => a.insuranceYear - b.insuranceYear;
  return (
    own.find((p) => status(p) === 'declaration' || status(p) === 'adjustment') ??
    [...own].sort(byYear).find((p) => status(p) === 'upcoming') ??
    [...own].sort(byYear).at(-1)
  );
}

import { describe, expect, it } from 'vitest';
import { safeQuoteFee } from './engine';
import { HUKOU_TYPES, SCHOOL_LEVELS, type TPolicyProfile } from './profile';
import { READY_PROFILES, TEMPLATE_2025 } from './profiles';
import { instantiateTemplate } from './template';

/**
 * A quote is read by parents and schools: its reasons are plain rules. The profile's notes, its "unsure"
 * markers and its research references belong to the agency's policy pages, never to a quote.
 */
const RESEARCH = /待核实|公开资料|research|§|\[S\d+\]|推定|[A-Za-z]{3,}/;

function* facts(profile: TPolicyProfile) {
  const year = profile.insuranceYear;
  const dates = [profile.declarationWindow.start, profile.declarationWindow.end, `${year}-06-30`, `${year - 1}-01-15`];
  const identities = [[], ...profile.identities.map((i) => [{ code: i.code }])];
  for (const applyDate of dates)
    for (const age of [0, 5, 9, 15, 19, 40, 70])
      for (const hukouType of HUKOU_TYPES)
        for (const exemptions of identities) {
          const birthDate = `${year - age - 1}-03-01`;
          yield { birthDate, inSchool: false, hukouType, exemptions, applyDate };
          if (age >= 3 && age <= 22) for (const schoolLevel of SCHOOL_LEVELS) yield { birthDate, inSchool: true, schoolLevel, hukouType, exemptions, applyDate };
        }
}

describe('quote reasons speak plain Chinese', () => {
  it.each([...READY_PROFILES, instantiateTemplate(TEMPLATE_2025, 2027)].map((p) => [p.id, p] as const))('%s', (_, profile) => {
    let quoted = 0;
    for (const f of facts(profile)) {
      const result = safeQuoteFee(profile, f);
      if (!result.ok) continue;
      quoted++;
      for (const r of result.quote.reasons) expect(r.message, `${r.rule} for ${JSON.stringify(f)}`).not.toMatch(RESEARCH);
    }
    expect(quoted).toBeGreaterThan(50);
  });
});

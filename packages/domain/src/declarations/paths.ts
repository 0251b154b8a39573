import { UNIT_KIND_NAMES, type TUnitKind } from '../access/roles';
import type { TFeeQuote } from '../policy/fee-quote';
import { ENROLLMENT_PATHS, type TEnrollmentPath } from '../policy/profile';

/**
 * Which enrollment paths (参保途径) each kind of unit serves (issue 16, item 2). Schools and kindergartens enroll
 * their pupils only; community and street offices the residents of their area (城镇 and, as township offices do,
 * 农村), families and the persons a department certified; a village committee its villagers and families; a welfare
 * home the children a department placed there. The path itself comes from the region's profile (`paths`).
 */
export const UNIT_KIND_PATHS: Readonly<Record<TUnitKind, readonly TEnrollmentPath[]>> = {
  primary: ['school'],
  middle: ['school'],
  high: ['school'],
  vocational: ['school'],
  university: ['school'],
  kindergarten: ['school'],
  community_office: ['community', 'village', 'family', 'civil_affairs'],
  street_office: ['community', 'village', 'family', 'civil_affairs'],
  village_committee: ['village', 'family', 'civil_affairs'],
  welfare_home: ['civil_affairs', 'family'],
};

/** The path the engine chose for a quote (its `path.<code>` reason), with the profile's name of it. */
export function quotePath(q: Pick<TFeeQuote, 'reasons'>): { path: TEnrollmentPath; name: string } | null {
  for (const r of q.reasons) {
    if (!r.rule.startsWith('path.')) continue;
    const path = r.rule.slice('path.'.length) as TEnrollmentPath;
    if (!(ENROLLMENT_PATHS as readonly string[]).includes(path)) continue;
    return { path, name: r.message.replace(/^参保途径：/, '') };
  }
  return null;
}

/**
 * Why a unit may not declare a person the profile sends elsewhere, naming the right path — null when the unit
 * serves it (or the unit's kind is unknown).
 */
export function wrongPathReason(q: Pick<TFeeQuote, 'reasons'>, unitKind: TUnitKind | null): string | null {
  const chosen = quotePath(q);
  if (!chosen || !unitKind || UNIT_KIND_PATHS[unitKind].includes(chosen.path)) return null;
  return `按本统筹区政策应由“${chosen.name}”办理参保，${UNIT_KIND_NAMES[unitKind]}不能代为申报`;
}

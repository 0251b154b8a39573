import { z } from 'zod';
import type { TUnitKind } from '../access/roles';
import type { TUnitNaming } from '../policy/profile';

/** One naming-rule check of a unit's name: advice, shown under the name. */
export const ZNameCheck = z.object({ rule: z.enum(['naming.school_suffix', 'naming.street_office']), ok: z.boolean(), message: z.string() });
export type TNameCheck = z.infer<typeof ZNameCheck>;

const SCHOOL_KINDS: ReadonlySet<TUnitKind> = new Set(['primary', 'middle', 'high', 'vocational', 'university', 'kindergarten']);

/**
 * The region's own naming rules for a unit (its policy profile's `unitNaming`), offered as advice rather than
 * enforced. A region whose profile has no naming rule gets no checks: one city's rule never reaches another.
 */
export function checkUnitName(name: string, kind: TUnitKind, naming: TUnitNaming | undefined): TNameCheck[] {
  const checks: TNameCheck[] = [];
  if (!naming) return checks;
  const n = name.trim();
  const { schoolSuffix, streetOfficeSuffix } = naming;
  if (schoolSuffix && SCHOOL_KINDS.has(kind)) {
    const ok = n.endsWith(schoolSuffix);
    checks.push({
      rule: 'naming.school_suffix',
      ok,
      message: ok ? `名称以“${schoolSuffix}”结尾，符合本市命名规则` : `本市命名规则：学校与托幼机构名称后应加“${schoolSuffix}”`,
    });
  }
  if (streetOfficeSuffix && kind === 'street_office') {
    const ok = n.endsWith(streetOfficeSuffix) && /^.+(区|县).+(街道|乡|镇)/.test(n.slice(0, -streetOfficeSuffix.length));
    checks.push({
      rule: 'naming.street_office',
      ok,
      message: ok ? `名称符合“某区县某街道（乡镇）${streetOfficeSuffix}”` : `本市命名规则：街道社保所应命名为“某某区县某街道（乡镇）${streetOfficeSuffix}”`,
    });
  }
  return checks;
}

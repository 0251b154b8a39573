import type { TUnitKind } from '../access/roles';

export type TNameCheck = { rule: string; ok: boolean; message: string };

const SCHOOL_KINDS: ReadonlySet<TUnitKind> = new Set(['primary', 'middle', 'high', 'vocational', 'university', 'kindergarten']);

/**
 * The Beijing naming rules (notice 002, 一), offered as checks rather than enforced, since other cities name
 * units differently: schools and kindergartens add "学生儿童医保" after their name; street social security offices
 * are named "某某区县某街道（乡镇）医疗保险代理处".
 */
export function checkUnitName(name: string, kind: TUnitKind): TNameCheck[] {
  const checks: TNameCheck[] = [];
  const n = name.trim();
  if (SCHOOL_KINDS.has(kind)) {
    const ok = n.endsWith('学生儿童医保');
    checks.push({
      rule: 'beijing.school_suffix',
      ok,
      message: ok ? '名称以“学生儿童医保”结尾，符合北京命名规则' : '北京命名规则：学校与托幼机构名称后应加“学生儿童医保”（北京通知 一）',
    });
  }
  if (kind === 'street_office') {
    const ok = /^.+(区|县).+(街道|乡|镇)医疗保险代理处$/.test(n);
    checks.push({
      rule: 'beijing.street_office_name',
      ok,
      message: ok ? '名称符合“某区县某街道（乡镇）医疗保险代理处”' : '北京命名规则：街道社保所应命名为“某某区县某街道（乡镇）医疗保险代理处”（北京通知 一）',
    });
  }
  return checks;
}

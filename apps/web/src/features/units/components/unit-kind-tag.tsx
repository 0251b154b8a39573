import { UNIT_KIND_NAMES, type TUnitKind } from '@canbao/domain';
import { Tag } from 'antd';

const SCHOOL_KINDS: ReadonlySet<TUnitKind> = new Set(['primary', 'middle', 'high', 'vocational', 'university', 'kindergarten']);

/** Schools and kindergartens in blue, community/street/village offices in cyan. */
export function UnitKindTag({ kind }: { kind: TUnitKind }) {
  return (
    <Tag color={SCHOOL_KINDS.has(kind) ? 'blue' : 'cyan'} variant="outlined" style={{ marginInlineEnd: 0 }}>
      {UNIT_KIND_NAMES[kind] ?? kind}
    </Tag>
  );
}

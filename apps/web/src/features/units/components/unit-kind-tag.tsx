import { UNIT_KIND_NAMES, type TUnitKind } from '@canbao/domain';
import { Tag } from 'antd';
import { isSchoolKind } from '../unit-access';

/** Schools and kindergartens in blue, community/street/village offices in cyan. */
export function UnitKindTag({ kind }: { kind: TUnitKind }) {
  return (
    <Tag color={isSchoolKind(kind) ? 'blue' : 'cyan'} variant="outlined" style={{ marginInlineEnd: 0 }}>
      {UNIT_KIND_NAMES[kind] ?? kind}
    </Tag>
  );
}

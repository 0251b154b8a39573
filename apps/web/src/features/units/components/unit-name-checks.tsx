import { CheckCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { checkUnitName, type TNameCheck, type TUnitKind, type TUnitNaming } from '@canbao/domain';
import { Button, Flex, Typography } from 'antd';

/** The region's naming rules for a name being typed (advice, not a block); none where the region has none. */
export function liveNameChecks(name: string | undefined, kind: TUnitKind | undefined, naming: TUnitNaming | undefined): TNameCheck[] {
  const n = name?.trim();
  return n && kind ? checkUnitName(n, kind, naming) : [];
}

/**
 * The naming-rule checks as lines under a name field or a unit's name, with a one-click fix for the school suffix
 * when `onApplySuffix` is given.
 */
export function UnitNameChecks({
  checks,
  onApplySuffix,
  schoolSuffix,
  showPassed = true,
}: {
  checks: readonly TNameCheck[];
  /** Offered as a one-click fix when given with `schoolSuffix`. */
  onApplySuffix?: () => void;
  schoolSuffix?: string | undefined;
  showPassed?: boolean;
}) {
  const shown = showPassed ? checks : checks.filter((c) => !c.ok);
  if (shown.length === 0) return null;
  return (
    <Flex vertical gap={2} data-testid="unit-name-checks" style={{ marginTop: 4 }}>
      {shown.map((c) => (
        <Typography.Text key={c.rule} type={c.ok ? 'success' : 'warning'} style={{ fontSize: 13 }}>
          {c.ok ? <CheckCircleOutlined /> : <ExclamationCircleOutlined />} {c.message}
          {!c.ok && c.rule === 'naming.school_suffix' && onApplySuffix && schoolSuffix && (
            <Button type="link" size="small" onClick={onApplySuffix} style={{ height: 'auto', paddingBlock: 0 }}>
              在名称后加上“{schoolSuffix}”
            </Button>
          )}
        </Typography.Text>
      ))}
    </Flex>
  );
}

export function withSchoolSuffix(name: string, suffix: string): string {
  const n = name.trim();
  return n.endsWith(suffix) ? n : `${n}${suffix}`;
}

import { CheckCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { checkUnitName, type TNameCheck, type TUnitKind } from '@canbao/domain';
import { Button, Flex, Typography } from 'antd';

const SCHOOL_SUFFIX = '学生儿童医保';

/** The Beijing naming rules for a name being typed (advice, not a block: other cities name units differently). */
export function liveNameChecks(name: string | undefined, kind: TUnitKind | undefined): TNameCheck[] {
  const n = name?.trim();
  return n && kind ? checkUnitName(n, kind) : [];
}

/**
 * The naming-rule checks as lines under a name field or a unit's name, with a one-click fix for the school suffix
 * when `onApplySuffix` is given.
 */
export function UnitNameChecks({
  checks,
  onApplySuffix,
  showPassed = true,
}: {
  checks: readonly TNameCheck[];
  onApplySuffix?: () => void;
  showPassed?: boolean;
}) {
  const shown = showPassed ? checks : checks.filter((c) => !c.ok);
  if (shown.length === 0) return null;
  return (
    <Flex vertical gap={2} data-testid="unit-name-checks" style={{ marginTop: 4 }}>
      {shown.map((c) => (
        <Typography.Text key={c.rule} type={c.ok ? 'success' : 'warning'} style={{ fontSize: 13 }}>
          {c.ok ? <CheckCircleOutlined /> : <ExclamationCircleOutlined />} {c.message}
          {!c.ok && c.rule === 'beijing.school_suffix' && onApplySuffix && (
            <Button type="link" size="small" onClick={onApplySuffix} style={{ height: 'auto', paddingBlock: 0 }}>
              在名称后加上“{SCHOOL_SUFFIX}”
            </Button>
          )}
        </Typography.Text>
      ))}
    </Flex>
  );
}

export function withSchoolSuffix(name: string): string {
  const n = name.trim();
  return n.endsWith(SCHOOL_SUFFIX) ? n : `${n}${SCHOOL_SUFFIX}`;
}

import { LockOutlined } from '@ant-design/icons';
import { YEAR_STATE_HINTS, YEAR_STATE_LABELS, type TCampaignYear, type TRole } from '@canbao/domain';
import { Alert, Tag, Tooltip } from 'antd';

const COLORS = { open: 'green', adjustment: 'gold', closed: 'default' } as const;

/** The year's state — 办理中 / 仅限调整和补申报 / 已关闭 — beside the year wherever a page is about one year. */
export function YearStateTag({ item }: { item: Pick<TCampaignYear, 'year' | 'state' | 'closesOn'> | undefined }) {
  if (!item) return null;
  const hint = item.state === 'closed' ? `${item.closesOn} 起关闭：${YEAR_STATE_HINTS.closed}` : `${YEAR_STATE_HINTS[item.state]}；${item.closesOn} 起关闭`;
  return (
    <Tooltip title={hint}>
      <Tag color={COLORS[item.state]} icon={item.state === 'closed' ? <LockOutlined /> : undefined} data-testid="year-state" style={{ marginInlineEnd: 0 }}>
        {item.year} 年度{YEAR_STATE_LABELS[item.state]}
      </Tag>
    </Tooltip>
  );
}

/** What a closed year means for the one reading it: a unit may change nothing; the agency only with a reason. */
export function YearClosedNotice({ item, role }: { item: Pick<TCampaignYear, 'year' | 'state' | 'closesOn'> | undefined; role: TRole | undefined }) {
  if (!item || item.state !== 'closed') return null;
  const agency = role === 'agency_admin';
  return (
    <Alert
      type={agency ? 'warning' : 'info'}
      showIcon
      icon={<LockOutlined />}
      style={{ marginBottom: 16 }}
      data-testid="year-closed-notice"
      title={`${item.year} 年度已于 ${item.closesOn} 关闭`}
      description={
        agency
          ? '本年度的申报、确认、结算、退费和对账处理如确需修改，须填写原因；原因随修改记入审计日志。'
          : role === 'unit_operator'
            ? '本年度的名单和缴费只能查看，不能再申报、确认、结算或申请退费；确需修改的，请联系医保经办机构。'
            : '本年度的名单和缴费只能查看；确需修改的，请联系医保经办机构。'
      }
    />
  );
}

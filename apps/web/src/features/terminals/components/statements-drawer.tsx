import type { TTerminal, TTerminalStatement } from '@canbao/domain';
import { Drawer, Empty, Table, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { EmptyText } from '../../../components/empty-text';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatDateTime } from '../../../lib/datetime';
import { formatYuan } from '../../../lib/money';
import { useTerminalStatements } from '../hooks/use-terminals';

const count = (v: number, tone?: 'warning' | 'danger') =>
  v ? <Typography.Text type={tone}>{v}</Typography.Text> : <EmptyText>0</EmptyText>;

const columns: TableColumnsType<TTerminalStatement> = [
  { title: '对账日期', dataIndex: 'date', width: 100, fixed: 'left' },
  { title: '笔数', dataIndex: 'lineCount', width: 60, align: 'right' },
  {
    title: '金额（元）',
    dataIndex: 'totalFen',
    width: 110,
    align: 'right',
    render: (v: number) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatYuan(v, { unit: false })}</span>,
  },
  { title: '相符', dataIndex: 'matched', width: 60, align: 'right', render: (v: number) => count(v) },
  { title: '补记', dataIndex: 'recovered', width: 60, align: 'right', render: (v: number) => count(v, 'warning') },
  { title: '异常', dataIndex: 'exceptions', width: 60, align: 'right', render: (v: number) => count(v, 'danger') },
  { title: '对账单无此笔', dataIndex: 'missing', width: 100, align: 'right', render: (v: number) => count(v, 'danger') },
  {
    title: '上送时间',
    dataIndex: 'receivedAt',
    width: 140,
    render: (at: string) => <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatDateTime(at, 'YYYY-MM-DD HH:mm')}</span>,
  },
];

/**
 * 对账记录 of one terminal: what each day's statement listed and how it came out. Differences are exceptions on
 * 对账 (its list has no filter by terminal or channel, so the link opens the whole list).
 */
export function StatementsDrawer({ terminal, onClose }: { terminal: TTerminal | null; onClose: () => void }) {
  const { data, error, isPending, refetch } = useTerminalStatements(terminal?.terminalId ?? null);
  const withExceptions = (data ?? []).filter((s) => s.exceptions > 0).length;
  return (
    <Drawer open={terminal !== null} onClose={onClose} size={760} title={terminal ? `对账记录 · ${terminal.name}` : '对账记录'} destroyOnHidden>
      {error && <QueryErrorAlert error={error} onRetry={() => void refetch()} />}
      <Typography.Paragraph type="secondary">
        终端每天上送日对账单，与已记账的缴费逐笔核对：未收到缴费通知的记为“补记”，金额或流水不符、无对应订单以及对账单漏列的缴费转入对账异常。显示最近 90 天。
      </Typography.Paragraph>
      <Table<TTerminalStatement>
        data-testid="terminal-statements"
        rowKey="date"
        size="small"
        columns={columns}
        dataSource={data}
        loading={isPending && terminal !== null}
        scroll={{ x: 690 }}
        pagination={{ pageSize: 30, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未收到该终端的日对账单" /> }}
      />
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
        {withExceptions > 0 ? `${withExceptions} 天的对账单有差异，` : '如有差异，'}
        请到 <Link to="/reconciliation">对账 · 对账异常</Link> 查看和处理。
      </Typography.Paragraph>
    </Drawer>
  );
}

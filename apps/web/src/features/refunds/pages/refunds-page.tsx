import { PlusOutlined } from '@ant-design/icons';
import { REFUND_STATUSES, REFUND_STATUS_NAMES, ZRefundStatus, type TRefund, type TRefundStatus } from '@canbao/domain';
import { Button, Card, Empty, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { EmptyText } from '../../../components/empty-text';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatDateTime } from '../../../lib/datetime';
import { formatYuan } from '../../../lib/money';
import { useListSearchParams } from '../../../lib/use-list-search-params';
import { useSession } from '../../auth/hooks/use-me';
import { channelName } from '../../reconciliation/reconciliation-view';
import { RefundActionModal, type TRefundAction } from '../components/refund-action-modal';
import { RequestRefundModal } from '../components/request-refund-modal';
import { useRefunds } from '../hooks/use-refunds';
import { REFUND_STATUS_COLORS, refundActions } from '../refund-view';

/**
 * 退费: duplicate payments, wrongful charges, subsidies granted after payment. Units (and the agency) request,
 * the agency decides, and an approved refund of an offline channel is confirmed with the channel's reference.
 */
export function RefundsPage() {
  const { user } = useSession();
  const [params, update] = useListSearchParams(['status'] as const);
  const chosen = ZRefundStatus.safeParse(params.status);
  const status = chosen.success ? chosen.data : undefined;
  const query = useRefunds({ status });
  const [isRequestOpen, setRequestOpen] = useState(false);
  const [action, setAction] = useState<TRefundAction | null>(null);
  const canRequest = user.role === 'agency_admin' || user.role === 'unit_operator';

  const columns: TableColumnsType<TRefund> = [
    {
      title: '申请',
      dataIndex: 'requestedAt',
      width: 140,
      render: (at: string, r) => (
        <Space orientation="vertical" size={0}>
          <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatDateTime(at, 'YYYY-MM-DD HH:mm')}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.requestedBy}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '参保人 / 单位',
      key: 'person',
      width: 170,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <span>{r.personName ?? <EmptyText />}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.unitName ?? ''}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '原缴费',
      key: 'payment',
      width: 200,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <span>
            {channelName(r.channel)} · {formatYuan(r.paymentFen)}
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.transactionId}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '原因',
      dataIndex: 'reasonName',
      width: 130,
      render: (name: string, r) => (
        <Tooltip title={r.note}>
          <Space orientation="vertical" size={0}>
            <span>{name}</span>
            {r.note && (
              <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, maxWidth: 150 }}>
                {r.note}
              </Typography.Text>
            )}
          </Space>
        </Tooltip>
      ),
    },
    { title: '退费金额', dataIndex: 'amountFen', width: 120, align: 'right', render: (v: number) => <Typography.Text strong>{formatYuan(v)}</Typography.Text> },
    {
      title: '状态',
      dataIndex: 'status',
      width: 130,
      render: (s: TRefundStatus, r) => (
        <Space orientation="vertical" size={0}>
          <Tag color={REFUND_STATUS_COLORS[s]} style={{ marginInlineEnd: 0 }}>
            {r.statusName || REFUND_STATUS_NAMES[s]}
          </Tag>
          {r.failure && (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              {r.failure}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: '审核 / 退款',
      key: 'decision',
      width: 200,
      render: (_, r) =>
        r.decidedAt || r.channelRefundId ? (
          <Space orientation="vertical" size={0}>
            {r.decidedAt && (
              <Tooltip title={r.decisionNote}>
                <Typography.Text style={{ fontSize: 12 }}>
                  {r.decidedBy} {formatDateTime(r.decidedAt, 'MM-DD HH:mm')}：{r.decisionNote ?? ''}
                </Typography.Text>
              </Tooltip>
            )}
            {r.channelRefundId && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                退款凭证 {r.channelRefundId}
                {r.refundedAt ? `（${formatDateTime(r.refundedAt, 'MM-DD HH:mm')}）` : ''}
              </Typography.Text>
            )}
          </Space>
        ) : (
          <EmptyText />
        ),
    },
  ];
  // Only the agency (审核, 登记退款) and the collectors (登记退款) act on a refund.
  if (user.role === 'agency_admin' || user.role === 'collector') {
    columns.push({
      title: '操作',
      key: 'actions',
      width: 100,
      render: (_, r) => {
        const can = refundActions(r, user.role);
        return (
          <Space size={0}>
            {can.decide && (
              <Button type="link" size="small" onClick={() => setAction({ kind: 'decide', refund: r })}>
                审核
              </Button>
            )}
            {can.markRefunded && (
              <Button type="link" size="small" onClick={() => setAction({ kind: 'refunded', refund: r })}>
                登记退款
              </Button>
            )}
          </Space>
        );
      },
    });
  }

  return (
    <>
      <PageHeader
        title="退费"
        description="重复缴费、错误收费（如已毕业）、缴费后认定资助身份的退费：单位申请，经办机构审核；线上渠道原路退回，线下渠道由征收机构退款后登记。"
        extra={
          canRequest && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRequestOpen(true)}>
              申请退费
            </Button>
          )
        }
      />
      {query.error && <QueryErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            aria-label="退费状态"
            style={{ width: 160 }}
            allowClear
            placeholder="全部状态"
            value={status}
            options={REFUND_STATUSES.map((s) => ({ value: s, label: REFUND_STATUS_NAMES[s] }))}
            onChange={(v: string | undefined) => update({ status: v ?? null })}
          />
        </Space>
        <Table<TRefund>
          data-testid="refunds-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={query.data}
          loading={query.isPending}
          scroll={{ x: 1100 }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有退费申请" /> }}
          pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 笔` }}
        />
      </Card>
      <RequestRefundModal open={isRequestOpen} onClose={() => setRequestOpen(false)} />
      <RefundActionModal action={action} onClose={() => setAction(null)} />
    </>
  );
}

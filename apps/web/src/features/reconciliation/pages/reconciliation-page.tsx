import { CloudUploadOutlined, ReloadOutlined } from '@ant-design/icons';
import { RECONCILIATION_STATUS_NAMES, RESOLUTION_NAMES, ZReconciliationKind, type TDailyTotal, type TReconciliationItem, type TReconciliationKind, type TReconciliationStatus } from '@canbao/domain';
import { Alert, Button, Card, Col, DatePicker, Empty, Row, Select, Space, Statistic, Table, Tabs, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { EmptyText } from '../../../components/empty-text';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { dayjs, formatDateTime } from '../../../lib/datetime';
import { formatYuan } from '../../../lib/money';
import { useListSearchParams } from '../../../lib/use-list-search-params';
import { useSession } from '../../auth/hooks/use-me';
import { DailyChart } from '../components/daily-chart';
import { ReceiptCountsTable } from '../components/receipt-counts-table';
import { ResolveItemModal } from '../components/resolve-item-modal';
import { YearSelect, useYearParam } from '../components/year-select';
import { YearClosedNotice } from '../../declarations/components/year-state';
import { useDailyTotals, useReconciliationItems } from '../hooks/use-reconciliation';
import {
  KIND_COLORS,
  KIND_ORDER,
  amountDifference,
  channelName,
  countsByKind,
  dailyChart,
  dailySummary,
  kindName,
  totalOpen,
} from '../reconciliation-view';

const STATUS_OPTIONS = [
  { value: 'open', label: RECONCILIATION_STATUS_NAMES.open },
  { value: 'resolved', label: RECONCILIATION_STATUS_NAMES.resolved },
  { value: 'all', label: '全部' },
];
const PAID_ROSTER_IMPORT = '/imports?kind=paid_roster';

/**
 * 对账: the exceptions the paid rosters and the channels opened (to resolve with a note) and what came in each day
 * by channel. The agency and the collectors resolve; viewers read; a unit sees its own people's items only.
 */
export function ReconciliationPage() {
  const { user } = useSession();
  const navigate = useNavigate();
  const { year, setYear, years } = useYearParam();
  const yearItem = years.data?.items.find((i) => i.year === year);
  // Money keeps arriving after a year closes (rosters are imported); deciding on it is then the agency's, with a reason.
  const canImport = user.role === 'agency_admin' || user.role === 'collector';
  const canResolve = user.role === 'agency_admin' || (user.role === 'collector' && yearItem?.state !== 'closed');
  const [params, update] = useListSearchParams(['tab', 'status', 'kind', 'importJobId', 'from', 'to'] as const);
  const tab = params.tab === 'daily' || params.tab === 'receipts' ? params.tab : 'items';

  return (
    <>
      <PageHeader
        title="对账"
        description={
          user.role === 'unit_operator'
            ? '本单位人员的缴费对账异常、每日到账和票据统计（只读）；异常由经办机构或征收机构处理。'
            : '税务、银行已缴费名单与申报逐笔核对：金额不符、重复缴费、已缴费未申报、无对应人员逐条处理；每日按渠道汇总到账；各单位定额票据按实际缴费人统计。'
        }
        extra={
          <Space wrap>
            <YearSelect year={year} onChange={setYear} years={years} />
            {canImport && (
              <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => void navigate(PAID_ROSTER_IMPORT)}>
                导入已缴费名单
              </Button>
            )}
          </Space>
        }
      />
      {years.error && <QueryErrorAlert error={years.error} onRetry={() => void years.refetch()} title="参保年度加载失败" />}
      <YearClosedNotice item={yearItem} role={user.role} />
      <Tabs
        activeKey={tab}
        onChange={(key) => update({ tab: key === 'daily' || key === 'receipts' ? key : null })}
        items={[
          {
            key: 'items',
            label: '对账异常',
            children: <ItemsTab year={year} canResolve={canResolve} params={params} update={update} />,
          },
          {
            key: 'daily',
            label: '每日到账',
            children: <DailyTab year={year} from={params.from} to={params.to} update={update} />,
          },
          {
            key: 'receipts',
            label: '票据统计',
            children: (
              <Card size="small">
                <ReceiptCountsTable year={year} showUnit={user.role !== 'unit_operator'} />
              </Card>
            ),
          },
        ]}
      />
    </>
  );
}

type Params = ReturnType<typeof useListSearchParams<'tab' | 'status' | 'kind' | 'importJobId' | 'from' | 'to'>>;

function ItemsTab({ year, canResolve, params, update }: { year: number | undefined; canResolve: boolean; params: Params[0]; update: Params[1] }) {
  const status: TReconciliationStatus | undefined = params.status === 'all' ? undefined : params.status === 'resolved' ? 'resolved' : 'open';
  const chosenKind = ZReconciliationKind.safeParse(params.kind);
  const kind = chosenKind.success ? chosenKind.data : undefined;
  const importJobId = /^[0-9a-f-]{36}$/.test(params.importJobId) ? params.importJobId : undefined;
  const query = useReconciliationItems({ year, status, kind, importJobId }, year !== undefined);
  const [resolving, setResolving] = useState<TReconciliationItem | null>(null);
  const kinds = countsByKind(query.data?.counts ?? []);
  const open = totalOpen(query.data?.counts ?? []);

  const columns: TableColumnsType<TReconciliationItem> = [
    {
      title: '类型',
      dataIndex: 'kind',
      width: 110,
      render: (k: TReconciliationKind, item) => (
        <Tag color={KIND_COLORS[k]} style={{ marginInlineEnd: 0 }}>
          {item.kindName || kindName(k)}
        </Tag>
      ),
    },
    {
      title: '参保人 / 单位',
      key: 'person',
      width: 190,
      render: (_, item) => (
        <Space orientation="vertical" size={0}>
          <span>{item.personName ?? <EmptyText />}</span>
          {item.documentNumber && (
            <Typography.Text type="secondary" style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums' }}>
              {item.documentNumber}
            </Typography.Text>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {item.unitName ?? '未关联单位'}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '渠道 / 税票号',
      key: 'channel',
      width: 180,
      render: (_, item) => (
        <Space orientation="vertical" size={0}>
          <span>{channelName(item.channel)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable={{ text: item.transactionId }}>
            {item.transactionId}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '实缴 / 应缴',
      key: 'amount',
      width: 130,
      align: 'right',
      render: (_, item) => {
        const diff = amountDifference(item.amountFen, item.expectedFen);
        return (
          <Space orientation="vertical" size={0} style={{ fontVariantNumeric: 'tabular-nums' }}>
            <Typography.Text strong>{formatYuan(item.amountFen)}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              应缴 {item.expectedFen === null ? '—' : formatYuan(item.expectedFen)}
            </Typography.Text>
            {diff && (
              <Typography.Text type={diff.over ? 'warning' : 'danger'} style={{ fontSize: 12 }}>
                {diff.over ? '多缴' : '少缴'} {formatYuan(diff.fen)}
              </Typography.Text>
            )}
          </Space>
        );
      },
    },
    { title: '说明', dataIndex: 'detail', width: 220, render: (d: string) => <Typography.Text style={{ fontSize: 13 }}>{d}</Typography.Text> },
    {
      title: '缴费时间',
      dataIndex: 'paidAt',
      width: 110,
      render: (at: string | null) =>
        at ? (
          <Space orientation="vertical" size={0} style={{ fontVariantNumeric: 'tabular-nums' }}>
            <span>{formatDateTime(at, 'YYYY-MM-DD')}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(at, 'HH:mm:ss')}
            </Typography.Text>
          </Space>
        ) : (
          <EmptyText />
        ),
    },
    {
      title: '状态',
      key: 'status',
      width: 140,
      // In sight at 1280 px, whatever scrolls.
      fixed: 'right',
      render: (_, item) =>
        item.status === 'open' ? (
          <Tag color="error">{RECONCILIATION_STATUS_NAMES.open}</Tag>
        ) : (
          <Tooltip
            title={
              <>
                {item.resolutionNote}
                <br />
                {item.resolvedBy} · {formatDateTime(item.resolvedAt, 'YYYY-MM-DD HH:mm')}
              </>
            }
          >
            <Space orientation="vertical" size={0}>
              <Tag color="success">
                {RECONCILIATION_STATUS_NAMES.resolved}：{item.resolution ? RESOLUTION_NAMES[item.resolution] : ''}
              </Tag>
              <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, maxWidth: 140 }}>
                {item.resolutionNote}
              </Typography.Text>
            </Space>
          </Tooltip>
        ),
    },
  ];
  if (canResolve) {
    columns.push({
      title: '操作',
      key: 'actions',
      width: 80,
      fixed: 'right',
      render: (_, item) =>
        item.status === 'open' ? (
          <Button size="small" type="link" onClick={() => setResolving(item)} aria-label={`处理 ${item.personName ?? item.transactionId}`}>
            处理
          </Button>
        ) : null,
    });
  }

  return (
    <>
      {query.error && <QueryErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="reconciliation-counts">
        <Col flex="1 1 150px">
          <Card size="small" hoverable onClick={() => update({ kind: null, status: null })} style={{ cursor: 'pointer' }}>
            <Statistic title="待处理合计" value={open} suffix="笔" styles={{ content: { fontSize: 22, color: open > 0 ? '#cf1322' : undefined } }} />
          </Card>
        </Col>
        {kinds.map((k) => (
          <Col key={k.kind} flex="1 1 150px">
            <Card
              size="small"
              hoverable
              data-testid={`reconciliation-count-${k.kind}`}
              onClick={() => update({ kind: k.kind, status: null })}
              style={{ cursor: 'pointer', borderColor: kind === k.kind ? '#1677ff' : undefined }}
            >
              <Statistic
                title={k.name}
                value={k.open}
                suffix="笔待处理"
                styles={{ content: { fontSize: 22, color: k.open > 0 ? '#d46b08' : undefined } }}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                已处理 {k.resolved} 笔
              </Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            aria-label="处理状态"
            style={{ width: 120 }}
            value={params.status === 'resolved' || params.status === 'all' ? params.status : 'open'}
            options={STATUS_OPTIONS}
            onChange={(v: string) => update({ status: v === 'open' ? null : v })}
          />
          <Select
            aria-label="异常类型"
            style={{ width: 160 }}
            allowClear
            placeholder="全部类型"
            value={kind}
            options={KIND_ORDER.map((k) => ({ value: k, label: kindName(k) }))}
            onChange={(v: string | undefined) => update({ kind: v ?? null })}
          />
          {importJobId && (
            <Tag closable onClose={() => update({ importJobId: null })} color="blue">
              仅本次导入的名单
            </Tag>
          )}
          <Button icon={<ReloadOutlined />} onClick={() => void query.refetch()} loading={query.isFetching}>
            刷新
          </Button>
        </Space>
        <Table<TReconciliationItem>
          data-testid="reconciliation-items"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={query.data?.items}
          loading={query.isPending && year !== undefined}
          scroll={{ x: 1100 }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={status === 'open' ? '没有待处理的对账异常' : '没有对账记录'} /> }}
          pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 笔` }}
        />
        {(query.data?.items.length ?? 0) >= 1000 && <Alert type="info" showIcon title="只显示最近的 1,000 笔，请按类型或状态筛选" style={{ marginTop: 12 }} />}
      </Card>
      <ResolveItemModal item={resolving} onClose={() => setResolving(null)} />
    </>
  );
}

function DailyTab({ year, from, to, update }: { year: number | undefined; from: string; to: string; update: Params[1] }) {
  const valid = (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? d : undefined);
  const range = { from: valid(from), to: valid(to) };
  const query = useDailyTotals({ year: year ?? 0, ...range }, year !== undefined);
  const items = useMemo(() => query.data ?? [], [query.data]);
  const chart = useMemo(() => dailyChart(items), [items]);
  const summary = dailySummary(items);

  const columns: TableColumnsType<TDailyTotal> = [
    { title: '日期', dataIndex: 'day', width: 120 },
    { title: '渠道', dataIndex: 'channel', width: 200, render: (c: string) => channelName(c) },
    { title: '单位', dataIndex: 'unitName', ellipsis: true, render: (u: string | null) => u ?? <EmptyText>未关联单位</EmptyText> },
    { title: '笔数', dataIndex: 'count', width: 90, align: 'right' },
    { title: '到账金额', dataIndex: 'amountFen', width: 150, align: 'right', render: (v: number) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatYuan(v)}</span> },
    {
      title: '已退',
      dataIndex: 'refundedFen',
      width: 130,
      align: 'right',
      render: (v: number) => (v ? <Typography.Text type="danger">{formatYuan(v)}</Typography.Text> : <EmptyText />),
    },
  ];

  return (
    <>
      {query.error && <QueryErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap size={[24, 8]}>
          <Space size={8}>
            <Typography.Text>缴费日期</Typography.Text>
            <DatePicker.RangePicker
              aria-label="缴费日期"
              allowEmpty={[true, true]}
              value={[range.from ? dayjs(range.from) : null, range.to ? dayjs(range.to) : null]}
              onChange={(v) => update({ from: v?.[0]?.format('YYYY-MM-DD') ?? null, to: v?.[1]?.format('YYYY-MM-DD') ?? null })}
            />
          </Space>
          <Statistic title="笔数" value={summary.count} />
          <Statistic title="到账合计" value={formatYuan(summary.amountFen)} />
          <Statistic title="已退合计" value={formatYuan(summary.refundedFen)} />
        </Space>
      </Card>
      <Card size="small" title="每日到账金额（按渠道）" style={{ marginBottom: 16 }}>
        {items.length ? <DailyChart chart={chart} /> : <Empty description={query.isPending && year !== undefined ? '加载中…' : '这段时间没有到账记录'} />}
      </Card>
      <Card size="small" title="按日、渠道、单位">
        <Table<TDailyTotal>
          data-testid="daily-totals"
          rowKey={(r) => `${r.day}|${r.channel}|${r.unitId ?? ''}`}
          size="middle"
          columns={columns}
          dataSource={items}
          loading={query.isPending && year !== undefined}
          pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        />
      </Card>
    </>
  );
}

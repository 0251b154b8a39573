import { CalculatorOutlined } from '@ant-design/icons';
import type { TProfileSummary } from '@canbao/domain';
import { Button, Card, Empty, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatDateTime } from '../../../lib/datetime';
import { formatYuan } from '../../../lib/money';
import { useSession } from '../../auth/hooks/use-me';
import { ProfileStatusTag } from '../components/profile-status-tag';
import { useProfiles } from '../hooks/use-profiles';

/** The policy profiles of every region and year; the admin's own region first, templates last. */
export function PoliciesPage() {
  const { user } = useSession();
  const { data, error, isPending, isFetching, refetch } = useProfiles();

  const items = useMemo(
    () =>
      [...(data ?? [])].sort(
        (a, b) =>
          Number(a.template) - Number(b.template) ||
          Number(b.regionCode === user.regionCode) - Number(a.regionCode === user.regionCode) ||
          a.regionCode.localeCompare(b.regionCode) ||
          b.insuranceYear - a.insuranceYear,
      ),
    [data, user.regionCode],
  );

  const columns: TableColumnsType<TProfileSummary> = [
    {
      title: '统筹区',
      dataIndex: 'regionName',
      width: 190,
      render: (regionName: string, p) => (
        <Space orientation="vertical" size={0}>
          <span>{regionName}</span>
          <Space size={6}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {p.regionCode}
            </Typography.Text>
            {p.regionCode === user.regionCode && (
              <Tag color="blue" variant="filled" style={{ fontSize: 11, lineHeight: '16px' }}>
                本统筹区
              </Tag>
            )}
          </Space>
        </Space>
      ),
    },
    { title: '参保年度', dataIndex: 'insuranceYear', width: 100, render: (y: number) => <span style={{ whiteSpace: 'nowrap' }}>{y} 年度</span> },
    {
      title: '方案名称',
      dataIndex: 'name',
      minWidth: 260,
      render: (name: string, p) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/policies/${encodeURIComponent(p.id)}`}>{name}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.source.documentNumber} · {p.source.issuer}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '缴费标准',
      key: 'fees',
      width: 220,
      render: (_: unknown, p) => (
        <Space orientation="vertical" size={2}>
          {p.categories.map((c) => (
            <span key={c.code}>
              {c.name}{' '}
              <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
                {formatYuan(c.totalFen)}
              </Typography.Text>
            </span>
          ))}
        </Space>
      ),
    },
    {
      title: '版本',
      dataIndex: 'version',
      width: 140,
      render: (v: number, p) => (
        <Space orientation="vertical" size={0}>
          <span>第 {v} 版</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
            {formatDateTime(p.updatedAt, 'YYYY-MM-DD HH:mm')}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '状态', key: 'status', width: 100, render: (_: unknown, p) => <ProfileStatusTag profile={p} /> },
  ];

  return (
    <>
      <PageHeader
        title="参保政策"
        description="各统筹区各参保年度的缴费标准、申报期、减免类别与待遇规则，每条规则注明文件依据。"
        extra={
          <Button icon={<CalculatorOutlined />} href="/fee-quote" target="_blank">
            缴费标准查询
          </Button>
        }
      />
      {error && <QueryErrorAlert error={error} onRetry={() => void refetch()} />}
      <Card>
        <Table<TProfileSummary>
          data-testid="profiles-table"
          rowKey="id"
          columns={columns}
          dataSource={items}
          loading={isPending || isFetching}
          pagination={false}
          scroll={{ x: 1010 }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无政策方案" /> }}
        />
      </Card>
    </>
  );
}

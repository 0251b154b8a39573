import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Input, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { TUnit } from '@canbao/domain';
import { EmptyText } from '../../../components/empty-text';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { PAGE_SIZE_OPTIONS, useListSearchParams } from '../../../lib/use-list-search-params';
import { useSession } from '../../auth/hooks/use-me';
import { unitsExportUrl } from '../api';
import { UnitFormDrawer } from '../components/unit-form-drawer';
import { UnitKindTag } from '../components/unit-kind-tag';
import { useUnits } from '../hooks/use-units';
import { canCreateUnits } from '../unit-access';

const columns: TableColumnsType<TUnit> = [
  {
    title: '单位名称',
    dataIndex: 'name',
    render: (name: string, unit) => <Link to={`/units/${unit.id}`}>{name}</Link>,
  },
  { title: '类别', dataIndex: 'kind', width: 150, render: (kind: TUnit['kind']) => <UnitKindTag kind={kind} /> },
  {
    title: '所属区县 / 街道',
    key: 'place',
    width: 190,
    render: (_: unknown, unit) => (
      <>
        {unit.districtName ?? unit.districtCode}
        {unit.streetName && <Typography.Text type="secondary"> / {unit.streetName}</Typography.Text>}
      </>
    ),
  },
  {
    title: '联系人',
    dataIndex: 'contactName',
    width: 120,
    render: (v: string | null) => v || <EmptyText />,
  },
  {
    title: '联系电话',
    dataIndex: 'contactPhone',
    width: 150,
    render: (v: string | null) => (v ? <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</span> : <EmptyText />),
  },
  {
    title: '操作',
    key: 'actions',
    width: 80,
    render: (_: unknown, unit) => <Link to={`/units/${unit.id}`}>查看</Link>,
  },
];

export function UnitsPage() {
  const { user } = useSession();
  const canCreate = canCreateUnits(user);
  const [isCreateOpen, setCreateOpen] = useState(false);
  const [params, update] = useListSearchParams(['q'] as const);
  const { data, error, isPending, isFetching, refetch } = useUnits({
    q: params.q,
    page: params.page,
    pageSize: params.pageSize,
  });

  return (
    <>
      <PageHeader
        title="参保单位"
        description="统筹区内代办参保登记、申报和缴费的学校、幼儿园、社区和村委会等单位。"
        extra={
          <Space>
            <Button icon={<DownloadOutlined />} href={unitsExportUrl({ q: params.q })} title="按当前筛选条件导出全部单位，联系电话和银行账号已脱敏">
              导出 Excel
            </Button>
            {canCreate && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)}>
                新建单位
              </Button>
            )}
          </Space>
        }
      />
      {error && <QueryErrorAlert error={error} onRetry={() => void refetch()} />}
      <Card>
        <div style={{ marginBottom: 16 }}>
          <Input.Search
            key={params.q}
            defaultValue={params.q}
            placeholder="搜索单位名称、联系人"
            aria-label="搜索单位"
            allowClear
            enterButton="搜索"
            style={{ maxWidth: 420 }}
            onSearch={(value) => update({ q: value.trim() })}
          />
        </div>
        <Table<TUnit>
          data-testid="units-table"
          rowKey="id"
          columns={columns}
          dataSource={data?.items}
          loading={isPending || isFetching}
          scroll={{ x: 860 }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={params.q ? `没有找到与“${params.q}”匹配的单位` : '暂无参保单位'}
              />
            ),
          }}
          pagination={{
            current: params.page,
            pageSize: params.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZE_OPTIONS,
            showTotal: (total) => <Typography.Text type="secondary">共 {total} 个单位</Typography.Text>,
            onChange: (page, pageSize) =>
              update(pageSize !== params.pageSize ? { page: 1, pageSize } : { page, pageSize }),
          }}
        />
      </Card>
      {canCreate && (
        <UnitFormDrawer open={isCreateOpen} unit={null} onClose={() => setCreateOpen(false)} />
      )}
    </>
  );
}

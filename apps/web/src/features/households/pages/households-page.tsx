import { PlusOutlined } from '@ant-design/icons';
import type { THouseholdListItem } from '@canbao/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Input, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link, useNavigate } from 'react-router';
import { EmptyText } from '../../../components/empty-text';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatDate } from '../../../lib/datetime';
import { formatYuan } from '../../../lib/money';
import { tableScrollWidth } from '../../../lib/table';
import { PAGE_SIZE_OPTIONS, useListSearchParams } from '../../../lib/use-list-search-params';
import { useMe } from '../../auth/hooks/use-me';
import { findHouseholds } from '../api';

/** 家庭: the households the unit keeps, found by a member's name or full number, or by the address. */
export function HouseholdsPage() {
  const { me } = useMe();
  const isUnit = me?.user.role === 'unit_operator';
  const navigate = useNavigate();
  const [params, update] = useListSearchParams(['q'] as const);
  const query = { page: params.page, pageSize: params.pageSize, ...(params.q ? { q: params.q } : {}) };
  const list = useQuery({ queryKey: ['households', 'list', query], queryFn: ({ signal }) => findHouseholds(query, signal), placeholderData: keepPreviousData });
  const columns: TableColumnsType<THouseholdListItem> = [
    { title: '户主', key: 'head', width: 120, render: (_, r) => <Link to={`/households/${r.id}`}>{r.headName ?? '（未指定）'}</Link> },
    { title: '户籍地址', dataIndex: 'hukouAddress', width: 260, ellipsis: true },
    { title: '户籍类型', dataIndex: 'hukouTypeName', width: 100 },
    { title: '人数', dataIndex: 'memberCount', width: 70, align: 'right' },
    {
      title: '本年度参保',
      key: 'year',
      width: 170,
      render: (_, r) =>
        r.declaredCount === 0 ? (
          <Tag>未申报</Tag>
        ) : (
          <Space size={4}>
            <Tag color={r.paidCount === r.memberCount ? 'green' : 'blue'}>已申报 {r.declaredCount}/{r.memberCount}</Tag>
            {r.paidCount > 0 && <Tag color="green">已缴 {r.paidCount}</Tag>}
          </Space>
        ),
    },
    { title: '待缴', dataIndex: 'dueFen', width: 110, align: 'right', render: (v: number) => (v > 0 ? formatYuan(v) : <EmptyText>—</EmptyText>) },
    ...(isUnit ? [] : [{ title: '登记单位', dataIndex: 'unitName', width: 200, ellipsis: true, render: (v: string | null) => v ?? <EmptyText>—</EmptyText> }]),
    { title: '登记日期', dataIndex: 'createdAt', width: 120, render: (v: string) => formatDate(v) },
  ];
  return (
    <>
      <PageHeader
        title="家庭"
        description="以家庭为单位登记参保人员及与户主关系，整户申报、整户缴费。"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/households/new')}>
            登记家庭
          </Button>
        }
      />
      {list.error && <QueryErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search aria-label="查找家庭" allowClear placeholder="成员姓名、完整证件号码或户籍地址" style={{ width: 320 }} defaultValue={params.q} onSearch={(q) => update({ q })} />
        </Space>
        <Table<THouseholdListItem>
          data-testid="households-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isPending || list.isFetching}
          scroll={{ x: tableScrollWidth(columns) }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={params.q ? '没有找到家庭' : '还没有登记家庭'} /> }}
          pagination={{
            current: params.page,
            pageSize: params.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZE_OPTIONS,
            showTotal: (total) => <Typography.Text type="secondary">共 {total} 户</Typography.Text>,
            onChange: (page, pageSize) => update(pageSize !== params.pageSize ? { page: 1, pageSize } : { page, pageSize }),
          }}
        />
      </Card>
    </>
  );
}

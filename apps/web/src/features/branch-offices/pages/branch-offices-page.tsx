import { PlusOutlined } from '@ant-design/icons';
import type { TBranchOffice } from '@canbao/domain';
import { App, Button, Card, Empty, Input, Popconfirm, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { errorMessage } from '../../../api/client';
import { EmptyText } from '../../../components/empty-text';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { useSession } from '../../auth/hooks/use-me';
import { BranchOfficeModal, type BranchOfficeModalState } from '../components/branch-office-modal';
import { useBranchOfficeMutations, useBranchOffices } from '../hooks/use-branch-offices';

/** Whether an office matches the words typed into the search box (name, district, address, contact). */
function matches(office: TBranchOffice, q: string): boolean {
  if (!q) return true;
  return [office.name, office.districtName, office.address, office.contactPerson].some((v) => v?.includes(q));
}

/**
 * The agency's branch directory (经办机构网点, Guangzhou notice 附件): where units and residents are served, whom to
 * ask and which number to call. Every role of the region reads it; the agency admin maintains it.
 */
export function BranchOfficesPage() {
  const { user } = useSession();
  const { message } = App.useApp();
  const canEdit = user.role === 'agency_admin';
  const { data, error, isPending, isFetching, refetch } = useBranchOffices();
  const { remove } = useBranchOfficeMutations();
  const [q, setQ] = useState('');
  const [modal, setModal] = useState<BranchOfficeModalState>(null);
  const [removingId, setRemovingId] = useState<string | null>(null);
  const offices = useMemo(() => (data ?? []).filter((o) => matches(o, q)), [data, q]);

  const onDelete = (office: TBranchOffice) => {
    setRemovingId(office.id);
    remove.mutate(office.id, {
      onSuccess: () => void message.success(`已删除经办网点“${office.name}”`),
      onError: (e) => void message.error(errorMessage(e)),
      onSettled: () => setRemovingId(null),
    });
  };

  const columns: TableColumnsType<TBranchOffice> = [
    { title: '网点名称', dataIndex: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
    { title: '所属区县', dataIndex: 'districtName', width: 130, render: (v: string | null) => v || <EmptyText>市级</EmptyText> },
    { title: '服务地址', dataIndex: 'address' },
    { title: '联络员', dataIndex: 'contactPerson', width: 110, render: (v: string | null) => v || <EmptyText /> },
    {
      title: '联系电话',
      dataIndex: 'phone',
      width: 160,
      render: (v: string) => <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{v}</span>,
    },
  ];
  if (canEdit) {
    columns.push({
      title: '操作',
      key: 'actions',
      width: 110,
      render: (_: unknown, office) => (
        <Space size={4}>
          <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => setModal({ mode: 'edit', office })}>
            编辑
          </Button>
          <Popconfirm
            title="删除经办网点"
            description={`确定从名录中删除“${office.name}”吗？`}
            okText="删除"
            okButtonProps={{ danger: true }}
            cancelText="取消"
            onConfirm={() => onDelete(office)}
          >
            <Button type="link" size="small" danger style={{ paddingInline: 4 }} loading={removingId === office.id}>
              删除
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title="经办网点"
        description="统筹区内医保经办机构的服务网点：办理地址、联络员和联系电话。"
        extra={
          canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ mode: 'create' })}>
              新增网点
            </Button>
          )
        }
      />
      {error && <QueryErrorAlert error={error} onRetry={() => void refetch()} />}
      <Card>
        <div style={{ marginBottom: 16 }}>
          <Input.Search
            placeholder="搜索网点名称、区县、地址、联络员"
            aria-label="搜索经办网点"
            allowClear
            style={{ maxWidth: 420 }}
            onSearch={(value) => setQ(value.trim())}
            onChange={(e) => !e.target.value && setQ('')}
          />
        </div>
        <Table<TBranchOffice>
          data-testid="branch-offices-table"
          rowKey="id"
          columns={columns}
          dataSource={offices}
          loading={isPending || isFetching}
          scroll={{ x: 880 }}
          pagination={offices.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={q ? `没有找到与“${q}”匹配的网点` : canEdit ? '尚未登记经办网点，请点击“新增网点”' : '暂无经办网点'}
              />
            ),
          }}
        />
      </Card>
      {canEdit && <BranchOfficeModal state={modal} onClose={() => setModal(null)} />}
    </>
  );
}

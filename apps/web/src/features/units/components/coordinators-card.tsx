import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Popconfirm, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../api/client';
import type { TCoordinator } from '@canbao/domain';
import { EmptyText } from '../../../components/empty-text';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatDateTime } from '../../../lib/datetime';
import { useCoordinatorMutations, useCoordinators } from '../hooks/use-units';
import { CoordinatorModal, type CoordinatorModalState } from './coordinator-modal';

const GENDER_NAMES = { male: '男', female: '女' } as const;
const PERIOD_FORMAT = 'YYYY-MM-DD HH:mm';

const text = (v: string | null) => v || <EmptyText />;
const phone = (v: string | null) => (v ? <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</span> : <EmptyText />);

/**
 * A unit's coordinators (协管员, Guangzhou notice): the current ones, or with 查看历史 every record with its period.
 * A replaced or removed coordinator is never overwritten: the API closes the record (validTo) and keeps it.
 * Phone numbers come masked from the API when the role may not see them in full.
 */
export function CoordinatorsCard({ unitId, canEdit }: { unitId: string; canEdit: boolean }) {
  const { message } = App.useApp();
  const [showHistory, setShowHistory] = useState(false);
  const { data, error, isPending, isFetching, refetch } = useCoordinators(unitId, showHistory);
  const { remove } = useCoordinatorMutations(unitId);
  const [modal, setModal] = useState<CoordinatorModalState>(null);
  const [removingId, setRemovingId] = useState<string | null>(null);

  const onRemove = (c: TCoordinator) => {
    setRemovingId(c.id);
    remove.mutate(c.id, {
      onSuccess: () => void message.success(`已撤销协管员 ${c.name}，记录保留在历史中`),
      onError: (e) => void message.error(errorMessage(e)),
      onSettled: () => setRemovingId(null),
    });
  };

  const columns: TableColumnsType<TCoordinator> = [
    {
      title: '姓名',
      dataIndex: 'name',
      width: showHistory ? 150 : 130,
      render: (name: string, c) => (
        <Space size={6} wrap={false}>
          <Typography.Text strong={!c.validTo} type={c.validTo ? 'secondary' : undefined}>
            {name}
          </Typography.Text>
          {showHistory && (c.validTo ? <Tag variant="filled">历史</Tag> : <Tag color="green">现任</Tag>)}
        </Space>
      ),
    },
    { title: '性别', dataIndex: 'gender', width: 60, render: (g: TCoordinator['gender']) => (g ? GENDER_NAMES[g] : <EmptyText />) },
    { title: '部门', dataIndex: 'department', render: text },
    { title: '职务', dataIndex: 'title', render: text },
    { title: '办公电话', dataIndex: 'officePhone', width: 140, render: phone },
    { title: '手机', dataIndex: 'mobile', width: 125, render: phone },
  ];
  if (showHistory) {
    columns.push(
      {
        title: '起始时间',
        dataIndex: 'validFrom',
        width: 140,
        render: (at: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatDateTime(at, PERIOD_FORMAT)}</span>,
      },
      {
        title: '截止时间',
        dataIndex: 'validTo',
        width: 140,
        render: (at: string | null) =>
          at ? <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatDateTime(at, PERIOD_FORMAT)}</span> : <EmptyText>至今</EmptyText>,
      },
    );
  }
  if (canEdit) {
    columns.push({
      title: '操作',
      key: 'actions',
      width: 100,
      // Stays in view when the history columns make the table scroll sideways.
      fixed: 'right',
      render: (_: unknown, c) =>
        c.validTo ? null : (
          <Space size={4}>
            <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => setModal({ mode: 'replace', coordinator: c })}>
              更换
            </Button>
            <Popconfirm
              title="撤销协管员"
              description={`确定撤销 ${c.name} 吗？记录会保留在历史中。`}
              okText="撤销"
              okButtonProps={{ danger: true }}
              cancelText="取消"
              onConfirm={() => onRemove(c)}
            >
              <Button type="link" size="small" danger style={{ paddingInline: 4 }} loading={removingId === c.id}>
                撤销
              </Button>
            </Popconfirm>
          </Space>
        ),
    });
  }

  return (
    <Card
      title="协管员"
      style={{ marginTop: 16 }}
      extra={
        <Flex gap={16} align="center">
          <label style={{ display: 'inline-flex', alignItems: 'center', gap: 8, cursor: 'pointer' }}>
            <Switch size="small" checked={showHistory} onChange={setShowHistory} aria-label="查看历史" />
            查看历史
          </label>
          {canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ mode: 'add' })}>
              新增协管员
            </Button>
          )}
        </Flex>
      }
    >
      {error && <QueryErrorAlert error={error} onRetry={() => void refetch()} />}
      <Table<TCoordinator>
        data-testid="coordinators-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data}
        loading={isPending || isFetching}
        pagination={false}
        scroll={{ x: showHistory ? 1000 : 760 }}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={showHistory ? '暂无协管员记录' : canEdit ? '尚未登记协管员，请点击“新增协管员”' : '尚未登记协管员'}
            />
          ),
        }}
      />
      {canEdit && <CoordinatorModal unitId={unitId} state={modal} onClose={() => setModal(null)} />}
    </Card>
  );
}

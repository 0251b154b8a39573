import { PlusOutlined } from '@ant-design/icons';
import { ROLE_NAMES, ROLES, type TRole, type TUser } from '@canbao/domain';
import {
  App,
  Button,
  Card,
  Empty,
  Flex,
  Input,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../api/client';
import { EmptyText } from '../../../components/empty-text';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatDateTime, fromNow } from '../../../lib/datetime';
import { PAGE_SIZE_OPTIONS, useListSearchParams } from '../../../lib/use-list-search-params';
import { CHANGE_PASSWORD_PATH } from '../../auth/components/require-auth';
import { useSession } from '../../auth/hooks/use-me';
import { CreateUserModal } from '../components/create-user-modal';
import { IssuedPasswordModal, type IssuedPassword } from '../components/issued-password-modal';
import { useResetUserPassword, useUpdateUser, useUsers } from '../hooks/use-users';

const ROLE_FILTER_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_NAMES[role] }));
const ROLE_COLORS: Record<TRole, string> = {
  agency_admin: 'geekblue',
  unit_operator: 'green',
  collector: 'gold',
  viewer: 'default',
};

function isRole(value: string): value is TRole {
  return (ROLES as readonly string[]).includes(value);
}

export function UsersPage() {
  const { user: me } = useSession();
  const { message } = App.useApp();
  const [params, update] = useListSearchParams(['q', 'role'] as const);
  const role = isRole(params.role) ? params.role : '';
  const { data, error, isPending, isFetching, refetch } = useUsers({
    q: params.q,
    role,
    page: params.page,
    pageSize: params.pageSize,
  });
  const updateUser = useUpdateUser();
  const resetPassword = useResetUserPassword();
  const [isCreateOpen, setCreateOpen] = useState(false);
  const [issued, setIssued] = useState<IssuedPassword | null>(null);
  // Which row's switch / reset is in flight, so that only that row shows a spinner.
  const [busyUserId, setBusyUserId] = useState<string | null>(null);

  const setDisabled = (user: TUser, isDisabled: boolean) => {
    setBusyUserId(user.id);
    updateUser.mutate(
      { id: user.id, isDisabled },
      {
        onSuccess: () => void message.success(`${isDisabled ? '已停用' : '已启用'}账号 ${user.username}`),
        onError: (e) => void message.error(errorMessage(e)),
        onSettled: () => setBusyUserId(null),
      },
    );
  };

  const reset = (user: TUser) => {
    setBusyUserId(user.id);
    resetPassword.mutate(user.id, {
      onSuccess: ({ temporaryPassword }) =>
        setIssued({ kind: 'temporary', username: user.username, displayName: user.displayName, password: temporaryPassword }),
      onError: (e) => void message.error(errorMessage(e)),
      onSettled: () => setBusyUserId(null),
    });
  };

  const columns: TableColumnsType<TUser> = [
    {
      title: '用户名',
      dataIndex: 'username',
      width: 210,
      render: (username: string, user) => (
        <Space size={6} wrap={false} style={{ whiteSpace: 'nowrap' }}>
          <Typography.Text strong>{username}</Typography.Text>
          {user.id === me.id && <Tag variant="filled">当前账号</Tag>}
          {user.mustChangePassword && (
            <Tooltip title="尚未修改初始密码或临时密码">
              <Tag color="orange" variant="outlined">
                待改密
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    { title: '姓名', dataIndex: 'displayName', width: 170 },
    {
      title: '角色',
      dataIndex: 'role',
      width: 150,
      render: (r: TRole) => (
        <Tag color={ROLE_COLORS[r]} style={{ marginInlineEnd: 0 }}>
          {ROLE_NAMES[r] ?? r}
        </Tag>
      ),
    },
    {
      title: '所属单位',
      dataIndex: 'unitName',
      ellipsis: true,
      render: (unitName: string | null, user) =>
        unitName && user.unitId ? <Link to={`/units/${user.unitId}`}>{unitName}</Link> : <EmptyText />,
    },
    {
      title: '状态',
      dataIndex: 'isDisabled',
      width: 100,
      render: (isDisabled: boolean, user) =>
        // An admin cannot lock himself out.
        user.id === me.id ? (
          <Tag color="success">启用</Tag>
        ) : (
          <Switch
            checked={!isDisabled}
            checkedChildren="启用"
            unCheckedChildren="停用"
            loading={busyUserId === user.id && updateUser.isPending}
            aria-label={`账号 ${user.username} 启用状态`}
            onChange={(checked) => setDisabled(user, !checked)}
          />
        ),
    },
    {
      title: '最近登录',
      dataIndex: 'lastLoginAt',
      width: 180,
      render: (at: string | null) =>
        at ? (
          <Tooltip title={fromNow(at)}>
            <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatDateTime(at)}</span>
          </Tooltip>
        ) : (
          <EmptyText>从未登录</EmptyText>
        ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 110,
      render: (_: unknown, user) =>
        user.id === me.id ? (
          <Link to={CHANGE_PASSWORD_PATH}>修改密码</Link>
        ) : (
          <Popconfirm
            title="重置密码"
            description={`确定为 ${user.displayName}（${user.username}）重置密码吗？原密码将立即失效。`}
            okText="重置"
            cancelText="取消"
            onConfirm={() => reset(user)}
          >
            <Button type="link" size="small" style={{ paddingInline: 0 }} loading={busyUserId === user.id && resetPassword.isPending}>
              重置密码
            </Button>
          </Popconfirm>
        ),
    },
  ];

  const hasFilter = Boolean(params.q || role);

  return (
    <>
      <PageHeader
        title="账号管理"
        description="为经办机构、代办单位、征收和查询人员开通账号。初始密码和临时密码只显示一次。"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)}>
            新建账号
          </Button>
        }
      />
      {error && <QueryErrorAlert error={error} onRetry={() => void refetch()} />}
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            key={params.q}
            defaultValue={params.q}
            placeholder="搜索用户名、姓名"
            aria-label="搜索账号"
            allowClear
            enterButton="搜索"
            style={{ width: 320 }}
            onSearch={(value) => update({ q: value.trim() })}
          />
          <Select
            aria-label="按角色筛选"
            placeholder="全部角色"
            allowClear
            style={{ width: 180 }}
            options={ROLE_FILTER_OPTIONS}
            value={role || undefined}
            onChange={(value?: TRole) => update({ role: value ?? null })}
          />
        </Flex>
        <Table<TUser>
          data-testid="users-table"
          rowKey="id"
          columns={columns}
          dataSource={data?.items}
          loading={isPending || isFetching}
          scroll={{ x: 960 }}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={hasFilter ? '没有符合条件的账号' : '暂无账号'} />
            ),
          }}
          pagination={{
            current: params.page,
            pageSize: params.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZE_OPTIONS,
            showTotal: (total) => <Typography.Text type="secondary">共 {total} 个账号</Typography.Text>,
            onChange: (page, pageSize) =>
              update(pageSize !== params.pageSize ? { page: 1, pageSize } : { page, pageSize }),
          }}
        />
      </Card>
      <CreateUserModal open={isCreateOpen} onClose={() => setCreateOpen(false)} onCreated={(i) => {
        setCreateOpen(false);
        setIssued(i);
      }} />
      <IssuedPasswordModal issued={issued} onClose={() => setIssued(null)} />
    </>
  );
}

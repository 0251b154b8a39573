import { SearchOutlined } from '@ant-design/icons';
import {
  AUDIT_ACTION_NAMES,
  AUDIT_ENTITY_NAMES,
  ROLE_NAMES,
  ZRole,
  auditActionName,
  auditActorName,
  auditEntityName,
  type TAuditLog,
} from '@canbao/domain';
import {
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { EmptyText } from '../../../components/empty-text';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { DATE_FORMAT, dayjs, formatDateTime } from '../../../lib/datetime';
import { PAGE_SIZE_OPTIONS, useListSearchParams } from '../../../lib/use-list-search-params';
import { AuditDiff } from '../components/audit-diff';
import { useAuditLogs } from '../hooks/use-audit-logs';

const FILTERS = ['action', 'entityType', 'actor', 'from', 'to'] as const;

interface FilterForm {
  action?: string;
  entityType?: string;
  actor?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

// Staff pick or type an action by its Chinese name; the server also finds actions by the words typed (退费).
const ACTION_OPTIONS = [...new Set(Object.values(AUDIT_ACTION_NAMES))].map((name) => ({ value: name, label: name }));
const ENTITY_TYPE_OPTIONS = Object.entries(AUDIT_ENTITY_NAMES).map(([value, label]) => ({ value, label }));

function roleName(role: string | null) {
  if (!role) return <EmptyText />;
  const parsed = ZRole.safeParse(role);
  return parsed.success ? ROLE_NAMES[parsed.data] : role;
}

const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 } as const;

const columns: TableColumnsType<TAuditLog> = [
  {
    title: '时间',
    dataIndex: 'at',
    width: 168,
    render: (at: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatDateTime(at)}</span>,
  },
  {
    title: '操作人',
    dataIndex: 'actorUsername',
    width: 140,
    ellipsis: true,
    render: (v: string | null) => auditActorName(v),
  },
  { title: '角色', dataIndex: 'actorRole', width: 130, render: roleName },
  {
    title: '操作',
    dataIndex: 'action',
    width: 150,
    render: (action: string, log) => (
      <>
        {auditActionName(action)}
        {log.reason && (
          // A change of a closed year: why the agency made it.
          <Typography.Text type="warning" style={{ display: 'block', fontSize: 12, maxWidth: 138 }} ellipsis={{ tooltip: log.reason }} data-testid="audit-reason">
            原因：{log.reason}
          </Typography.Text>
        )}
      </>
    ),
  },
  {
    title: '对象',
    key: 'entity',
    width: 190,
    render: (_: unknown, log) => (
      <span style={{ whiteSpace: 'nowrap' }}>
        {auditEntityName(log.entityType)}
        {log.entityId && (
          <Tooltip title={log.entityId}>
            {/* A uuid's first block is enough to tell records apart on screen; the tooltip has all of it. */}
            <Typography.Text type="secondary" style={{ ...mono, marginInlineStart: 6 }}>
              {log.entityId.length > 12 ? `${log.entityId.slice(0, 8)}…` : log.entityId}
            </Typography.Text>
          </Tooltip>
        )}
      </span>
    ),
  },
  {
    title: '请求号',
    dataIndex: 'requestId',
    width: 140,
    render: (v: string | null) =>
      v ? (
        <Typography.Text style={mono} copyable={{ text: v, tooltips: ['复制请求号', '已复制'] }} ellipsis={{ tooltip: v }}>
          {v}
        </Typography.Text>
      ) : (
        <EmptyText />
      ),
  },
  {
    title: 'IP',
    dataIndex: 'ip',
    render: (v: string | null) => (v ? <span style={mono}>{v}</span> : <EmptyText />),
  },
];

function toDay(value: string): Dayjs | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const d = dayjs(value);
  return d.isValid() ? d : null;
}

export function AuditLogPage() {
  const [params, update] = useListSearchParams(FILTERS);
  const [form] = Form.useForm<FilterForm>();
  const { data, error, isPending, isFetching, refetch } = useAuditLogs({
    action: params.action,
    entityType: params.entityType,
    actor: params.actor,
    from: params.from,
    to: params.to,
    page: params.page,
    pageSize: params.pageSize,
  });

  // The URL is the source of truth: the form follows it (reload, back button).
  useEffect(() => {
    form.setFieldsValue({
      action: params.action || undefined,
      entityType: params.entityType || undefined,
      actor: params.actor || undefined,
      range: params.from || params.to ? [toDay(params.from), toDay(params.to)] : null,
    });
  }, [form, params.action, params.entityType, params.actor, params.from, params.to]);

  const onSearch = (values: FilterForm) => {
    const [from, to] = values.range ?? [];
    update({
      action: values.action?.trim() || null,
      entityType: values.entityType?.trim() || null,
      actor: values.actor?.trim() || null,
      from: from ? from.format(DATE_FORMAT) : null,
      to: to ? to.format(DATE_FORMAT) : null,
    });
  };

  const onReset = () => {
    form.resetFields();
    update({ action: null, entityType: null, actor: null, from: null, to: null });
  };

  const hasFilter = FILTERS.some((f) => params[f]);

  return (
    <>
      <PageHeader title="审计日志" description="登录、账号、单位、人员、申报和缴费等数据的每一次变更：谁、何时、从哪里、改前、改后。" />
      {error && <QueryErrorAlert error={error} onRetry={() => void refetch()} />}
      <Card>
        <Form<FilterForm> form={form} layout="inline" onFinish={onSearch} style={{ rowGap: 12, marginBottom: 16 }}>
          <Form.Item label="操作" name="action">
            <AutoComplete
              options={ACTION_OPTIONS}
              placeholder="如 退费、新建账号"
              allowClear
              style={{ width: 200 }}
              showSearch={{ filterOption: (input, option) => String(option?.value ?? '').includes(input) }}
            />
          </Form.Item>
          <Form.Item label="对象类型" name="entityType">
            <Select options={ENTITY_TYPE_OPTIONS} placeholder="全部" allowClear style={{ width: 160 }} />
          </Form.Item>
          <Form.Item label="操作人" name="actor">
            <Input placeholder="用户名" allowClear style={{ width: 150 }} />
          </Form.Item>
          <Form.Item label="日期范围" name="range">
            <DatePicker.RangePicker allowEmpty={[true, true]} format={DATE_FORMAT} style={{ width: 260 }} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                查询
              </Button>
              <Button onClick={onReset}>重置</Button>
            </Space>
          </Form.Item>
        </Form>
        <Table<TAuditLog>
          data-testid="audit-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items}
          loading={isPending || isFetching}
          scroll={{ x: 1000 }}
          expandable={{
            rowExpandable: (log) => log.before !== null || log.after !== null || log.reason !== null,
            expandedRowRender: (log) => <AuditDiff log={log} />,
          }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={hasFilter ? '没有符合条件的审计记录' : '暂无审计记录'}
              />
            ),
          }}
          pagination={{
            current: params.page,
            pageSize: params.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZE_OPTIONS,
            showTotal: (total) => <Typography.Text type="secondary">共 {total} 条记录</Typography.Text>,
            onChange: (page, pageSize) =>
              update(pageSize !== params.pageSize ? { page: 1, pageSize } : { page, pageSize }),
          }}
        />
      </Card>
    </>
  );
}

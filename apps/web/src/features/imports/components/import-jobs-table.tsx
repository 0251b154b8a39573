import type { TImportJob } from '@canbao/domain';
import { Card, Empty, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { EmptyText } from '../../../components/empty-text';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatDateTime } from '../../../lib/datetime';
import { PAGE_SIZE_OPTIONS, useListSearchParams } from '../../../lib/use-list-search-params';
import { useImports } from '../hooks/use-imports';
import { formatCount, jobFigures, kindOf } from '../kinds';
import { STATUS_TAGS, hasCounts } from '../labels';

const NO_FILTERS = [] as const;

/** The job's non-zero figures, labelled as its kind defines them: "新增 5 · 错误 2", "匹配 1 · 未匹配 1". */
function CountsSummary({ job }: { job: TImportJob }) {
  if (!hasCounts(job)) return <EmptyText />;
  const figures = jobFigures(job).filter((f) => f.value > 0);
  if (!figures.length) return <EmptyText />;
  return (
    <span>
      {figures.map((f, i) => (
        <span key={f.key}>
          {i > 0 && <Typography.Text type="secondary"> · </Typography.Text>}
          <Typography.Text type={f.key === 'error' ? 'danger' : undefined}>
            {f.label} {formatCount(f.value)}
          </Typography.Text>
        </span>
      ))}
    </span>
  );
}

function columns(unitNames: Map<string, string> | null): TableColumnsType<TImportJob> {
  return [
    {
      title: '文件',
      dataIndex: 'fileName',
      ellipsis: true,
      render: (name: string, job) => <Link to={`/imports/${job.id}`}>{name}</Link>,
    },
    { title: '类型', dataIndex: 'kindName', width: unitNames ? 170 : 110 },
    ...(unitNames
      ? [
          {
            title: '单位',
            dataIndex: 'unitId',
            ellipsis: true,
            render: (id: string | null, job: TImportJob) =>
              id ? (unitNames.get(id) ?? <EmptyText />) : kindOf(job).needsUnit ? <EmptyText /> : <Typography.Text type="secondary">全统筹区</Typography.Text>,
          },
        ]
      : []),
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (s: TImportJob['status']) => <Tag color={STATUS_TAGS[s].color}>{STATUS_TAGS[s].label}</Tag>,
    },
    { title: '行数', dataIndex: 'rowsTotal', width: 80, align: 'right', render: (v: number | null) => (v === null ? <EmptyText /> : v.toLocaleString('zh-CN')) },
    { title: '结果', key: 'counts', width: 210, render: (_: unknown, job) => <CountsSummary job={job} /> },
    { title: '上传人', dataIndex: 'createdBy', width: 100, render: (v: string | null) => v ?? <EmptyText /> },
    { title: '上传时间', dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
  ];
}

/** Earlier imports, newest first; the one open above is highlighted. */
export function ImportJobsTable({ selectedId, unitNames }: { selectedId: string | undefined; unitNames: Map<string, string> | null }) {
  const [params, update] = useListSearchParams(NO_FILTERS);
  const { data, error, isPending, isFetching, refetch } = useImports({ page: params.page, pageSize: params.pageSize });
  return (
    <Card title="导入记录">
      {error && <QueryErrorAlert error={error} onRetry={() => void refetch()} />}
      <Table<TImportJob>
        data-testid="import-jobs-table"
        rowKey="id"
        size="middle"
        columns={columns(unitNames)}
        dataSource={data?.items}
        loading={isPending || (isFetching && !data)}
        scroll={{ x: unitNames ? 1060 : 860 }}
        rowClassName={(job) => (job.id === selectedId ? 'ant-table-row-selected' : '')}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有导入记录" /> }}
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZE_OPTIONS,
          hideOnSinglePage: true,
          showTotal: (total) => <Typography.Text type="secondary">共 {total} 次导入</Typography.Text>,
          onChange: (page, pageSize) => update(pageSize !== params.pageSize ? { page: 1, pageSize } : { page, pageSize }),
        }}
      />
    </Card>
  );
}

import type { TImportOutcome, TImportRow } from '@canbao/domain';
import { Card, Table, Typography, type TableColumnsType } from 'antd';
import { useState, type ReactNode } from 'react';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { useImportRows } from '../hooks/use-imports';

const PAGE_SIZE = 10;

/**
 * The rows of a job with one outcome (errors, unmatched, changed), ten a page, read from the server as they are
 * shown: the lists of the job panel share it and differ only in their columns and words.
 */
export function ImportRowsCard({
  jobId,
  outcome,
  count,
  title,
  note,
  extra,
  columns,
  testId,
}: {
  jobId: string;
  outcome: TImportOutcome;
  count: number;
  title: string;
  note: ReactNode;
  extra?: ReactNode;
  /** Fixed, or chosen from the page's rows (a column only when some row has a value for it). */
  columns: TableColumnsType<TImportRow> | ((rows: readonly TImportRow[]) => TableColumnsType<TImportRow>);
  testId: string;
}) {
  const [page, setPage] = useState(1);
  const rows = useImportRows(jobId, { outcome, page, pageSize: PAGE_SIZE }, count > 0);
  return (
    <Card size="small" type="inner" title={title} extra={extra} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {note}
      </Typography.Paragraph>
      {rows.error && <QueryErrorAlert error={rows.error} onRetry={() => void rows.refetch()} />}
      <Table<TImportRow>
        data-testid={testId}
        rowKey="seq"
        size="small"
        columns={typeof columns === 'function' ? columns(rows.data?.items ?? []) : columns}
        dataSource={rows.data?.items}
        loading={rows.isPending || rows.isFetching}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: rows.data?.total ?? 0,
          hideOnSinglePage: true,
          showSizeChanger: false,
          onChange: setPage,
        }}
      />
    </Card>
  );
}

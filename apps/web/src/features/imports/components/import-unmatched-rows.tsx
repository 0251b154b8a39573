import { Card, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { EmptyText } from '../../../components/empty-text';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import type { TImportRow } from '../api';
import { useImportRows } from '../hooks/use-imports';

const PAGE_SIZE = 10;

const columns: TableColumnsType<TImportRow> = [
  { title: '工作表', dataIndex: 'sheet', width: 110 },
  { title: '行号', dataIndex: 'rowNo', width: 70, align: 'right' },
  { title: '姓名', dataIndex: 'name', render: (v: string | null) => v || <EmptyText /> },
];

/** A zip's files are rows of one sheet, in the order of the zip, each named by its file name. */
const fileColumns: TableColumnsType<TImportRow> = [
  { title: '序号', dataIndex: 'rowNo', width: 70, align: 'right' },
  { title: '文件名', dataIndex: 'name', render: (v: string | null) => v || <EmptyText /> },
];

/** Rows of a list (exemptions, leavers, prefill) or files of a photo zip naming nobody registered: listed, not errors. */
export function ImportUnmatchedRows({ jobId, count, note, isZip = false }: { jobId: string; count: number; note: string; isZip?: boolean }) {
  const [page, setPage] = useState(1);
  const rows = useImportRows(jobId, { outcome: 'unmatched', page, pageSize: PAGE_SIZE }, count > 0);
  return (
    <Card
      size="small"
      type="inner"
      title={isZip ? `未匹配的照片（${count.toLocaleString('zh-CN')} 张）` : `未匹配的行（${count.toLocaleString('zh-CN')} 行）`}
      style={{ marginBottom: 16 }}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {note}
      </Typography.Paragraph>
      {rows.error && <QueryErrorAlert error={rows.error} onRetry={() => void rows.refetch()} />}
      <Table<TImportRow>
        data-testid="import-unmatched-rows"
        rowKey="seq"
        size="small"
        columns={isZip ? fileColumns : columns}
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

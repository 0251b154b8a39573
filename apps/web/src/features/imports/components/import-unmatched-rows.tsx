import type { TImportRow } from '@canbao/domain';
import type { TableColumnsType } from 'antd';
import { EmptyText } from '../../../components/empty-text';
import { ImportRowsCard } from './import-rows-card';

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
  return (
    <ImportRowsCard
      jobId={jobId}
      outcome="unmatched"
      count={count}
      testId="import-unmatched-rows"
      title={isZip ? `未匹配的照片（${count.toLocaleString('zh-CN')} 张）` : `未匹配的行（${count.toLocaleString('zh-CN')} 行）`}
      note={note}
      columns={isZip ? fileColumns : columns}
    />
  );
}

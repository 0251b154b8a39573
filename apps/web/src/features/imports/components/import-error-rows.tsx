import { DownloadOutlined } from '@ant-design/icons';
import type { TImportRow } from '@canbao/domain';
import { Button, Space, Tag, type TableColumnsType } from 'antd';
import { EmptyText } from '../../../components/empty-text';
import { errorReportUrl } from '../api';
import { ImportRowsCard } from './import-rows-card';

/**
 * The name is known only for rows whose cells were all valid (an error found later, such as a duplicate). A zip's
 * rows are its files: numbered in the zip's order and named by their file names.
 */
const columns = (withName: boolean, isZip: boolean): TableColumnsType<TImportRow> => [
  ...(isZip
    ? [
        { title: '序号', dataIndex: 'rowNo', width: 70, align: 'right' as const },
        { title: '文件名', dataIndex: 'name', width: 240, render: (v: string | null) => v || <EmptyText /> },
      ]
    : [
        { title: '工作表', dataIndex: 'sheet', width: 110 },
        { title: '行号', dataIndex: 'rowNo', width: 70, align: 'right' as const },
        ...(withName ? [{ title: '姓名', dataIndex: 'name', width: 100, render: (v: string | null) => v || <EmptyText /> }] : []),
      ]),
  {
    title: '错误（列：原因）',
    dataIndex: 'errors',
    render: (errors: TImportRow['errors']) => (
      <Space orientation="vertical" size={2}>
        {errors.map((e, i) => (
          <span key={i}>
            <Tag color="red">{e.column}</Tag>
            {e.message}
          </span>
        ))}
      </Space>
    ),
  },
];

/** The rows with errors, each with every wrong cell, and the error report that marks them in the file itself. */
export function ImportErrorRows({ jobId, errorCount, isZip = false }: { jobId: string; errorCount: number; isZip?: boolean }) {
  return (
    <ImportRowsCard
      jobId={jobId}
      outcome="error"
      count={errorCount}
      testId="import-error-rows"
      title={isZip ? `有错误的文件（${errorCount} 个）` : `有错误的行（${errorCount} 行）`}
      extra={
        <Button icon={<DownloadOutlined />} href={errorReportUrl(jobId)} download>
          下载错误报告
        </Button>
      }
      note={
        isZip
          ? '这些文件不会导入：按原因修正（文件名为证件号码，JPEG 或 PNG，尺寸和大小合规）后，可把它们重新打包上传。'
          : '错误报告是原文件中有错误的行：错误的单元格标红并附批注，最后一列写明错误原因。修正后可直接重新上传。'
      }
      columns={(rows) => columns(rows.some((r) => r.name), isZip)}
    />
  );
}

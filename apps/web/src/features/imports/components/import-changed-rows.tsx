import { gradeName, type TImportChange, type TImportRow } from '@canbao/domain';
import { Space, Tag, Typography, type TableColumnsType } from 'antd';
import { EmptyText } from '../../../components/empty-text';
import { ImportRowsCard } from './import-rows-card';

/** The change the server names by the column 学校: the school the file names, never applied (a move is a transfer). */
const NOTE_COLUMN = '学校';

/** A value as the register shows it: grades by name (一年级), an empty value as （空）. */
function shown(change: TImportChange, value: string | null): string {
  if (value === null || value === '') return '（空）';
  return change.column === '年级' ? gradeName(value) : value;
}

/** 「班级 1班 → 3班」, or the school the file names as a note. */
function ChangeLine({ change }: { change: TImportChange }) {
  if (change.column === NOTE_COLUMN) {
    return (
      <Typography.Text type="secondary" data-testid="import-change-note">
        <Tag>仅提示</Tag>
        名单中的学校为“{change.to}”，登记在“{change.from ?? '—'}”；不调整单位，转学请由新学校办理转入
      </Typography.Text>
    );
  }
  return (
    <span data-testid="import-change">
      <Typography.Text strong>{change.column}</Typography.Text> {shown(change, change.from)} → <Typography.Text mark>{shown(change, change.to)}</Typography.Text>
    </span>
  );
}

const columns: TableColumnsType<TImportRow> = [
  { title: '行号', dataIndex: 'rowNo', width: 70, align: 'right' },
  { title: '姓名', dataIndex: 'name', width: 110, render: (v: string | null) => v || <EmptyText /> },
  {
    title: '登记 → 名单',
    dataIndex: 'changes',
    render: (changes: TImportRow['changes']) => (
      <Space orientation="vertical" size={2}>
        {/* Real changes first, the school's note last. */}
        {[...changes]
          .sort((a, b) => Number(a.column === NOTE_COLUMN) - Number(b.column === NOTE_COLUMN))
          .map((c, i) => (
            <ChangeLine key={i} change={c} />
          ))}
      </Space>
    ),
  },
];

/**
 * The rows whose register the commit changes (the education prefill), each difference as 「班级 1班 → 3班」: before
 * the commit the 'changed' rows, after it the 'updated' ones.
 */
export function ImportChangedRows({ jobId, committed, count }: { jobId: string; committed: boolean; count: number }) {
  return (
    <ImportRowsCard
      jobId={jobId}
      outcome={committed ? 'updated' : 'changed'}
      count={count}
      testId="import-changed-rows"
      title={`${committed ? '已更新' : '将更新'}的学生（${count.toLocaleString('zh-CN')} 人）`}
      note={
        committed
          ? '以下学生的登记已按教育部门的数据更新。'
          : '以下学生的年级、班级或学籍号与登记不同，确认导入后按教育部门的数据更新；学校不同只作提示，不调整单位。'
      }
      columns={columns}
    />
  );
}

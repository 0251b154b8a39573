import { DownloadOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { IMPORT_ROW_FIELDS, gradeName, maskPersonalText, type TImportChange, type TImportJob, type TImportRow } from '@canbao/domain';
import { Button, Card, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { EmptyText } from '../../../components/empty-text';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { tableScrollWidth } from '../../../lib/table';
import { errorReportUrl } from '../api';
import { useImportRows } from '../hooks/use-imports';
import { formatCount as n, outcomeTabs, type TImportKindInfo, type TOutcomeTab } from '../kinds';

const PAGE_SIZE = 10;

/** Widths of the kinds' key fields (IMPORT_ROW_FIELDS); others take FIELD_WIDTH. */
const FIELD_WIDTHS: Record<string, number> = {
  gender: 60,
  birthDate: 110,
  className: 80,
  validity: 200,
  unitName: 200,
  school: 200,
  paidAt: 150,
  deductedAt: 150,
  ticket: 190,
  transactionId: 190,
  result: 160,
};
const FIELD_WIDTH = 120;

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

/** A row's errors (each with its column), what it changes and what else it will do. */
function RowNotes({ row, withChanges }: { row: TImportRow; withChanges: boolean }) {
  // Real changes first, the school's note last.
  const changes = withChanges ? [...row.changes].sort((a, b) => Number(a.column === NOTE_COLUMN) - Number(b.column === NOTE_COLUMN)) : [];
  return (
    <Space orientation="vertical" size={2}>
      {row.errors.map((e, i) => (
        <span key={`e${i}`} data-testid="import-row-error">
          <Tag color="red">{e.column}</Tag>
          {e.message}
        </span>
      ))}
      {changes.map((c, i) => (
        <ChangeLine key={`c${i}`} change={c} />
      ))}
      {row.warnings.map((w, i) => (
        <Typography.Text key={`w${i}`} type="warning" data-testid="import-row-warning">
          <ExclamationCircleOutlined /> {w}
        </Typography.Text>
      ))}
    </Space>
  );
}

const hasNotes = (row: TImportRow, withChanges: boolean) => row.errors.length > 0 || row.warnings.length > 0 || (withChanges && row.changes.length > 0);

/**
 * The columns of a kind's rows: where the row is in the file, who it is (name and masked number — a zip's rows are
 * its files, named by file name, masked too) and the kind's key fields. A row's notes go on a line of their own below
 * it, the table's whole width: errors are long sentences.
 */
function rowColumns(kind: TImportKindInfo<string>): TableColumnsType<TImportRow> {
  const fields = (IMPORT_ROW_FIELDS as Record<string, readonly { key: string; label: string }[]>)[kind.code] ?? [];
  const place: TableColumnsType<TImportRow> = kind.isZip
    ? [
        { title: '序号', dataIndex: 'rowNo', width: 64, align: 'right' },
        { title: '文件名', dataIndex: 'name', width: 260, render: (v: string | null) => (v ? maskPersonalText(v) : <EmptyText />) },
      ]
    : [
        {
          title: '行号',
          dataIndex: 'rowNo',
          width: 90,
          render: (rowNo: number, row) => (
            <Space orientation="vertical" size={0}>
              <span>第 {rowNo} 行</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {row.sheet}
              </Typography.Text>
            </Space>
          ),
        },
      ];
  const person: TableColumnsType<TImportRow> =
    kind.isZip || kind.noPersons
      ? []
      : [
          { title: '姓名', dataIndex: 'name', width: 100, render: (v: string | null) => v || <EmptyText /> },
          { title: '证件号码', dataIndex: 'documentNumber', width: 180, render: (v: string | null) => v || <EmptyText /> },
        ];
  const keyFields: TableColumnsType<TImportRow> = fields.map((f) => ({
    key: f.key,
    title: f.label,
    width: FIELD_WIDTHS[f.key] ?? FIELD_WIDTH,
    render: (_: unknown, row: TImportRow) => row.fields[f.key] || <EmptyText />,
  }));
  return [...place, ...person, ...keyFields];
}

/**
 * One outcome's rows, ten a page. The next page is asked for after the last row of the page before (a range of the
 * server's primary key, however far into a 100,000-row file); a page reached by a jump is asked for by its number.
 */
function OutcomeRows({ jobId, kind, tab }: { jobId: string; kind: TImportKindInfo<string>; tab: TOutcomeTab }) {
  const [page, setPage] = useState(1);
  const [lastSeqs, setLastSeqs] = useState<Readonly<Record<number, number>>>({});
  const after = page > 1 ? lastSeqs[page - 1] : undefined;
  const rows = useImportRows(jobId, { outcome: tab.outcome, page, pageSize: PAGE_SIZE, after }, tab.count > 0);
  const items = rows.data && rows.data.page === page ? rows.data.items : undefined;
  const last = items?.at(-1)?.seq;
  useEffect(() => {
    if (last !== undefined) setLastSeqs((seqs) => (seqs[page] === last ? seqs : { ...seqs, [page]: last }));
  }, [page, last]);
  const columns = useMemo(() => rowColumns(kind), [kind]);
  const withChanges = kind.listsChanges ?? false;
  const noted = useMemo(() => (rows.data?.items ?? []).filter((r) => hasNotes(r, withChanges)).map((r) => r.seq), [rows.data, withChanges]);
  return (
    <>
      {rows.error && <QueryErrorAlert error={rows.error} onRetry={() => void rows.refetch()} />}
      <Table<TImportRow>
        data-testid={`import-rows-${tab.outcome}`}
        rowKey="seq"
        size="small"
        columns={columns}
        dataSource={rows.data?.items}
        loading={rows.isPending || rows.isFetching}
        scroll={{ x: tableScrollWidth(columns) }}
        expandable={{
          expandedRowRender: (row) => <RowNotes row={row} withChanges={withChanges} />,
          rowExpandable: (row) => hasNotes(row, withChanges),
          expandedRowKeys: noted,
          showExpandColumn: false,
        }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: rows.data?.total ?? tab.count,
          hideOnSinglePage: true,
          showSizeChanger: false,
          showTotal: (total) => `共 ${n(total)} ${kind.isZip ? '个' : '行'}`,
          onChange: setPage,
        }}
      />
    </>
  );
}

/** What the rows of a tab are, above them: the kind's note, the errors' report. */
function TabNote({ job, kind, tab }: { job: TImportJob; kind: TImportKindInfo<string>; tab: TOutcomeTab }) {
  const committed = job.status === 'committed';
  if (tab.isError) {
    return (
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Text type="secondary">
          {kind.isZip
            ? '这些文件不会导入：按原因修正（文件名为证件号码，JPEG 或 PNG，尺寸和大小合规）后，可把它们重新打包上传。'
            : '这些行不会导入。错误报告是原文件中有错误的行：错误的单元格标红并附批注，最后一列写明错误原因，修正后可直接重新上传。'}
        </Typography.Text>
        <Button icon={<DownloadOutlined />} href={errorReportUrl(job.id)} download>
          下载错误报告
        </Button>
      </Space>
    );
  }
  const note = tab.outcome === 'unmatched' ? kind.unmatchedNote : kind.notes?.(tab.outcome, committed);
  return note ? (
    <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
      {note}
    </Typography.Paragraph>
  ) : null;
}

/**
 * The rows of a job by outcome — before the commit what it will write (新增、更新、转入 …) and what it will not (有误、
 * 未匹配 …), after it what it wrote — a tab each with its count, a page of rows at a time.
 */
export function ImportPreview({ job, kind }: { job: TImportJob; kind: TImportKindInfo<string> }) {
  const committed = job.status === 'committed';
  const tabs = outcomeTabs(job);
  const [active, setActive] = useState<string>();
  if (tabs.length === 0) return null;
  const current = tabs.find((t) => t.outcome === active) ?? tabs[0]!;
  return (
    <Card
      size="small"
      type="inner"
      title={committed ? '导入明细' : '导入预览：将写入和不写入的行'}
      style={{ marginBottom: 16 }}
      data-testid="import-preview"
    >
      <Tabs
        activeKey={current.outcome}
        onChange={setActive}
        items={tabs.map((tab) => ({
          key: tab.outcome,
          label: (
            <span data-testid={`import-tab-${tab.outcome}`}>
              {tab.label}{' '}
              <Typography.Text type={tab.isError ? 'danger' : 'secondary'}>
                {n(tab.count)} {tab.unit}
              </Typography.Text>
            </span>
          ),
          children: (
            <>
              <TabNote job={job} kind={kind} tab={tab} />
              {/* One list per outcome and stage: a committed job's rows are new rows. */}
              <OutcomeRows key={`${job.status}-${tab.outcome}`} jobId={job.id} kind={kind} tab={tab} />
            </>
          ),
        }))}
      />
    </Card>
  );
}

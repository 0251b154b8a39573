import { CalendarOutlined, DownloadOutlined } from '@ant-design/icons';
import { PROGRESS_GROUPS, PROGRESS_GROUP_NAMES, type TProgressGroup, type TProgressRow } from '@canbao/domain';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Input, Progress, Row, Segmented, Space, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { queryKeys } from '../../../api/query-keys';
import { FullPageSpin } from '../../../components/full-page-spin';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatDateTime } from '../../../lib/datetime';
import { tableScrollWidth } from '../../../lib/table';
import { useListSearchParams } from '../../../lib/use-list-search-params';
import { CampaignYearBar } from '../../declarations/components/campaign-year-bar';
import { defaultCampaignYear } from '../../declarations/declaration-view';
import { useCampaignYears } from '../../declarations/hooks/use-declarations';
import { getProgressBoard, progressExportUrl } from '../api';
import { ProgressChart } from '../components/progress-chart';

const count = (n: number) => n.toLocaleString('zh-CN');
const HEADS: Record<TProgressGroup, string> = { unit: '单位', district: '区县', schoolType: '单位类型', day: '日期' };

function columns(groupBy: TProgressGroup): TableColumnsType<TProgressRow> {
  return [
    { title: HEADS[groupBy], dataIndex: 'label', width: 240, fixed: 'left', ellipsis: true },
    { title: '在册人数', dataIndex: 'roster', width: 96, align: 'right', render: count },
    { title: '已申报', dataIndex: 'declared', width: 88, align: 'right', render: count },
    { title: '已确认', dataIndex: 'confirmed', width: 88, align: 'right', render: count },
    { title: '已缴费', dataIndex: 'paid', width: 88, align: 'right', render: count },
    { title: '减免', dataIndex: 'exempt', width: 72, align: 'right', render: count },
    { title: '未参保', dataIndex: 'uninsured', width: 88, align: 'right', render: (n: number) => (n ? <Typography.Text type="danger">{count(n)}</Typography.Text> : 0) },
    { title: '参保率', dataIndex: 'rate', width: 170, render: (r: number) => <Progress percent={r} size="small" format={(p) => `${p ?? 0}%`} status={r >= 100 ? 'success' : 'normal'} /> },
  ];
}

/**
 * 参保进度 (issue 14, item 5): every unit of the region — those that declared nobody too — with its roster, what it
 * declared, confirmed and collected, and who is still uninsured; furthest behind first. By district, by unit type,
 * or day by day with a chart. Figures only, nothing personal: the education bureau (viewer) reads it too.
 */
export function ProgressPage() {
  const years = useCampaignYears();
  const [params, update] = useListSearchParams(['year', 'groupBy'] as const);
  const year = Number(params.year) || defaultCampaignYear(years.data?.items ?? []) || 0;
  const groupBy = (PROGRESS_GROUPS as readonly string[]).includes(params.groupBy) ? (params.groupBy as TProgressGroup) : 'unit';
  const [q, setQ] = useState('');
  const board = useQuery({
    queryKey: [...queryKeys.declarations.all, 'board', year, groupBy],
    queryFn: ({ signal }) => getProgressBoard(year, groupBy, signal),
    enabled: year > 0,
    refetchInterval: 60_000,
  });

  if (years.isPending) return <FullPageSpin />;
  if (years.error) return <QueryErrorAlert error={years.error} onRetry={() => void years.refetch()} />;
  const totals = board.data?.totals;
  const rows = (board.data?.rows ?? []).filter((r) => !q.trim() || r.label.includes(q.trim()));
  const cols = columns(groupBy);

  return (
    <>
      <PageHeader
        title="参保进度"
        description="统筹区内每个单位（含尚未申报的单位）的在册人数、申报、确认、缴费和未参保人数；参保率最低的排在前面。只含统计数字，不含个人信息。"
        extra={
          <Space wrap>
            <Link to={`/progress/daily${year ? `?year=${year}` : ''}`}>
              <Button icon={<CalendarOutlined />}>每天通报</Button>
            </Link>
            <Button icon={<DownloadOutlined />} href={year ? progressExportUrl(year, groupBy) : undefined} disabled={!year}>
              导出 Excel
            </Button>
          </Space>
        }
      />
      {years.data.items.length > 0 && <CampaignYearBar years={years.data} year={year} onChange={(y) => update({ year: String(y) })} />}
      {board.error && <QueryErrorAlert error={board.error} onRetry={() => void board.refetch()} />}
      {board.data && (
        <Typography.Paragraph type="secondary" data-testid="board-as-of">
          统计于 {formatDateTime(board.data.asOf)}（每分钟自动刷新；全统筹区数字每 15 秒内重新统计）
        </Typography.Paragraph>
      )}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {(
          [
            ['在册人数', totals?.roster, 'board-roster'],
            ['已申报', totals?.declared, 'board-declared'],
            ['已缴费', totals?.paid, 'board-paid'],
            ['未参保', totals?.uninsured, 'board-uninsured'],
          ] as const
        ).map(([title, value, id]) => (
          <Col key={id} xs={12} md={6} lg={4}>
            <Card size="small">
              <Statistic title={title} value={value ?? 0} suffix="人" data-testid={id} />
            </Card>
          </Col>
        ))}
        <Col xs={24} md={12} lg={8}>
          <Card size="small">
            <Statistic title="参保率" value={totals?.rate ?? 0} suffix="%" precision={1} data-testid="board-rate" />
          </Card>
        </Col>
      </Row>
      <Card>
        <Space wrap style={{ marginBottom: 16, maxWidth: '100%' }}>
          <div style={{ maxWidth: '100%', overflowX: 'auto' }}>
          <Segmented
            aria-label="汇总方式"
            value={groupBy}
            options={PROGRESS_GROUPS.map((g) => ({ value: g, label: PROGRESS_GROUP_NAMES[g] }))}
            onChange={(v) => update({ groupBy: v === 'unit' ? '' : String(v) })}
          />
          </div>
          {groupBy !== 'day' && <Input.Search aria-label="查找" placeholder={`查找${HEADS[groupBy]}`} allowClear style={{ width: 240 }} onSearch={(v) => setQ(v)} />}
        </Space>
        {groupBy === 'day' && board.data && <ProgressChart days={board.data.rows} />}
        <Table<TProgressRow>
          data-testid="progress-table"
          rowKey="key"
          size="middle"
          columns={cols}
          dataSource={rows}
          loading={board.isPending || board.isFetching}
          scroll={{ x: tableScrollWidth(cols) }}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        />
      </Card>
    </>
  );
}

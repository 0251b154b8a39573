import { DownloadOutlined, SaveOutlined } from '@ant-design/icons';
import type { TDailyChange, TDailyReportRow } from '@canbao/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, List, Row, Space, Statistic, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { errorMessage } from '../../../api/client';
import { queryKeys } from '../../../api/query-keys';
import { FullPageSpin } from '../../../components/full-page-spin';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { cityToday, formatDateTime } from '../../../lib/datetime';
import { tableScrollWidth } from '../../../lib/table';
import { useListSearchParams } from '../../../lib/use-list-search-params';
import { useMe } from '../../auth/hooks/use-me';
import { CampaignYearBar } from '../../declarations/components/campaign-year-bar';
import { defaultCampaignYear } from '../../declarations/declaration-view';
import { useCampaignYears } from '../../declarations/hooks/use-declarations';
import { dailyReportExportUrl, getDailyReport, keepDailyReport, listDailyReports } from '../api';

const count = (n: number) => n.toLocaleString('zh-CN');

/** "+12", "−3", "0": the change since the day kept before; nothing on the first day kept. */
function Change({ value, suffix = '', good = 'up' }: { value: number | undefined; suffix?: string; good?: 'up' | 'down' }) {
  if (value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  if (value === 0) return <Typography.Text type="secondary">0{suffix}</Typography.Text>;
  const better = good === 'up' ? value > 0 : value < 0;
  return <Typography.Text type={better ? 'success' : 'danger'}>{`${value > 0 ? '+' : '−'}${count(Math.abs(value))}${suffix}`}</Typography.Text>;
}

function columns(head: string, withDistrict: boolean): TableColumnsType<TDailyReportRow> {
  const change = (key: keyof TDailyChange, suffix = '', good: 'up' | 'down' = 'up') => (_: unknown, r: TDailyReportRow) => <Change value={r.change?.[key]} suffix={suffix} good={good} />;
  return [
    { title: head, dataIndex: 'label', width: 220, fixed: 'left', ellipsis: true },
    ...(withDistrict ? [{ title: '区县', dataIndex: 'district', width: 110, ellipsis: true }] : []),
    { title: '在册人数', dataIndex: 'roster', width: 92, align: 'right', render: count },
    { title: '已申报', dataIndex: 'declared', width: 84, align: 'right', render: count },
    { title: '较前日', key: 'dDeclared', width: 76, align: 'right', render: change('declared') },
    { title: '已缴费', dataIndex: 'paid', width: 84, align: 'right', render: count },
    { title: '较前日', key: 'dPaid', width: 76, align: 'right', render: change('paid') },
    { title: '未参保', dataIndex: 'uninsured', width: 84, align: 'right', render: count },
    { title: '参保率', dataIndex: 'rate', width: 84, align: 'right', render: (r: number) => `${r}%` },
    { title: '较前日', key: 'dRate', width: 84, align: 'right', render: change('rate', '%') },
  ];
}

/**
 * 每天通报 (Nanchong 001 六.(三)): the region's figures of each campaign day as they were kept — by district and by
 * unit, with the change since the day kept before — so any earlier day opens again as it was reported. The agency
 * keeps today's (again during the day to bring it up to date); the server keeps it at 20:00 if nobody did.
 */
export function DailyReportsPage() {
  const { message } = App.useApp();
  const { me } = useMe();
  const isAgency = me?.user.role === 'agency_admin';
  const years = useCampaignYears();
  const [params, update] = useListSearchParams(['year', 'date'] as const);
  const year = Number(params.year) || defaultCampaignYear(years.data?.items ?? []) || 0;
  const queryClient = useQueryClient();
  const days = useQuery({ queryKey: queryKeys.declarations.dailyReports(year), queryFn: ({ signal }) => listDailyReports(year, signal), enabled: year > 0 });
  const date = params.date || days.data?.items[0]?.date || '';
  const report = useQuery({
    queryKey: queryKeys.declarations.dailyReport(year, date),
    queryFn: ({ signal }) => getDailyReport(year, date, signal),
    enabled: year > 0 && date !== '',
  });
  const keep = useMutation({
    mutationFn: () => keepDailyReport(year),
    onSuccess: async (kept) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.declarations.dailyReports(year) });
      queryClient.setQueryData(queryKeys.declarations.dailyReport(year, kept.date), kept);
      update({ date: kept.date });
      void message.success(`已保存 ${kept.date} 的通报`);
    },
    onError: (e) => void message.error(errorMessage(e)),
  });

  if (years.isPending) return <FullPageSpin />;
  if (years.error) return <QueryErrorAlert error={years.error} onRetry={() => void years.refetch()} />;
  const r = report.data;
  const today = cityToday();
  const keptToday = days.data?.items.some((d) => d.date === today) ?? false;

  return (
    <>
      <PageHeader
        backTo={`/progress?year=${year}`}
        title="每天通报"
        description="每天保存一次统筹区的参保进度（按区县、按单位），之前各日的通报可随时打开，与前一日相比的变化一并列出。每天 20:00 未保存的，系统自动保存。"
        extra={
          <Space wrap>
            {isAgency && (
              <Button type="primary" icon={<SaveOutlined />} loading={keep.isPending} disabled={!year} onClick={() => keep.mutate()}>
                {keptToday ? '更新今日通报' : '生成今日通报'}
              </Button>
            )}
            <Button icon={<DownloadOutlined />} href={r ? dailyReportExportUrl(year, r.date) : undefined} disabled={!r}>
              导出 Excel
            </Button>
          </Space>
        }
      />
      {years.data.items.length > 0 && <CampaignYearBar years={years.data} year={year} onChange={(y) => update({ year: String(y), date: '' })} />}
      {days.error && <QueryErrorAlert error={days.error} onRetry={() => void days.refetch()} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={5}>
          <Card size="small" title="已保存的通报">
            <List
              size="small"
              loading={days.isPending}
              dataSource={days.data?.items ?? []}
              locale={{ emptyText: '还没有保存通报' }}
              renderItem={(d) => (
                <List.Item
                  style={{ cursor: 'pointer', fontWeight: d.date === date ? 600 : undefined }}
                  onClick={() => update({ date: d.date })}
                  extra={<Typography.Text type="secondary">{d.totals.rate}%</Typography.Text>}
                  data-testid="daily-report-day"
                >
                  {d.date}
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={19}>
          {report.error && <QueryErrorAlert error={report.error} onRetry={() => void report.refetch()} />}
          {!date && !days.isPending && (
            <Card>
              <Empty description={isAgency ? '还没有保存通报：点击“生成今日通报”保存今天的参保进度' : '还没有保存通报'} />
            </Card>
          )}
          {r && (
            <>
              <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="daily-report-title">
                {r.year} 年度参保进度通报（{r.date}）
              </Typography.Title>
              <Typography.Paragraph type="secondary">
                {r.generatedBy ? `${formatDateTime(r.generatedAt)} 保存` : `${formatDateTime(r.generatedAt)} 由系统自动保存`}
                {r.previousDate ? `；与 ${r.previousDate} 的通报相比` : '；这是本年度保存的第一份通报'}
              </Typography.Paragraph>
              <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
                {(
                  [
                    ['在册人数', r.totals.roster, undefined, 'up'],
                    ['已申报', r.totals.declared, r.change?.declared, 'up'],
                    ['已缴费', r.totals.paid, r.change?.paid, 'up'],
                    ['未参保', r.totals.uninsured, r.change?.uninsured, 'down'],
                  ] as const
                ).map(([title, value, change, good]) => (
                  <Col key={title} xs={12} md={6}>
                    <Card size="small">
                      <Statistic title={title} value={value} suffix="人" />
                      {r.change && change !== undefined && (
                        <span data-testid={`daily-change-${title}`}>
                          较前日 <Change value={change} good={good} />
                        </span>
                      )}
                    </Card>
                  </Col>
                ))}
              </Row>
              <Card size="small">
                <Tabs
                  items={[
                    {
                      key: 'districts',
                      label: '按区县',
                      children: <Table rowKey="key" size="small" columns={columns('区县', false)} dataSource={r.districts} pagination={false} scroll={{ x: tableScrollWidth(columns('区县', false)) }} />,
                    },
                    {
                      key: 'units',
                      label: `按单位（${r.units.length}）`,
                      children: (
                        <Table
                          rowKey="key"
                          size="small"
                          columns={columns('单位', true)}
                          dataSource={r.units}
                          pagination={{ pageSize: 50, showSizeChanger: false }}
                          scroll={{ x: tableScrollWidth(columns('单位', true)) }}
                          data-testid="daily-report-units"
                        />
                      ),
                    },
                  ]}
                />
              </Card>
            </>
          )}
        </Col>
      </Row>
    </>
  );
}

import { DownloadOutlined, SendOutlined } from '@ant-design/icons';
import type { TUnpaidLists } from '@canbao/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Empty, Input, Popconfirm, Row, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../api/client';
import { queryKeys } from '../../../api/query-keys';
import { EmptyText } from '../../../components/empty-text';
import { FullPageSpin } from '../../../components/full-page-spin';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatDateTime } from '../../../lib/datetime';
import { tableScrollWidth } from '../../../lib/table';
import { useListSearchParams } from '../../../lib/use-list-search-params';
import { useMe } from '../../auth/hooks/use-me';
import { uninsuredExportUrl } from '../../chase/api';
import { CampaignYearBar } from '../../declarations/components/campaign-year-bar';
import { defaultCampaignYear } from '../../declarations/declaration-view';
import { useCampaignYears } from '../../declarations/hooks/use-declarations';
import { getUnpaidLists, submitUnpaidList } from '../api';

type UnitRow = TUnpaidLists['units'][number];

/**
 * 未参保名单报送 (Nantong 004 八.6): each office sends the centre its residents not covered, with the reasons and
 * whether they were told, by the date the region sets. A unit sends its own; the agency sees who sent and who not.
 */
export function UnpaidListsPage() {
  const { message } = App.useApp();
  const { me } = useMe();
  const isUnit = me?.user.role === 'unit_operator';
  const years = useCampaignYears();
  const [params, update] = useListSearchParams(['year'] as const);
  const [find, setFind] = useState('');
  const [onlyUnsent, setOnlyUnsent] = useState(false);
  const year = Number(params.year) || defaultCampaignYear(years.data?.items ?? []) || 0;
  const q = useQuery({ queryKey: [...queryKeys.declarations.all, 'unpaid-lists', year], queryFn: ({ signal }) => getUnpaidLists(year, signal), enabled: year > 0 });
  const queryClient = useQueryClient();
  const submit = useMutation({
    mutationFn: () => submitUnpaidList(year),
    onSuccess: (r) => {
      void message.success(`已报送：未参保 ${r.unpaid} 人`);
      void queryClient.invalidateQueries({ queryKey: queryKeys.declarations.all });
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  if (years.isPending) return <FullPageSpin />;
  if (years.error) return <QueryErrorAlert error={years.error} onRetry={() => void years.refetch()} />;
  const data = q.data;
  const own = isUnit ? data?.units[0] : undefined;
  const shown = (data?.units ?? []).filter((u) => (!find.trim() || u.unitName.includes(find.trim())) && (!onlyUnsent || !u.submission));

  const columns: TableColumnsType<UnitRow> = [
    { title: '单位', dataIndex: 'unitName', width: 220, ellipsis: true },
    { title: '未参保', key: 'unpaid', width: 90, align: 'right', render: (_, r) => r.current.unpaid },
    { title: '已登记原因', key: 'withReason', width: 100, align: 'right', render: (_, r) => r.current.withReason },
    { title: '已告知签收', key: 'signedOff', width: 100, align: 'right', render: (_, r) => r.current.signedOff },
    {
      title: '报送情况',
      key: 'submission',
      width: 230,
      render: (_, r) =>
        r.submission ? (
          <span>
            <Tag color={r.submission.late ? 'orange' : 'green'}>{r.submission.late ? '逾期报送' : '已报送'}</Tag>
            {formatDateTime(r.submission.submittedAt)}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              报送时未参保 {r.submission.unpaid} 人，告知签收 {r.submission.signedOff} 人
            </Typography.Text>
          </span>
        ) : (
          <Tag color="red">未报送</Tag>
        ),
    },
    {
      title: '名单',
      key: 'download',
      width: 110,
      fixed: 'right',
      render: (_, r) => (
        <Button type="link" size="small" icon={<DownloadOutlined />} href={uninsuredExportUrl({ year, unitId: r.unitId })} aria-label={`下载 ${r.unitName} 的未参保名单`}>
          下载
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="未参保名单报送"
        backTo="/closing"
        description={
          isUnit
            ? '缴费期结束前梳理本单位未缴费人员的情况，把未参保名单及未参保原因（含告知签收情况）报送医保中心备案。'
            : '各单位报送的未参保名单及未参保原因；未报送的单位排在前面。'
        }
        extra={
          <Space wrap>
            <Button icon={<DownloadOutlined />} href={uninsuredExportUrl({ year })}>
              {isUnit ? '下载本单位未参保名单' : '下载全统筹区未参保名单'}
            </Button>
            {isUnit && (
              <Popconfirm
                title="报送未参保名单"
                description={`将按当前名单报送：未参保 ${own?.current.unpaid ?? 0} 人，已登记原因 ${own?.current.withReason ?? 0} 人，已告知签收 ${own?.current.signedOff ?? 0} 人。`}
                okText="报送"
                cancelText="取消"
                onConfirm={() => submit.mutate()}
              >
                <Button type="primary" icon={<SendOutlined />} loading={submit.isPending} disabled={!data}>
                  {own?.submission ? '重新报送' : '报送医保中心'}
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      />
      <CampaignYearBar years={years.data} year={year} onChange={(y) => update({ year: String(y) })} />
      {q.error && <QueryErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {data && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label="报送截止">{data.dueDate ?? <EmptyText>本统筹区未规定</EmptyText>}</Descriptions.Item>
            <Descriptions.Item label="告知内容">{data.transitionNotice ?? <EmptyText>本统筹区未规定</EmptyText>}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {isUnit && own && (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={8}>
              <Card size="small">
                <Statistic title="未参保" value={own.current.unpaid} suffix="人" data-testid="unpaid-count" />
              </Card>
            </Col>
            <Col xs={8}>
              <Card size="small">
                <Statistic title="已登记原因" value={own.current.withReason} suffix="人" />
              </Card>
            </Col>
            <Col xs={8}>
              <Card size="small">
                <Statistic title="已告知签收" value={own.current.signedOff} suffix="人" data-testid="signed-count" />
              </Card>
            </Col>
          </Row>
          {own.current.unpaid > own.current.withReason && (
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={`还有 ${own.current.unpaid - own.current.withReason} 人未登记未参保原因`} description="请在“未参保人员”中逐人登记原因后再报送。" />
          )}
          <Card title="报送记录">
            {own.submission ? (
              <Typography.Paragraph data-testid="unpaid-submission">
                <Tag color={own.submission.late ? 'orange' : 'green'}>{own.submission.late ? '逾期报送' : '已报送'}</Tag>
                {formatDateTime(own.submission.submittedAt)} 由 {own.submission.submittedBy} 报送：未参保 {own.submission.unpaid} 人，已登记原因 {own.submission.withReason} 人，已告知签收{' '}
                {own.submission.signedOff} 人。
              </Typography.Paragraph>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未报送" />
            )}
          </Card>
        </>
      )}
      {!isUnit && (
        <Card>
          <Space wrap style={{ marginBottom: 16 }}>
            <Input.Search allowClear placeholder="查找单位" aria-label="查找单位" style={{ width: 240 }} onSearch={setFind} onChange={(e) => !e.target.value && setFind('')} />
            <Checkbox checked={onlyUnsent} onChange={(e) => setOnlyUnsent(e.target.checked)}>
              只看未报送
            </Checkbox>
            {data && (
              <Typography.Text type="secondary">
                已报送 {data.units.filter((u) => u.submission).length} / {data.units.length} 个单位
              </Typography.Text>
            )}
          </Space>
          <Table<UnitRow>
            rowKey="unitId"
            size="middle"
            columns={columns}
            dataSource={shown}
            loading={q.isPending}
            scroll={{ x: tableScrollWidth(columns) }}
            pagination={{ pageSize: 50, showTotal: (n) => `共 ${n} 个单位` }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有未参保人员，也没有单位报送" /> }}
          />
        </Card>
      )}
    </>
  );
}

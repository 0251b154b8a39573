import { Alert, Card, Col, Empty, Input, Progress, Row, Skeleton, Space, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../api/client';
import { formatYuan } from '../../../lib/money';
import { YearStateTag } from '../../declarations/components/year-state';
import { useCampaignProgress, useCampaignYears } from '../../declarations/hooks/use-declarations';
import { nextStep, progressLines, type TProgressLine } from '../progress-view';

const count = (n: number) => n.toLocaleString('zh-CN');

const columns: TableColumnsType<TProgressLine> = [
  { title: '单位', dataIndex: 'unitName', ellipsis: true },
  { title: '参保人数', dataIndex: 'inCampaign', width: 96, align: 'right', render: count },
  { title: '待确认', dataIndex: 'declared', width: 84, align: 'right', render: (n: number) => (n ? <Typography.Text type="warning">{count(n)}</Typography.Text> : 0) },
  { title: '待结算', dataIndex: 'confirmed', width: 84, align: 'right', render: count },
  { title: '待缴费', dataIndex: 'settled', width: 84, align: 'right', render: count },
  { title: '已缴费', dataIndex: 'paid', width: 84, align: 'right', render: count },
  {
    title: '缴费进度',
    dataIndex: 'paidPercent',
    width: 160,
    render: (p: number) => <Progress percent={p} size="small" status={p >= 100 ? 'success' : 'normal'} />,
  },
  { title: '未缴金额', dataIndex: 'outstandingFen', width: 130, align: 'right', render: (fen: number) => formatYuan(fen) },
];

/**
 * 参保缴费进度 on the 工作台: where the year's campaign stands — for a unit its own people and the next step; for
 * the region's staff the total and every unit, those furthest behind first.
 */
export function CampaignProgressCard({ ownUnit }: { ownUnit: boolean }) {
  const years = useCampaignYears();
  const current = years.data?.items.find((i) => i.current);
  const progress = useCampaignProgress(current?.year);
  const error = years.error ?? progress.error;
  const [unitQuery, setUnitQuery] = useState('');

  if (years.data && !current) {
    return (
      <Card title="参保缴费进度">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本统筹区还没有正在征缴的参保年度（由经办机构在“参保政策”中设置）" />
      </Card>
    );
  }
  const lines = progress.data ? progressLines(progress.data) : null;
  const total = lines?.total;
  const step = total && ownUnit ? nextStep(total) : null;
  const query = unitQuery.trim();
  const unitLines = (lines?.units ?? []).filter((line) => !query || line.unitName.includes(query));

  return (
    <Card
      title={
        current ? (
          <Space size={8}>
            {`${current.year} 年度参保缴费进度`}
            <YearStateTag item={current} />
          </Space>
        ) : (
          '参保缴费进度'
        )
      }
      extra={<Link to="/declarations">查看参保申报</Link>}
      data-testid="campaign-progress"
    >
      {error && <Alert type="error" showIcon title="进度加载失败" description={errorMessage(error)} />}
      {!error && !total && <Skeleton active paragraph={{ rows: 3 }} />}
      {total && (
        <>
          <Row gutter={[16, 16]} align="middle">
            <Col xs={12} md={5}>
              <Statistic title="参保人数" value={total.inCampaign} suffix="人" />
            </Col>
            <Col xs={12} md={5}>
              <Statistic title="已缴费" value={total.paid} suffix="人" styles={{ content: { color: '#389e0d' } }} />
            </Col>
            <Col xs={12} md={5}>
              <Statistic title="已缴金额" value={formatYuan(total.paidFen, { unit: false })} suffix="元" />
            </Col>
            <Col xs={12} md={5}>
              <Statistic title="未缴金额" value={formatYuan(total.outstandingFen, { unit: false })} suffix="元" />
            </Col>
            <Col xs={24} md={4} style={{ textAlign: 'center' }}>
              <Progress type="circle" size={84} percent={total.paidPercent} status={total.paidPercent >= 100 ? 'success' : 'normal'} data-testid="campaign-paid-percent" />
            </Col>
          </Row>
          <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }} data-testid="campaign-stages">
            待确认 {count(total.declared)} 人 · 待结算 {count(total.confirmed)} 人 · 待缴费 {count(total.settled)} 人 · 已缴费 {count(total.paid)} 人
            {total.flagged > 0 && <Typography.Text type="warning">（其中离校标记 {count(total.flagged)} 人待核对）</Typography.Text>}
          </Typography.Paragraph>
          {step && <Alert style={{ marginTop: 12 }} type="info" showIcon title={step} data-testid="campaign-next-step" />}
          {!ownUnit && (lines?.units.length ?? 0) > 10 && (
            <Input.Search
              style={{ marginTop: 16, maxWidth: 320 }}
              allowClear
              placeholder="按单位名称查找"
              aria-label="按单位名称查找"
              onChange={(event) => setUnitQuery(event.target.value)}
              onSearch={setUnitQuery}
              data-testid="campaign-units-search"
            />
          )}
          {!ownUnit && (
            <Table<TProgressLine>
              style={{ marginTop: 12 }}
              size="small"
              rowKey="key"
              columns={columns}
              dataSource={unitLines}
              data-testid="campaign-units"
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={query ? '没有名称含此关键字的单位' : '本年度还没有单位申报'} /> }}
              pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
              scroll={{ x: 860 }}
            />
          )}
        </>
      )}
    </Card>
  );
}

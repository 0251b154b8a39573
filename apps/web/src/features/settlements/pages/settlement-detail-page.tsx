import { PrinterOutlined, StopOutlined } from '@ant-design/icons';
import { NOTICE_STATUS_NAMES, type TNotice, type TNoticeStatus, type TSettlement, type TSettlementGroup } from '@canbao/domain';
import { Button, Card, Col, Descriptions, Empty, Progress, Row, Skeleton, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { EmptyText } from '../../../components/empty-text';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatDateTime } from '../../../lib/datetime';
import { formatYuan } from '../../../lib/money';
import { useMe } from '../../auth/hooks/use-me';
import { YearClosedNotice, YearStateTag } from '../../declarations/components/year-state';
import { useCampaignYears } from '../../declarations/hooks/use-declarations';
import { CancelSettlementModal } from '../components/cancel-settlement-modal';
import { SettlementStatusTag } from '../components/settlement-status-tag';
import { UnitPaymentCard } from '../components/unit-payment-card';
import { useNotices, useSettlement } from '../hooks/use-settlements';
import { noticeClasses, noticePrintPath, paidPercent } from '../notice-sheets';

const groupColumns = (title: string): TableColumnsType<TSettlementGroup> => [
  { title, dataIndex: 'name' },
  { title: '人数', dataIndex: 'count', width: 60, align: 'right' },
  { title: '缴费标准', dataIndex: 'totalFen', width: 115, align: 'right', render: (v: number) => formatYuan(v) },
  { title: '减免', dataIndex: 'subsidyFen', width: 105, align: 'right', render: (v: number) => formatYuan(v) },
  { title: '应缴', dataIndex: 'payableFen', width: 115, align: 'right', render: (v: number) => <Typography.Text strong>{formatYuan(v)}</Typography.Text> },
];

function GroupTable({ title, groups, testId }: { title: string; groups: TSettlementGroup[]; testId: string }) {
  return <Table<TSettlementGroup> size="small" rowKey="code" pagination={false} dataSource={groups} columns={groupColumns(title)} data-testid={testId} />;
}

const NOTICE_STATUS_COLORS: Record<TNoticeStatus, string> = { open: 'orange', paid: 'green', cancelled: 'default' };

/** The notices of a per-person settlement, by class, each class printable on its own. */
function NoticesCard({ settlement }: { settlement: TSettlement }) {
  const notices = useNotices(settlement.id, '');
  const classes = noticeClasses(notices.data?.items ?? []);
  const printable = settlement.status !== 'cancelled';
  return (
    <Card
      title="缴费通知单"
      style={{ marginBottom: 16 }}
      data-testid="notices-card"
      extra={
        printable &&
        classes.length > 1 && (
          <Link to={noticePrintPath(settlement.id)}>
            <Button icon={<PrinterOutlined />}>打印全部</Button>
          </Link>
        )
      }
    >
      {notices.error && <QueryErrorAlert error={notices.error} onRetry={() => void notices.refetch()} />}
      {notices.isPending ? (
        <Skeleton active />
      ) : classes.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有需要缴费的人员（全部由财政资助）" />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            按班级打印，每张 A4 纸 3 份，沿虚线裁开发给家长；家长扫码、输入孩子姓名后缴费。{!printable && '结算单已作废，通知单二维码已失效。'}
          </Typography.Paragraph>
          <Table
            size="small"
            rowKey="label"
            pagination={false}
            dataSource={classes}
            data-testid="notice-classes"
            columns={[
              { title: '班级', dataIndex: 'label' },
              { title: '通知单', dataIndex: 'count', width: 80, align: 'right', render: (v: number) => `${v} 份` },
              { title: '已缴费', dataIndex: 'paid', width: 80, align: 'right' },
              { title: '待缴费', dataIndex: 'open', width: 80, align: 'right' },
              {
                title: '打印',
                key: 'print',
                width: 140,
                render: (_, g) =>
                  printable ? (
                    <Link to={noticePrintPath(settlement.id, g)} aria-label={`打印 ${g.label} 缴费通知单`}>
                      <PrinterOutlined /> 打印本班通知单
                    </Link>
                  ) : (
                    <EmptyText />
                  ),
              },
            ]}
            expandable={{
              expandedRowRender: (g) => (
                <Table<TNotice>
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={(notices.data?.items ?? []).filter((n) => n.gradeCode === g.gradeCode && n.className === g.className)}
                  columns={[
                    { title: '姓名', dataIndex: 'personName', width: 100 },
                    { title: '证件号码', dataIndex: 'documentNumber', width: 190 },
                    { title: '人员类别', dataIndex: 'categoryName' },
                    { title: '应缴', dataIndex: 'amountFen', width: 110, align: 'right', render: (v: number) => formatYuan(v) },
                    { title: '状态', dataIndex: 'status', width: 90, render: (s: TNoticeStatus) => <Tag color={NOTICE_STATUS_COLORS[s]}>{NOTICE_STATUS_NAMES[s]}</Tag> },
                    { title: '缴费时间', dataIndex: 'paidAt', width: 170, render: (v: string | null) => (v ? formatDateTime(v) : <EmptyText />) },
                  ]}
                />
              ),
            }}
          />
        </>
      )}
    </Card>
  );
}

/** 结算单详情: totals by category and by exemption, payment progress, printing, voiding and the unit's payment. */
export function SettlementDetailPage() {
  const { id = '' } = useParams();
  const { me } = useMe();
  const role = me?.user.role;
  const { data: s, error, isPending, refetch } = useSettlement(id);
  const years = useCampaignYears();
  const [cancelling, setCancelling] = useState(false);

  if (error) return <QueryErrorAlert error={error} onRetry={() => void refetch()} />;
  if (isPending) return <Skeleton active />;

  const yearItem = years.data?.items.find((i) => i.year === s.year);
  const unitLocked = role === 'unit_operator' && yearItem?.state === 'closed';
  const canCancel = (role === 'agency_admin' || role === 'unit_operator') && !unitLocked && s.status === 'awaiting_payment' && s.paidFen === 0 && s.paidCount === 0;
  const canRecord = (role === 'agency_admin' || role === 'collector') && s.paymentMode === 'unit_total' && s.status !== 'cancelled';
  const percent = paidPercent(s.paidFen, s.payableFen);

  return (
    <>
      <PageHeader
        backTo="/settlements"
        title={
          <Space>
            结算单 {s.number}
            <SettlementStatusTag settlement={s} />
            <YearStateTag item={yearItem} />
          </Space>
        }
        description={`${s.unit.name} · ${s.year} 年度 · ${s.unitMethodName ? `${s.paymentModeName}（${s.unitMethodName}）` : s.paymentModeName}`}
        extra={
          canCancel && (
            <Button danger icon={<StopOutlined />} onClick={() => setCancelling(true)}>
              作废
            </Button>
          )
        }
      />
      <YearClosedNotice item={yearItem} role={role} />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={14}>
          <Card title="结算信息" style={{ height: '100%' }}>
            <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
              <Descriptions.Item label="单位">{s.unit.name}</Descriptions.Item>
              <Descriptions.Item label="参保年度">{s.year}</Descriptions.Item>
              <Descriptions.Item label="缴费方式">{s.paymentModeName}</Descriptions.Item>
              <Descriptions.Item label="缴款方式">{s.unitMethodName ?? <EmptyText>家长逐人缴费</EmptyText>}</Descriptions.Item>
              <Descriptions.Item label="人数">{s.personCount} 人</Descriptions.Item>
              <Descriptions.Item label="缴费标准合计">{formatYuan(s.totalFen)}</Descriptions.Item>
              <Descriptions.Item label="减免合计">{formatYuan(s.subsidyFen)}</Descriptions.Item>
              <Descriptions.Item label="应缴合计">
                <Typography.Text strong data-testid="settlement-payable">
                  {formatYuan(s.payableFen)}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label="生成">
                {formatDateTime(s.createdAt)}
                {s.createdBy && <Typography.Text type="secondary">（{s.createdBy}）</Typography.Text>}
              </Descriptions.Item>
              <Descriptions.Item label="缴清时间">{s.paidAt ? formatDateTime(s.paidAt) : <EmptyText />}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title="缴费进度" style={{ height: '100%' }} data-testid="settlement-progress">
            <Progress percent={percent} status={s.status === 'cancelled' ? 'exception' : s.status === 'paid' ? 'success' : 'active'} style={{ marginBottom: 16 }} />
            <Row gutter={16}>
              <Col span={12}>
                <Statistic title="已缴人数" value={s.paidCount} suffix={`/ ${s.personCount} 人`} />
              </Col>
              <Col span={12}>
                <Statistic title="已缴金额" value={formatYuan(s.paidFen)} styles={{ content: { color: '#389e0d' } }} />
              </Col>
            </Row>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              未缴 {formatYuan(Math.max(0, s.payableFen - s.paidFen))}。全额资助的人员在生成结算单时即记为已缴费。
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>

      {canRecord && <UnitPaymentCard settlement={s} />}
      {s.paymentMode === 'per_person' && <NoticesCard settlement={s} />}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title="按人员类别">
            <GroupTable title="人员类别" groups={s.breakdown.byCategory} testId="by-category" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="按减免身份">
            <GroupTable
              title="减免身份"
              groups={s.breakdown.byExemption.map((g) => (g.code === 'none' ? { ...g, name: g.name || '无减免' } : g))}
              testId="by-exemption"
            />
          </Card>
        </Col>
      </Row>
      {cancelling && <CancelSettlementModal settlement={s} open={cancelling} onClose={() => setCancelling(false)} />}
    </>
  );
}

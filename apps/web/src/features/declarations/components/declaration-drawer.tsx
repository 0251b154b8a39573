import { WarningOutlined } from '@ant-design/icons';
import { WINDOW_KIND_NAMES, gradeName } from '@canbao/domain';
import { Alert, Descriptions, Drawer, Skeleton, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { canOpen } from '../../../app/navigation';
import { useMe } from '../../auth/hooks/use-me';
import { EmptyText } from '../../../components/empty-text';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatDateTime } from '../../../lib/datetime';
import { formatYuan } from '../../../lib/money';
import { SourceCite } from '../../policies/components/source-cite';
import { DECLARATION_STATUS_COLORS } from '../declaration-view';
import { useDeclaration } from '../hooks/use-declarations';

/** One declaration: what it costs part by part, the subsidy, the benefit period and why, each reason with its source. */
export function DeclarationDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { data: d, error, isPending, refetch } = useDeclaration(id);
  // A viewer may not open a person's page: the name is not a link for it.
  const role = useMe().me?.user.role;
  return (
    <Drawer open={Boolean(id)} onClose={onClose} size={640} title={d ? `${d.person.name} · ${d.year} 年度参保申报` : '参保申报'} destroyOnHidden>
      {error && <QueryErrorAlert error={error} onRetry={() => void refetch()} />}
      {isPending && <Skeleton active />}
      {d && (
        <div data-testid="declaration-drawer">
          {d.leaving && (
            <Alert
              type="error"
              showIcon
              icon={<WarningOutlined />}
              style={{ marginBottom: 16 }}
              title={`已标记离校：${d.leaving.reasonName}`}
              description="学籍系统已将该生列为离校人员。如已离校，请撤销申报，不要确认缴费；误收的费用需申请退费。"
            />
          )}
          {d.status === 'removed' && d.removedReason && (
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={`已撤销：${d.removedReason}`} />
          )}
          <Descriptions size="small" column={2} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label="姓名">
              {role && canOpen(role, 'persons') ? <Link to={`/persons/${d.person.id}`}>{d.person.name}</Link> : d.person.name}
            </Descriptions.Item>
            <Descriptions.Item label="证件号码">{d.person.documentNumber}</Descriptions.Item>
            <Descriptions.Item label="申报单位" span={2}>
              {d.unit?.name ?? <EmptyText />}
            </Descriptions.Item>
            <Descriptions.Item label="年级班级">
              {[gradeName(d.person.gradeCode), d.person.className].filter(Boolean).join(' ') || <EmptyText />}
            </Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={DECLARATION_STATUS_COLORS[d.status]}>{d.statusName}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="人员类别">{d.category.name}</Descriptions.Item>
            <Descriptions.Item label="申报时段">{WINDOW_KIND_NAMES[d.window]}</Descriptions.Item>
            <Descriptions.Item label="待遇期" span={2}>
              {d.benefitStart} 至 {d.benefitEnd}
              {d.waitingDays > 0 ? (
                <Tag color="orange" style={{ marginInlineStart: 8 }}>
                  等待期 {d.waitingDays} 天
                </Tag>
              ) : (
                <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                  无等待期
                </Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="申报">
              {d.declaredOn}
              {d.declaredBy && <Typography.Text type="secondary">（{d.declaredBy}）</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label="确认">{d.confirmedAt ? formatDateTime(d.confirmedAt) : <EmptyText>未确认</EmptyText>}</Descriptions.Item>
            {d.paidAt && <Descriptions.Item label="缴费时间">{formatDateTime(d.paidAt)}</Descriptions.Item>}
            {d.settlementId && (
              <Descriptions.Item label="结算单">
                <Link to={`/settlements/${d.settlementId}`}>查看结算单</Link>
              </Descriptions.Item>
            )}
            <Descriptions.Item label="计费依据" span={2}>
              {d.year} 年度参保政策（第 {d.profile.version} 版）
            </Descriptions.Item>
          </Descriptions>

          <Typography.Title level={5}>费用构成</Typography.Title>
          <Table
            size="small"
            rowKey="code"
            pagination={false}
            dataSource={d.parts}
            style={{ marginBottom: 16 }}
            data-testid="declaration-parts"
            columns={[
              { title: '项目', dataIndex: 'name' },
              { title: '金额', dataIndex: 'amountFen', align: 'right', render: (v: number) => formatYuan(v) },
            ]}
            summary={() => (
              <>
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>缴费标准合计</Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    {formatYuan(d.totalFen)}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>减免（{d.subsidy?.name ?? '无'}）</Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    {d.subsidyFen ? `− ${formatYuan(d.subsidyFen)}` : formatYuan(0)}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <Typography.Text strong>个人应缴</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    <Typography.Text strong>{formatYuan(d.payableFen)}</Typography.Text>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
                {d.paidFen > 0 && (
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}>已缴</Table.Summary.Cell>
                    <Table.Summary.Cell index={1} align="right">
                      {formatYuan(d.paidFen)}
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                )}
              </>
            )}
          />

          <Typography.Title level={5}>计算依据</Typography.Title>
          <ol data-testid="declaration-reasons" style={{ margin: 0, paddingInlineStart: 20, display: 'flex', flexDirection: 'column', gap: 8 }}>
            {d.reasons.map((r, i) => (
              <li key={`${r.rule}-${i}`}>
                <div>{r.message}</div>
                <SourceCite source={r.source} plain />
              </li>
            ))}
          </ol>
        </div>
      )}
    </Drawer>
  );
}

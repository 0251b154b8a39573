import type { TPersonDeclaration } from '@canbao/domain';
import { useQuery } from '@tanstack/react-query';
import { Card, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { formatYuan } from '../../../lib/money';
import { findPersonDeclarations } from '../../declarations/api';
import { DECLARATION_STATUS_COLORS } from '../../declarations/declaration-view';
import { useCampaignYears } from '../../declarations/hooks/use-declarations';

/** 参保缴费记录: every year the person was declared, what it cost, what was paid, and the receipt. */
export function PersonDeclarationsCard({ id }: { id: string }) {
  const q = useQuery({
    queryKey: ['persons', 'declarations', id],
    queryFn: ({ signal }) => findPersonDeclarations(id, signal),
  });
  const years = useCampaignYears();
  const closed = new Set((years.data?.items ?? []).filter((i) => i.state === 'closed').map((i) => i.year));
  return (
    <Card title="参保缴费记录" style={{ marginBottom: 16 }} data-testid="person-declarations">
      <Table<TPersonDeclaration>
        rowKey="id"
        size="small"
        loading={q.isPending}
        dataSource={q.data ?? []}
        pagination={false}
        locale={{ emptyText: '尚无申报记录' }}
        // Scrolls inside its card on a phone instead of widening the page.
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: '参保年度',
            key: 'year',
            width: 110,
            render: (_, d) => (
              <>
                {d.year}
                {closed.has(d.year) && (
                  <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                    年度已关闭
                  </Typography.Text>
                )}
              </>
            ),
          },
          {
            title: '状态',
            key: 'status',
            width: 130,
            render: (_, d) => (
              <>
                <Tag color={DECLARATION_STATUS_COLORS[d.status]}>{d.statusName}</Tag>
                {d.leaving && <Tag color="red">{d.leaving.reasonName}</Tag>}
              </>
            ),
          },
          { title: '申报单位', key: 'unit', render: (_, d) => d.unit?.name ?? '个人（家庭）' },
          { title: '人员类别', key: 'category', render: (_, d) => d.category.name },
          { title: '缴费标准', key: 'total', align: 'right', render: (_, d) => formatYuan(d.totalFen) },
          { title: '减免', key: 'subsidy', align: 'right', render: (_, d) => (d.subsidy ? `${d.subsidy.name} ${formatYuan(d.subsidyFen)}` : '—') },
          { title: '应缴', key: 'payable', align: 'right', render: (_, d) => formatYuan(d.payableFen) },
          { title: '已缴', key: 'paid', align: 'right', render: (_, d) => formatYuan(d.paidFen) },
          { title: '待遇期', key: 'benefit', render: (_, d) => `${d.benefitStart} 至 ${d.benefitEnd}${d.waitingDays ? `（等待期 ${d.waitingDays} 天）` : ''}` },
          {
            title: '票据',
            key: 'receipt',
            render: (_, d) =>
              d.receipt ? (
                <Link to={`/receipt?number=${d.receipt.number}&code=${d.receipt.verifyCode}`}>{d.receipt.number}</Link>
              ) : d.removedReason ? (
                <Typography.Text type="secondary">{d.removedReason}</Typography.Text>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Card>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Card, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api } from '../../../api/client';
import { formatYuan } from '../../../lib/money';

/** One year's declaration of the person, as GET /persons/:id/declarations returns it. */
export interface PersonDeclaration {
  id: string;
  year: number;
  status: 'declared' | 'confirmed' | 'settled' | 'paid' | 'removed';
  statusName: string;
  unit: { id: string; name: string } | null;
  category: { code: string; name: string };
  totalFen: number;
  subsidyFen: number;
  subsidy: { code: string; name: string } | null;
  payableFen: number;
  paidFen: number;
  benefitStart: string;
  benefitEnd: string;
  waitingDays: number;
  leaving: { reason: string; reasonName: string } | null;
  removedReason: string | null;
  receipt: { number: string; verifyCode: string } | null;
}

const STATUS_COLORS: Record<PersonDeclaration['status'], string> = { declared: 'blue', confirmed: 'cyan', settled: 'orange', paid: 'green', removed: 'default' };

/** 参保缴费记录: every year the person was declared, what it cost, what was paid, and the receipt. */
export function PersonDeclarationsCard({ id }: { id: string }) {
  const q = useQuery({
    queryKey: ['persons', 'declarations', id],
    queryFn: ({ signal }) => api.get<{ items: PersonDeclaration[] }>(`/api/v1/persons/${encodeURIComponent(id)}/declarations`, undefined, signal),
  });
  return (
    <Card title="参保缴费记录" style={{ marginBottom: 16 }} data-testid="person-declarations">
      <Table<PersonDeclaration>
        rowKey="id"
        size="small"
        loading={q.isPending}
        dataSource={q.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: '尚无申报记录' }}
        columns={[
          { title: '参保年度', dataIndex: 'year', width: 90 },
          {
            title: '状态',
            key: 'status',
            width: 130,
            render: (_, d) => (
              <>
                <Tag color={STATUS_COLORS[d.status]}>{d.statusName}</Tag>
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

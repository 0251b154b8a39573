import { ReloadOutlined } from '@ant-design/icons';
import { RECEIPT_PAYER_NAMES } from '@canbao/domain';
import { Button, Empty, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatYuan } from '../../../lib/money';
import { useReceiptCounts } from '../hooks/use-reconciliation';
import { receiptCountRows, receiptCountTotals, unitRowSpans, type TReceiptCountRow } from '../receipt-counts';

const num = { fontVariantNumeric: 'tabular-nums' } as const;

/**
 * 票据统计: per unit, the fixed-amount receipts (定额票据) of a year by face value and actual payer — the unit
 * paying for its people, or the family — as the Nantong notice asks units to count them. The API scopes it: a
 * unit operator gets its own unit only.
 */
export function ReceiptCountsTable({ year, showUnit }: { year: number | undefined; showUnit: boolean }) {
  const query = useReceiptCounts(year ?? 0, year !== undefined && year > 0);
  const rows = useMemo(() => receiptCountRows(query.data ?? []), [query.data]);
  const spans = useMemo(() => unitRowSpans(rows), [rows]);
  const totals = receiptCountTotals(rows);
  const unitCount = new Set(rows.map((r) => r.unitId)).size;
  // Summary cells after the first: their column index, one further with the unit column.
  const at = (i: number) => i + (showUnit ? 1 : 0);

  const columns: TableColumnsType<TReceiptCountRow> = [
    ...(showUnit
      ? [{ title: '单位', key: 'unit', ellipsis: true, onCell: (_: TReceiptCountRow, i?: number) => ({ rowSpan: spans[i ?? 0] ?? 1 }), render: (_: unknown, r: TReceiptCountRow) => r.unitName }]
      : []),
    { title: '票面金额', key: 'amount', width: 130, align: 'right', render: (_, r) => <span style={num}>{formatYuan(r.amountFen)}</span> },
    { title: `${RECEIPT_PAYER_NAMES.unit}（张）`, dataIndex: 'unitCount', width: 120, align: 'right', render: (v: number) => <span style={num}>{v}</span> },
    { title: `${RECEIPT_PAYER_NAMES.family}（张）`, dataIndex: 'familyCount', width: 120, align: 'right', render: (v: number) => <span style={num}>{v}</span> },
    { title: '合计（张）', dataIndex: 'count', width: 110, align: 'right', render: (v: number) => <Typography.Text strong style={num}>{v}</Typography.Text> },
    { title: '金额合计', dataIndex: 'totalFen', width: 150, align: 'right', render: (v: number) => <span style={num}>{formatYuan(v)}</span> },
  ];

  return (
    <>
      {query.error && <QueryErrorAlert error={query.error} onRetry={() => void query.refetch()} title="票据统计加载失败" />}
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">
          按实际缴费人统计的定额票据张数：单位统一缴纳（含银行代扣）开具给单位，家长扫码或税务、银行缴费开具给个人；已作废的票据不计。
        </Typography.Text>
        <Button icon={<ReloadOutlined />} onClick={() => void query.refetch()} loading={query.isFetching}>
          刷新
        </Button>
      </Space>
      <Table<TReceiptCountRow>
        data-testid="receipt-counts"
        rowKey="key"
        size="middle"
        bordered
        columns={columns}
        dataSource={rows}
        loading={query.isPending && year !== undefined}
        pagination={false}
        scroll={{ x: showUnit ? 900 : 630 }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本年度还没有开具定额票据：缴费到账后系统自动开具，稍后刷新即可看到。" />,
        }}
        summary={() =>
          rows.length > 0 && (
            <Table.Summary fixed>
              <Table.Summary.Row data-testid="receipt-counts-total" style={{ background: '#fafafa' }}>
                <Table.Summary.Cell index={0} colSpan={showUnit ? 2 : 1}>
                  <Typography.Text strong>合计{showUnit ? `（${unitCount} 个单位）` : ''}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={at(1)} align="right">
                  <Typography.Text strong style={num}>
                    {totals.unitCount}
                  </Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={at(2)} align="right">
                  <Typography.Text strong style={num}>
                    {totals.familyCount}
                  </Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={at(3)} align="right">
                  <Typography.Text strong style={num}>
                    {totals.count}
                  </Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={at(4)} align="right">
                  <Typography.Text strong style={num}>
                    {formatYuan(totals.totalFen)}
                  </Typography.Text>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            </Table.Summary>
          )
        }
      />
    </>
  );
}

import { Divider, Typography } from 'antd';
import type { ReactNode } from 'react';
import { formatYuan } from '../../../lib/money';
import type { TPayDetails } from '@canbao/domain';

function Line({ label, value, strong, testId }: { label: ReactNode; value: ReactNode; strong?: boolean; testId?: string }) {
  return (
    <div style={{ display: 'flex', justifyContent: 'space-between', gap: 12, padding: '4px 0', fontWeight: strong ? 600 : undefined }}>
      <Typography.Text type={strong ? undefined : 'secondary'}>{label}</Typography.Text>
      <span style={{ fontVariantNumeric: 'tabular-nums', textAlign: 'right' }} data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

/** 费用明细: the fee parts, the standard, the subsidy and what the family pays. */
export function PayAmounts({ details }: { details: TPayDetails }) {
  return (
    <div data-testid="pay-amounts">
      {details.parts.map((p) => (
        <Line key={p.code} label={p.name} value={formatYuan(p.amountFen)} />
      ))}
      <Line label="缴费标准合计" value={formatYuan(details.totalFen)} />
      {details.subsidyFen > 0 && <Line label={`财政资助${details.subsidyName ? `（${details.subsidyName}）` : ''}`} value={`−${formatYuan(details.subsidyFen)}`} testId="pay-subsidy" />}
      <Divider style={{ margin: '8px 0' }} />
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', gap: 12 }}>
        <Typography.Text strong>应缴金额</Typography.Text>
        <span style={{ fontSize: 26, fontWeight: 600, color: '#cf1322', fontVariantNumeric: 'tabular-nums' }} data-testid="pay-amount">
          {formatYuan(details.amountFen, { unit: false })}
          <span style={{ fontSize: 14, marginInlineStart: 4 }}>元</span>
        </span>
      </div>
    </div>
  );
}

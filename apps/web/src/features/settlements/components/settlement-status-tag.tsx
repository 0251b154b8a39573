import { Tag } from 'antd';
import type { TSettlement, TSettlementStatus } from '@canbao/domain';

const COLORS: Record<TSettlementStatus, string> = { awaiting_payment: 'orange', paid: 'green', cancelled: 'default' };

export function SettlementStatusTag({ settlement }: { settlement: Pick<TSettlement, 'status' | 'statusName'> }) {
  return (
    <Tag color={COLORS[settlement.status]} data-testid="settlement-status">
      {settlement.statusName}
    </Tag>
  );
}

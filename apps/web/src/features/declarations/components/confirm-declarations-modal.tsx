import type { TDeclaration } from '@canbao/domain';
import { useQuery } from '@tanstack/react-query';
import { Alert, Checkbox, Descriptions, List, Modal, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { queryKeys } from '../../../api/query-keys';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatYuan } from '../../../lib/money';
import { findAllDeclarations } from '../api';
import { confirmationPlan } from '../declaration-view';

export type ConfirmScope = { kind: 'all'; year: number; unitId?: string; unitName?: string } | { kind: 'selected'; year: number; items: TDeclaration[] };

/**
 * 参保缴费确认: states exactly how many and how much is confirmed, and warns about persons marked leaving (left out
 * unless included on purpose). The ids confirmed are the ones shown: a declaration added meanwhile waits for the
 * next confirmation.
 */
export function ConfirmDeclarationsModal({
  scope,
  loading,
  onCancel,
  onSubmit,
}: {
  scope: ConfirmScope | null;
  loading: boolean;
  onCancel: () => void;
  onSubmit: (input: { year: number; ids: string[]; count: number; payableFen: number }) => void;
}) {
  const [includeLeavers, setIncludeLeavers] = useState(false);
  const all = useQuery({
    queryKey: queryKeys.declarations.toConfirm(scope?.year ?? 0, scope?.kind === 'all' ? (scope.unitId ?? '') : ''),
    queryFn: ({ signal }) =>
      scope?.kind === 'all' ? findAllDeclarations({ year: scope.year, status: 'declared', unitId: scope.unitId }, signal) : Promise.resolve([]),
    enabled: scope?.kind === 'all',
    gcTime: 0,
  });
  const candidates = scope?.kind === 'selected' ? scope.items : (all.data ?? []);
  const plan = confirmationPlan(candidates, includeLeavers);
  const ready = scope?.kind === 'selected' || all.isSuccess;
  return (
    <Modal
      open={Boolean(scope)}
      title={scope?.kind === 'selected' ? '确认所选人员参保缴费' : '参保缴费确认'}
      okText={ready ? `确认 ${plan.count} 人` : '确认'}
      okButtonProps={{ disabled: !ready || plan.count === 0 }}
      confirmLoading={loading}
      onCancel={onCancel}
      onOk={() => scope && onSubmit({ year: scope.year, ids: plan.ids, count: plan.count, payableFen: plan.payableFen })}
      afterClose={() => setIncludeLeavers(false)}
      width={620}
      destroyOnHidden
    >
      {all.error && <QueryErrorAlert error={all.error} onRetry={() => void all.refetch()} />}
      {!ready && !all.error && <Skeleton active />}
      {ready && scope && (
        <div data-testid="confirm-dialog">
          <Typography.Paragraph>
            确认后名单进入结算，按下列金额收费；确认前不会收费。
            {scope.kind === 'all' && `（${scope.unitName ?? '全部单位'}，${scope.year} 年度全部“已申报”人员）`}
          </Typography.Paragraph>
          <Descriptions bordered size="small" column={1} style={{ marginBottom: 16 }}>
            <Descriptions.Item label="确认人数">
              <Typography.Text strong data-testid="confirm-count">
                {plan.count} 人
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="应缴合计">
              <Typography.Text strong data-testid="confirm-payable">
                {formatYuan(plan.payableFen)}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          {plan.skipped > 0 && (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`所选人员中有 ${plan.skipped} 人不是“已申报”状态（已确认、已结算或已撤销），不再确认。`} />
          )}
          {plan.leavers.length > 0 && (
            <Alert
              type="error"
              showIcon
              data-testid="confirm-leavers"
              style={{ marginBottom: 12 }}
              title={plan.leaversIncluded ? `其中 ${plan.leavers.length} 人已标记离校，将一并确认并收费` : `另有 ${plan.leavers.length} 人已标记离校，默认不确认`}
              description={
                <>
                  <List
                    size="small"
                    dataSource={plan.leavers.slice(0, 8)}
                    renderItem={(d) => (
                      <List.Item style={{ paddingInline: 0 }}>
                        <span>
                          {d.person.name} <Tag color="red">{d.leaving?.reasonName}</Tag>
                        </span>
                        <span>{formatYuan(d.payableFen)}</span>
                      </List.Item>
                    )}
                  />
                  {plan.leavers.length > 8 && <Typography.Text type="secondary">……等 {plan.leavers.length} 人</Typography.Text>}
                  <div style={{ marginTop: 8 }}>
                    <Checkbox checked={includeLeavers} onChange={(e) => setIncludeLeavers(e.target.checked)}>
                      仍然确认这 {plan.leavers.length} 人（确认后将收取其费用；已离校的请先撤销申报）
                    </Checkbox>
                  </div>
                </>
              }
            />
          )}
          {plan.count === 0 && <Alert type="warning" showIcon title="没有需要确认的人员。" />}
        </div>
      )}
    </Modal>
  );
}

import type { TRecomputePreview, TRecomputePrice } from '@canbao/domain';
import { Alert, Button, Col, Empty, Modal, Result, Row, Space, Statistic, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { errorMessage } from '../../../api/client';
import { formatYuan } from '../../../lib/money';
import { useApplyRecompute, useRecomputePreview } from '../hooks/use-profiles';
import { deltaText, priceChanges, recomputable, recomputeResultText, recomputeStatusName } from '../recompute-view';

type Affected = TRecomputePreview['affected'][number];

function Price({ price }: { price: TRecomputePrice }) {
  return (
    <Space orientation="vertical" size={0} style={{ fontVariantNumeric: 'tabular-nums' }}>
      <span>{price.categoryName}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        标准 {formatYuan(price.totalFen)} · 减免 {formatYuan(price.subsidyFen)}
        {price.subsidyName ? `（${price.subsidyName}）` : ''}
      </Typography.Text>
      <Typography.Text strong>应缴 {formatYuan(price.payableFen)}</Typography.Text>
    </Space>
  );
}

const columns: TableColumnsType<Affected> = [
  { title: '参保人', dataIndex: 'personName', width: 100 },
  { title: '单位', dataIndex: 'unitName', width: 180, ellipsis: true, render: (u: string | null) => u ?? '—' },
  { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => <Tag style={{ marginInlineEnd: 0 }}>{recomputeStatusName(s)}</Tag> },
  { title: '原计费', key: 'before', width: 220, render: (_, a) => <Price price={a.before} /> },
  {
    title: '重算后',
    key: 'after',
    render: (_, a) =>
      a.after ? (
        <Space orientation="vertical" size={2}>
          <Price price={a.after} />
          <Tooltip title={priceChanges(a.before, a.after).join('；')}>
            <Typography.Text type="warning" style={{ fontSize: 12 }}>
              {a.before.categoryName !== a.after.categoryName ? `类别改为 ${a.after.categoryName}；` : ''}
              应缴 {deltaText(a.before.payableFen, a.after.payableFen) || '不变'}
            </Typography.Text>
          </Tooltip>
        </Space>
      ) : (
        <Typography.Text type="danger">不再符合参保条件：{a.refusedReason ?? '—'}（保持原样）</Typography.Text>
      ),
  },
];

/**
 * 重算预览: the declarations an older version priced — who moves and how, who is refused by the new rules, how many are
 * settled (frozen) — and 确认重算 of exactly the previewed version.
 */
export function RecomputeModal({ profileId, open, onClose, onApplied }: { profileId: string; open: boolean; onClose: () => void; onApplied?: () => void }) {
  const preview = useRecomputePreview(profileId, open);
  const apply = useApplyRecompute(profileId);
  const data = preview.data;
  const writable = data ? recomputable(data) : 0;

  const close = () => {
    apply.reset();
    onClose();
  };

  return (
    <Modal
      open={open}
      title={apply.data ? '重算结果' : data ? `重算预览：按第 ${data.version} 版重新计费` : '重算预览'}
      width={1000}
      onCancel={close}
      destroyOnHidden
      footer={
        apply.data ? (
          <Button type="primary" onClick={close}>
            完成
          </Button>
        ) : (
          <Space>
            <Button onClick={close}>取消</Button>
            <Button
              type="primary"
              danger={Boolean(data?.affected.length)}
              disabled={!data || writable === 0 || preview.isFetching}
              loading={apply.isPending}
              onClick={() => data && apply.mutate(data.version, { onSuccess: () => onApplied?.(), onError: () => void preview.refetch() })}
            >
              确认重算
            </Button>
          </Space>
        )
      }
    >
      {preview.error && <Alert type="error" showIcon title="预览失败" description={errorMessage(preview.error)} style={{ marginBottom: 16 }} />}
      {apply.data ? (
        <Result status="success" title="已重算" subTitle={<span data-testid="recompute-result">{recomputeResultText(apply.data)}</span>} />
      ) : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="recompute-counts">
            <Col flex="1 1 160px">
              <Statistic title="按旧版本计费" value={data?.outdated ?? '—'} suffix="条" loading={preview.isPending} />
            </Col>
            <Col flex="1 1 160px">
              <Statistic
                title="金额变化或不再符合"
                value={data?.affected.length ?? '—'}
                suffix="条"
                loading={preview.isPending}
                styles={{ content: { color: data?.affected.length ? '#d46b08' : undefined } }}
              />
            </Col>
            <Col flex="1 1 160px">
              <Statistic title="金额不变（仅更新版本）" value={data?.unchanged ?? '—'} suffix="条" loading={preview.isPending} />
            </Col>
            <Col flex="1 1 160px">
              <Statistic title="已结算不变" value={data?.frozen ?? '—'} suffix="条" loading={preview.isPending} />
            </Col>
          </Row>
          <Typography.Paragraph type="secondary">
            重算只改未结算的申报（已申报、已确认）：金额变化的已确认申报将退回“已申报”，由单位重新确认；已结算、已缴费的申报保持原价。
          </Typography.Paragraph>
          <Table<Affected>
            data-testid="recompute-affected"
            rowKey="declarationId"
            size="small"
            columns={columns}
            dataSource={data?.affected}
            loading={preview.isPending}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有金额变化的申报" /> }}
            pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
          />
          {apply.error && <Alert type="error" showIcon title="重算失败" description={errorMessage(apply.error)} style={{ marginTop: 12 }} />}
        </>
      )}
    </Modal>
  );
}

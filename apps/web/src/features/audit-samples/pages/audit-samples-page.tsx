import { PlusOutlined } from '@ant-design/icons';
import type { TAuditSampleSummary } from '@canbao/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, InputNumber, Modal, Radio, Select, Table, Tag, Typography, Input, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../../api/client';
import { queryKeys } from '../../../api/query-keys';
import { FullPageSpin } from '../../../components/full-page-spin';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatDateTime } from '../../../lib/datetime';
import { tableScrollWidth } from '../../../lib/table';
import { useListSearchParams } from '../../../lib/use-list-search-params';
import { useMe } from '../../auth/hooks/use-me';
import { CampaignYearBar } from '../../declarations/components/campaign-year-bar';
import { defaultCampaignYear } from '../../declarations/declaration-view';
import { useCampaignYears } from '../../declarations/hooks/use-declarations';
import { useUnitOptions } from '../../units/hooks/use-units';
import { drawSample, listSamples } from '../api';

type DrawValues = { by: 'ratio' | 'count'; percent?: number; count?: number; unitIds?: string[]; exemptWeight?: number; inflowWeight?: number; note?: string };

/** 抽取样本: a share or a number of the year's declarations, of chosen units or the region, the exempt weighted or not. */
function DrawModal({ open, year, onClose }: { open: boolean; year: number; onClose: () => void }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<DrawValues>();
  const by = Form.useWatch('by', form) ?? 'ratio';
  const units = useUnitOptions(open);
  const draw = useMutation({
    mutationFn: (v: DrawValues) =>
      drawSample({
        year,
        ...(v.by === 'ratio' ? { ratio: (v.percent ?? 0) / 100 } : { count: v.count ?? 0 }),
        ...(v.unitIds?.length ? { unitIds: v.unitIds } : {}),
        ...((v.exemptWeight ?? 1) > 1 || (v.inflowWeight ?? 1) > 1
          ? { weights: { ...((v.exemptWeight ?? 1) > 1 ? { exempt: v.exemptWeight } : {}), ...((v.inflowWeight ?? 1) > 1 ? { inflow: v.inflowWeight } : {}) } }
          : {}),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      }),
    onSuccess: async (sample) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.auditSamples.all });
      void message.success(`已从 ${sample.population} 份申报中抽取 ${sample.items.length} 份`);
      onClose();
      void navigate(`/audit-samples/${sample.id}`);
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  return (
    <Modal open={open} title={`抽取抽查样本（${year} 年度）`} okText="抽取" confirmLoading={draw.isPending} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        从本年度的参保申报中随机抽取，核查原始材料。抽取的随机种子随样本保存，凭种子和申报名单可以复现同一样本；抽取记入审计日志。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ by: 'ratio', percent: 5, exemptWeight: 1, inflowWeight: 1 }} onFinish={(v) => draw.mutate(v)}>
        <Form.Item name="by" label="抽取方式">
          <Radio.Group options={[{ value: 'ratio', label: '按比例' }, { value: 'count', label: '按数量' }]} />
        </Form.Item>
        {by === 'ratio' ? (
          <Form.Item name="percent" label="抽查比例（%）" rules={[{ required: true, message: '请填写抽查比例' }]}>
            <InputNumber aria-label="抽查比例" min={0.1} max={100} step={1} style={{ width: 160 }} />
          </Form.Item>
        ) : (
          <Form.Item name="count" label="抽查份数" rules={[{ required: true, message: '请填写抽查份数' }]}>
            <InputNumber aria-label="抽查份数" min={1} max={10000} precision={0} style={{ width: 160 }} />
          </Form.Item>
        )}
        <Form.Item name="unitIds" label="抽查单位" extra="不选则从全统筹区抽取">
          <Select aria-label="抽查单位" mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} placeholder="全统筹区" loading={units.isPending} options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Form.Item name="exemptWeight" label="减免人员权重" extra="大于 1 时，享受减免的人员被抽中的机会按倍数加大（1 为不加权）">
          <InputNumber aria-label="减免人员权重" min={1} max={20} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="inflowWeight" label="户籍迁入人员权重" extra="大于 1 时，登记了户籍迁入的人员被抽中的机会按倍数加大（1 为不加权）">
          <InputNumber aria-label="户籍迁入人员权重" min={1} max={20} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input aria-label="说明" maxLength={200} placeholder="如：2027 年度第一次抽查" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const sizeText = (s: TAuditSampleSummary) => (s.ratio !== null ? `按比例 ${Math.round(s.ratio * 1000) / 10}%` : `按数量 ${s.count} 份`);

/**
 * 抽查 (Nantong 004 四.3): the agency draws samples of a year's declarations and records what the original materials
 * showed; a unit sees the samples that drew its declarations, its own items only, and answers the findings.
 */
export function AuditSamplesPage() {
  const { me } = useMe();
  const isAgency = me?.user.role === 'agency_admin';
  const years = useCampaignYears();
  const [params, update] = useListSearchParams(['year'] as const);
  const year = Number(params.year) || defaultCampaignYear(years.data?.items ?? []) || 0;
  const [drawing, setDrawing] = useState(false);
  const list = useQuery({ queryKey: queryKeys.auditSamples.list(year), queryFn: ({ signal }) => listSamples(year, signal), enabled: year > 0 });

  if (years.isPending) return <FullPageSpin />;
  if (years.error) return <QueryErrorAlert error={years.error} onRetry={() => void years.refetch()} />;

  const columns: TableColumnsType<TAuditSampleSummary> = [
    { title: '抽取时间', dataIndex: 'drawnAt', width: 170, render: (v: string, s) => <Link to={`/audit-samples/${s.id}`}>{formatDateTime(v)}</Link> },
    { title: '抽取方式', key: 'size', width: 130, render: (_, s) => sizeText(s) },
    { title: '范围', key: 'scope', width: 120, render: (_, s) => (s.unitIds ? `${s.unitIds.length} 个单位` : '全统筹区') },
    { title: '加权', key: 'w', width: 130, render: (_, s) => [s.weights.exempt ? `减免 ${s.weights.exempt} 倍` : '', s.weights.inflow ? `迁入 ${s.weights.inflow} 倍` : ''].filter(Boolean).join('，') || '不加权' },
    { title: isAgency ? '样本 / 申报总数' : '本单位被抽', key: 'n', width: 130, align: 'right', render: (_, s) => (isAgency ? `${s.counts.items} / ${s.population}` : `${s.counts.items} 份`) },
    { title: '已查', key: 'checked', width: 80, align: 'right', render: (_, s) => s.counts.checked },
    {
      title: '发现问题',
      key: 'findings',
      width: 110,
      render: (_, s) => (s.counts.missing + s.counts.wrong > 0 ? <Tag color="red">{s.counts.missing + s.counts.wrong} 份</Tag> : <Typography.Text type="secondary">无</Typography.Text>),
    },
    { title: '已整改', key: 'followed', width: 80, align: 'right', render: (_, s) => s.counts.followedUp },
    { title: '说明', dataIndex: 'note', width: 200, ellipsis: true, render: (v: string | null) => v ?? '' },
  ];

  return (
    <>
      <PageHeader
        title="抽查"
        description={
          isAgency
            ? '随机抽取年度参保申报，核查原始材料（谁主管谁负责）；每份登记一次抽查结果，发现问题的由责任单位登记整改情况。'
            : '本单位被抽查的参保申报、抽查结果；材料缺失或有误的，请补正后登记整改情况。'
        }
        extra={
          isAgency && (
            <Button type="primary" icon={<PlusOutlined />} disabled={!year} onClick={() => setDrawing(true)}>
              抽取样本
            </Button>
          )
        }
      />
      {years.data.items.length > 0 && <CampaignYearBar years={years.data} year={year} onChange={(y) => update({ year: String(y) })} />}
      {list.error && <QueryErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Card>
        <Table
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isPending && year > 0}
          pagination={false}
          scroll={{ x: tableScrollWidth(columns) }}
          locale={{ emptyText: isAgency ? '本年度还没有抽查' : '本单位本年度没有被抽查的申报' }}
          data-testid="audit-samples-table"
        />
      </Card>
      <DrawModal open={drawing} year={year} onClose={() => setDrawing(false)} />
    </>
  );
}

import { AUDIT_RESULT_NAMES, AUDIT_RESULTS, type TAuditResult, type TAuditSampleItem } from '@canbao/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Input, Modal, Radio, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { errorMessage } from '../../../api/client';
import { queryKeys } from '../../../api/query-keys';
import { FullPageSpin } from '../../../components/full-page-spin';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatDateTime } from '../../../lib/datetime';
import { tableScrollWidth } from '../../../lib/table';
import { useMe } from '../../auth/hooks/use-me';
import { getSample, getSampleReport, recordFollowUp, recordResult } from '../api';

const RESULT_COLORS: Record<TAuditResult, string> = { complete: 'green', missing: 'red', wrong: 'orange' };

type Dialog = { kind: 'result' | 'followUp'; item: TAuditSampleItem } | null;

/** One sample: each drawn declaration with its result and follow-up, and the findings per unit. */
export function AuditSamplePage() {
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const { me } = useMe();
  const isAgency = me?.user.role === 'agency_admin';
  const queryClient = useQueryClient();
  const sample = useQuery({ queryKey: queryKeys.auditSamples.detail(id), queryFn: ({ signal }) => getSample(id, signal) });
  const report = useQuery({ queryKey: queryKeys.auditSamples.report(id), queryFn: ({ signal }) => getSampleReport(id, signal) });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm<{ result?: TAuditResult; note?: string }>();
  const chosen = Form.useWatch('result', form);
  const save = useMutation({
    mutationFn: async (v: { result?: TAuditResult; note?: string }) => {
      if (!dialog) throw new Error('no item');
      return dialog.kind === 'result'
        ? recordResult(id, dialog.item.id, { result: v.result!, ...(v.note?.trim() ? { note: v.note.trim() } : {}) })
        : recordFollowUp(id, dialog.item.id, { note: v.note ?? '' });
    },
    onSuccess: async (item) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.auditSamples.all });
      void message.success(dialog?.kind === 'result' ? `已登记 ${item.personName} 的抽查结果` : `已登记 ${item.personName} 的整改情况`);
      setDialog(null);
    },
    onError: (e) => void message.error(errorMessage(e)),
  });

  if (sample.isPending) return <FullPageSpin />;
  if (sample.error) return <QueryErrorAlert error={sample.error} onRetry={() => void sample.refetch()} />;
  const s = sample.data;

  const columns: TableColumnsType<TAuditSampleItem> = [
    { title: '姓名', dataIndex: 'personName', width: 100, fixed: 'left' },
    { title: '证件号码', dataIndex: 'idNumberMasked', width: 170 },
    { title: '单位', dataIndex: 'unitName', width: 180, ellipsis: true },
    {
      title: '人员类别',
      key: 'category',
      width: 170,
      render: (_, r) => (
        <span>
          {r.categoryName}
          {r.subsidyName && <Tag style={{ marginLeft: 4 }}>{r.subsidyName}</Tag>}
        </span>
      ),
    },
    {
      title: '抽查结果',
      key: 'result',
      width: 220,
      render: (_, r) =>
        r.result ? (
          <span data-testid="audit-item-result">
            <Tag color={RESULT_COLORS[r.result]}>{r.resultName}</Tag>
            {r.note && <Typography.Text style={{ display: 'block', fontSize: 12 }}>{r.note}</Typography.Text>}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {r.checkedBy} · {formatDateTime(r.checkedAt)}
            </Typography.Text>
          </span>
        ) : (
          <Typography.Text type="secondary">未查</Typography.Text>
        ),
    },
    {
      title: '整改情况',
      key: 'followUp',
      width: 170,
      render: (_, r) =>
        r.followUp ? (
          <span>
            {r.followUp}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {r.followedUpBy} · {formatDateTime(r.followedUpAt)}
            </Typography.Text>
          </span>
        ) : r.result === 'missing' || r.result === 'wrong' ? (
          <Typography.Text type="danger">待整改</Typography.Text>
        ) : null,
    },
    {
      title: '操作',
      key: 'actions',
      width: 110,
      fixed: 'right',
      render: (_, r) => (
        <Space size={4}>
          {isAgency && !r.result && (
            <Button type="link" size="small" onClick={() => setDialog({ kind: 'result', item: r })} aria-label={`登记 ${r.personName} 的抽查结果`}>
              登记结果
            </Button>
          )}
          {(r.result === 'missing' || r.result === 'wrong') && !r.followUp && (
            <Button type="link" size="small" onClick={() => setDialog({ kind: 'followUp', item: r })} aria-label={`登记 ${r.personName} 的整改情况`}>
              登记整改
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader backTo={`/audit-samples?year=${s.year}`} title={`${s.year} 年度抽查（${formatDateTime(s.drawnAt)}）`} description={s.note ?? undefined} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="抽取方式">{s.ratio !== null ? `按比例 ${Math.round(s.ratio * 1000) / 10}%` : `按数量 ${s.count} 份`}</Descriptions.Item>
          <Descriptions.Item label="范围">{s.unitIds ? `${s.unitIds.length} 个单位` : '全统筹区'}</Descriptions.Item>
          <Descriptions.Item label="减免加权">{s.weights.exempt ? `${s.weights.exempt} 倍` : '不加权'}</Descriptions.Item>
          <Descriptions.Item label="户籍迁入加权">{s.weights.inflow ? `${s.weights.inflow} 倍` : '不加权'}</Descriptions.Item>
          {isAgency && <Descriptions.Item label="申报总数">{s.population} 份</Descriptions.Item>}
          <Descriptions.Item label={isAgency ? '样本' : '本单位被抽'}>
            <span data-testid="audit-sample-size">{s.counts.items} 份</span>
          </Descriptions.Item>
          <Descriptions.Item label="已查 / 发现问题 / 已整改">
            <span data-testid="audit-sample-counts">
              {s.counts.checked} / {s.counts.missing + s.counts.wrong} / {s.counts.followedUp}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label="抽取人">{s.drawnBy}</Descriptions.Item>
          {isAgency && (
            <Descriptions.Item label="随机种子">
              <Typography.Text copyable code>
                {s.seed}
              </Typography.Text>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'items',
              label: `抽查名单（${s.items.length}）`,
              children: <Table rowKey="id" size="small" columns={columns} dataSource={s.items} pagination={{ pageSize: 50, showSizeChanger: false }} scroll={{ x: tableScrollWidth(columns) }} data-testid="audit-items-table" />,
            },
            {
              key: 'report',
              label: '各单位情况',
              children: (
                <Table
                  rowKey="unitId"
                  size="small"
                  loading={report.isPending}
                  dataSource={report.data?.units ?? []}
                  pagination={false}
                  columns={[
                    { title: '单位', dataIndex: 'unitName' },
                    { title: '抽查', dataIndex: 'items', width: 80, align: 'right' },
                    { title: '已查', dataIndex: 'checked', width: 80, align: 'right' },
                    { title: '材料齐全', dataIndex: 'complete', width: 90, align: 'right' },
                    { title: '材料缺失', dataIndex: 'missing', width: 90, align: 'right' },
                    { title: '材料有误', dataIndex: 'wrong', width: 90, align: 'right' },
                    { title: '已整改', dataIndex: 'followedUp', width: 80, align: 'right' },
                  ]}
                  data-testid="audit-report-table"
                />
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={dialog !== null}
        title={dialog ? `${dialog.kind === 'result' ? '登记抽查结果' : '登记整改情况'}：${dialog.item.personName}` : ''}
        okText="保存"
        confirmLoading={save.isPending}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          {dialog?.kind === 'result' ? '抽查结果登记后不能改写，请核对原始材料后填写。' : `抽查结果：${dialog?.item.resultName ?? ''}（${dialog?.item.note ?? ''}）。整改情况登记后不能改写。`}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false} onFinish={(v) => save.mutate(v)}>
          {dialog?.kind === 'result' && (
            <Form.Item name="result" label="抽查结果" rules={[{ required: true, message: '请选择抽查结果' }]}>
              <Radio.Group options={AUDIT_RESULTS.map((r) => ({ value: r, label: AUDIT_RESULT_NAMES[r] }))} />
            </Form.Item>
          )}
          <Form.Item
            name="note"
            label={dialog?.kind === 'result' ? '说明' : '整改情况'}
            rules={[
              {
                required: dialog?.kind === 'followUp' || (chosen !== undefined && chosen !== 'complete'),
                whitespace: true,
                message: dialog?.kind === 'followUp' ? '请填写整改情况' : '请说明缺少或有误的材料',
              },
            ]}
          >
            <Input.TextArea aria-label={dialog?.kind === 'result' ? '说明' : '整改情况'} rows={3} maxLength={500} showCount placeholder={dialog?.kind === 'result' ? '如：缺少户口簿复印件' : '如：已补交户口簿复印件'} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

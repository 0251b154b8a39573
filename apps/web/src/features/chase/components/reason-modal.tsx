import { useQuery } from '@tanstack/react-query';
import type { TUninsuredItem } from '@canbao/domain';
import { Form, Input, Modal, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { queryKeys } from '../../../api/query-keys';
import { getReasonOptions } from '../api';

/** 登记未参保原因 for one pupil: a reason from the region's list for the year, a note (required for 其他 and the like). */
export function ReasonModal({
  item,
  year,
  loading,
  onCancel,
  onSubmit,
}: {
  item: TUninsuredItem | null;
  year: number;
  loading: boolean;
  onCancel: () => void;
  onSubmit: (values: { code: string; note?: string }) => void;
}) {
  const [form] = Form.useForm<{ code: string; note?: string }>();
  const code = Form.useWatch('code', form);
  const reasons = useQuery({ queryKey: queryKeys.declarations.reasonOptions(year), queryFn: ({ signal }) => getReasonOptions(year, signal), enabled: item !== null, staleTime: 300_000 });
  const options = (reasons.data?.items ?? []).map((o) => ({ value: o.code, label: o.name }));
  const chosen = reasons.data?.items.find((o) => o.code === code);
  useEffect(() => {
    if (item) form.setFieldsValue({ code: item.reason?.code ?? undefined, note: item.reason?.note ?? undefined });
  }, [item, form]);
  return (
    <Modal
      open={item !== null}
      title={item ? `登记未参保原因：${item.name}` : ''}
      okText="保存"
      confirmLoading={loading}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
      data-testid="reason-modal"
    >
      {item && (
        <Typography.Paragraph type="secondary">
          {year} 年度 · {item.gradeName} {item.className ?? ''} · {item.stageName}。原因将出现在班级参保情况表和未参保人员名单中。
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => onSubmit({ code: v.code, ...(v.note?.trim() ? { note: v.note.trim() } : {}) })}>
        <Form.Item name="code" label="未参保原因" rules={[{ required: true, message: '请选择未参保原因' }]}>
          <Select aria-label="未参保原因" options={options} loading={reasons.isLoading} placeholder="请选择" />
        </Form.Item>
        <Form.Item
          name="note"
          label="说明"
          rules={[{ required: chosen?.needsNote ?? false, whitespace: true, message: `选择“${chosen?.name ?? '其他'}”时请填写说明` }]}
        >
          <Input.TextArea aria-label="说明" rows={2} maxLength={200} showCount placeholder="如：已在户籍地参保；家长电话停机" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

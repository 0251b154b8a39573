import { RESOLUTIONS, RESOLUTION_NAMES, type TReconciliationItem, type TResolution, type TResolveResult } from '@canbao/domain';
import { Alert, App, Button, Descriptions, Form, Input, Modal, Radio, Result, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../api/client';
import { formatDateTime } from '../../../lib/datetime';
import { formatYuan } from '../../../lib/money';
import { useResolveItem } from '../hooks/use-reconciliation';
import { RESOLUTION_HELP, channelName } from '../reconciliation-view';

interface FormValues {
  resolution: TResolution;
  note: string;
}

/** 处理: accept, refund or set aside one exception, with a note that stays on the record. */
export function ResolveItemModal({ item, onClose }: { item: TReconciliationItem | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const resolve = useResolveItem();
  const [result, setResult] = useState<TResolveResult | null>(null);

  const close = () => {
    form.resetFields();
    resolve.reset();
    setResult(null);
    onClose();
  };

  const submit = (values: FormValues) => {
    if (!item) return;
    resolve.mutate(
      { id: item.id, input: { resolution: values.resolution, note: values.note.trim() } },
      {
        onSuccess: (r) => {
          void message.success('已处理');
          setResult(r);
        },
      },
    );
  };

  return (
    <Modal
      open={item !== null}
      title="处理对账异常"
      onCancel={close}
      destroyOnHidden
      footer={
        result ? (
          <Button type="primary" onClick={close}>
            完成
          </Button>
        ) : (
          <Space>
            <Button onClick={close}>取消</Button>
            <Button type="primary" loading={resolve.isPending} onClick={() => form.submit()}>
              确认处理
            </Button>
          </Space>
        )
      }
      width={600}
    >
      {item && (
        <Descriptions
          size="small"
          column={2}
          bordered
          style={{ marginBottom: 16 }}
          items={[
            { key: 'kind', label: '类型', children: item.kindName },
            { key: 'person', label: '参保人', children: `${item.personName ?? '—'} ${item.documentNumber ?? ''}` },
            { key: 'channel', label: '渠道', children: channelName(item.channel) },
            { key: 'ticket', label: '税票/交易号', children: <Typography.Text copyable>{item.transactionId}</Typography.Text> },
            { key: 'amount', label: '实缴', children: formatYuan(item.amountFen) },
            { key: 'expected', label: '应缴', children: item.expectedFen === null ? '—' : formatYuan(item.expectedFen) },
            { key: 'paidAt', label: '缴费时间', children: formatDateTime(item.paidAt) || '—' },
            { key: 'unit', label: '单位', children: item.unitName ?? '—' },
            { key: 'detail', label: '说明', span: 2, children: item.detail },
          ]}
        />
      )}
      {result ? (
        <Result
          status="success"
          style={{ padding: '8px 0' }}
          title={`已处理：${RESOLUTION_NAMES[result.resolution]}`}
          subTitle={
            result.refundId ? (
              <span data-testid="resolve-refund-id">
                已生成退费申请（已批准，待原渠道退款），编号 <Typography.Text copyable>{result.refundId}</Typography.Text>
                <br />
                <Link to="/refunds?status=approved" onClick={close}>
                  到退费页面查看
                </Link>
              </span>
            ) : undefined
          }
        />
      ) : (
        <Form<FormValues> form={form} layout="vertical" requiredMark onFinish={submit} initialValues={{ resolution: 'accepted' }}>
          <Form.Item name="resolution" label="处理方式" rules={[{ required: true, message: '请选择处理方式' }]}>
            <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
              {RESOLUTIONS.map((r) => (
                <Radio key={r} value={r} disabled={r === 'refund' && !item?.paymentId}>
                  <Typography.Text strong>{RESOLUTION_NAMES[r]}</Typography.Text>
                  <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                    {r === 'refund' && !item?.paymentId ? '该记录没有对应的缴费，无法退费' : RESOLUTION_HELP[r]}
                  </Typography.Text>
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="note"
            label="处理说明"
            rules={[
              { required: true, whitespace: true, message: '请填写处理说明' },
              { min: 2, message: '处理说明至少 2 个字' },
              { max: 300, message: '处理说明不超过 300 字' },
            ]}
          >
            <Input.TextArea rows={3} maxLength={300} showCount placeholder="如：已与家长核实，差额由单位补缴" />
          </Form.Item>
          {resolve.error && <Alert type="error" showIcon title="处理失败" description={errorMessage(resolve.error)} />}
        </Form>
      )}
    </Modal>
  );
}

import { Alert, App, Descriptions, Form, Input, Modal, Radio } from 'antd';
import { errorMessage } from '../../../api/client';
import { formatYuan } from '../../../lib/money';
import { channelName } from '../../reconciliation/reconciliation-view';
import type { TRefund } from '@canbao/domain';
import { useRefundMutations } from '../hooks/use-refunds';

export type TRefundAction = { kind: 'decide' | 'refunded'; refund: TRefund };

interface FormValues {
  approve?: boolean;
  note?: string;
  reference?: string;
}

/** 审核 (the agency approves or rejects with a note) or 登记退款 (an offline payout's reference). */
export function RefundActionModal({ action, onClose }: { action: TRefundAction | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const { decide, markRefunded } = useRefundMutations();
  const mutation = action?.kind === 'refunded' ? markRefunded : decide;
  const refund = action?.refund;

  const close = () => {
    form.resetFields();
    decide.reset();
    markRefunded.reset();
    onClose();
  };

  const submit = (values: FormValues) => {
    if (!action) return;
    if (action.kind === 'decide') {
      decide.mutate(
        { id: action.refund.id, approve: values.approve === true, note: (values.note ?? '').trim() },
        {
          onSuccess: (r) => {
            void message.success(r.status === 'refunded' ? '已批准，款项已经原渠道退回' : r.status === 'approved' ? '已批准，等待线下渠道退款' : r.status === 'failed' ? `已批准，但渠道退款失败：${r.failure ?? ''}` : '已驳回');
            close();
          },
        },
      );
    } else {
      markRefunded.mutate(
        { id: action.refund.id, reference: (values.reference ?? '').trim() },
        {
          onSuccess: () => {
            void message.success('已登记退款完成');
            close();
          },
        },
      );
    }
  };

  return (
    <Modal
      open={action !== null}
      title={action?.kind === 'refunded' ? '登记退款完成' : '审核退费申请'}
      okText={action?.kind === 'refunded' ? '登记' : '提交审核'}
      cancelText="取消"
      onCancel={close}
      onOk={() => form.submit()}
      confirmLoading={mutation.isPending}
      destroyOnHidden
      width={560}
    >
      {refund && (
        <Descriptions
          size="small"
          column={2}
          bordered
          style={{ marginBottom: 16 }}
          items={[
            { key: 'person', label: '参保人', children: refund.personName ?? '—' },
            { key: 'unit', label: '单位', children: refund.unitName ?? '—' },
            { key: 'channel', label: '原渠道', children: channelName(refund.channel) },
            { key: 'tx', label: '交易号', children: refund.transactionId },
            { key: 'reason', label: '原因', children: refund.reasonName },
            { key: 'amount', label: '退费金额', children: `${formatYuan(refund.amountFen)}（原缴 ${formatYuan(refund.paymentFen)}）` },
            ...(refund.note ? [{ key: 'note', label: '申请说明', span: 2, children: refund.note }] : []),
          ]}
        />
      )}
      <Form<FormValues> form={form} layout="vertical" requiredMark onFinish={submit}>
        {action?.kind === 'decide' ? (
          <>
            <Form.Item name="approve" label="审核结果" rules={[{ required: true, message: '请选择批准或驳回' }]}>
              <Radio.Group
                options={[
                  { value: true, label: '批准（线上渠道立即原路退回）' },
                  { value: false, label: '驳回' },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="note"
              label="审核意见"
              rules={[
                { required: true, whitespace: true, message: '请填写审核意见' },
                { min: 2, message: '审核意见至少 2 个字' },
              ]}
            >
              <Input.TextArea rows={3} maxLength={300} showCount />
            </Form.Item>
          </>
        ) : (
          <Form.Item
            name="reference"
            label="退款凭证号"
            extra="税务、银行柜面等线下渠道退款后，填写其退款凭证或流水号"
            rules={[
              { required: true, whitespace: true, message: '请填写退款凭证号' },
              { min: 4, message: '退款凭证号至少 4 位' },
              { max: 64, message: '退款凭证号不超过 64 位' },
            ]}
          >
            <Input aria-label="退款凭证号" />
          </Form.Item>
        )}
        {mutation.error && <Alert type="error" showIcon title="操作失败" description={errorMessage(mutation.error)} />}
      </Form>
    </Modal>
  );
}

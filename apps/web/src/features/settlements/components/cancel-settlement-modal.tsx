import { App, Form, Input, Modal, Typography } from 'antd';
import { errorMessage } from '../../../api/client';
import type { TSettlement } from '@canbao/domain';
import { useSettlementMutations } from '../hooks/use-settlements';

/** 作废 a settlement nobody has paid on: its declarations go back to 已确认 and its notices stop working. */
export function CancelSettlementModal({ settlement, open, onClose }: { settlement: TSettlement; open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const { cancel } = useSettlementMutations();
  return (
    <Modal
      open={open}
      title={`作废结算单 ${settlement.number}`}
      okText="作废"
      okButtonProps={{ danger: true }}
      confirmLoading={cancel.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph>
        作废后，结算单内 {settlement.personCount} 人的申报退回“已确认”，可重新生成结算单；
        {settlement.paymentMode === 'per_person' ? '已发出的缴费通知单二维码将失效。' : '单位不应再按本结算单缴款。'}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          cancel.mutate(
            { id: settlement.id, reason: v.reason.trim() },
            {
              onSuccess: () => {
                void message.success('结算单已作废');
                onClose();
              },
              onError: (e) => void message.error(errorMessage(e)),
            },
          )
        }
      >
        <Form.Item name="reason" label="作废原因" rules={[{ required: true, whitespace: true, min: 2, message: '请填写作废原因（至少 2 个字）' }]}>
          <Input.TextArea aria-label="作废原因" rows={3} maxLength={200} showCount placeholder="如：名单有误，需重新确认" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

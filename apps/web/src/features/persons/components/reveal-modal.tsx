import { ZRevealInput } from '@canbao/domain';
import { Form, Input, Modal, Typography } from 'antd';
import { zodRule } from '../../../lib/zod-rule';

const REASONS = ['核对参保缴费信息', '办理减员或转移', '家长来电核实', '核对票据'];

/** 查看完整号码 asks why first: the reason is kept in the audit row with who looked and when. */
export function RevealModal({ open, loading, onCancel, onSubmit }: { open: boolean; loading: boolean; onCancel: () => void; onSubmit: (reason: string) => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open={open}
      title="查看完整证件号码和电话"
      okText="查看"
      confirmLoading={loading}
      onCancel={onCancel}
      onOk={() => void form.validateFields().then((v) => onSubmit(v.reason.trim()))}
      afterClose={() => form.resetFields()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        证件号码和电话是儿童的个人信息，仅在办理业务需要时查看。请说明原因，原因与查看人、查看时间一并记入审计日志。
      </Typography.Paragraph>
      <Form form={form} name="reveal" layout="vertical" requiredMark={false}>
        <Form.Item label="查看原因" name="reason" rules={[{ required: true, whitespace: true, message: '请说明查看完整号码的原因' }, zodRule(ZRevealInput.shape.reason)]} extra={`如：${REASONS.join('、')}`}>
          <Input.TextArea rows={2} maxLength={200} showCount placeholder="请说明为何需要查看完整号码" autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

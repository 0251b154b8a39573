import type { TDeclaration } from '@canbao/domain';
import { Form, Input, Modal, Typography } from 'antd';

/** 撤销申报 with its reason (only before settlement, inside the windows: the API says so when not). */
export function RemoveDeclarationModal({
  declaration,
  loading,
  onCancel,
  onSubmit,
}: {
  declaration: TDeclaration | null;
  loading: boolean;
  onCancel: () => void;
  onSubmit: (reason: string) => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open={Boolean(declaration)}
      title={declaration ? `撤销 ${declaration.person.name} 的 ${declaration.year} 年度申报` : '撤销申报'}
      okText="撤销申报"
      okButtonProps={{ danger: true }}
      confirmLoading={loading}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {declaration?.leaving && (
        <Typography.Paragraph type="danger">该生已标记离校：{declaration.leaving.reasonName}</Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" initialValues={{ reason: declaration?.leaving ? `已离校（${declaration.leaving.reasonName}）` : '' }} onFinish={(v) => onSubmit(v.reason.trim())}>
        <Form.Item name="reason" label="撤销原因" rules={[{ required: true, whitespace: true, min: 2, message: '请填写撤销原因（至少 2 个字）' }]}>
          <Input.TextArea aria-label="撤销原因" rows={3} maxLength={200} showCount placeholder="如：学生已转学、重复登记" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

import { ZChangeReason } from '@canbao/domain';
import { Alert, Form, Input, Modal } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { setChangeReasonProvider, type ApiError } from '../api/client';

type Pending = { refusal: ApiError; resolve: (reason: string | null) => void };

/**
 * The one dialog that asks the agency why it changes a closed insurance year. The API answers REASON_REQUIRED;
 * the client (api/client.ts) asks here and sends the same request again with the reason, which every audit row of
 * the change keeps. Mounted once, beside the app.
 */
export function ChangeReasonHost() {
  const [pending, setPending] = useState<Pending | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const queue = useRef<Pending[]>([]);

  useEffect(
    () =>
      setChangeReasonProvider(
        (refusal) =>
          new Promise<string | null>((resolve) => {
            const item = { refusal, resolve };
            // Two changes refused at once are asked one after the other.
            setPending((current) => {
              if (current) {
                queue.current.push(item);
                return current;
              }
              return item;
            });
          }),
      ),
    [],
  );

  const finish = (reason: string | null) => {
    pending?.resolve(reason);
    form.resetFields();
    setPending(queue.current.shift() ?? null);
  };

  return (
    <Modal
      open={pending !== null}
      title="修改已关闭年度"
      okText="确认修改"
      cancelText="取消"
      destroyOnHidden
      onCancel={() => finish(null)}
      onOk={() => void form.validateFields().then((v) => finish(v.reason.trim()))}
      data-testid="change-reason-modal"
    >
      {pending && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={pending.refusal.message} description="原因将与本次修改一起记入审计日志。" />}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label="修改原因"
          rules={[
            {
              validator: async (_, value: unknown) => {
                const r = ZChangeReason.safeParse(typeof value === 'string' ? value : '');
                if (!r.success) throw new Error(r.error.issues[0]?.message ?? '请填写原因');
              },
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={200} showCount placeholder="如：经科室审批，补办已毕业学生退费（审批单号……）" autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

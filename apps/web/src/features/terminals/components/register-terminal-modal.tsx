import { TERMINAL_CHANNELS, ZTerminalInput, type TTerminalChannel } from '@canbao/domain';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { isApiError } from '../../../api/client';
import { zodRule } from '../../../lib/zod-rule';
import { useSession } from '../../auth/hooks/use-me';
import { placeSubmitError } from '../../units/submit-error';
import type { TTerminalWithKey } from '../api';
import { useTerminalMutations } from '../hooks/use-terminals';

interface RegisterTerminalValues {
  code: string;
  channel: TTerminalChannel;
  name: string;
}

const FIELDS = ['code', 'channel', 'name'] as const;
const CHANNEL_OPTIONS = (Object.entries(TERMINAL_CHANNELS) as [TTerminalChannel, string][]).map(([value, label]) => ({ value, label }));

/** The agency registers a terminal; the answer carries its signing key, handed to `onRegistered` to be shown once. */
export function RegisterTerminalModal({ open, onClose, onRegistered }: { open: boolean; onClose: () => void; onRegistered: (terminal: TTerminalWithKey) => void }) {
  const { user } = useSession();
  const [form] = Form.useForm<RegisterTerminalValues>();
  const { create } = useTerminalMutations();
  const [submitError, setSubmitError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setSubmitError(null);
    form.resetFields();
  }, [open, form]);

  const onFinish = (values: RegisterTerminalValues) => {
    setSubmitError(null);
    create.mutate(
      { code: values.code.trim(), channel: values.channel, name: values.name.trim() },
      {
        onSuccess: (terminal) => {
          onClose();
          onRegistered(terminal);
        },
        onError: (error) => {
          // A number already registered: said under the number, where it is corrected.
          if (isApiError(error) && error.code === 'CONFLICT') form.setFields([{ name: 'code', errors: [error.message] }]);
          else setSubmitError(placeSubmitError(form, error, FIELDS, {}, '登记失败，请稍后重试'));
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title="登记缴费终端"
      okText="登记"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      mask={{ closable: false }}
      forceRender
    >
      {submitError && <Alert type="error" showIcon title={submitError} style={{ marginBottom: 16 }} />}
      <Form<RegisterTerminalValues>
        form={form}
        name="register-terminal-form"
        layout="vertical"
        style={{ marginTop: 16 }}
        initialValues={{ channel: 'kiosk' }}
        onFinish={onFinish}
        onValuesChange={() => submitError && setSubmitError(null)}
        disabled={create.isPending}
      >
        <Form.Item
          label="终端编号"
          name="code"
          normalize={(v: string | undefined) => v?.toUpperCase()}
          validateDebounce={250}
          rules={[{ required: true, whitespace: true, message: '请填写终端编号' }, zodRule(ZTerminalInput.shape.code)]}
          extra={`大写字母、数字或短横线，如 GS-01；终端上送时使用的完整编号为“${user.regionCode}-”加此编号`}
        >
          <Input autoComplete="off" maxLength={40} prefix={<span style={{ color: 'rgba(0,0,0,0.45)' }}>{user.regionCode}-</span>} />
        </Form.Item>
        <Form.Item label="类型" name="channel" rules={[{ required: true, message: '请选择终端类型' }]}>
          <Select options={CHANNEL_OPTIONS} />
        </Form.Item>
        <Form.Item
          label="名称"
          name="name"
          rules={[
            { required: true, whitespace: true, message: '请填写终端名称' },
            { max: 100, message: '终端名称不能超过 100 个字' },
          ]}
        >
          <Input autoComplete="off" placeholder="如 姑苏区政务服务中心 1 号自助机" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

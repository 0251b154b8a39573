import { ROLE_NAMES, ROLES, USERNAME_PATTERN, USERNAME_RULE_MESSAGE, type TRole, type TUserInput } from '@canbao/domain';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../api/client';
import { applyFieldErrors } from '../../../lib/form-errors';
import { useUnitOptions } from '../../units/hooks/use-units';
import { useCreateUser } from '../hooks/use-users';
import type { IssuedPassword } from './issued-password-modal';

interface CreateUserForm {
  username: string;
  displayName: string;
  role: TRole;
  unitId?: string;
}

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_NAMES[role] }));

// USERNAME_PATTERN is the API's body rule (the contract's), so that most mistakes show before the round trip.
const FIELDS = ['username', 'displayName', 'role', 'unitId'] as const;

export function CreateUserModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (issued: IssuedPassword) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateUserForm>();
  const role = Form.useWatch('role', form);
  const isUnitOperator = role === 'unit_operator';
  const units = useUnitOptions(open && isUnitOperator);
  const createUser = useCreateUser();
  const [submitError, setSubmitError] = useState<string | null>(null);

  const close = () => {
    setSubmitError(null);
    form.resetFields();
    createUser.reset();
    onClose();
  };

  const onFinish = (values: CreateUserForm) => {
    setSubmitError(null);
    const input: TUserInput = {
      username: values.username.trim(),
      displayName: values.displayName.trim(),
      role: values.role,
      ...(values.role === 'unit_operator' && values.unitId ? { unitId: values.unitId } : {}),
    };
    createUser.mutate(input, {
      onSuccess: ({ user, initialPassword }) => {
        void message.success(`账号 ${user.username} 已创建`);
        form.resetFields();
        onCreated({ kind: 'initial', username: user.username, displayName: user.displayName, password: initialPassword });
      },
      onError: (error) => {
        // A field-level answer (用户名已被使用) goes under its field; anything else in the banner.
        if (!applyFieldErrors(form, error, FIELDS)) setSubmitError(errorMessage(error, '新建账号失败，请稍后重试'));
      },
    });
  };

  return (
    <Modal
      open={open}
      title="新建账号"
      okText="创建"
      onOk={() => form.submit()}
      onCancel={close}
      confirmLoading={createUser.isPending}
      mask={{ closable: false }}
      // Rendered while closed so that the form instance stays connected.
      forceRender
    >
      {submitError && <Alert type="error" showIcon title={submitError} style={{ marginBottom: 16 }} />}
      <Form<CreateUserForm>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        onValuesChange={() => submitError && setSubmitError(null)}
        initialValues={{ role: 'unit_operator' }}
        disabled={createUser.isPending}
      >
        <Form.Item
          label="用户名"
          name="username"
          extra="用于登录，创建后不可修改。以字母开头，3–32 位字母、数字或 _ . -，如 school01。"
          rules={[
            { required: true, whitespace: true, message: '请输入用户名' },
            { pattern: USERNAME_PATTERN, message: USERNAME_RULE_MESSAGE },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          label="姓名"
          name="displayName"
          rules={[
            { required: true, whitespace: true, message: '请输入姓名' },
            { max: 64, message: '姓名不能超过 64 个字符' },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色' }]}>
          <Select options={ROLE_OPTIONS} />
        </Form.Item>
        {isUnitOperator && (
          <Form.Item
            label="所属单位"
            name="unitId"
            rules={[{ required: true, message: '请选择所属单位' }]}
            extra={units.error ? `单位列表加载失败：${errorMessage(units.error)}` : undefined}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="输入单位名称搜索"
              loading={units.isLoading}
              options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
              notFoundContent={units.isLoading ? '加载中…' : '没有匹配的单位'}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

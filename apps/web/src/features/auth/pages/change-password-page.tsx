import { ZNewPassword } from '@canbao/domain';
import { Alert, App, Button, Card, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../../api/client';
import { PageHeader } from '../../../components/page-header';
import { applyFieldErrors } from '../../../lib/form-errors';
import { zodRule } from '../../../lib/zod-rule';
import { useChangePassword } from '../hooks/use-auth-actions';
import { useSession } from '../hooks/use-me';

interface ChangePasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export function ChangePasswordPage() {
  const { user } = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<ChangePasswordForm>();
  const changePassword = useChangePassword();
  const [submitError, setSubmitError] = useState<string | null>(null);

  const onFinish = ({ currentPassword, newPassword }: ChangePasswordForm) => {
    setSubmitError(null);
    changePassword.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          void message.success('密码已修改，下次登录请使用新密码');
          form.resetFields();
          void navigate('/', { replace: true });
        },
        onError: (error) => {
          // 当前密码不正确 / 新密码不能与当前密码相同 go under their fields.
          if (!applyFieldErrors(form, error, ['currentPassword', 'newPassword'])) {
            setSubmitError(errorMessage(error, '修改密码失败，请稍后重试'));
          }
        },
      },
    );
  };

  return (
    <>
      <PageHeader title="修改密码" description={`当前账号：${user.displayName}（${user.username}）`} />
      <Card style={{ maxWidth: 560 }}>
        {user.mustChangePassword && (
          <Alert
            type="warning"
            showIcon
            title="请先修改密码"
            description="您正在使用管理员发放的初始密码或临时密码。为保障参保数据安全，请设置只有您自己知道的新密码后再继续使用系统。"
            style={{ marginBottom: 20 }}
            data-testid="must-change-password"
          />
        )}
        {submitError && <Alert type="error" showIcon title={submitError} style={{ marginBottom: 20 }} />}
        <Form<ChangePasswordForm>
          form={form}
          layout="vertical"
          onFinish={onFinish}
          onValuesChange={() => submitError && setSubmitError(null)}
          disabled={changePassword.isPending}
        >
          <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label="新密码"
            name="newPassword"
            extra="至少 8 位，须同时包含字母和数字"
            rules={[{ required: true, message: '请输入新密码' }, zodRule(ZNewPassword)]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label="确认新密码"
            name="confirmPassword"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: '请再次输入新密码' },
              ({ getFieldValue }) => ({
                validator: async (_rule, value: string | undefined) => {
                  if (value && value !== getFieldValue('newPassword')) throw new Error('两次输入的新密码不一致');
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item style={{ marginBottom: 0 }}>
            <Space>
              <Button type="primary" htmlType="submit" loading={changePassword.isPending}>
                确认修改
              </Button>
              {!user.mustChangePassword && <Button onClick={() => void navigate('/')}>取消</Button>}
            </Space>
          </Form.Item>
        </Form>
      </Card>
    </>
  );
}

import { CalculatorOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import type { TLoginInput } from '@canbao/domain';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../../../api/client';
import { BrandMark } from '../../../app/layout/brand-mark';
import { FullPageSpin } from '../../../components/full-page-spin';
import { CHANGE_PASSWORD_PATH } from '../components/require-auth';
import { safeNextPath } from '../next-path';
import { useLogin } from '../hooks/use-auth-actions';
import { useMe } from '../hooks/use-me';

export function LoginPage() {
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { me, isLoading } = useMe();
  const login = useLogin();
  const [form] = Form.useForm<TLoginInput>();
  const [submitError, setSubmitError] = useState<string | null>(null);

  const isExpired = searchParams.get('expired') === '1';
  const next = safeNextPath(searchParams.get('next'));

  // Already signed in (e.g. a second tab): nothing to do here.
  if (isLoading) return <FullPageSpin />;
  if (me && !login.isPending && !login.isSuccess) {
    return <Navigate to={me.user.mustChangePassword ? CHANGE_PASSWORD_PATH : next} replace />;
  }

  const onFinish = (values: TLoginInput) => {
    setSubmitError(null);
    login.mutate(
      { username: values.username.trim(), password: values.password },
      {
        onSuccess: ({ user }) => {
          if (user.mustChangePassword) {
            void message.warning('首次登录或密码已被重置，请先修改密码');
            void navigate(CHANGE_PASSWORD_PATH, { replace: true });
          } else {
            void navigate(next, { replace: true });
          }
        },
        onError: (error) => {
          setSubmitError(errorMessage(error, '登录失败，请稍后重试'));
          form.setFieldValue('password', '');
        },
      },
    );
  };

  return (
    <main className="cb-login">
      <div className="cb-login-card">
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <BrandMark size={48} />
          <Typography.Title level={2} style={{ margin: '12px 0 4px', letterSpacing: 4 }}>
            参保
          </Typography.Title>
          <Typography.Text type="secondary">城乡居民医保参保缴费平台</Typography.Text>
        </div>
        <Card variant="borderless" style={{ boxShadow: '0 8px 28px rgba(31, 55, 95, 0.10)' }}>
          <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 20 }}>
            账号登录
          </Typography.Title>
          {isExpired && !submitError && (
            <Alert type="info" showIcon title="登录已过期，请重新登录" style={{ marginBottom: 16 }} />
          )}
          {submitError && (
            <Alert type="error" showIcon title={submitError} style={{ marginBottom: 16 }} data-testid="login-error" />
          )}
          <Form<TLoginInput>
            form={form}
            layout="vertical"
            requiredMark={false}
            onFinish={onFinish}
            onValuesChange={() => submitError && setSubmitError(null)}
            disabled={login.isPending}
          >
            <Form.Item label="用户名" name="username" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
            </Form.Item>
            <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
            </Form.Item>
            <Form.Item style={{ marginBottom: 8 }}>
              <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
                登录
              </Button>
            </Form.Item>
          </Form>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            账号由经办机构统一开通。忘记密码请联系本单位或经办机构管理员重置。
          </Typography.Text>
        </Card>
        <div style={{ textAlign: 'center', marginTop: 20 }}>
          <Link to="/fee-quote" data-testid="fee-quote-link">
            <CalculatorOutlined style={{ marginInlineEnd: 6 }} />
            缴费标准查询（无需登录）
          </Link>
          <div style={{ display: 'flex', justifyContent: 'center', gap: 16, marginTop: 8, fontSize: 13 }}>
            <Link to="/family" data-testid="family-status-link">
              参保状态查询
            </Link>
            <Link to="/receipt" data-testid="receipt-verify-link">
              电子票据查验
            </Link>
          </div>
        </div>
      </div>
    </main>
  );
}

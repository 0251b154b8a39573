import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { FullPageSpin } from '../../../components/full-page-spin';
import { useMe } from '../hooks/use-me';

export const CHANGE_PASSWORD_PATH = '/account/password';

/**
 * Renders its children only for a signed-in session. Sends everyone else to /login with the way back in
 * `next`, and an account that must change its password to the password page first.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { me, isLoading, isExpired, error, refetch } = useMe();
  const location = useLocation();

  if (isLoading) return <FullPageSpin />;
  if (error) {
    return (
      <Result
        status="warning"
        title="无法连接服务"
        subTitle={error.message}
        extra={
          <Button type="primary" onClick={refetch}>
            重试
          </Button>
        }
      />
    );
  }
  if (!me) {
    const params = new URLSearchParams();
    if (isExpired) params.set('expired', '1');
    const next = location.pathname + location.search;
    if (next !== '/') params.set('next', next);
    const qs = params.toString();
    return <Navigate to={qs ? `/login?${qs}` : '/login'} replace />;
  }
  if (me.user.mustChangePassword && location.pathname !== CHANGE_PASSWORD_PATH) {
    return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  }
  return <>{children}</>;
}

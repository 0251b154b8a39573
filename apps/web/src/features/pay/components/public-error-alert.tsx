import { Alert } from 'antd';
import type { ReactNode } from 'react';
import { errorMessage, isApiError } from '../../../api/client';

/** The API's refusals in words a parent understands; 429 (too many tries from one address) explained. */
export function PublicErrorAlert({ error, title, action, testId }: { error: unknown; title?: string; action?: ReactNode; testId?: string }) {
  if (isApiError(error) && error.status === 429) {
    return (
      <Alert
        type="warning"
        showIcon
        title="操作过于频繁"
        description="同一网络每分钟只能查询有限次数，请稍等一分钟后再试。"
        action={action}
        data-testid={testId}
        style={{ marginBottom: 16 }}
      />
    );
  }
  const fallback = isApiError(error) && error.status === 0 ? '网络连接失败，请检查网络后重试' : '操作失败，请稍后重试';
  return (
    <Alert
      type={isApiError(error) && error.isClientError ? 'warning' : 'error'}
      showIcon
      title={title ?? errorMessage(error, fallback)}
      description={title ? errorMessage(error, fallback) : undefined}
      action={action}
      data-testid={testId}
      style={{ marginBottom: 16 }}
    />
  );
}

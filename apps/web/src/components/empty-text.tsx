import { Typography } from 'antd';

/** The placeholder for a missing value in tables and descriptions. */
export function EmptyText({ children = '—' }: { children?: string }) {
  return <Typography.Text type="secondary">{children}</Typography.Text>;
}

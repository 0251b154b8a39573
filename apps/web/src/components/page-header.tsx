import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';

export interface PageHeaderProps {
  title: ReactNode;
  description?: ReactNode;
  /** Actions on the right (buttons). */
  extra?: ReactNode;
  /** Shows a back arrow that goes to this path. */
  backTo?: string;
}

/** The header every page starts with: an h1, an optional line of help and the page's actions. */
export function PageHeader({ title, description, extra, backTo }: PageHeaderProps) {
  const navigate = useNavigate();
  return (
    <div className="cb-page-header">
      <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start', minWidth: 0 }}>
        {backTo && (
          <Button type="text" aria-label="返回" icon={<ArrowLeftOutlined />} onClick={() => void navigate(backTo)} />
        )}
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={1}>{title}</Typography.Title>
          {description && (
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 2 }}>
              {description}
            </Typography.Text>
          )}
        </div>
      </div>
      {extra && <div style={{ flexShrink: 0, maxWidth: '100%' }}>{extra}</div>}
    </div>
  );
}

import { KeyOutlined, RightOutlined } from '@ant-design/icons';
import { ROLE_NAMES } from '@canbao/domain';
import { Card, Col, Descriptions, Row, Typography, type DescriptionsProps } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { NAV_ITEMS, ROLE_MENUS, navDescription } from '../../../app/navigation';
import { EmptyText } from '../../../components/empty-text';
import { dayjs, CITY_TIME_ZONE, formatDateTime, fromNow } from '../../../lib/datetime';
import { CHANGE_PASSWORD_PATH } from '../../auth/components/require-auth';
import { useSession } from '../../auth/hooks/use-me';
import { CampaignProgressCard } from '../components/campaign-progress-card';

function greeting(): string {
  const hour = dayjs().tz(CITY_TIME_ZONE).hour();
  if (hour < 6) return '夜深了';
  if (hour < 12) return '上午好';
  if (hour < 14) return '中午好';
  if (hour < 18) return '下午好';
  return '晚上好';
}

interface QuickLink {
  path: string;
  label: string;
  icon: ReactNode;
  description: string;
}

export function HomePage() {
  const { user, expiresAt, idleExpiresAt } = useSession();

  const quickLinks: QuickLink[] = [
    ...ROLE_MENUS[user.role].filter((key) => key !== 'home').map((key) => ({ ...NAV_ITEMS[key], description: navDescription(key, user.role) })),
    { path: CHANGE_PASSWORD_PATH, label: '修改密码', icon: <KeyOutlined />, description: '定期更换登录密码，保障账号安全' },
  ];

  const accountItems: DescriptionsProps['items'] = [
    { key: 'displayName', label: '姓名', children: user.displayName },
    { key: 'username', label: '用户名', children: user.username },
    { key: 'role', label: '角色', children: ROLE_NAMES[user.role] },
    {
      key: 'region',
      label: '统筹区',
      children: (
        <>
          {user.regionName}
          <Typography.Text type="secondary">（{user.regionCode}）</Typography.Text>
        </>
      ),
    },
    { key: 'unit', label: '单位', children: user.unitName ?? <EmptyText>未关联单位</EmptyText> },
    {
      key: 'lastLogin',
      label: '最近登录',
      children: user.lastLoginAt ? formatDateTime(user.lastLoginAt) : <EmptyText>首次登录</EmptyText>,
    },
  ];

  const sessionItems: DescriptionsProps['items'] = [
    {
      key: 'expiresAt',
      label: '登录有效期至',
      children: (
        <span data-testid="session-expires-at">
          {formatDateTime(expiresAt)}
          <Typography.Text type="secondary">（{fromNow(expiresAt)}）</Typography.Text>
        </span>
      ),
    },
    {
      key: 'idleExpiresAt',
      label: '无操作将于此时退出',
      children: (
        <span data-testid="session-idle-expires-at">
          {formatDateTime(idleExpiresAt)}
          <Typography.Text type="secondary">（每次操作后顺延）</Typography.Text>
        </span>
      ),
    },
  ];

  return (
    <>
      <div className="cb-page-header">
        <div>
          <Typography.Title level={1}>工作台</Typography.Title>
          <Typography.Text type="secondary">
            {greeting()}，{user.displayName}。今天是 {dayjs().tz(CITY_TIME_ZONE).format('YYYY年M月D日 dddd')}。
          </Typography.Text>
        </div>
      </div>
      <Row gutter={[16, 16]}>
        <Col span={24}>
          <CampaignProgressCard ownUnit={user.role === 'unit_operator'} />
        </Col>
        <Col xs={24} xl={14}>
          <Card title="账号信息" style={{ height: '100%' }}>
            <Descriptions column={{ xs: 1, sm: 2 }} items={accountItems} data-testid="account-info" />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title="登录状态" style={{ height: '100%' }}>
            <Descriptions column={1} items={sessionItems} />
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
              到期后需重新登录。离开电脑前请点击右上角“退出登录”。
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col span={24}>
          <Card title="常用功能">
            <Row gutter={[16, 16]}>
              {quickLinks.map((link) => (
                <Col key={link.path} xs={24} sm={12} lg={8} xxl={6}>
                  <Link to={link.path} aria-label={link.label}>
                    <Card hoverable size="small" styles={{ body: { display: 'flex', gap: 12, alignItems: 'center' } }}>
                      <span style={{ fontSize: 22, color: '#1f5fbf', lineHeight: 1 }}>{link.icon}</span>
                      <span style={{ flex: 1, minWidth: 0 }}>
                        <Typography.Text strong style={{ display: 'block' }}>
                          {link.label}
                        </Typography.Text>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                          {link.description}
                        </Typography.Text>
                      </span>
                      <RightOutlined style={{ color: '#b5bac4' }} />
                    </Card>
                  </Link>
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
      </Row>
    </>
  );
}

import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { ROLE_NAMES } from '@canbao/domain';
import { App, Avatar, Dropdown, Flex, Tag, Typography, type MenuProps } from 'antd';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/client';
import { CHANGE_PASSWORD_PATH } from '../../features/auth/components/require-auth';
import { useLogout } from '../../features/auth/hooks/use-auth-actions';
import { useSession } from '../../features/auth/hooks/use-me';

export function UserMenu() {
  const { user } = useSession();
  const navigate = useNavigate();
  const logout = useLogout();
  const { message } = App.useApp();

  const items: MenuProps['items'] = [
    { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', danger: true },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') void navigate(CHANGE_PASSWORD_PATH);
    if (key === 'logout') {
      logout.mutate(undefined, { onError: (error) => void message.error(errorMessage(error)) });
    }
  };

  return (
    <Flex align="center" gap={12}>
      <Typography.Text type="secondary" className="cb-header-org" data-testid="header-org">
        {user.unitName ?? user.regionName}
      </Typography.Text>
      <Tag color="blue" variant="filled" className="cb-header-role" data-testid="header-role" style={{ marginInlineEnd: 0 }}>
        {ROLE_NAMES[user.role]}
      </Tag>
      <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
        <button type="button" className="cb-user-trigger" data-testid="user-menu" aria-label={`账号菜单：${user.displayName}`}>
          <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1f5fbf' }} />
          <span data-testid="header-display-name">{user.displayName}</span>
          <DownOutlined style={{ fontSize: 10 }} />
        </button>
      </Dropdown>
    </Flex>
  );
}

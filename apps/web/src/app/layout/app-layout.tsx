import { MenuFoldOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Typography } from 'antd';
import { useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { useSession } from '../../features/auth/hooks/use-me';
import { NAV_ITEMS, navKeyForPath, ROLE_MENUS } from '../navigation';
import { BrandMark } from './brand-mark';
import { UserMenu } from './user-menu';

const { Sider, Header, Content, Footer } = Layout;

export function AppLayout() {
  const { user } = useSession();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);

  const selectedKey = navKeyForPath(location.pathname, user.role);
  const menuItems = ROLE_MENUS[user.role].map((key) => {
    const item = NAV_ITEMS[key];
    return { key, icon: item.icon, label: <Link to={item.path}>{item.label}</Link> };
  });

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        width={220}
        collapsedWidth={64}
        collapsible
        collapsed={collapsed}
        trigger={null}
        breakpoint="lg"
        onBreakpoint={setCollapsed}
        style={{ borderRight: '1px solid rgba(5, 5, 5, 0.06)' }}
      >
        <Link to="/" className="cb-brand" aria-label="参保 首页">
          <BrandMark />
          {!collapsed && (
            <span className="cb-brand-text">
              <span className="cb-brand-name">参保</span>
              <span className="cb-brand-sub">城乡居民医保参保缴费平台</span>
            </span>
          )}
        </Link>
        <Menu
          data-testid="nav-menu"
          mode="inline"
          selectedKeys={selectedKey ? [selectedKey] : []}
          items={menuItems}
          style={{ borderInlineEnd: 'none', paddingInline: 4 }}
        />
      </Sider>
      <Layout>
        <Header className="cb-header">
          <Button
            type="text"
            aria-label={collapsed ? '展开菜单' : '收起菜单'}
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={() => setCollapsed((c) => !c)}
          />
          <UserMenu />
        </Header>
        <Content className="cb-content">
          <Outlet />
        </Content>
        <Footer className="cb-footer">
          <Typography.Text type="secondary">参保 · 城乡居民医保参保缴费平台</Typography.Text>
        </Footer>
      </Layout>
    </Layout>
  );
}

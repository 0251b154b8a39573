import { LoginOutlined } from '@ant-design/icons';
import { Layout, Typography } from 'antd';
import { Link, Outlet } from 'react-router';
import { BrandMark } from './brand-mark';

const { Header, Content, Footer } = Layout;

/**
 * The frame of pages anyone may open without an account (缴费标准查询, 码上缴社保, 参保状态查询, 为家人缴费, 电子票据查验): the
 * brand, a way to log in, the page, and links between the public services.
 */
export function PublicLayout() {
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header className="cb-header" style={{ paddingInline: 'max(16px, calc((100vw - 1200px) / 2))' }}>
        <Link to="/fee-quote" className="cb-brand" aria-label="参保 缴费标准查询" style={{ borderBottom: 'none', paddingInline: 0 }}>
          <BrandMark />
          <span className="cb-brand-text">
            <span className="cb-brand-name">参保</span>
            <span className="cb-brand-sub">城乡居民医保参保缴费平台</span>
          </span>
        </Link>
        <Link to="/login" style={{ display: 'inline-flex', alignItems: 'center', gap: 6, whiteSpace: 'nowrap' }}>
          <LoginOutlined />
          经办人员登录
        </Link>
      </Header>
      <Content style={{ width: '100%', maxWidth: 1200, margin: '0 auto', padding: '20px 16px 0', boxSizing: 'border-box' }}>
        <Outlet />
      </Content>
      <Footer className="cb-footer">
        <nav aria-label="公共服务" style={{ display: 'flex', justifyContent: 'center', flexWrap: 'wrap', gap: '4px 16px', marginBottom: 6 }}>
          <Link to="/fee-quote">缴费标准查询</Link>
          <Link to="/family" data-testid="family-status-link">
            参保状态查询
          </Link>
          <Link to="/family/pay" data-testid="family-pay-link">
            为家人缴费
          </Link>
          <Link to="/receipt" data-testid="receipt-verify-link">
            电子票据查验
          </Link>
        </nav>
        <Typography.Text type="secondary">参保 · 城乡居民医保参保缴费平台 · 查询结果仅供参考，以经办机构核定为准</Typography.Text>
      </Footer>
    </Layout>
  );
}

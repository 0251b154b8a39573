import { BookOutlined, CreditCardOutlined, FileExcelOutlined, FileSearchOutlined, NotificationOutlined, SendOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { Card, Col, Row, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { useMe } from '../../auth/hooks/use-me';

type Step = { to: string; icon: ReactNode; title: string; text: string; agencyOnly?: boolean };

const STEPS: Step[] = [
  { to: '/uninsured?stage=unpaid', icon: <UserSwitchOutlined />, title: '告知未缴费人员', text: '在未参保人员中逐人登记未参保原因，告知过渡期和缴费时间并登记签收，可上传签收单' },
  { to: '/closing/publicity', icon: <NotificationOutlined />, title: '公示', text: '打印或导出已缴费人员公示、已告知的未缴费人员公示（姓名、证件号码部分隐去，A4 张贴）' },
  { to: '/closing/unpaid-lists', icon: <SendOutlined />, title: '未参保名单报送', text: '把未参保名单及未参保原因、告知签收情况报送医保中心备案，查看报送期限' },
  { to: '/closing/cards', icon: <CreditCardOutlined />, title: '制卡', text: '查询未制卡人员和缺照片的人员，导出名单和照片交市民卡中心，登记领卡' },
  { to: '/closing/handbooks', icon: <BookOutlined />, title: '就诊信息表和医疗保险手册', text: '为已缴费人员分批打印就诊信息表（含定点医疗机构），老年人和急需就医的人员优先' },
  { to: '/declarations', icon: <FileExcelOutlined />, title: '报送名册', text: '在参保申报页的“报送名册”中导出参保人员花名册、减免人员信息汇总表' },
  { to: '/audit-samples', icon: <FileSearchOutlined />, title: '抽查', text: '随机抽取申报核查原始材料，登记抽查结果与整改', agencyOnly: true },
];

/** 年度收尾: what the notices ask for after the money is in, one card per step, in the order they are done. */
export function ClosingPage() {
  const { me } = useMe();
  const isAgency = me?.user.role === 'agency_admin';
  return (
    <>
      <PageHeader title="年度收尾" description="缴费期结束前后的收尾工作：告知未缴费人员并签收、公示、报送名单和名册。" />
      <Row gutter={[16, 16]}>
        {STEPS.filter((s) => isAgency || !s.agencyOnly).map((s) => (
          <Col xs={24} md={12} xl={8} key={s.to}>
            <Link to={s.to} aria-label={s.title}>
              <Card hoverable style={{ height: '100%' }}>
                <Card.Meta avatar={<span style={{ fontSize: 24, color: '#1677ff' }}>{s.icon}</span>} title={s.title} description={<Typography.Text type="secondary">{s.text}</Typography.Text>} />
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </>
  );
}

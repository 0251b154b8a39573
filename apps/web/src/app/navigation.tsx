import {
  AccountBookOutlined,
  AreaChartOutlined,
  AuditOutlined,
  BankOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  DesktopOutlined,
  ProfileOutlined,
  ReconciliationOutlined,
  RollbackOutlined,
  EnvironmentOutlined,
  FileDoneOutlined,
  FileSearchOutlined,
  FlagOutlined,
  HomeOutlined,
  ShopOutlined,
  TeamOutlined,
  UserOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import type { TRole } from '@canbao/domain';
import type { ReactNode } from 'react';

export interface NavItem {
  path: string;
  label: string;
  icon: ReactNode;
  /** One line for the quick links of the 工作台. */
  description: string;
}

/** Every page that can appear in the main menu. */
export const NAV_ITEMS = {
  home: { path: '/', label: '工作台', icon: <DashboardOutlined />, description: '账号信息与常用入口' },
  units: { path: '/units', label: '参保单位', icon: <BankOutlined />, description: '查看统筹区内的代办单位及联系人' },
  myUnit: { path: '/my-unit', label: '本单位信息', icon: <ShopOutlined />, description: '查看本单位的登记信息，维护联系方式与协管员' },
  branchOffices: {
    path: '/branch-offices',
    label: '经办网点',
    icon: <EnvironmentOutlined />,
    description: '医保经办机构网点的地址、联络员和联系电话',
  },
  persons: { path: '/persons', label: '参保人员', icon: <UserOutlined />, description: '登记、查询参保人员，办理减员、转移和减免身份' },
  households: { path: '/households', label: '家庭', icon: <HomeOutlined />, description: '以家庭为单位登记参保人员及与户主关系，整户申报' },
  imports: {
    path: '/imports',
    label: '批量导入',
    icon: <CloudUploadOutlined />,
    description: '用 Excel 模板批量登记参保学生，核对无误后一次导入，错误逐格标出',
  },
  declarations: {
    path: '/declarations',
    label: '参保申报',
    icon: <FileDoneOutlined />,
    description: '整班申报、延续上年度参保人员，核对名单后做参保缴费确认',
  },
  uninsured: {
    path: '/uninsured',
    label: '未参保人员',
    icon: <UserSwitchOutlined />,
    description: '按班级查看应参保而未申报、未缴费的人员，登记未参保原因，补报漏报人员',
  },
  progress: {
    path: '/progress',
    label: '参保进度',
    icon: <AreaChartOutlined />,
    description: '各单位的在册、申报、缴费和未参保人数与参保率，按区县、单位类型或日期汇总',
  },
  settlements: {
    path: '/settlements',
    label: '结算单',
    icon: <AccountBookOutlined />,
    description: '生成结算单，打印带二维码的缴费通知单，跟踪缴费进度、登记单位缴款',
  },
  policies: {
    path: '/policies',
    label: '参保政策',
    icon: <ProfileOutlined />,
    description: '各年度缴费标准、申报期、减免类别与待遇规则（含文件依据）',
  },
  users: { path: '/users', label: '账号管理', icon: <TeamOutlined />, description: '新建账号、重置密码、停用或启用账号' },
  reconciliation: {
    path: '/reconciliation',
    label: '对账',
    icon: <ReconciliationOutlined />,
    description: '税务、银行已缴费名单逐笔对账，处理金额不符、重复缴费等异常；每日到账按渠道汇总',
  },
  terminals: {
    path: '/terminals',
    label: '缴费终端',
    icon: <DesktopOutlined />,
    description: '自助缴费终端、银行柜面和小程序的登记、停用与签名密钥，查看终端每日上送的对账结果',
  },
  refunds: { path: '/refunds', label: '退费', icon: <RollbackOutlined />, description: '重复缴费、错误收费、缴费后认定资助身份的退费申请、审核与退款登记' },
  closing: {
    path: '/closing',
    label: '年度收尾',
    icon: <FlagOutlined />,
    description: '告知未缴费人员并登记签收，打印公示，报送未参保名单和名册，制卡领卡，打印就诊信息表',
  },
  auditSamples: {
    path: '/audit-samples',
    label: '抽查',
    icon: <FileSearchOutlined />,
    description: '随机抽取参保申报核查原始材料，登记抽查结果，跟踪责任单位整改',
  },
  audit: { path: '/audit', label: '审计日志', icon: <AuditOutlined />, description: '查询登录与数据变更记录（谁、何时、改前、改后）' },
} satisfies Record<string, NavItem>;

export type NavKey = keyof typeof NAV_ITEMS;

/**
 * The main menu of each role, in display order. This table is also the access list of the pages
 * (RequireNav): a role opening a page not in its menu gets 403. A new feature adds its key here.
 */
export const ROLE_MENUS: Record<TRole, readonly NavKey[]> = {
  agency_admin: ['home', 'units', 'policies', 'persons', 'households', 'imports', 'declarations', 'uninsured', 'progress', 'settlements', 'reconciliation', 'terminals', 'refunds', 'closing', 'auditSamples', 'branchOffices', 'users', 'audit'],
  unit_operator: ['home', 'persons', 'households', 'imports', 'declarations', 'uninsured', 'settlements', 'reconciliation', 'refunds', 'closing', 'auditSamples', 'myUnit', 'branchOffices'],
  collector: ['home', 'units', 'policies', 'persons', 'imports', 'declarations', 'progress', 'settlements', 'reconciliation', 'refunds', 'branchOffices'],
  viewer: ['home', 'units', 'policies', 'declarations', 'progress', 'settlements', 'reconciliation', 'refunds', 'branchOffices'],
};

/**
 * What a page offers a role that may only read there (the 工作台's quick links never promise an action the role
 * cannot take). Keys absent here read the same for every role that has the page.
 */
const READER_DESCRIPTIONS: Partial<Record<TRole, Partial<Record<NavKey, string>>>> = {
  unit_operator: {
    auditSamples: '查看本单位被抽查的申报和抽查结果，登记整改情况',
  },
  viewer: {
    declarations: '查看各单位的参保申报名单与缴费进度',
    settlements: '查看各单位的结算单与缴费进度',
    reconciliation: '查看对账异常与每日到账汇总',
    refunds: '查看各单位的退费记录与进度',
  },
  collector: {
    persons: '查询参保人员的登记信息',
    imports: '导入税务、银行的已缴费名单和银行代扣结果',
    declarations: '查看各单位的参保申报名单与缴费进度',
  },
};

/** The quick-link line of a page for a role. */
export function navDescription(key: NavKey, role: TRole): string {
  return READER_DESCRIPTIONS[role]?.[key] ?? NAV_ITEMS[key].description;
}

export function canOpen(role: TRole, key: NavKey): boolean {
  return ROLE_MENUS[role].includes(key);
}

/** The menu key to highlight for a location: the longest nav path that prefixes it. */
export function navKeyForPath(pathname: string, role: TRole): NavKey | undefined {
  let best: NavKey | undefined;
  let bestLength = -1;
  for (const key of ROLE_MENUS[role]) {
    const path = NAV_ITEMS[key].path;
    const matches = path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`);
    if (matches && path.length > bestLength) {
      best = key;
      bestLength = path.length;
    }
  }
  return best;
}

import { z } from 'zod';

/** Account roles (BRIEF.md "Who uses it"). */
export const ROLES = ['agency_admin', 'unit_operator', 'collector', 'viewer'] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

export const ROLE_NAMES: Record<TRole, string> = {
  agency_admin: '经办机构管理员',
  unit_operator: '代办单位经办员',
  collector: '征收人员',
  viewer: '查询人员',
};

/** Unit kinds (代办单位类别). */
export const UNIT_KINDS = [
  'primary',
  'middle',
  'high',
  'vocational',
  'university',
  'kindergarten',
  'community_office',
  'street_office',
  'village_committee',
  'welfare_home',
] as const;
export const ZUnitKind = z.enum(UNIT_KINDS);
export type TUnitKind = z.infer<typeof ZUnitKind>;

export const UNIT_KIND_NAMES: Record<TUnitKind, string> = {
  primary: '小学',
  middle: '初中',
  high: '高中',
  vocational: '中职/技校',
  university: '高等院校',
  kindergarten: '幼儿园',
  community_office: '社区社保工作机构',
  street_office: '街道社保所',
  village_committee: '村委会',
  welfare_home: '福利院',
};

/** Password rule shared by the API and the web form. */
export const ZNewPassword = z
  .string()
  .min(8, '密码至少 8 位')
  .max(128, '密码不能超过 128 位')
  .regex(/[A-Za-z]/, '密码须包含字母')
  .regex(/\d/, '密码须包含数字');

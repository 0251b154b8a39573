import { PROFILE_STATUS_NAMES, profileStatus, type TProfileSummary } from '@canbao/domain';
import { Tag } from 'antd';
import { cityToday } from '../../../lib/datetime';
import { PROFILE_STATUS_COLORS } from '../policy-text';

/** Where the profile's year stands today (city time): 申报未开始 / 申报缴费中 / 调整期 / 待遇享受中 / 已结束 / 模板. */
export function ProfileStatusTag({ profile }: { profile: Pick<TProfileSummary, 'template' | 'declarationWindow' | 'adjustmentWindow' | 'benefitPeriod'> }) {
  const status = profileStatus(profile, cityToday());
  return (
    <Tag color={PROFILE_STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {PROFILE_STATUS_NAMES[status]}
    </Tag>
  );
}

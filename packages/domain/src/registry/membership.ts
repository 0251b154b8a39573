/** Why a person's membership of a unit ended: a transfer to another unit, or a stop (减员) with its reason. */
export const END_REASON_NAMES = {
  transferred: '转出',
  graduated: '毕业',
  moved_away: '迁出本统筹区',
  died: '死亡',
  employee_insurance: '参加职工医保',
  other: '其他',
} as const;
export type TEndReason = keyof typeof END_REASON_NAMES;

/** The reasons a unit may give when it stops (减员) a person; a transfer is not one of them. */
export const STOP_REASONS = ['graduated', 'moved_away', 'died', 'employee_insurance', 'other'] as const satisfies readonly TEndReason[];
export type TStopReason = (typeof STOP_REASONS)[number];

/** 社保卡 status of a person. */
export const CARD_STATUS_NAMES = {
  unknown: '未知',
  none: '未办卡',
  in_production: '制卡中',
  issued: '已发卡',
} as const;
export type TCardStatus = keyof typeof CARD_STATUS_NAMES;

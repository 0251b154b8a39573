/**
 * Beijing's fill-in rules for the hukou district and street of special cases (notice 002, 八). They decide what
 * goes into 户口所在区县/街道 when the hukou itself does not say it usefully.
 */
export type THukouSpecialCase = 'bda' | 'university_collective' | 'borrowing_student';

export type THukouFillIn =
  /** Fixed values: the district code and a street *name* that is an agency office, not a division. */
  | { kind: 'fixed'; districtCode: string; districtName: string; streetName: string }
  /** The school's own district and street. */
  | { kind: 'school_location' }
  /** The district and street of the institution that issued the certificate: typed by the clerk. */
  | { kind: 'certifier_location' };

export const HUKOU_SPECIAL_CASES: ReadonlyArray<{ code: THukouSpecialCase; name: string; fill: THukouFillIn; source: { notice: string; section: string } }> = [
  {
    code: 'bda',
    name: '户口由北京经济技术开发区公安部门签发',
    fill: { kind: 'fixed', districtCode: '110115', districtName: '大兴区', streetName: '开发区医疗保险代理处' },
    source: { notice: '002', section: '八（一）' },
  },
  {
    code: 'university_collective',
    name: '本市普通高校就读、具有本市集体户口的学生',
    fill: { kind: 'school_location' },
    source: { notice: '002', section: '八（二）' },
  },
  {
    code: 'borrowing_student',
    name: '享受免收借读费的非本市城镇户籍自愿参保学生',
    fill: { kind: 'certifier_location' },
    source: { notice: '002', section: '八（三）' },
  },
];

export const HUKOU_SPECIAL_CASE_CODES = HUKOU_SPECIAL_CASES.map((c) => c.code) as [THukouSpecialCase, ...THukouSpecialCase[]];

/**
 * The hukou district and street to record for a special case. `school` is the registering unit's location;
 * `typed` is what the clerk entered (used for the certifier's location). Returns an error message when the case
 * needs typed values that are missing.
 */
export function applyHukouFillIn(
  code: THukouSpecialCase,
  school: { districtCode: string; streetCode: string | null },
  typed: { districtCode?: string | null | undefined; streetCode?: string | null | undefined },
): { ok: true; districtCode: string; streetCode: string | null; streetName: string | null } | { ok: false; message: string } {
  const rule = HUKOU_SPECIAL_CASES.find((c) => c.code === code)!;
  switch (rule.fill.kind) {
    case 'fixed':
      return { ok: true, districtCode: rule.fill.districtCode, streetCode: null, streetName: rule.fill.streetName };
    case 'school_location':
      return { ok: true, districtCode: school.districtCode, streetCode: school.streetCode, streetName: null };
    case 'certifier_location':
      if (!typed.districtCode || !typed.streetCode) {
        return { ok: false, message: '借读生须填写开具证明机构办公地点所在的区县和街道（镇）（北京通知 八（三））' };
      }
      return { ok: true, districtCode: typed.districtCode, streetCode: typed.streetCode, streetName: null };
  }
}

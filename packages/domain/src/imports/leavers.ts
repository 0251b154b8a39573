import { parseCellCode, parseCellDate } from './cells';
import { checkIdentityCells } from './person-cells';
import type { TCellError, TImportColumn, TRowCheck } from './enrollment';

/** Why a pupil leaves, as the student registry lists it. */
export const LEAVING_REASONS = {
  graduated: '毕业',
  transferred_out: '转学',
  dropped_out: '退学',
  died: '死亡',
  other: '其他',
} as const;
export type TLeavingReason = keyof typeof LEAVING_REASONS;

/**
 * A declaration's flag for the unit to check before confirming: a leaving reason from the student registry, or
 * `past_graduation` — the pupil's expected graduation year is before the insurance year (小学六年级, 预计毕业
 * 2026, declared for 2027), so the school is probably declaring someone who has left.
 */
export const DECLARATION_FLAG_NAMES: Record<string, string> = { ...LEAVING_REASONS, past_graduation: '已过预计毕业年份' };

/** True when a pupil was expected to graduate before the insurance year begins. */
export function isPastGraduation(expectedGraduationYear: number | null | undefined, insuranceYear: number): boolean {
  return typeof expectedGraduationYear === 'number' && expectedGraduationYear < insuranceYear;
}

/** 毕业生及离校学生名单 from the student registry (Guangzhou 003): matched by document number. */
export const LEAVER_COLUMNS = [
  { key: 'name', header: '姓名', required: true, note: '与登记的姓名一致', example: '林晓雨', width: 12 },
  { key: 'documentType', header: '证件类型', note: '默认 01 居民身份证', example: '01', width: 10 },
  { key: 'documentNumber', header: '证件号码', aliases: ['身份证号', '身份证号码'], required: true, note: '学生的证件号码', example: '320508201805090247', width: 22 },
  { key: 'reason', header: '离校类型', aliases: ['离校原因', '学籍变动类型'], required: true, note: '毕业 / 转学 / 退学 / 死亡 / 其他', options: Object.values(LEAVING_REASONS), example: '毕业', width: 12 },
  { key: 'leavingOn', header: '离校日期', aliases: ['毕业时间', '毕业日期', '变动日期'], required: true, note: '格式 2026-07-01（yyyymm 也可）', example: '2026-07-01', width: 12 },
] as const satisfies readonly TImportColumn[];

export type TLeaverKey = (typeof LEAVER_COLUMNS)[number]['key'];
export type TLeaverPayload = { name: string; leaving_reason: TLeavingReason; leaving_on: string };

export function checkLeaverRow(cells: Partial<Record<TLeaverKey, string>>, options: { today: string }): TRowCheck<TLeaverPayload, TLeaverKey> {
  const errors: TCellError<TLeaverKey>[] = [];
  const fail = (key: TLeaverKey, message: string) => errors.push({ key, message });
  const value = (key: TLeaverKey) => (cells[key] ?? '').trim();
  const person = checkIdentityCells(value, fail, options.today);
  let reason: TLeavingReason | null = null;
  const r = parseCellCode(value('reason'), LEAVING_REASONS, '离校类型', { 结业: 'graduated', 转出: 'transferred_out', 休学: 'other' });
  if (!value('reason')) fail('reason', '请填写离校类型');
  else if (r.ok) reason = r.value;
  else fail('reason', r.message);
  let leavingOn: string | null = null;
  const raw = value('leavingOn');
  if (!raw) fail('leavingOn', '请填写离校日期');
  else {
    const d = parseCellDate(/^\d{6}$/.test(raw) ? `${raw}01` : raw);
    if (d.ok) leavingOn = d.value;
    else fail('leavingOn', d.message);
  }
  const ok = errors.length === 0 && person.name && person.documentNumber && reason && leavingOn;
  return {
    errors,
    documentType: person.documentType,
    documentNumber: person.documentNumber,
    payload: ok ? { name: person.name!, leaving_reason: reason!, leaving_on: leavingOn! } : null,
  };
}

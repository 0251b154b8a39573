import type { TUninsuredReasonOption } from '../api/chase';
import { parseCellYear } from './cells';
import type { TCellError, TImportColumn, TRowCheck } from './enrollment';
import { checkIdentityCells } from './person-cells';

/**
 * 未参保原因 in bulk (issue 14): the class teachers' sheets, each pupil not insured with the reason the family gave
 * (Suzhou 000 四.6's 参保情况表). Matched by document number to the unit's own pupils; the reason is one of the
 * region's list for that year, by name or code.
 */
export const UNINSURED_REASON_COLUMNS = [
  { key: 'name', header: '姓名', required: true, note: '与登记的姓名一致', example: '林晓雨', width: 12 },
  { key: 'documentType', header: '证件类型', note: '默认 01 居民身份证', example: '01', width: 10 },
  { key: 'documentNumber', header: '证件号码', aliases: ['身份证号', '身份证号码'], required: true, note: '完整的证件号码', example: '320508201805090247', width: 22 },
  { key: 'year', header: '参保年度', aliases: ['年度'], required: true, note: '如 2027', example: '2027', width: 10 },
  { key: 'reason', header: '未参保原因', aliases: ['原因'], required: true, note: '外地参保、职工医保、随家庭参保、家长不愿参保、联系不上、转学离校、其他', example: '外地参保', width: 16 },
  { key: 'note', header: '原因说明', aliases: ['说明', '备注'], note: '选择“其他”时必填，不超过 200 字', example: '在老家随父母参保', width: 30 },
] as const satisfies readonly TImportColumn[];

export type TUninsuredReasonKey = (typeof UNINSURED_REASON_COLUMNS)[number]['key'];
export type TUninsuredReasonPayload = { name: string; year: number; code: string; reason_name: string; note: string | null };

/** The reasons a row may name: each year's list of the region (the built-in list for a year without a profile). */
export type TReasonLists = { forYear(year: number): readonly TUninsuredReasonOption[] };

export function checkUninsuredReasonRow(
  cells: Partial<Record<TUninsuredReasonKey, string>>,
  options: { today: string; reasons: TReasonLists },
): TRowCheck<TUninsuredReasonPayload, TUninsuredReasonKey> {
  const errors: TCellError<TUninsuredReasonKey>[] = [];
  const fail = (key: TUninsuredReasonKey, message: string) => errors.push({ key, message });
  const value = (key: TUninsuredReasonKey) => (cells[key] ?? '').trim();
  const person = checkIdentityCells(value, fail, options.today);
  let year: number | null = null;
  if (!value('year')) fail('year', '请填写参保年度');
  else {
    const y = parseCellYear(value('year'));
    if (y.ok) year = y.value;
    else fail('year', y.message);
  }
  let reason: TUninsuredReasonOption | null = null;
  const text = value('reason').replace(/\s+/g, '');
  if (!text) fail('reason', '请填写未参保原因');
  else if (year !== null) {
    const list = options.reasons.forYear(year);
    reason = list.find((r) => r.name === text || r.code === text.toLowerCase()) ?? null;
    if (!reason) fail('reason', `未参保原因“${value('reason')}”不在本统筹区 ${year} 年度的原因列表中（${list.map((r) => r.name).join('、')}）`);
  }
  const note = value('note');
  if (note.length > 200) fail('note', '原因说明不超过 200 字');
  else if (reason?.needsNote && !note) fail('note', `未参保原因为“${reason.name}”时请填写原因说明`);
  const ok = errors.length === 0 && person.name && person.documentNumber && year !== null && reason;
  return {
    errors,
    documentType: person.documentType,
    documentNumber: person.documentNumber,
    payload: ok ? { name: person.name!, year: year!, code: reason!.code, reason_name: reason!.name, note: note || null } : null,
  };
}

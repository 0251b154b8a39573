import { parseCellDate } from './cells';
import { checkIdentityCells } from './person-cells';
import type { TCellError, TImportColumn, TRowCheck } from './enrollment';

/**
 * 职工医保参保人员名单 (issue 16, item 3): the agency's list of persons covered by employee insurance, matched by
 * document number. A person on it is not declared for resident insurance (重复参保): the declaration is refused with
 * the profile's words, or the national rule's where the profile has none. Kept whether or not the person is
 * registered yet, so a later registration is checked too.
 */
export const EMPLOYEE_INSURED_COLUMNS = [
  { key: 'name', header: '姓名', required: true, note: '职工医保登记的姓名', example: '王建国', width: 12 },
  { key: 'documentType', header: '证件类型', note: '默认 01 居民身份证', example: '01', width: 10 },
  { key: 'documentNumber', header: '证件号码', aliases: ['身份证号', '身份证号码', '公民身份号码'], required: true, note: '完整的证件号码', example: '320508198503070012', width: 22 },
  { key: 'since', header: '参保起始日期', aliases: ['参保日期', '起始日期'], note: '可不填；格式 2020-01-01', example: '2020-01-01', width: 14 },
] as const satisfies readonly TImportColumn[];

export type TEmployeeInsuredKey = (typeof EMPLOYEE_INSURED_COLUMNS)[number]['key'];
export type TEmployeeInsuredPayload = { name: string; since: string | null };

/** The national rule where a region's profile says nothing of it (医保发〔2023〕 重复参保治理). */
export const EMPLOYEE_INSURED_REFUSAL = '已参加职工基本医疗保险，不能重复参加城乡居民基本医疗保险';

export function checkEmployeeInsuredRow(cells: Partial<Record<TEmployeeInsuredKey, string>>, options: { today: string }): TRowCheck<TEmployeeInsuredPayload, TEmployeeInsuredKey> {
  const errors: TCellError<TEmployeeInsuredKey>[] = [];
  const fail = (key: TEmployeeInsuredKey, message: string) => errors.push({ key, message });
  const value = (key: TEmployeeInsuredKey) => (cells[key] ?? '').trim();
  const person = checkIdentityCells(value, fail, options.today);
  let since: string | null = null;
  if (value('since')) {
    const d = parseCellDate(value('since'));
    if (d.ok) since = d.value;
    else fail('since', d.message);
  }
  const ok = errors.length === 0 && person.name && person.documentNumber;
  return { errors, documentType: person.documentType, documentNumber: person.documentNumber, payload: ok ? { name: person.name!, since } : null };
}

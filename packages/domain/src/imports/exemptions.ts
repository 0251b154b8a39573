import { parseCellCode, parseCellDate } from './cells';
import { checkIdentityCells } from './person-cells';
import type { TCellError, TImportColumn, TRowCheck } from './enrollment';

/**
 * 减免人员名单 from civil affairs, the trade unions, the disabled persons' federation … (Suzhou 000 四.5, Nantong
 * 004 三): one identity per row, matched to registered persons by document number. The category must be one the
 * region's policy profiles know, so the fee engine can price it.
 */
export const EXEMPTION_COLUMNS = [
  { key: 'name', header: '姓名', required: true, note: '与登记的姓名一致', example: '林晓雨', width: 12 },
  { key: 'documentType', header: '证件类型', note: '默认 01 居民身份证', example: '01', width: 10 },
  { key: 'documentNumber', header: '证件号码', aliases: ['身份证号', '身份证号码'], required: true, note: '参保人员的证件号码', example: '320508201805090247', width: 22 },
  { key: 'category', header: '减免类别', aliases: ['困难类别', '人员类别', '身份类别'], required: true, note: '本统筹区参保政策中的减免类别名称或代码，如 低保对象', example: '低保对象', width: 18 },
  { key: 'department', header: '认定部门', aliases: ['发证部门', '认定单位'], required: true, note: '如 民政部门、残疾人联合会、总工会', example: '民政部门', width: 16 },
  { key: 'certificateName', header: '证明名称', aliases: ['证件名称'], note: '如 最低生活保障证', example: '最低生活保障证', width: 16 },
  { key: 'certificateNumber', header: '证明编号', aliases: ['证书编号', '证号'], note: '证明上的编号', example: 'DB2025-00123', width: 16 },
  { key: 'validFrom', header: '有效期起', aliases: ['认定日期', '起始日期'], required: true, note: '格式 2025-01-01', example: '2025-01-01', width: 12 },
  { key: 'validTo', header: '有效期止', aliases: ['终止日期', '截止日期'], note: '长期有效可不填', example: '2026-12-31', width: 12 },
] as const satisfies readonly TImportColumn[];

export type TExemptionKey = (typeof EXEMPTION_COLUMNS)[number]['key'];

export type TExemptionPayload = {
  name: string;
  category_code: string;
  category_name: string;
  certifying_department: string;
  certificate_name: string | null;
  certificate_number: string | null;
  valid_from: string;
  valid_to: string | null;
};

/**
 * A region's exemption categories as its policy profiles name them: each code's current name (the newest profile's)
 * and every other spelling the lists arrive with (an older year's name, the profiles' aliases) mapped to its code.
 */
export interface TExemptionCategories {
  names: ReadonlyMap<string, string>;
  aliases: Readonly<Record<string, string>>;
}

/** The categories of a region's profiles, oldest first: a later profile's name wins, every earlier one stays a spelling. */
export function exemptionCategoriesOf(identityLists: ReadonlyArray<ReadonlyArray<{ code: string; name: string; aliases?: readonly string[] | undefined }>>): TExemptionCategories {
  const names = new Map<string, string>();
  const aliases: Record<string, string> = {};
  for (const list of identityLists) {
    for (const i of list) {
      names.set(i.code, i.name);
      for (const spelling of [i.name, ...(i.aliases ?? [])]) aliases[spelling.replace(/\s+/g, '')] = i.code;
    }
  }
  return { names, aliases };
}

const namesCache = new WeakMap<ReadonlyMap<string, string>, Record<string, string>>();
/** The category map as a code → name record, once per map (every row of a file shares it). */
function namesOf(categories: ReadonlyMap<string, string>): Record<string, string> {
  let names = namesCache.get(categories);
  if (!names) namesCache.set(categories, (names = Object.fromEntries(categories)));
  return names;
}

/** Checks one row of an exemption list against the region's categories (by code, name or alias). */
export function checkExemptionRow(
  cells: Partial<Record<TExemptionKey, string>>,
  options: { today: string; categories: TExemptionCategories },
): TRowCheck<TExemptionPayload, TExemptionKey> {
  const errors: TCellError<TExemptionKey>[] = [];
  const fail = (key: TExemptionKey, message: string) => errors.push({ key, message });
  const value = (key: TExemptionKey) => (cells[key] ?? '').trim();

  const person = checkIdentityCells(value, fail, options.today);

  let categoryCode: string | null = null;
  if (!value('category')) fail('category', '请填写减免类别');
  else {
    const names = namesOf(options.categories.names);
    const c = parseCellCode(value('category'), names, '减免类别', options.categories.aliases);
    if (c.ok) categoryCode = c.value;
    else fail('category', `减免类别“${value('category')}”不是本统筹区参保政策中的类别（可选：${[...options.categories.names.values()].join('、') || '无'}）`);
  }
  const department = value('department');
  if (!department) fail('department', '请填写认定部门');
  else if (department.length > 50) fail('department', '认定部门不能超过 50 个字');

  let validFrom: string | null = null;
  if (!value('validFrom')) fail('validFrom', '请填写有效期起');
  else {
    const d = parseCellDate(value('validFrom'));
    if (d.ok) validFrom = d.value;
    else fail('validFrom', d.message);
  }
  let validTo: string | null = null;
  if (value('validTo')) {
    const d = parseCellDate(value('validTo'));
    if (!d.ok) fail('validTo', d.message);
    else if (validFrom && d.value < validFrom) fail('validTo', '有效期止不能早于有效期起');
    else validTo = d.value;
  }
  const text = (key: 'certificateName' | 'certificateNumber') => {
    const v = value(key);
    if (v.length > 50) fail(key, '不能超过 50 个字');
    return v || null;
  };
  const certificateName = text('certificateName');
  const certificateNumber = text('certificateNumber');

  const ok = errors.length === 0 && person.name && person.documentNumber && categoryCode && validFrom;
  return {
    errors,
    documentType: person.documentType,
    documentNumber: person.documentNumber,
    payload: ok
      ? {
          name: person.name!,
          category_code: categoryCode!,
          category_name: options.categories.names.get(categoryCode!)!,
          certifying_department: department,
          certificate_name: certificateName,
          certificate_number: certificateNumber,
          valid_from: validFrom!,
          valid_to: validTo,
        }
      : null,
  };
}

import { DOCUMENT_TYPES } from '../identity/documents';
import { parsePhoneNumber } from '../identity/phone';
import { validatePersonName } from '../identity/person-name';
import { GRADES } from '../registry/grades';
import { parseCellCode, parseCellDate, parseCellYear } from './cells';
import { checkIdentityCells, parseCellGrade } from './person-cells';

/**
 * 城乡居民参保登记批量参保模板 (Nanchong 001, 二.(一)): one row per pupil. The same columns serve both lists the notice
 * keeps apart — pupils enrolling through the school (参保) and those who do not (未参保, with the reason, as the
 * Suzhou notice 000 四.6 asks) — each on its own sheet.
 */
export type TImportColumn<K extends string = string> = {
  key: K;
  header: string;
  /** Other headers offices use for the same column (matched like the header: spaces and * ignored). */
  aliases?: readonly string[];
  required?: boolean;
  /** Shown as the header cell's note in the template. */
  note: string;
  /** Drop-down values of the template. */
  options?: readonly string[];
  example: string;
  width?: number;
};

const DOCUMENT_OPTIONS = Object.entries(DOCUMENT_TYPES).map(([code, name]) => `${code}${name}`);
const HUKOU_NAMES = { local_urban: '本市城镇', local_rural: '本市农村', nonlocal: '外地' } as const;
const HUKOU_ALIASES: Record<string, keyof typeof HUKOU_NAMES> = {
  城镇: 'local_urban',
  农村: 'local_rural',
  '1': 'local_urban',
  '2': 'local_rural',
  非本市: 'nonlocal',
  外省市: 'nonlocal',
  本地城镇: 'local_urban',
  本地农村: 'local_rural',
};

export const ENROLLMENT_COLUMNS = [
  { key: 'name', header: '姓名', aliases: ['学生姓名', '参保人姓名'], required: true, note: '与证件一致；少数民族姓名中的点用“·”', example: '林晓雨', width: 12 },
  { key: 'documentType', header: '证件类型', note: '默认 01 居民身份证；可填代码或名称', options: DOCUMENT_OPTIONS, example: '01居民身份证（户口簿）', width: 22 },
  {
    key: 'documentNumber',
    header: '证件号码',
    aliases: ['身份证号', '身份证号码', '公民身份号码', '证件号'],
    required: true,
    note: '18 位身份证号码（末位 X 大写），请设置为文本格式以免被改成科学计数法',
    example: '320508201805090247',
    width: 22,
  },
  { key: 'gender', header: '性别', note: '身份证号码已含性别时可不填；其他证件必填：男/女', options: ['男', '女'], example: '', width: 8 },
  { key: 'birthDate', header: '出生日期', aliases: ['出生时间'], note: '身份证号码已含出生日期时可不填；格式 2019-03-05', example: '', width: 12 },
  { key: 'ethnicity', header: '民族', note: '如 汉族', example: '汉族', width: 10 },
  {
    key: 'hukouType',
    header: '户籍类型',
    aliases: ['户口性质', '户籍性质'],
    required: true,
    note: '本市城镇 / 本市农村 / 外地',
    options: Object.values(HUKOU_NAMES),
    example: '本市城镇',
    width: 12,
  },
  { key: 'hukouDivisionCode', header: '户籍所在地代码', aliases: ['户口所在地', '户籍所在地'], note: '6 位区县代码或 9 位街道（乡镇）代码', example: '320508', width: 16 },
  { key: 'hukouAddress', header: '户籍地址', note: '户口簿上的地址', example: '', width: 24 },
  { key: 'residencePermitSince', header: '居住证起始日期', note: '外地户籍持本市居住证的填写', example: '', width: 14 },
  { key: 'gradeCode', header: '年级', note: '两位年级代码（01–06 小学 …）或名称，如 小学二年级', options: GRADES.map((g) => `${g.code}${g.name}`), example: '02小学二年级', width: 14 },
  { key: 'className', header: '班级', note: '如 3班', example: '3班', width: 10 },
  { key: 'studentNumber', header: '学号', aliases: ['学籍号', '学籍辅号'], note: '学籍号或校内学号', example: 'G320508201805090', width: 20 },
  { key: 'entryYear', header: '入学年份', note: '四位年份', example: '2024', width: 10 },
  { key: 'expectedGraduationYear', header: '预计毕业年份', aliases: ['毕业时间', '毕业年份'], note: '四位年份（或 yyyymm）', example: '2030', width: 12 },
  { key: 'phone', header: '联系电话', note: '手机或带区号的固定电话', example: '13912345678', width: 14 },
  { key: 'guardianName', header: '监护人姓名', aliases: ['家长姓名'], note: '未成年人填写', example: '林建国', width: 12 },
  { key: 'guardianRelation', header: '与监护人关系', note: '父亲、母亲等', example: '父亲', width: 12 },
  { key: 'guardianPhone', header: '监护人电话', aliases: ['家长电话'], note: '手机或带区号的固定电话', example: '13912345678', width: 14 },
  { key: 'notEnrolledReason', header: '未参保原因', note: '仅“未参保学生”表填写：如 已在户籍地参保、已参加职工医保', example: '', width: 20 },
] as const satisfies readonly TImportColumn[];

export type TEnrollmentKey = (typeof ENROLLMENT_COLUMNS)[number]['key'];

/** The two sheets of the template; a sheet with another name counts as the first. */
export const ENROLLMENT_SHEETS = { enrolled: '参保学生', notEnrolled: '未参保学生' } as const;

/** Person columns a valid row fills (snake_case: the staging payload maps onto the person table as it is). */
export type TEnrollmentPayload = {
  name: string;
  document_type: string;
  document_number: string;
  gender: 'male' | 'female';
  birth_date: string;
  ethnicity: string | null;
  hukou_type: keyof typeof HUKOU_NAMES;
  hukou_district_code: string | null;
  hukou_street_code: string | null;
  hukou_address: string | null;
  residence_permit_since: string | null;
  grade_code: string | null;
  class_name: string | null;
  student_number: string | null;
  entry_year: number | null;
  expected_graduation_year: number | null;
  phone: string | null;
  guardian_name: string | null;
  guardian_relation: string | null;
  guardian_phone: string | null;
  enrolls_through_unit: boolean;
  not_enrolled_reason: string | null;
};

export type TCellError<K extends string = string> = { key: K; message: string };

export type TRowCheck<P, K extends string = string> = {
  /** Null when any cell is wrong. */
  payload: P | null;
  errors: TCellError<K>[];
  /** The normalized document, when it was valid — for matching and duplicate checks. */
  documentType: string | null;
  documentNumber: string | null;
};

const MAX_TEXT = { ethnicity: 20, hukouAddress: 200, className: 30, studentNumber: 40, guardianRelation: 20, notEnrolledReason: 100 } as const;

/**
 * Checks one row of the template, cell by cell, with the registry's validators: every wrong cell gets its own
 * message (not only the first), so an operator can fix a row in one go.
 */
export function checkEnrollmentRow(
  cells: Partial<Record<TEnrollmentKey, string>>,
  options: { today: string; enrollsThroughUnit: boolean },
): TRowCheck<TEnrollmentPayload, TEnrollmentKey> {
  const errors: TCellError<TEnrollmentKey>[] = [];
  const fail = (key: TEnrollmentKey, message: string) => errors.push({ key, message });
  const text = (key: keyof typeof MAX_TEXT): string | null => {
    const v = (cells[key] ?? '').trim();
    if (!v) return null;
    if (v.length > MAX_TEXT[key]) fail(key, `不能超过 ${MAX_TEXT[key]} 个字`);
    return v;
  };
  const value = (key: TEnrollmentKey) => (cells[key] ?? '').trim();

  const person = checkIdentityCells(value, fail, options.today);
  const documentNumber = person.documentNumber;
  let birthDate = person.birthDate;
  let gender = person.gender;

  if (value('gender')) {
    const g = parseCellCode(value('gender'), { male: '男', female: '女' }, '性别', { '1': 'male', '2': 'female', 男性: 'male', 女性: 'female' });
    if (!g.ok) fail('gender', g.message);
    else if (gender && g.value !== gender) fail('gender', `性别由证件号码推导为${gender === 'male' ? '男' : '女'}，与填写的不一致`);
    else gender = g.value;
  }
  if (value('birthDate')) {
    const b = parseCellDate(value('birthDate'));
    if (!b.ok) fail('birthDate', b.message);
    else if (birthDate && b.value !== birthDate) fail('birthDate', `出生日期由证件号码推导为 ${birthDate}，与填写的 ${b.value} 不一致`);
    else if (b.value > options.today) fail('birthDate', '出生日期不能晚于今天');
    else birthDate = b.value;
  }
  if (documentNumber && !birthDate) fail('birthDate', '该证件不含出生日期，请填写');
  if (documentNumber && !gender) fail('gender', '该证件不含性别，请填写 男 或 女');

  let hukouType: keyof typeof HUKOU_NAMES = 'local_urban';
  if (!value('hukouType')) fail('hukouType', '请填写户籍类型：本市城镇 / 本市农村 / 外地');
  else {
    const h = parseCellCode(value('hukouType'), HUKOU_NAMES, '户籍类型', HUKOU_ALIASES);
    if (h.ok) hukouType = h.value;
    else fail('hukouType', h.message);
  }
  let hukouDistrict: string | null = null;
  let hukouStreet: string | null = null;
  const division = value('hukouDivisionCode').replace(/\s+/g, '');
  if (division) {
    if (/^\d{6}$/.test(division)) hukouDistrict = division;
    else if (/^\d{9}$/.test(division)) [hukouDistrict, hukouStreet] = [division.slice(0, 6), division];
    else fail('hukouDivisionCode', '户籍所在地代码应为 6 位区县代码或 9 位街道（乡镇）代码');
  }
  let residencePermitSince: string | null = null;
  if (value('residencePermitSince')) {
    const r = parseCellDate(value('residencePermitSince'));
    if (!r.ok) fail('residencePermitSince', r.message);
    else if (hukouType !== 'nonlocal') fail('residencePermitSince', '只有外地户籍人员才填写居住证起始日期');
    else residencePermitSince = r.value;
  }

  let gradeCode: string | null = null;
  if (value('gradeCode')) {
    const g = parseCellGrade(value('gradeCode'));
    if (g.ok) gradeCode = g.value;
    else fail('gradeCode', g.message);
  }
  const year = (key: 'entryYear' | 'expectedGraduationYear') => {
    let raw = value(key);
    if (!raw) return null;
    if (key === 'expectedGraduationYear' && /^\d{6}$/.test(raw)) raw = raw.slice(0, 4);
    const y = parseCellYear(raw);
    if (!y.ok) fail(key, y.message);
    return y.ok ? y.value : null;
  };
  const entryYear = year('entryYear');
  const graduationYear = year('expectedGraduationYear');
  if (entryYear && graduationYear && graduationYear < entryYear) fail('expectedGraduationYear', '毕业年份不能早于入学年份');
  if (entryYear && birthDate && entryYear < Number(birthDate.slice(0, 4))) fail('entryYear', '入学年份不能早于出生年份');

  const phone = (key: 'phone' | 'guardianPhone') => {
    if (!value(key)) return null;
    const p = parsePhoneNumber(value(key));
    if (!p.ok) fail(key, p.message);
    return p.ok ? p.normalized : null;
  };
  const phoneValue = phone('phone');
  const guardianPhone = phone('guardianPhone');
  let guardianName: string | null = null;
  if (value('guardianName')) {
    const g = validatePersonName(value('guardianName'));
    if (g.ok) guardianName = g.normalized;
    else fail('guardianName', g.message);
  } else if (guardianPhone) {
    fail('guardianName', '填写了监护人电话，请同时填写监护人姓名');
  }
  const guardianRelation = text('guardianRelation');
  const notEnrolledReason = text('notEnrolledReason');
  if (!options.enrollsThroughUnit && !notEnrolledReason) fail('notEnrolledReason', '未参保学生请填写未参保原因');
  if (options.enrollsThroughUnit && notEnrolledReason) fail('notEnrolledReason', '参保学生不填未参保原因；未参保的请填到“未参保学生”表');

  const ethnicity = text('ethnicity');
  const hukouAddress = text('hukouAddress');
  const className = text('className');
  const studentNumber = text('studentNumber');

  const ok = errors.length === 0 && person.name && documentNumber && birthDate && gender;
  return {
    errors,
    documentType: person.documentType,
    documentNumber,
    payload: ok
      ? {
          name: person.name!,
          document_type: person.documentType!,
          document_number: documentNumber!,
          gender: gender!,
          birth_date: birthDate!,
          ethnicity,
          hukou_type: hukouType,
          hukou_district_code: hukouDistrict,
          hukou_street_code: hukouStreet,
          hukou_address: hukouAddress,
          residence_permit_since: residencePermitSince,
          grade_code: gradeCode,
          class_name: className,
          student_number: studentNumber,
          entry_year: entryYear,
          expected_graduation_year: graduationYear,
          phone: phoneValue,
          guardian_name: guardianName,
          guardian_relation: guardianRelation,
          guardian_phone: guardianPhone,
          enrolls_through_unit: options.enrollsThroughUnit,
          not_enrolled_reason: options.enrollsThroughUnit ? null : notEnrolledReason,
        }
      : null,
  };
}

/** Header text as offices write it: spaces, line breaks, a required-mark * and full-width brackets are layout. */
export function normalizeHeader(text: string): string {
  return text.normalize('NFKC').replace(/[\s*＊]/g, '').replace(/（/g, '(').replace(/）/g, ')').replace(/\(必填\)|\(选填\)/g, '');
}

/**
 * Maps a header row onto column keys: each header by its Chinese name or an alias, in any order; unknown columns
 * are ignored. Returns the index of each key and the required columns that are missing.
 */
export function matchHeaders<K extends string>(
  columns: readonly TImportColumn<K>[],
  headerRow: readonly string[],
): { indexOf: Partial<Record<K, number>>; missing: TImportColumn<K>[]; ignored: string[] } {
  const byName = new Map<string, K>();
  for (const c of columns) for (const h of [c.header, ...(c.aliases ?? [])]) byName.set(normalizeHeader(h), c.key);
  const indexOf: Partial<Record<K, number>> = {};
  const ignored: string[] = [];
  headerRow.forEach((h, i) => {
    const key = byName.get(normalizeHeader(h ?? ''));
    if (key !== undefined && indexOf[key] === undefined) indexOf[key] = i;
    else if ((h ?? '').trim()) ignored.push(h.trim());
  });
  const missing = columns.filter((c) => c.required && indexOf[c.key] === undefined);
  return { indexOf, missing, ignored };
}

import { GRADES } from '../registry/grades';
import type { TCellError, TImportColumn, TRowCheck } from './enrollment';
import { checkIdentityCells, parseCellGrade } from './person-cells';

/**
 * 教育部门在校学生信息 (Beijing 002 五: continuing students are prefilled from the education department's data, not
 * registered again): matched to registered persons by document number; the grade, class and student number the
 * department holds are shown next to the register's, and committing takes the department's.
 */
export const PREFILL_COLUMNS = [
  { key: 'name', header: '姓名', required: true, note: '学籍上的姓名', example: '林晓雨', width: 12 },
  { key: 'documentType', header: '证件类型', note: '默认 01 居民身份证', example: '01', width: 10 },
  { key: 'documentNumber', header: '证件号码', aliases: ['身份证号', '身份证号码'], required: true, note: '学生的证件号码', example: '320508201805090247', width: 22 },
  { key: 'schoolName', header: '学校名称', aliases: ['学校'], note: '学籍所在学校，与登记单位不同时提示', example: '苏州市姑苏区第一实验小学', width: 26 },
  { key: 'gradeCode', header: '年级', note: '两位年级代码或名称', options: GRADES.map((g) => `${g.code}${g.name}`), example: '03小学三年级', width: 14 },
  { key: 'className', header: '班级', note: '如 3班', example: '3班', width: 10 },
  { key: 'studentNumber', header: '学籍号', aliases: ['学号', '全国学籍号'], note: '全国学籍号', example: 'G320508201805090', width: 20 },
] as const satisfies readonly TImportColumn[];

export type TPrefillKey = (typeof PREFILL_COLUMNS)[number]['key'];
export type TPrefillPayload = { name: string; school_name: string | null; grade_code: string | null; class_name: string | null; student_number: string | null };

export function checkPrefillRow(cells: Partial<Record<TPrefillKey, string>>, options: { today: string }): TRowCheck<TPrefillPayload, TPrefillKey> {
  const errors: TCellError<TPrefillKey>[] = [];
  const fail = (key: TPrefillKey, message: string) => errors.push({ key, message });
  const value = (key: TPrefillKey) => (cells[key] ?? '').trim();
  const person = checkIdentityCells(value, fail, options.today);
  let gradeCode: string | null = null;
  if (value('gradeCode')) {
    const g = parseCellGrade(value('gradeCode'));
    if (g.ok) gradeCode = g.value;
    else fail('gradeCode', g.message);
  }
  const text = (key: 'className' | 'studentNumber' | 'schoolName', max: number) => {
    const v = value(key);
    if (v.length > max) fail(key, `不能超过 ${max} 个字`);
    return v || null;
  };
  const className = text('className', 30);
  const studentNumber = text('studentNumber', 40);
  const schoolName = text('schoolName', 100);
  const ok = errors.length === 0 && person.name && person.documentNumber;
  return {
    errors,
    documentType: person.documentType,
    documentNumber: person.documentNumber,
    payload: ok ? { name: person.name!, school_name: schoolName, grade_code: gradeCode, class_name: className, student_number: studentNumber } : null,
  };
}

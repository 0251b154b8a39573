import { describe, expect, it } from 'vitest';
import { computeResidentIdCheckChar } from '../identity/gb11643';
import { excelSerialToIsoDate, parseCellDate } from './cells';
import { ENROLLMENT_COLUMNS, checkEnrollmentRow, matchHeaders } from './enrollment';

const id = (first17: string) => first17 + computeResidentIdCheckChar(first17);
const today = '2026-11-26';
const PUPIL = id('32050820180509024');

describe('cell dates', () => {
  it.each([
    ['2019-03-05', '2019-03-05'],
    ['2019/3/5', '2019-03-05'],
    ['2019.03.05', '2019-03-05'],
    ['20190305', '2019-03-05'],
    ['2019年3月5日', '2019-03-05'],
    ['43529', '2019-03-05'],
  ])('%s → %s', (text, iso) => expect(parseCellDate(text)).toEqual({ ok: true, value: iso }));

  it('refuses impossible dates and words', () => {
    expect(parseCellDate('2019-02-30').ok).toBe(false);
    expect(parseCellDate('三月五日').ok).toBe(false);
  });

  it('Excel serial 1 is 1899-12-31 and 60 is the phantom 1900-02-29 folded onto 02-28', () => {
    expect(excelSerialToIsoDate(61)).toBe('1900-03-01');
    expect(excelSerialToIsoDate(0)).toBeNull();
  });
});

describe('enrollment rows', () => {
  const base = { name: '林晓雨', documentNumber: PUPIL, hukouType: '本市城镇', gradeCode: '2', className: '3班' };

  it('derives birth date and gender and normalizes codes', () => {
    const r = checkEnrollmentRow({ ...base, documentNumber: PUPIL.toLowerCase(), gradeCode: '小学二年级' }, { today, enrollsThroughUnit: true });
    expect(r.errors).toEqual([]);
    expect(r.payload).toMatchObject({
      name: '林晓雨',
      document_type: '01',
      document_number: PUPIL,
      birth_date: '2018-05-09',
      gender: 'female',
      hukou_type: 'local_urban',
      grade_code: '02',
      class_name: '3班',
      enrolls_through_unit: true,
    });
  });

  it('reports every wrong cell of a row, each under its column', () => {
    const r = checkEnrollmentRow(
      { name: 'Lin晓雨', documentNumber: PUPIL.slice(0, 17) + (PUPIL.endsWith('1') ? '2' : '1'), hukouType: '火星', gradeCode: '99', phone: '12345', entryYear: '23' },
      { today, enrollsThroughUnit: true },
    );
    expect(r.payload).toBeNull();
    expect(r.errors.map((e) => e.key).sort()).toEqual(['documentNumber', 'entryYear', 'gradeCode', 'hukouType', 'name', 'phone']);
    expect(r.errors.find((e) => e.key === 'documentNumber')?.message).toMatch(/校验/);
  });

  it('checks typed birth date and gender against the ID number', () => {
    const r = checkEnrollmentRow({ ...base, gender: '男', birthDate: '2018-05-10' }, { today, enrollsThroughUnit: true });
    expect(r.errors.map((e) => e.key).sort()).toEqual(['birthDate', 'gender']);
  });

  it('keeps the two lists apart: the uninsured sheet needs a reason, the insured one must not have it', () => {
    expect(checkEnrollmentRow(base, { today, enrollsThroughUnit: false }).errors.map((e) => e.key)).toEqual(['notEnrolledReason']);
    const r = checkEnrollmentRow({ ...base, notEnrolledReason: '已在户籍地参保' }, { today, enrollsThroughUnit: false });
    expect(r.payload).toMatchObject({ enrolls_through_unit: false, not_enrolled_reason: '已在户籍地参保' });
    expect(checkEnrollmentRow({ ...base, notEnrolledReason: 'x' }, { today, enrollsThroughUnit: true }).errors[0]?.key).toBe('notEnrolledReason');
  });

  it('a passport needs typed gender and birth date', () => {
    const r = checkEnrollmentRow({ name: 'JOHN SMITH', documentType: '08', documentNumber: 'E12345678', hukouType: '外地' }, { today, enrollsThroughUnit: true });
    expect(r.errors.map((e) => e.key).sort()).toEqual(['birthDate', 'gender']);
  });
});

describe('header matching', () => {
  it('matches names and aliases in any order, ignores extras, names missing required columns', () => {
    const m = matchHeaders(ENROLLMENT_COLUMNS, ['序号', ' 身份证号 ', '*姓名', '班级（必填）', '户口性质']);
    expect(m.indexOf).toMatchObject({ documentNumber: 1, name: 2, className: 3, hukouType: 4 });
    expect(m.ignored).toEqual(['序号']);
    expect(m.missing).toEqual([]);
    expect(matchHeaders(ENROLLMENT_COLUMNS, ['姓名']).missing.map((c) => c.header)).toEqual(['证件号码', '户籍类型']);
  });
});

import {
  CARD_STATUS_NAMES,
  DOCUMENT_TYPES,
  GENDER_NAMES,
  LEAVING_REASONS,
  PERSON_HUKOU_NAMES,
  PERSON_STATUS_NAMES,
  ageOn,
  gradeName,
  maskIdNumber,
  maskPhone,
  type TPersonDetail,
  type TPersonListItem,
} from '@canbao/domain';
import type { Person, PersonExemption } from '../../db/schema/person';
import type { ExportColumn } from '../../xlsx-export';

export type PersonRow = Person & { unit_name: string | null; hukou_district_name: string | null; hukou_street_division_name: string | null };

/**
 * Personal numbers are masked unless `reveal` is set — which only the audited reveal action does, for a role
 * that needs the full number.
 */
export function presentPersonListItem(p: PersonRow, reveal = false): TPersonListItem {
  return {
    id: p.id,
    name: p.name,
    documentType: p.document_type,
    documentTypeName: DOCUMENT_TYPES[p.document_type as keyof typeof DOCUMENT_TYPES] ?? p.document_type,
    documentNumber: reveal || p.is_temporary_number ? p.document_number : maskIdNumber(p.document_number),
    isTemporaryNumber: p.is_temporary_number,
    gender: p.gender,
    birthDate: p.birth_date,
    unitId: p.unit_id,
    unitName: p.unit_name,
    gradeCode: p.grade_code,
    className: p.class_name,
    studentNumber: p.student_number,
    hukouType: p.hukou_type,
    hukouAddress: p.hukou_address,
    status: p.status,
    stopReason: p.stop_reason,
    stoppedOn: p.stopped_on,
    cardStatus: p.card_status,
  };
}

type PhotoMeta = { mime: string; width: number; height: number; size_bytes: number; uploaded_at: Date };

export function presentPerson(
  p: PersonRow,
  exemptions: PersonExemption[],
  reveal = false,
  photo: PhotoMeta | null = null,
  today: string | null = null,
  /** The region's `cardProduction.photoFromAge`: no photo is asked for where the region sets none. */
  photoFromAge: number | null = null,
): TPersonDetail {
  const phone = (v: string | null) => (v ? (reveal ? v : maskPhone(v)) : null);
  const points = p.points_eligibility as { appliedOn: string; approved: boolean; decidedOn?: string | null } | null;
  return {
    ...presentPersonListItem(p, reveal),
    ethnicity: p.ethnicity,
    hukouDistrictCode: p.hukou_district_code,
    hukouDistrictName: p.hukou_district_name,
    hukouStreetCode: p.hukou_street_code,
    hukouStreetName: p.hukou_street_name ?? p.hukou_street_division_name,
    hukouAddress: p.hukou_address,
    hukouSpecialCase: p.hukou_special_case,
    residencePermitSince: p.residence_permit_since,
    inflow: p.inflow_from && p.inflow_on ? { from: p.inflow_from, on: p.inflow_on } : null,
    phone: phone(p.phone),
    guardian: p.guardian_name ? { name: p.guardian_name, relation: p.guardian_relation, phone: phone(p.guardian_phone) } : null,
    entryYear: p.entry_year,
    expectedGraduationYear: p.expected_graduation_year,
    designatedInstitutions: (p.designated_institutions as string[] | null) ?? [],
    pointsEligibility: points ? { appliedOn: points.appliedOn, approved: points.approved, decidedOn: points.decidedOn ?? null } : null,
    exemptions: exemptions.map((e) => ({
      id: e.id,
      categoryCode: e.category_code,
      categoryName: e.category_name,
      certifyingDepartment: e.certifying_department,
      certificateName: e.certificate_name,
      certificateNumber: e.certificate_number ? (reveal ? e.certificate_number : maskIdNumber(e.certificate_number)) : null,
      validFrom: e.valid_from,
      validTo: e.valid_to,
      source: e.source,
    })),
    photo: photo ? { mime: photo.mime, width: photo.width, height: photo.height, sizeBytes: photo.size_bytes, uploadedAt: photo.uploaded_at.toISOString() } : null,
    enrollsThroughUnit: p.enrolls_through_unit,
    notEnrolledReason: p.not_enrolled_reason,
    leaving: p.leaving_reason ? { reason: p.leaving_reason, reasonName: LEAVING_REASONS[p.leaving_reason], on: p.leaving_on } : null,
    needsPhotoForCard: !photo && p.card_status !== 'issued' && today !== null && photoFromAge !== null && ageOn(p.birth_date, today) >= photoFromAge,
    createdAt: p.created_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
  };
}

/**
 * The columns of the persons export (参保人员花名册), in words a clerk reads. Document and phone numbers are masked
 * exactly as the list masks them, for every role: full numbers only ever leave through the audited reveal.
 */
export const PERSON_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<PersonRow>> = [
  { header: '姓名', width: 12, value: (p) => p.name },
  {
    header: '证件类型',
    width: 24,
    value: (p) => `${DOCUMENT_TYPES[p.document_type as keyof typeof DOCUMENT_TYPES] ?? p.document_type}${p.is_temporary_number ? '（临时编号）' : ''}`,
  },
  { header: '证件号码', width: 22, value: (p) => presentPersonListItem(p).documentNumber },
  { header: '性别', width: 6, value: (p) => GENDER_NAMES[p.gender] },
  { header: '出生日期', width: 12, value: (p) => p.birth_date },
  { header: '民族', width: 8, value: (p) => p.ethnicity },
  { header: '户籍类型', width: 10, value: (p) => PERSON_HUKOU_NAMES[p.hukou_type] },
  { header: '户籍区县', width: 14, value: (p) => p.hukou_district_name },
  { header: '户籍街道（乡镇）', width: 20, value: (p) => p.hukou_street_name ?? p.hukou_street_division_name },
  { header: '代办单位', width: 30, value: (p) => p.unit_name },
  { header: '年级', width: 12, value: (p) => gradeName(p.grade_code) },
  { header: '班级', width: 10, value: (p) => p.class_name },
  { header: '学号', width: 20, value: (p) => p.student_number },
  { header: '入学年份', width: 10, value: (p) => p.entry_year },
  { header: '预计毕业年份', width: 13, value: (p) => p.expected_graduation_year },
  { header: '联系电话', width: 14, value: (p) => (p.phone ? maskPhone(p.phone) : null) },
  { header: '监护人', width: 10, value: (p) => p.guardian_name },
  { header: '监护人关系', width: 11, value: (p) => p.guardian_relation },
  { header: '监护人电话', width: 14, value: (p) => (p.guardian_phone ? maskPhone(p.guardian_phone) : null) },
  { header: '社保卡', width: 10, value: (p) => CARD_STATUS_NAMES[p.card_status] },
  { header: '状态', width: 8, value: (p) => PERSON_STATUS_NAMES[p.status] },
  { header: '减员原因', width: 20, value: (p) => p.stop_reason },
  { header: '减员日期', width: 12, value: (p) => p.stopped_on },
];

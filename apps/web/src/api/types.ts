/** Response shapes of the API (v1). Kept in one place until @canbao/domain exports them. */
import type { THukouType } from '@canbao/domain';

export type TPersonStatus = 'active' | 'stopped';
export type TCardStatus = 'unknown' | 'none' | 'in_production' | 'issued';

/** A person in a list: the document number (and phone, in the detail) are masked by the server. */
export interface TPersonListItem {
  id: string;
  name: string;
  documentType: string;
  documentTypeName: string;
  documentNumber: string;
  /** A newborn's temporary number (LS…), to be replaced by the real document later. */
  isTemporaryNumber: boolean;
  gender: 'male' | 'female';
  birthDate: string;
  unitId: string | null;
  unitName: string | null;
  gradeCode: string | null;
  className: string | null;
  studentNumber: string | null;
  hukouType: THukouType | (string & {});
  status: TPersonStatus;
  stopReason: string | null;
  cardStatus: TCardStatus | (string & {});
}

export interface TPersonExemption {
  id: string;
  categoryCode: string;
  categoryName: string;
  certifyingDepartment: string;
  certificateName: string | null;
  certificateNumber: string | null;
  validFrom: string;
  validTo: string | null;
  source: 'department_list' | 'document';
}

export interface TPersonDetail extends TPersonListItem {
  ethnicity: string | null;
  hukouDistrictCode: string | null;
  hukouDistrictName: string | null;
  hukouStreetCode: string | null;
  hukouStreetName: string | null;
  hukouAddress: string | null;
  hukouSpecialCase: string | null;
  residencePermitSince: string | null;
  phone: string | null;
  guardian: { name: string; relation: string | null; phone: string | null } | null;
  entryYear: number | null;
  expectedGraduationYear: number | null;
  designatedInstitutions: string[];
  pointsEligibility: { appliedOn: string; approved: boolean; decidedOn: string | null } | null;
  exemptions: TPersonExemption[];
  photo: { mime: string; width: number; height: number; sizeBytes: number; uploadedAt: string } | null;
  needsPhotoForCard: boolean;
  enrollsThroughUnit: boolean;
  notEnrolledReason: string | null;
  leaving: { reason: string; reasonName: string; on: string | null } | null;
  createdAt: string;
  updatedAt: string;
}

export interface TPersonTimeline {
  memberships: {
    unitId: string;
    unitName: string;
    startedOn: string;
    endedOn: string | null;
    endReason: string | null;
    endReasonName: string | null;
  }[];
  events: { action: string; at: string; actor: string | null }[];
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PageParams {
  page: number;
  pageSize: number;
}

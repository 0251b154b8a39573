import { policiesApi, type THukouSpecialCase, type THukouType, type TStopReason } from '@canbao/domain';
import { api, buildUrl, call } from '../../api/client';
import type { Paged, PageParams, TPersonDetail, TPersonListItem, TPersonTimeline } from '../../api/types';

export interface PersonListParams extends PageParams {
  /** A name, a full document number, a student number or a class. */
  q?: string;
  unitId?: string;
  gradeCode?: string;
  className?: string;
  status?: 'active' | 'stopped' | '';
}

/** The fields of POST /persons and PATCH /persons/:id; null clears an optional field. */
export interface PersonFieldsInput {
  name: string;
  gender?: 'male' | 'female';
  birthDate?: string;
  ethnicity?: string | null;
  hukouType: THukouType;
  hukouDistrictCode?: string | null;
  hukouStreetCode?: string | null;
  hukouAddress?: string | null;
  hukouSpecialCase?: THukouSpecialCase | null;
  residencePermitSince?: string | null;
  phone?: string | null;
  guardian?: { name: string; relation?: string | null; phone?: string | null } | null;
  gradeCode?: string | null;
  className?: string | null;
  studentNumber?: string | null;
  entryYear?: number | null;
  expectedGraduationYear?: number | null;
  designatedInstitutions?: string[];
  cardStatus?: 'unknown' | 'none' | 'in_production' | 'issued';
  /** 积分入医: applied on, approved or not, decided on. */
  pointsEligibility?: { appliedOn: string; approved: boolean; decidedOn?: string | null } | null;
}

export interface RegisterPersonInput extends PersonFieldsInput {
  documentType: string;
  documentNumber?: string;
  /** A newborn without an ID number yet: the server issues a temporary number. */
  temporaryNumber?: boolean;
  /** The agency registers into a chosen unit; a unit operator always into their own. */
  unitId?: string;
}

export interface ExemptionInput {
  categoryCode: string;
  certifyingDepartment: string;
  certificateName?: string | null;
  certificateNumber?: string | null;
  validFrom: string;
  validTo?: string | null;
  source: 'department_list' | 'document';
}

/** `details.holder` of the 409 a second registration of one document number gets. */
export interface PersonHolder {
  unitName: string | null;
  maskedName?: string;
  personId?: string;
  sameUnit?: boolean;
  canTransfer?: boolean;
}

const personPath = (id: string) => `/api/v1/persons/${encodeURIComponent(id)}`;

export function findPersons(params: PersonListParams, signal?: AbortSignal): Promise<Paged<TPersonListItem>> {
  return api.get<Paged<TPersonListItem>>('/api/v1/persons', { ...params }, signal);
}

/**
 * The xlsx export of the list under the same filters (numbers masked, audited). A plain link is enough: the
 * session cookie goes with it and a GET needs no CSRF token; the browser streams the file to disk.
 */
export function personsExportUrl(filters: Omit<PersonListParams, 'page' | 'pageSize'>): string {
  return buildUrl('/api/v1/persons/export', { ...filters });
}

export async function getPerson(id: string, signal?: AbortSignal): Promise<TPersonDetail> {
  const { person } = await api.get<{ person: TPersonDetail }>(personPath(id), undefined, signal);
  return person;
}

export function registerPerson(input: RegisterPersonInput): Promise<{ person: TPersonDetail; transferredIn: boolean }> {
  return api.post('/api/v1/persons', input);
}

export async function updatePerson(id: string, input: Partial<PersonFieldsInput>): Promise<TPersonDetail> {
  const { person } = await api.patch<{ person: TPersonDetail }>(personPath(id), input);
  return person;
}

/** The full document and phone numbers; the server writes an audit row for every reveal. */
export async function revealPerson(id: string): Promise<TPersonDetail> {
  const { person } = await api.post<{ person: TPersonDetail }>(`${personPath(id)}/reveal`, {});
  return person;
}

export function stopPerson(id: string, input: { reason: TStopReason; date?: string; note?: string }): Promise<void> {
  return api.post<void>(`${personPath(id)}/stop`, input);
}

export async function transferPerson(id: string, input: { unitId: string; date?: string }): Promise<TPersonDetail> {
  const { person } = await api.post<{ person: TPersonDetail }>(`${personPath(id)}/transfer`, input);
  return person;
}

export async function setRealDocument(id: string, input: { documentType: string; documentNumber: string }): Promise<TPersonDetail> {
  const { person } = await api.post<{ person: TPersonDetail }>(`${personPath(id)}/document`, input);
  return person;
}

export function getTimeline(id: string, signal?: AbortSignal): Promise<TPersonTimeline> {
  return api.get<TPersonTimeline>(`${personPath(id)}/timeline`, undefined, signal);
}

export async function addExemption(id: string, input: ExemptionInput): Promise<TPersonDetail> {
  const { person } = await api.post<{ person: TPersonDetail }>(`${personPath(id)}/exemptions`, input);
  return person;
}

export function removeExemption(id: string, exemptionId: string): Promise<void> {
  return api.delete<void>(`${personPath(id)}/exemptions/${encodeURIComponent(exemptionId)}`);
}

export const photoUrl = (id: string, version: string) => `${personPath(id)}/photo?v=${encodeURIComponent(version)}`;

export function uploadPhoto(id: string, file: File): Promise<unknown> {
  return api.putRaw(`${personPath(id)}/photo`, file, file.type);
}

export function deletePhoto(id: string): Promise<void> {
  return api.delete<void>(`${personPath(id)}/photo`);
}

/** Exemption categories of the region: the identities its policy profiles know, by code. */
export async function findExemptionCategories(regionCode: string, signal?: AbortSignal): Promise<{ code: string; name: string }[]> {
  const { items } = await call(policiesApi.list, {}, { signal });
  const byCode = new Map<string, string>();
  for (const p of items) if (p.regionCode === regionCode) for (const e of p.exemptions) byCode.set(e.code, e.name);
  return [...byCode].map(([code, name]) => ({ code, name }));
}

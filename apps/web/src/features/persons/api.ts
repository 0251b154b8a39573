import {
  personsApi,
  policiesApi,
  type CallInput,
  type TExemptionInput,
  type TPersonClasses,
  type TPersonStreets,
  type TPersonDetail,
  type TPersonFieldsInput,
  type TRealDocumentInput,
  type TRegisterPersonInput,
  type TStopPersonInput,
  type TTransferPersonInput,
} from '@canbao/domain';
import { call, uploadTo, urlOf } from '../../api/client';

/** The list's query: page, page size and filters (an empty filter is left out). */
export type PersonListParams = NonNullable<CallInput<typeof personsApi.list>['query']>;
export type PersonListFilters = NonNullable<CallInput<typeof personsApi.export>['query']>;
export type PersonFieldsInput = TPersonFieldsInput;
export type RegisterPersonInput = TRegisterPersonInput;
export type ExemptionInput = TExemptionInput;

export const findPersons = (query: PersonListParams, signal?: AbortSignal) => call(personsApi.list, { query }, { signal });

/**
 * The xlsx export of the list under the same filters (numbers masked, audited). A plain link is enough: the
 * session cookie goes with it and a GET needs no CSRF token; the browser streams the file to disk.
 */
export const personsExportUrl = (query: PersonListFilters) => urlOf(personsApi.export, { query });

export async function getPerson(id: string, signal?: AbortSignal): Promise<TPersonDetail> {
  return (await call(personsApi.get, { params: { id } }, { signal })).person;
}

export const registerPerson = (input: TRegisterPersonInput) => call(personsApi.register, { body: input });

export async function updatePerson(id: string, input: Partial<TPersonFieldsInput>): Promise<TPersonDetail> {
  return (await call(personsApi.update, { params: { id }, body: input })).person;
}

/** The full document and phone numbers; the server writes an audit row for every reveal. */
export async function revealPerson(id: string, reason: string): Promise<TPersonDetail> {
  return (await call(personsApi.reveal, { params: { id }, body: { reason } })).person;
}

export const stopPerson = (id: string, input: TStopPersonInput) => call(personsApi.stop, { params: { id }, body: input });

export async function transferPerson(id: string, input: TTransferPersonInput): Promise<TPersonDetail> {
  return (await call(personsApi.transfer, { params: { id }, body: input })).person;
}

export async function setRealDocument(id: string, input: TRealDocumentInput): Promise<TPersonDetail> {
  return (await call(personsApi.setDocument, { params: { id }, body: input })).person;
}

export const getTimeline = (id: string, signal?: AbortSignal) => call(personsApi.timeline, { params: { id } }, { signal });

export async function addExemption(id: string, input: TExemptionInput): Promise<TPersonDetail> {
  return (await call(personsApi.addExemption, { params: { id }, body: input })).person;
}

export const removeExemption = (id: string, exemptionId: string) => call(personsApi.removeExemption, { params: { id, exemptionId } });

/** The photo as an image link; `version` (its upload time) makes a new photo a new URL. */
export const photoUrl = (id: string, version: string) => `${urlOf(personsApi.photo, { params: { id } })}?v=${encodeURIComponent(version)}`;

export const uploadPhoto = (id: string, file: File) => uploadTo(personsApi.uploadPhoto, { id }, file, file.type);

export const deletePhoto = (id: string) => call(personsApi.deletePhoto, { params: { id } });

/** Exemption categories of the region: the identities its policy profiles know, by code. */
export async function findExemptionCategories(regionCode: string, signal?: AbortSignal): Promise<{ code: string; name: string }[]> {
  const { items } = await call(policiesApi.list, {}, { signal });
  const byCode = new Map<string, string>();
  for (const p of items) if (p.regionCode === regionCode) for (const e of p.exemptions) byCode.set(e.code, e.name);
  return [...byCode].map(([code, name]) => ({ code, name }));
}

/** The hukou streets of the persons on the roll (of the unit, or the agency's chosen unit), with head counts. */
export function findStreets(query: { unitId?: string }, signal?: AbortSignal): Promise<TPersonStreets> {
  return call(personsApi.streets, { query }, { signal });
}

/** The classes on the roll (of the unit, or the agency's chosen unit), by grade: what 整班申报 offers. */
export function findClasses(query: { unitId?: string; gradeCode?: string }, signal?: AbortSignal): Promise<TPersonClasses> {
  return call(personsApi.classes, { query }, { signal });
}

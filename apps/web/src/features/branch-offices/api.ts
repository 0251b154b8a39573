import { api } from '../../api/client';

/** An office of the agency where units and residents are served (经办机构网点, Guangzhou notice 附件). */
export interface TBranchOffice {
  id: string;
  name: string;
  districtCode: string | null;
  districtName: string | null;
  address: string;
  contactPerson: string | null;
  /** A public service number: not masked. */
  phone: string;
}

/** POST /branch-offices and PATCH /branch-offices/:id; null clears an optional field. */
export interface BranchOfficeInput {
  name: string;
  districtCode?: string | null;
  address: string;
  contactPerson?: string | null;
  phone: string;
}

const officePath = (id: string) => `/api/v1/branch-offices/${encodeURIComponent(id)}`;

export async function findBranchOffices(signal?: AbortSignal): Promise<TBranchOffice[]> {
  const { items } = await api.get<{ items: TBranchOffice[] }>('/api/v1/branch-offices', undefined, signal);
  return items;
}

export function createBranchOffice(input: BranchOfficeInput): Promise<TBranchOffice> {
  return api.post<TBranchOffice>('/api/v1/branch-offices', input);
}

export function updateBranchOffice(id: string, input: Partial<BranchOfficeInput>): Promise<TBranchOffice> {
  return api.patch<TBranchOffice>(officePath(id), input);
}

export function deleteBranchOffice(id: string): Promise<void> {
  return api.delete<void>(officePath(id));
}

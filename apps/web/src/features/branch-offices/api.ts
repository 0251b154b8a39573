import { branchOfficesApi, type TBranchOffice, type TBranchOfficeInput } from '@canbao/domain';
import { call } from '../../api/client';

export async function findBranchOffices(signal?: AbortSignal): Promise<TBranchOffice[]> {
  return (await call(branchOfficesApi.list, {}, { signal })).items;
}

export const createBranchOffice = (input: TBranchOfficeInput) => call(branchOfficesApi.create, { body: input });

export const updateBranchOffice = (id: string, input: Partial<TBranchOfficeInput>) => call(branchOfficesApi.update, { params: { id }, body: input });

export const deleteBranchOffice = (id: string) => call(branchOfficesApi.remove, { params: { id } });

import { householdsApi, type CallInput, type Paged, type TBatchResult, type THousehold, type THouseholdInput, type THouseholdListItem, type THouseholdMemberInput } from '@canbao/domain';
import { call } from '../../api/client';

type ListQuery = NonNullable<CallInput<typeof householdsApi.list>['query']>;

export const findHouseholds = (q: ListQuery, signal?: AbortSignal): Promise<Paged<THouseholdListItem>> => call(householdsApi.list, { query: q }, { signal });
export const getHousehold = (id: string, year: number | undefined, signal?: AbortSignal): Promise<THousehold> =>
  call(householdsApi.get, { params: { id }, query: year ? { year } : {} }, { signal });
export const createHousehold = (body: THouseholdInput): Promise<THousehold> => call(householdsApi.create, { body });
export const addHouseholdMember = (id: string, body: THouseholdMemberInput): Promise<THousehold> => call(householdsApi.addMember, { params: { id }, body });
export const removeHouseholdMember = (id: string, personId: string): Promise<THousehold> => call(householdsApi.removeMember, { params: { id, personId } });
export const declareHousehold = (id: string, year: number): Promise<TBatchResult> => call(householdsApi.declare, { params: { id }, body: { year } });

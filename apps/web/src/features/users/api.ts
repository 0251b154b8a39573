import { usersApi, type CallInput, type TUser, type TUserInput, type TUserUpdateInput } from '@canbao/domain';
import { call } from '../../api/client';

/** The list's query: page, page size and filters (an empty filter is left out). */
export type UserListParams = NonNullable<CallInput<typeof usersApi.list>['query']>;

export const findUsers = (query: UserListParams, signal?: AbortSignal) => call(usersApi.list, { query }, { signal });

/** Creates the account; the answer carries its initial password, shown once. */
export const createUser = (input: TUserInput) => call(usersApi.create, { body: input });

export async function updateUser(id: string, input: TUserUpdateInput): Promise<TUser> {
  return (await call(usersApi.update, { params: { id }, body: input })).user;
}

export const resetUserPassword = (id: string) => call(usersApi.resetPassword, { params: { id } });

import type { TRole } from '@canbao/domain';
import { api } from '../../api/client';
import type { Paged, PageParams, TUser } from '../../api/types';

export interface UserListParams extends PageParams {
  q?: string;
  role?: TRole | '';
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  role: TRole;
  unitId?: string;
}

export interface UpdateUserInput {
  displayName?: string;
  isDisabled?: boolean;
}

export function findUsers(params: UserListParams, signal?: AbortSignal): Promise<Paged<TUser>> {
  return api.get<Paged<TUser>>('/api/v1/users', { ...params }, signal);
}

export function createUser(input: CreateUserInput): Promise<{ user: TUser; initialPassword: string }> {
  return api.post('/api/v1/users', input);
}

export async function updateUser(id: string, input: UpdateUserInput): Promise<TUser> {
  const { user } = await api.patch<{ user: TUser }>(`/api/v1/users/${encodeURIComponent(id)}`, input);
  return user;
}

export function resetUserPassword(id: string): Promise<{ temporaryPassword: string }> {
  return api.post(`/api/v1/users/${encodeURIComponent(id)}/reset-password`);
}

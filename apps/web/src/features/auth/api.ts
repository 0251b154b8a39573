import { api, setCsrfToken } from '../../api/client';
import type { TUser } from '../../api/types';

export interface LoginInput {
  username: string;
  password: string;
}

export interface LoginResult {
  user: TUser;
  csrfToken: string;
  expiresAt: string;
}

/** GET /auth/me: the session as the server sees it. */
export interface TMe {
  user: TUser;
  csrfToken: string;
  /** Absolute end of the session. */
  expiresAt: string;
  /** End of the session if nothing happens before; moves with every request. */
  idleExpiresAt: string;
}

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

export async function login(input: LoginInput): Promise<LoginResult> {
  const result = await api.post<LoginResult>('/api/v1/auth/login', input);
  setCsrfToken(result.csrfToken);
  return result;
}

export async function logout(): Promise<void> {
  try {
    await api.post<void>('/api/v1/auth/logout');
  } finally {
    setCsrfToken(null);
  }
}

export async function fetchMe(signal?: AbortSignal): Promise<TMe> {
  const me = await api.get<TMe>('/api/v1/auth/me', undefined, signal);
  setCsrfToken(me.csrfToken);
  return me;
}

export function changePassword(input: ChangePasswordInput): Promise<void> {
  return api.post<void>('/api/v1/auth/password', input);
}

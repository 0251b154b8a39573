import { authApi, type TLogin, type TLoginInput, type TMe, type TPasswordChangeInput } from '@canbao/domain';
import { call, setCsrfToken } from '../../api/client';

export async function login(input: TLoginInput): Promise<TLogin> {
  const result = await call(authApi.login, { body: input });
  setCsrfToken(result.csrfToken);
  return result;
}

export async function logout(): Promise<void> {
  try {
    await call(authApi.logout);
  } finally {
    setCsrfToken(null);
  }
}

export async function fetchMe(signal?: AbortSignal): Promise<TMe> {
  const me = await call(authApi.me, {}, { signal });
  setCsrfToken(me.csrfToken);
  return me;
}

export async function changePassword(input: TPasswordChangeInput): Promise<void> {
  await call(authApi.changePassword, { body: input });
}

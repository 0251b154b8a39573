import type { TMe } from '@canbao/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { changePassword, login, logout } from '../api';

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (result) => {
      // Another account may have used this tab: nothing cached may survive a sign-in.
      queryClient.clear();
      // The login answer has no idleExpiresAt; /auth/me is fetched right after to fill it in.
      const me: TMe = { ...result, idleExpiresAt: result.expiresAt };
      queryClient.setQueryData(queryKeys.me, me);
      void queryClient.invalidateQueries({ queryKey: queryKeys.me });
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      // Signed out locally even if the server call failed. A full page load drops everything this
      // account had in memory (cache, CSRF token, form state) before the next one signs in.
      queryClient.clear();
      window.location.replace('/login');
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
    },
  });
}

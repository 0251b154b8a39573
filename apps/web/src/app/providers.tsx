import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { App as AntdApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState, type ReactNode } from 'react';
import { setSessionEventHandlers } from '../api/client';
import { queryKeys } from '../api/query-keys';
import { ChangeReasonHost } from '../components/change-reason-host';
import '../lib/datetime';
import { createQueryClient } from './query-client';
import { theme } from './theme';

/**
 * When an API call says the session is gone (401 SESSION_EXPIRED / UNAUTHENTICATED): drop every cached
 * answer of the old session and go to the login page, coming back to where the user was afterwards.
 * A full page load also drops the in-memory CSRF token and any half-filled form of the old session.
 */
function useSessionEvents(queryClient: QueryClient) {
  useEffect(() => {
    let redirecting = false;
    return setSessionEventHandlers({
      onSessionLost: () => {
        if (redirecting || window.location.pathname === '/login') return;
        redirecting = true;
        queryClient.clear();
        const next = window.location.pathname + window.location.search;
        const params = new URLSearchParams({ expired: '1', next });
        window.location.assign(`/login?${params.toString()}`);
      },
      // The password was reset while this tab was open: a fresh /auth/me makes RequireAuth show the password page.
      onPasswordChangeRequired: () => void queryClient.invalidateQueries({ queryKey: queryKeys.me }),
    });
  }, [queryClient]);
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  useSessionEvents(queryClient);

  return (
    <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntdApp>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
        <ChangeReasonHost />
      </AntdApp>
    </ConfigProvider>
  );
}

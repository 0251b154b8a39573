import type { TMe } from '@canbao/domain';
import { useQuery } from '@tanstack/react-query';
import { isApiError } from '../../../api/client';
import { queryKeys } from '../../../api/query-keys';
import { fetchMe } from '../api';

export interface MeState {
  /** The signed-in session, or null when the API says 401 (not signed in / expired). */
  me: TMe | null;
  isLoading: boolean;
  /** The session existed and lapsed (401 SESSION_EXPIRED), as opposed to never signed in. */
  isExpired: boolean;
  /** Any other failure (network, 5xx): the app cannot tell whether the user is signed in. */
  error: Error | null;
  refetch: () => void;
}

/** The current session. A 401 is an answer ("not signed in"), not an error. */
export function useMe(): MeState {
  const query = useQuery({
    queryKey: queryKeys.me,
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 60_000,
    refetchOnWindowFocus: true,
  });
  const isUnauthenticated = isApiError(query.error) && query.error.status === 401;
  return {
    // After a 401 TanStack keeps the last data; it must not count as signed in.
    me: isUnauthenticated ? null : (query.data ?? null),
    isLoading: query.isPending && query.fetchStatus !== 'idle',
    isExpired: isUnauthenticated && isApiError(query.error) && query.error.code === 'SESSION_EXPIRED',
    error: query.error && !isUnauthenticated ? query.error : null,
    refetch: () => void query.refetch(),
  };
}

/** The signed-in session inside RequireAuth, where it is known to exist. */
export function useSession(): TMe {
  const { me } = useMe();
  if (!me) throw new Error('useSession() used outside RequireAuth');
  return me;
}

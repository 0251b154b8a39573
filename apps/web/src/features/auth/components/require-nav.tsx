import type { ReactNode } from 'react';
import { canOpen, type NavKey } from '../../../app/navigation';
import { ForbiddenPage } from '../../errors/pages/forbidden-page';
import { useSession } from '../hooks/use-me';

/** Shows a page only to the roles whose menu has it (app/navigation.tsx); others get 403. */
export function RequireNav({ navKey, children }: { navKey: NavKey; children: ReactNode }) {
  const { user } = useSession();
  return canOpen(user.role, navKey) ? <>{children}</> : <ForbiddenPage />;
}

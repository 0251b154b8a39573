/**
 * All TanStack Query keys. Lists nest under their resource key so that one
 * `invalidateQueries({ queryKey: queryKeys.users.all })` refreshes every page and filter.
 */
import type { AuditLogFilters } from '../features/audit/api';
import type { UnitListParams } from '../features/units/api';
import type { UserListParams } from '../features/users/api';

export const queryKeys = {
  me: ['auth', 'me'] as const,
  units: {
    all: ['units'] as const,
    list: (params: UnitListParams) => ['units', 'list', params] as const,
    options: ['units', 'options'] as const,
    detail: (id: string) => ['units', 'detail', id] as const,
    coordinators: (id: string, withHistory: boolean) => ['units', 'coordinators', id, withHistory] as const,
  },
  divisions: {
    /** Children of a division; '' for the provinces. Reference data: never stale within a session. */
    children: (parentCode: string) => ['divisions', 'children', parentCode] as const,
    path: (code: string) => ['divisions', 'path', code] as const,
  },
  users: {
    all: ['users'] as const,
    list: (params: UserListParams) => ['users', 'list', params] as const,
  },
  auditLogs: {
    all: ['audit-logs'] as const,
    list: (params: AuditLogFilters) => ['audit-logs', 'list', params] as const,
  },
};

/**
 * All TanStack Query keys. Lists nest under their resource key so that one
 * `invalidateQueries({ queryKey: queryKeys.users.all })` refreshes every page and filter.
 */
import type { AuditLogFilters } from '../features/audit/api';
import type { ImportListParams, ImportRowParams } from '../features/imports/api';
import type { PersonListParams } from '../features/persons/api';
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
  /** The agency's branch directory (经办网点): one list per region, no filters. */
  branchOffices: {
    all: ['branch-offices'] as const,
    list: ['branch-offices', 'list'] as const,
  },
  persons: {
    all: ['persons'] as const,
    list: (params: PersonListParams) => ['persons', 'list', params] as const,
    detail: (id: string) => ['persons', 'detail', id] as const,
    timeline: (id: string) => ['persons', 'timeline', id] as const,
    /** Exemption categories of the region: the identities of its policy profiles. */
    exemptionCategories: (regionCode: string) => ['persons', 'exemption-categories', regionCode] as const,
  },
  users: {
    all: ['users'] as const,
    list: (params: UserListParams) => ['users', 'list', params] as const,
  },
  auditLogs: {
    all: ['audit-logs'] as const,
    list: (params: AuditLogFilters) => ['audit-logs', 'list', params] as const,
  },
  /** Bulk import jobs (批量导入): a job polls while it reads or commits. */
  imports: {
    all: ['imports'] as const,
    list: (params: ImportListParams) => ['imports', 'list', params] as const,
    detail: (id: string) => ['imports', 'detail', id] as const,
    rows: (id: string, params: ImportRowParams) => ['imports', 'rows', id, params] as const,
  },
  /** Policy profiles (参保政策): public reads, versioned edits by the agency. */
  profiles: {
    all: ['profiles'] as const,
    list: ['profiles', 'list'] as const,
    detail: (id: string) => ['profiles', 'detail', id] as const,
  },
};

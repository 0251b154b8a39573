import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { findAuditLogs, type AuditLogFilters } from '../api';

export function useAuditLogs(params: AuditLogFilters) {
  return useQuery({
    queryKey: queryKeys.auditLogs.list(params),
    queryFn: ({ signal }) => findAuditLogs(params, signal),
    placeholderData: keepPreviousData,
  });
}

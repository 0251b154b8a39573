import { api } from '../../api/client';
import type { Paged, PageParams, TAuditLog } from '../../api/types';

export interface AuditLogFilters extends PageParams {
  action?: string;
  entityType?: string;
  actor?: string;
  /** YYYY-MM-DD, inclusive, in the city's time zone. */
  from?: string;
  /** YYYY-MM-DD, inclusive, in the city's time zone. */
  to?: string;
}

export function findAuditLogs(params: AuditLogFilters, signal?: AbortSignal): Promise<Paged<TAuditLog>> {
  return api.get<Paged<TAuditLog>>('/api/v1/audit-logs', { ...params }, signal);
}

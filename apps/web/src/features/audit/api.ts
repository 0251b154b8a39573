import { auditApi, type CallInput } from '@canbao/domain';
import { call } from '../../api/client';

/** The audit log's query: page, page size and filters (`from`/`to`: YYYY-MM-DD, inclusive, in the city's time zone). */
export type AuditLogFilters = NonNullable<CallInput<typeof auditApi.list>['query']>;

export const findAuditLogs = (query: AuditLogFilters, signal?: AbortSignal) => call(auditApi.list, { query }, { signal });

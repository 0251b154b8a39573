import type { EndpointSpec } from './contract';

// Endpoints of this area move here from apps/server/src/modules as the contract grows (issue 12).
export const reconciliationApi = {} satisfies Record<string, EndpointSpec>;

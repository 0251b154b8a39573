import type { EndpointSpec } from './contract';
import { auditApi } from './audit';
import { auditSamplesApi } from './audit-samples';
import { authApi } from './auth';
import { branchOfficesApi } from './branch-offices';
import { cardDeductionApi } from './card-deduction';
import { cardsApi } from './cards';
import { chaseApi } from './chase';
import { closeApi } from './close';
import { declarationsApi } from './declarations';
import { divisionsApi } from './divisions';
import { handbooksApi } from './handbooks';
import { healthApi } from './health';
import { householdsApi } from './households';
import { importsApi } from './imports';
import { paymentsApi } from './payments';
import { personsApi } from './persons';
import { policiesApi } from './policies';
import { reconciliationApi } from './reconciliation';
import { rostersApi } from './rosters';
import { terminalsApi } from './terminals';
import { unitsApi } from './units';
import { usersApi } from './users';

export * from './contract';
export * from './errors';
export * from './audit';
export * from './audit-samples';
export * from './auth';
export * from './branch-offices';
export * from './card-deduction';
export * from './cards';
export * from './chase';
export * from './close';
export * from './declarations';
export * from './divisions';
export * from './handbooks';
export * from './health';
export * from './households';
export * from './imports';
export * from './payments';
export * from './persons';
export * from './policies';
export * from './reconciliation';
export * from './rosters';
export * from './terminals';
export * from './units';
export * from './users';

/** The whole contract by area: `API.units.list`, `API.payments.notify` … */
export const API = {
  audit: auditApi,
  auditSamples: auditSamplesApi,
  auth: authApi,
  branchOffices: branchOfficesApi,
  cardDeduction: cardDeductionApi,
  cards: cardsApi,
  chase: chaseApi,
  close: closeApi,
  declarations: declarationsApi,
  divisions: divisionsApi,
  handbooks: handbooksApi,
  health: healthApi,
  households: householdsApi,
  imports: importsApi,
  payments: paymentsApi,
  persons: personsApi,
  policies: policiesApi,
  reconciliation: reconciliationApi,
  rosters: rostersApi,
  terminals: terminalsApi,
  units: unitsApi,
  users: usersApi,
} as const satisfies Record<string, Record<string, EndpointSpec>>;

/** Every endpoint of the contract, for the route-coverage test and the docs. */
export const API_ENDPOINTS: readonly EndpointSpec[] = Object.values(API).flatMap((area) => Object.values(area as Record<string, EndpointSpec>));

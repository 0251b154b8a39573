import type { Selectable } from 'kysely';
import type { Timestamp } from './common';

/**
 * Failed-login counters per client address. Not regional data (an address may try any account), so it carries no
 * region code; in a distributed deployment it stays a local table on the coordinator.
 */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: Date | null;
}
export type LoginThrottle = Selectable<LoginThrottleTable>;

/** Counters of the public lookups per identity, region and notice (keyed hashes), in fixed windows. */
export interface LookupThrottleTable {
  key: string;
  hits: number;
  window_started_at: Timestamp;
}

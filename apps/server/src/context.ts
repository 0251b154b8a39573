import type { Transaction } from 'kysely';
import type { AppConfig } from './config';
import type { Database, Scope } from './db/database';
import type { DB } from './db/schema/index';

/** What the app is built from; tests pass their own database and config. */
export type AppDeps = {
  config: AppConfig;
  database: Database;
  /** Clock, injectable so expiry and lockout can be tested without waiting. */
  now?: () => Date;
};

/** Where a request came from, for the audit trail. */
export type RequestMeta = {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  /** The reason the caller gave for changing what is closed (header x-change-reason), as sent. */
  changeReason?: string | null;
  /**
   * Set by `assertYearWritable` once it let the agency change a closed year: the reason every audit row of the
   * request then keeps.
   */
  acceptedReason?: string | null;
};

/**
 * Everything a service needs for one scoped request: a transaction already restricted to the scope by row-level
 * security, the scope itself for the explicit filters, and the request's identity for audit rows.
 */
export type ServiceContext = {
  db: Transaction<DB>;
  scope: Scope;
  meta: RequestMeta;
  config: AppConfig;
  now: Date;
};

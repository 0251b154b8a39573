import type { Insertable, Selectable } from 'kysely';
import type { CreatedAt, Timestamp } from './common';

/** Server-side sessions, shared by every app instance. The id is an HMAC of the cookie token, never the token. */
export interface SessionTable {
  id: string;
  region_code: string;
  unit_id: string | null;
  user_id: string;
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}
export type Session = Selectable<SessionTable>;
export type NewSession = Insertable<SessionTable>;

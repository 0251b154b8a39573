import type { ColumnType, Insertable, Selectable } from 'kysely';
import type { CreatedAt, Json } from './common';

/** Append-only audit trail: the app role may insert and read, never update or delete (grants + trigger). */
export interface AuditLogTable {
  /** Time-ordered (db/row-ids.ts orderedId); the app gives it. */
  id: ColumnType<string, string | undefined, never>;
  region_code: string;
  unit_id: string | null;
  actor_user_id: string | null;
  actor_username: string | null;
  actor_role: string | null;
  at: CreatedAt;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: Json;
  after: Json;
  request_id: string | null;
  ip: string | null;
  /** Why the agency changed a closed year (the x-change-reason header the change was made with). */
  reason: ColumnType<string | null, string | null | undefined, never>;
}
export type AuditLog = Selectable<AuditLogTable>;
export type NewAuditLog = Insertable<AuditLogTable>;

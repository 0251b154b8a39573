import type { ColumnType, Generated } from 'kysely';

/** timestamptz: read as Date, written as Date or ISO string, defaulted by the database. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Uuid = Generated<string>;
/**
 * The unit holding the record's person now (`person.unit_id`): written by the database's trigger whatever is sent
 * (migration 20261204T1000), read by the row-level policy.
 */
export type HolderUnit = ColumnType<string | null, never, never>;
/** jsonb: any JSON on the way in, parsed JSON on the way out. */
export type Json = ColumnType<unknown, string | null, string | null>;

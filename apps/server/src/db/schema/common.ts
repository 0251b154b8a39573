import type { ColumnType, Generated } from 'kysely';

/** timestamptz: read as Date, written as Date or ISO string, defaulted by the database. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Uuid = Generated<string>;
/** jsonb: any JSON on the way in, parsed JSON on the way out. */
export type Json = ColumnType<unknown, string | null, string | null>;

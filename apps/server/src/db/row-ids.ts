import { randomBytes } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';

/**
 * Row ids the app gives itself, time-ordered (issue 18).
 *
 * A set-based `INSERT … SELECT` that leaves a row's id to a volatile default (`gen_random_uuid()`, an identity) is
 * not pushed down to the region's shard by Citus: the coordinator runs the SELECT and copies the rows into the shard
 * (COPY), which row-level security refuses for the app role on the worker. So every such statement names its ids
 * from constants and the source rows: `statementRowIds()` gives one statement a prefix of its own, and a row's id is
 * that prefix with the row's key (an import row's `seq`, an array's ordinality) — immutable SQL, the same on
 * PostgreSQL, PGlite and Citus.
 *
 * The ids are UUIDv7 (RFC 9562): the first 48 bits are milliseconds since 1970, then the version, then a
 * counter within the millisecond (12 bits, its "method 1"), then the variant; so they sort in the order one
 * process made them, and a statement's rows by their key — the audit trail keeps the order its rows were written in
 * (`ORDER BY at, id`). The rest is random (62 bits for a single id; 22 bits per statement, then the row's key in
 * 40 bits), which keeps the ids of two app instances apart.
 */
let lastMs = 0;
let counter = 0;

/** The first 16 hex digits: milliseconds, the version (7), the counter. */
function orderedPrefix(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else if (++counter > 0xfff) {
    lastMs += 1;
    counter = 0;
  }
  return lastMs.toString(16).padStart(12, '0') + '7' + counter.toString(16).padStart(3, '0');
}

/** The variant (binary 10) and `hexDigits` random hex digits after it. */
function variantAndRandom(hexDigits: number): string {
  const bytes = randomBytes(1 + Math.ceil(hexDigits / 2));
  return (8 | (bytes[0]! & 3)).toString(16) + bytes.subarray(1).toString('hex').slice(0, hexDigits);
}

function dashed(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** One new id (a row written with VALUES, a single-row statement). */
export function orderedId(): string {
  return dashed(orderedPrefix() + variantAndRandom(15));
}

/** The largest row key a statement's ids can hold (10 hex digits). */
export const MAX_ROW_KEY = 0xffffffffff;

/**
 * The ids of one statement's rows: `idOf(key)` is the SQL of the id of the row whose key (a non-negative integer,
 * unique in the statement, ≤ MAX_ROW_KEY) is `key`. Call once per statement (each call is a new prefix).
 */
export function statementRowIds(): { idOf(key: RawBuilder<unknown>): RawBuilder<string> } {
  const prefix = orderedPrefix() + variantAndRandom(5);
  return { idOf: (key) => sql<string>`(${prefix}::text || lpad(to_hex((${key})::bigint), 10, '0'))::uuid` };
}

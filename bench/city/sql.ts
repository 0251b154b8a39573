import { sql, type RawBuilder } from 'kysely';

/**
 * SQL fragments the set-based builders share (bench:pay, bench:chase, the city generator): GB 11643 check
 * characters and deterministic pseudo-random numbers, computed per row inside INSERT … SELECT statements.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/**
 * The GB 11643 check character (ISO 7064 MOD 11-2) of `body`, an SQL expression of the 17 first characters —
 * written out as one sum (no subquery per row), exactly as computeResidentIdCheckChar computes it. `body` is
 * repeated 17 times: pass a column, not an expression.
 */
export function residentIdCheckSql(body: string): RawBuilder<string> {
  const sum = ID_WEIGHTS.map((w, i) => `substr(${body}, ${i + 1}, 1)::int * ${w}`).join(' + ');
  return sql.raw(`substr('10X98765432', 1 + (${sum}) % 11, 1)`);
}

/**
 * A deterministic pseudo-random integer in [0, 2^31) of the integer SQL expression `k`, for one `salt` and seed:
 * PostgreSQL's own hashint8extended, the hash that hash partitioning relies on — stable across platforms and
 * versions by design (PostgreSQL 15 and PGlite's 17 give the same numbers), one call per value.
 */
export function hashSql(k: string, salt: number, seed: number): string {
  return `(hashint8extended((${k})::bigint, ${seed * 100003 + salt}) & 2147483647)`;
}

/** hashSql as a float8 in [0, 1). */
export function uniformSql(k: string, salt: number, seed: number): string {
  return `(${hashSql(k, salt, seed)}::float8 / 2147483648.0)`;
}

import { createHmac } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema/index';
import { AppError, AppErrorCode } from '../../errors';

/**
 * Limits of the public lookups beyond the per-address limit of their routes (issue 11): many addresses together
 * must not walk the ID numbers of a district, nor guess a child's name on a notice. Windows are fixed; counters live
 * in the database, so every app instance counts together. Keys are keyed hashes: no number is stored in clear.
 */
export const LOOKUP_LIMITS = {
  /** Lookups of one ID number (family status, receipts), whoever asks. */
  identity: { max: 10, windowMinutes: 60 },
  /** Lookups of numbers of one county (the first six digits), whoever asks: a district's families at the campaign's peak fit. */
  region: { max: 1000, windowMinutes: 10 },
  /** Wrong names on one payment notice (its QR code). */
  noticeName: { max: 10, windowMinutes: 60 },
} as const;

type Limit = { max: number; windowMinutes: number };

export type LookupGuard = {
  /** Counts a lookup of this ID number (already normalised); refuses with 429 past a limit. */
  identity(idNumber: string): Promise<void>;
  /** Counts a wrong name on a notice; refuses with 429 past the limit. */
  wrongName(token: string): Promise<void>;
  /** Refuses with 429 when a notice has had too many wrong names (checked before any name is compared). */
  assertNameAttemptsLeft(token: string): Promise<void>;
};

export function lookupGuard(db: Kysely<DB>, secret: string, now: () => Date, limits: { [K in keyof typeof LOOKUP_LIMITS]: Limit } = LOOKUP_LIMITS): LookupGuard {
  const key = (kind: string, value: string) => `${kind}:${createHmac('sha256', secret).update(`${kind}:${value}`).digest('base64url').slice(0, 32)}`;
  async function hit(k: string, limit: Limit, by = 1) {
    const at = now();
    const r = await sql<{ hits: number }>`
      INSERT INTO lookup_throttle (key, hits, window_started_at) VALUES (${k}, ${by}, ${at})
      ON CONFLICT (key) DO UPDATE SET
        hits = CASE WHEN lookup_throttle.window_started_at <= ${at}::timestamptz - make_interval(mins => ${limit.windowMinutes}) THEN ${by} ELSE lookup_throttle.hits + ${by} END,
        window_started_at = CASE WHEN lookup_throttle.window_started_at <= ${at}::timestamptz - make_interval(mins => ${limit.windowMinutes}) THEN ${at} ELSE lookup_throttle.window_started_at END
      RETURNING hits`.execute(db);
    return r.rows[0]!.hits;
  }
  const refuse = () => new AppError(AppErrorCode.RATE_LIMITED, { message: '查询过于频繁，请稍后再试' });
  return {
    async identity(idNumber) {
      const id = await hit(key('id', idNumber), limits.identity);
      const region = await hit(key('region', idNumber.slice(0, 6)), limits.region);
      if (id > limits.identity.max || region > limits.region.max) throw refuse();
    },
    async wrongName(token) {
      if ((await hit(key('notice', token), limits.noticeName)) > limits.noticeName.max) throw refuse();
    },
    async assertNameAttemptsLeft(token) {
      if ((await hit(key('notice', token), limits.noticeName, 0)) >= limits.noticeName.max) {
        throw new AppError(AppErrorCode.RATE_LIMITED, { message: '姓名核对错误次数过多，请 1 小时后再试，或联系学校（单位）' });
      }
    },
  };
}

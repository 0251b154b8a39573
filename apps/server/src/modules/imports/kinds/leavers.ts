import { LEAVER_COLUMNS, checkLeaverRow, type TLeaverKey } from '@canbao/domain';
import { sql } from 'kysely';
import type { ImportKind } from './kind';
import { markUnmatched, matchRegistered, refuseOtherNames } from './matching';


/**
 * 毕业生及离校学生名单 (Guangzhou 003): the student registry's leavers, imported by the agency for the region. A
 * matched person is marked as leaving (reason, date) and stays with the unit, which confirms at declaration time —
 * so a graduate is flagged and never charged by mistake. A person already stopped is unchanged; nobody registered
 * under the number is unmatched; a name that differs is an error.
 */
export const leaversKind: ImportKind<TLeaverKey> = {
  code: 'leavers',
  name: '毕业及离校学生名单',
  needsUnit: false,
  columns: LEAVER_COLUMNS,
  templateSheets: ['离校学生'],
  check(cells, _sheet, today) {
    return checkLeaverRow(cells, { today });
  },

  async validate(trx, jobId, region) {
    await matchRegistered(trx, jobId, region, 'unchanged');
    await refuseOtherNames(trx, jobId, region);
    // Compared in a sub-select: a text's cast to date is STABLE, which Citus refuses in an UPDATE with a column.
    await sql`
      WITH same AS (
        SELECT r.seq FROM import_row r JOIN person p ON p.region_code = ${region} AND p.region_code = r.region_code AND p.id = r.person_id
        WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.outcome = 'matched'
          AND p.leaving_reason IS NOT DISTINCT FROM r.payload->>'leaving_reason'
          AND p.leaving_on IS NOT DISTINCT FROM (r.payload->>'leaving_on')::date
      )
      UPDATE import_row r SET outcome = 'unchanged'
      FROM same s WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.seq = s.seq`.execute(trx);
    await markUnmatched(trx, jobId, region);
  },

  async commit(trx, job) {
    // The date read in a sub-select of its own: Citus refuses a STABLE cast of a column in an UPDATE's SET.
    const res = await sql<{ n: number }>`
      WITH l AS MATERIALIZED (
        SELECT r.person_id, r.payload->>'leaving_reason' AS reason, (r.payload->>'leaving_on')::date AS leaving_on
        FROM import_row r WHERE r.region_code = ${job.region_code} AND r.job_id = ${job.id} AND r.outcome = 'matched'
      ), upd AS (
        UPDATE person p SET leaving_reason = l.reason, leaving_on = l.leaving_on, updated_at = now()
        FROM l WHERE p.region_code = ${job.region_code} AND p.id = l.person_id
        RETURNING 1
      ) SELECT count(*)::int AS n FROM upd`.execute(trx);
    await sql`UPDATE import_row SET outcome = 'marked' WHERE region_code = ${job.region_code} AND job_id = ${job.id} AND outcome = 'matched'`.execute(trx);
    return { marked: res.rows[0]?.n ?? 0 };
  },

  auditActions: { marked: 'person.leaving_marked' },
};

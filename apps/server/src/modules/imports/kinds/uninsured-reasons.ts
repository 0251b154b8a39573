import {
  UNINSURED_REASON_COLUMNS,
  checkUninsuredReasonRow,
  uninsuredReasonOptions,
  type TPolicyProfile,
  type TReasonLists,
  type TUninsuredReasonKey,
} from '@canbao/domain';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema/index';
import { findRegionProfiles } from '../../declarations/declarations.repository';
import type { ImportKind } from './kind';
import { refuseOtherNames } from './matching';
import { rowError } from '../row-json';

/** Each year's reasons of the region, from its profiles (the built-in list for a year without one). */
async function reasonLists(trx: Transaction<DB>, regionCode: string): Promise<TReasonLists> {
  const byYear = new Map<number, ReturnType<typeof uninsuredReasonOptions>>();
  for (const row of await findRegionProfiles(trx, regionCode)) {
    const profile = row.body as TPolicyProfile;
    if (!profile.template && !byYear.has(row.insurance_year)) byYear.set(row.insurance_year, uninsuredReasonOptions(profile.uninsuredReasons));
  }
  const builtIn = uninsuredReasonOptions();
  return { forYear: (year) => byYear.get(year) ?? builtIn };
}


/**
 * 未参保原因 in bulk (issue 14, item 2): the class teachers' sheets imported by the school (or by the agency into a
 * school). A row is the unit's own active pupil, not yet paid for the year; recording again replaces the reason, as
 * one at a time does. Allowed in a closed year, like one at a time: the reasons are the follow-up after the windows.
 */
export const uninsuredReasonsKind: ImportKind<TUninsuredReasonKey> = {
  code: 'uninsured_reasons',
  name: '未参保原因',
  needsUnit: true,
  columns: UNINSURED_REASON_COLUMNS,
  templateSheets: ['未参保原因'],
  prepare: reasonLists,
  check(cells, _sheet, today, prepared) {
    return checkUninsuredReasonRow(cells, { today, reasons: prepared as TReasonLists });
  },

  async validate(trx, jobId, region) {
    // Only the unit's own pupils: a number held elsewhere, or by nobody, is an error of the sheet.
    await sql`
      UPDATE import_row r SET person_id = h.person_id, holder_unit_name = h.unit_name,
        outcome = CASE WHEN h.unit_id IS NOT DISTINCT FROM j.unit_id AND h.status = 'active' THEN 'matched' ELSE 'error' END,
        errors = CASE
          WHEN h.status <> 'active' THEN r.errors || ${rowError('documentNumber', '证件号码', '该人员已减员，不需登记未参保原因')}
          WHEN h.unit_id IS DISTINCT FROM j.unit_id THEN r.errors || ${rowError('documentNumber', '证件号码', '该证件号码不是本单位登记的人员')}
          ELSE r.errors END
      FROM canbao_import_holders(canbao_region(), ${jobId}) h, import_job j
      WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.seq = h.seq AND j.region_code = r.region_code AND j.id = r.job_id AND r.outcome IS NULL`.execute(trx);
    await sql`
      UPDATE import_row SET outcome = 'error', errors = errors || ${rowError('documentNumber', '证件号码', '本统筹区没有登记此证件号码的人员，请核对')}
      WHERE region_code = ${region} AND job_id = ${jobId} AND outcome IS NULL`.execute(trx);
    await refuseOtherNames(trx, jobId, region);
    // A pupil paid for the year is covered: no reason (the stage whoever declared, as the list reads it).
    const years = await sql<{ year: number; unit_id: string }>`
      SELECT DISTINCT (r.payload->>'year')::int AS year, j.unit_id FROM import_row r JOIN import_job j ON j.region_code = r.region_code AND j.id = r.job_id
      WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.outcome = 'matched'`.execute(trx);
    for (const { year, unit_id } of years.rows) {
      await sql`
        UPDATE import_row r SET outcome = 'error', errors = r.errors || ${rowError('year', '参保年度', `该人员 ${year} 年度已缴费，没有未参保原因`)}
        FROM canbao_roster_stages(canbao_region(), ${unit_id}::uuid, ${year}::int) s
        WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.outcome = 'matched' AND (r.payload->>'year')::int = ${year}
          AND s.person_id = r.person_id AND s.status = 'paid'`.execute(trx);
    }
    await sql`
      UPDATE import_row r SET outcome = 'unchanged'
      FROM uninsured_reason u
      WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.outcome = 'matched' AND u.region_code = r.region_code
        AND u.insurance_year = (r.payload->>'year')::int AND u.region_code = r.region_code AND u.person_id = r.person_id
        AND u.code = r.payload->>'code' AND u.note IS NOT DISTINCT FROM r.payload->>'note'`.execute(trx);
  },

  async commit(trx, job) {
    const res = await sql<{ n: number }>`
      WITH ins AS (
        INSERT INTO uninsured_reason (region_code, insurance_year, person_id, unit_id, code, note, recorded_by, recorded_at)
        SELECT r.region_code, (r.payload->>'year')::int, r.person_id, ${job.unit_id}::uuid, r.payload->>'code', r.payload->>'note',
               ${job.created_by_username}::text, now()
        FROM import_row r WHERE r.region_code = ${job.region_code} AND r.job_id = ${job.id} AND r.outcome = 'matched'
        ON CONFLICT (region_code, insurance_year, person_id) DO UPDATE SET code = excluded.code, note = excluded.note,
          unit_id = excluded.unit_id, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at
        RETURNING 1
      ) SELECT count(*)::int AS n FROM ins`.execute(trx);
    await sql`UPDATE import_row SET outcome = 'recorded' WHERE region_code = ${job.region_code} AND job_id = ${job.id} AND outcome = 'matched'`.execute(trx);
    return { recorded: res.rows[0]?.n ?? 0 };
  },

  auditActions: { recorded: 'uninsured_reason.recorded' },
};

import { EMPLOYEE_INSURED_COLUMNS, checkEmployeeInsuredRow, type TEmployeeInsuredKey } from '@canbao/domain';
import { sql } from 'kysely';
import type { ImportKind } from './kind';

/**
 * 职工医保参保人员名单 (issue 16, item 3), imported by the agency for the region: every row joins the list (a person
 * registered here or not yet), so declaring any of them for resident insurance is refused. A row already on the list
 * with the same name and date is unchanged; a registered person's timeline shows the listing.
 */
export const employeeInsuredKind: ImportKind<TEmployeeInsuredKey> = {
  code: 'employee_insured',
  name: '职工医保参保人员名单',
  needsUnit: false,
  columns: EMPLOYEE_INSURED_COLUMNS,
  templateSheets: ['职工医保参保人员'],
  check(cells, _sheet, today) {
    return checkEmployeeInsuredRow(cells, { today });
  },

  async validate(trx, jobId, region) {
    await sql`
      UPDATE import_row r SET person_id = h.person_id, holder_unit_name = h.unit_name
      FROM canbao_import_holders(canbao_region(), ${jobId}) h WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.seq = h.seq AND r.outcome IS NULL`.execute(trx);
    // Compared in a CTE of its own: the date cast is STABLE, which Citus refuses in an UPDATE's WHERE with a column.
    await sql`
      WITH same AS MATERIALIZED (
        SELECT r.seq FROM import_row r
        JOIN employee_insured e ON e.region_code = r.region_code AND e.document_type = r.document_type AND e.document_number = r.document_number
        WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.outcome IS NULL AND e.region_code = ${region}
          AND e.name = r.payload->>'name' AND e.since IS NOT DISTINCT FROM (r.payload->>'since')::date
      )
      UPDATE import_row r SET outcome = 'unchanged'
      FROM same s WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.seq = s.seq`.execute(trx);
    await sql`UPDATE import_row SET outcome = 'new' WHERE region_code = ${region} AND job_id = ${jobId} AND outcome IS NULL`.execute(trx);
  },

  async commit(trx, job) {
    // A plain INSERT … SELECT (counted by the rows it wrote), its time a parameter: on Citus it then runs whole on
    // the region's shard (inside a data-modifying CTE it would be planned apart on the coordinator).
    const res = await sql`
      INSERT INTO employee_insured (region_code, document_type, document_number, name, since, listed_at, listed_by)
      SELECT r.region_code, r.document_type, r.document_number, r.payload->>'name', (r.payload->>'since')::date, ${new Date()}::timestamptz, ${job.created_by_username}::text
      FROM import_row r WHERE r.region_code = ${job.region_code} AND r.job_id = ${job.id} AND r.outcome = 'new'
      ON CONFLICT (region_code, document_type, document_number) DO UPDATE SET name = excluded.name, since = excluded.since,
        listed_at = excluded.listed_at, listed_by = excluded.listed_by`.execute(trx);
    await sql`UPDATE import_row SET outcome = 'listed' WHERE region_code = ${job.region_code} AND job_id = ${job.id} AND outcome = 'new'`.execute(trx);
    return { listed: Number(res.numAffectedRows ?? 0n) };
  },

  auditActions: { listed: 'person.employee_insured_listed' },
};

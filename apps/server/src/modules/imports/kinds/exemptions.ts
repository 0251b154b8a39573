import { EXEMPTION_COLUMNS, checkExemptionRow, type TExemptionCategories, type TExemptionKey } from '@canbao/domain';
import { sql } from 'kysely';
import { statementRowIds } from '../../../db/row-ids';
import { findExemptionCategories } from '../../policies/policies.repository';
import type { ImportKind } from './kind';
import { markUnmatched, matchRegistered, refuseOtherNames } from './matching';


/**
 * 减免人员名单 (Suzhou 000 四.5, Nantong 004 三): identities certified by civil affairs, trade unions, the disabled
 * persons' federation. Imported by the agency for the whole region; each row is matched to a registered person by
 * document number. Rows naming nobody registered are listed as unmatched (not errors: the unit registers them
 * later); a name that differs from the register is an error; an identity already on record is unchanged.
 */
export const exemptionsKind: ImportKind<TExemptionKey> = {
  code: 'exemptions',
  name: '减免人员名单',
  needsUnit: false,
  columns: EXEMPTION_COLUMNS,
  templateSheets: ['减免人员'],

  prepare: (trx, regionCode) => findExemptionCategories(trx, regionCode),

  check(cells, _sheet, today, prepared) {
    return checkExemptionRow(cells, { today, categories: prepared as TExemptionCategories });
  },

  async validate(trx, jobId, region) {
    await matchRegistered(trx, jobId, region, 'matched');
    await refuseOtherNames(trx, jobId, region);
    // Compared in a sub-select: a text's cast to date is STABLE, which Citus refuses in an UPDATE with a column.
    await sql`
      WITH same AS (
        SELECT DISTINCT r.seq FROM import_row r
        JOIN person_exemption e ON e.region_code = ${region} AND e.region_code = r.region_code AND e.person_id = r.person_id
        WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.outcome = 'matched'
          AND e.category_code = r.payload->>'category_code' AND e.valid_from = (r.payload->>'valid_from')::date
          AND e.valid_to IS NOT DISTINCT FROM (r.payload->>'valid_to')::date
      )
      UPDATE import_row r SET outcome = 'unchanged'
      FROM same s WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.seq = s.seq`.execute(trx);
    await markUnmatched(trx, jobId, region);
  },

  async commit(trx, job) {
    // A plain INSERT … SELECT (its count from the driver): on Citus one in a data-modifying CTE is planned apart.
    const res = await sql`
        INSERT INTO person_exemption (id, region_code, person_id, category_code, category_name, certifying_department,
                                      certificate_name, certificate_number, valid_from, valid_to, source)
        SELECT ${statementRowIds().idOf(sql`r.seq`)}, r.region_code, r.person_id, r.payload->>'category_code', r.payload->>'category_name', r.payload->>'certifying_department',
               r.payload->>'certificate_name', r.payload->>'certificate_number', (r.payload->>'valid_from')::date,
               (r.payload->>'valid_to')::date, 'department_list'
        FROM import_row r WHERE r.region_code = ${job.region_code} AND r.job_id = ${job.id} AND r.outcome = 'matched'
`.execute(trx);
    await sql`UPDATE import_row SET outcome = 'added' WHERE region_code = ${job.region_code} AND job_id = ${job.id} AND outcome = 'matched'`.execute(trx);
    return { added: Number(res.numAffectedRows ?? 0) };
  },

  auditActions: { added: 'person.exemption_added' },
};

import { PREFILL_COLUMNS, checkPrefillRow, type TPrefillKey } from '@canbao/domain';
import { sql } from 'kysely';
import type { ImportKind } from './kind';
import { markUnmatched, matchRegistered, refuseOtherNames } from './matching';
import { rowChange } from '../row-json';

/** The fields the department's data may update, with the column each comes from. */
const FIELDS = [
  { field: 'grade_code', header: '年级' },
  { field: 'class_name', header: '班级' },
  { field: 'student_number', header: '学籍号' },
] as const;

/**
 * 教育部门在校学生信息预填 (Beijing 002): continuing students need no new registration; the education department's
 * roster is matched by document number and what differs (grade, class, student number) is shown per row before
 * the agency commits, which takes the department's values. Unit differences are shown as a note, never applied:
 * moving a pupil between units is a transfer. Unregistered numbers are listed as unmatched.
 */
export const prefillKind: ImportKind<TPrefillKey> = {
  code: 'prefill',
  name: '教育部门在校学生信息',
  needsUnit: false,
  columns: PREFILL_COLUMNS,
  templateSheets: ['在校学生'],
  check(cells, _sheet, today) {
    return checkPrefillRow(cells, { today });
  },

  async validate(trx, jobId, region) {
    await matchRegistered(trx, jobId, region, null);
    await refuseOtherNames(trx, jobId, region);
    // The differences, field by field; an empty cell is "the department does not say", never a change.
    const diffs = FIELDS.map(
      (f) => sql`CASE WHEN r.payload->>${sql.lit(f.field)} IS NOT NULL AND r.payload->>${sql.lit(f.field)} IS DISTINCT FROM p.${sql.ref(f.field)}
        THEN ${rowChange(f.field, f.header, sql`p.${sql.ref(f.field)}`, sql`r.payload->>${sql.lit(f.field)}`)}
        ELSE '[]'::jsonb END`,
    );
    await sql`
      UPDATE import_row r SET changes = ${sql.join(diffs, sql` || `)} ||
        CASE WHEN r.payload->>'school_name' IS NOT NULL AND r.payload->>'school_name' IS DISTINCT FROM r.holder_unit_name
          THEN ${rowChange('unit', '学校', sql`r.holder_unit_name`, sql`r.payload->>'school_name'`)}
          ELSE '[]'::jsonb END
      FROM person p WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.outcome = 'matched' AND p.region_code = r.region_code AND p.id = r.person_id`.execute(trx);
    await sql`
      UPDATE import_row SET outcome = CASE WHEN EXISTS (SELECT 1 FROM jsonb_array_elements(changes) c WHERE c->>'field' <> 'unit') THEN 'changed' ELSE 'unchanged' END
      WHERE region_code = ${region} AND job_id = ${jobId} AND outcome = 'matched'`.execute(trx);
    await markUnmatched(trx, jobId, region);
  },

  async commit(trx, job) {
    const set = FIELDS.map((f) => sql`${sql.ref(f.field)} = coalesce(r.payload->>${sql.lit(f.field)}, p.${sql.ref(f.field)})`);
    const res = await sql<{ n: number }>`
      WITH upd AS (
        UPDATE person p SET ${sql.join(set)}, updated_at = now()
        FROM import_row r WHERE r.region_code = ${job.region_code} AND r.job_id = ${job.id} AND r.outcome = 'changed' AND p.region_code = r.region_code AND p.id = r.person_id
        RETURNING 1
      ) SELECT count(*)::int AS n FROM upd`.execute(trx);
    await sql`UPDATE import_row SET outcome = 'updated' WHERE region_code = ${job.region_code} AND job_id = ${job.id} AND outcome = 'changed'`.execute(trx);
    return { updated: res.rows[0]?.n ?? 0 };
  },

  auditActions: { updated: 'person.updated' },
};

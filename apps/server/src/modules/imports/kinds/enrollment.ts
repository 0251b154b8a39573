import { ENROLLMENT_COLUMNS, ENROLLMENT_SHEETS, checkEnrollmentRow, type TEnrollmentKey } from '@canbao/domain';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema/index';
import type { ImportJob } from '../../../db/schema/import-job';
import { statementRowIds } from '../../../db/row-ids';
import { trace } from '../trace';
import type { ImportKind } from './kind';
import { rowError } from '../row-json';

/**
 * Person columns an enrollment row fills; an empty cell never clears a value already on record. The same list is
 * written by canbao_import_create_persons (migrations 20261126T1200, 20261203T1400): a column added here goes there too.
 */
/** The person columns an enrollment row writes (and the preview compares with the register). */
export const PERSON_COLUMNS = [
  'name',
  'gender',
  'birth_date',
  'ethnicity',
  'hukou_type',
  'hukou_district_code',
  'hukou_street_code',
  'hukou_address',
  'residence_permit_since',
  'grade_code',
  'class_name',
  'student_number',
  'entry_year',
  'expected_graduation_year',
  'phone',
  'guardian_name',
  'guardian_relation',
  'guardian_phone',
  'enrolls_through_unit',
  'not_enrolled_reason',
] as const;

const header = (key: TEnrollmentKey) => ENROLLMENT_COLUMNS.find((c) => c.key === key)!.header;

/**
 * 批量参保登记 (Nanchong 001): new pupils with their school placement, the insured and uninsured lists on their own
 * sheets. Matching is by document number across the whole region: a pupil another unit holds is an error naming
 * that unit, one this unit holds is updated where the file says something new, one nobody holds (stopped) is taken
 * over, everybody else is registered.
 */
export const enrollmentKind: ImportKind<TEnrollmentKey> = {
  code: 'enrollment',
  name: '批量参保登记',
  needsUnit: true,
  columns: ENROLLMENT_COLUMNS,
  templateSheets: [ENROLLMENT_SHEETS.enrolled, ENROLLMENT_SHEETS.notEnrolled],
  templateOmit: { [ENROLLMENT_SHEETS.enrolled]: ['notEnrolledReason'] },
  // Most rows of a file are new pupils: staged as such, validate() rewrites only the others.
  stagedOutcome: 'new',
  check(cells, sheet, today) {
    return checkEnrollmentRow(cells, { today, enrollsThroughUnit: sheet !== ENROLLMENT_SHEETS.notEnrolled });
  },

  async validate(trx, jobId, region) {
    // Divisions named by a row must exist (the street under its district).
    await sql`
      UPDATE import_row r SET outcome = 'error', errors = r.errors || ${rowError('hukouDivisionCode', header('hukouDivisionCode'),
        sql`'户籍所在地代码 ' || coalesce(r.payload->>'hukou_street_code', r.payload->>'hukou_district_code') || ' 不存在'`)}
      WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.outcome = 'new' AND r.payload->>'hukou_district_code' IS NOT NULL AND (
        NOT EXISTS (SELECT 1 FROM division d WHERE d.code = r.payload->>'hukou_district_code' AND d.level = 'district')
        OR (r.payload->>'hukou_street_code' IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM division d WHERE d.code = r.payload->>'hukou_street_code' AND d.level = 'street'
            AND d.parent_code = r.payload->>'hukou_district_code')))`.execute(trx);

    // Where each document is held in the region: by another unit (error), by this one (update), by nobody (take over).
    await sql`
      UPDATE import_row r SET
        person_id = h.person_id,
        holder_unit_name = h.unit_name,
        outcome = CASE WHEN h.status = 'stopped' THEN 'transfer_in' WHEN h.unit_id = j.unit_id THEN 'existing' ELSE 'error' END,
        errors = CASE WHEN h.status <> 'stopped' AND h.unit_id IS DISTINCT FROM j.unit_id THEN r.errors || ${rowError('documentNumber', header('documentNumber'),
          sql`'已在“' || coalesce(h.unit_name, '其他单位') || '”登记，同一人在本统筹区只能登记一次；如已转学，请原单位办理减员或联系经办机构转移'`)}
          ELSE r.errors END
      FROM canbao_import_holders(canbao_region(), ${jobId}) h, import_job j
      WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.seq = h.seq AND j.region_code = r.region_code AND j.id = r.job_id AND r.outcome = 'new'`.execute(trx);

    // A row this unit already holds: unchanged when every non-empty cell equals what is on record.
    // (Compared in a sub-select: to_jsonb is STABLE, which Citus refuses in an UPDATE's SET with a column.)
    await sql`
      WITH compared AS (
        SELECT r.seq, jsonb_strip_nulls(r.payload) <@ to_jsonb(p) AS same
        FROM import_row r JOIN person p ON p.region_code = r.region_code AND p.id = r.person_id
        WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.outcome = 'existing'
      )
      UPDATE import_row r SET outcome = CASE WHEN c.same THEN 'unchanged' ELSE 'changed' END
      FROM compared c
      WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.seq = c.seq`.execute(trx);
    // Every other row stays 'new', as staged.
  },

  async commit(trx, job, today, onCitus) {
    const jobId = job.id;
    const set = PERSON_COLUMNS.map((c) => sql`${sql.ref(c)} = coalesce(x.${sql.ref(c)}, p.${sql.ref(c)})`);

    // New persons with their memberships and their rows marked 'created'. A number registered by someone else
    // since validation is skipped, not lost: its row stays 'new' and becomes a conflict below.
    const created = onCitus ? await createPersonsOnCitus(trx, job, today) : await sql<{ n: number }>`
      SELECT canbao_import_create_persons(${job.region_code}, ${jobId}::uuid, ${today}::date) AS n`.execute(trx);

    trace('  insert persons');
    // Stopped persons named by the file are taken over (definer function: they are outside the unit's sight) —
    // only when the file names one. The call stands alone, so that on Citus it is delegated to the region's worker
    // over the transaction's own connection (db/distribution.ts); inside a statement it would run on the
    // coordinator as its owner, which Citus refuses after the writes above. The rows it claimed are then marked
    // and given their memberships by the scope's own statements.
    const takesOver = await sql<{ any: boolean }>`
      SELECT EXISTS (SELECT 1 FROM import_row WHERE region_code = ${job.region_code} AND job_id = ${jobId} AND outcome = 'transfer_in') AS any`.execute(trx);
    if (takesOver.rows[0]?.any) {
      const claimed = await sql<{ seq: number }>`SELECT seq FROM canbao_import_claim_stopped(${job.region_code}, ${jobId}::uuid)`.execute(trx);
      const seqs = claimed.rows.map((c) => c.seq);
      await sql`
        UPDATE import_row SET outcome = 'transferred_in'
        WHERE region_code = ${job.region_code} AND job_id = ${jobId} AND outcome = 'transfer_in' AND seq = ANY(${seqs}::int[])`.execute(trx);
      await sql`
        INSERT INTO person_membership (id, region_code, person_id, unit_id, started_on)
        SELECT ${statementRowIds().idOf(sql`r.seq`)}, r.region_code, r.person_id, ${job.unit_id}::uuid, ${today}::date
        FROM import_row r
        WHERE r.region_code = ${job.region_code} AND r.job_id = ${jobId} AND r.outcome = 'transferred_in'`.execute(trx);
    }

    trace('  claim');
    // Persons this unit holds (or just took over) get what the file adds.
    await sql`
      UPDATE person p SET ${sql.join(set)}, updated_at = now()
      FROM import_row r CROSS JOIN LATERAL jsonb_populate_record(NULL::person, r.payload) x
      WHERE r.region_code = ${job.region_code} AND r.job_id = ${jobId} AND r.outcome IN ('changed', 'transferred_in') AND p.region_code = r.region_code AND p.id = r.person_id`.execute(trx);

    trace('  update');
    await sql`
      UPDATE import_row SET outcome = 'conflict', errors = errors || ${rowError('documentNumber', header('documentNumber'), '核对之后该证件号码已被其他单位登记，本行未导入')}
      WHERE region_code = ${job.region_code} AND job_id = ${jobId} AND outcome IN ('new', 'transfer_in')`.execute(trx);

    trace('  conflicts');
    return { created: created.rows[0]?.n ?? 0 };
  },

  auditActions: { created: 'person.registered', transferred_in: 'person.transferred_in', changed: 'person.updated' },
};

/**
 * canbao_import_create_persons on a Citus coordinator (migration 20261126T1200 on PostgreSQL and PGlite, one
 * statement of a definer function for this job only): there a definer call after the commit's first write is
 * refused, and an INSERT … SELECT in a data-modifying CTE is planned apart on the coordinator. So three statements
 * of the scope's own (row-level security lets a unit register its own pupils), each person's id made of its row's
 * key (db/row-ids.ts), so that each runs on the region's shard as the unit's role. Measured on PostgreSQL in
 * one bench:import pair (100,000 rows): about 2.5 s more than the function's one statement, which is why
 * PostgreSQL keeps it.
 */
async function createPersonsOnCitus(trx: Transaction<DB>, job: ImportJob, today: string) {
  if (!job.unit_id) throw new Error(`enrollment job ${job.id} has no unit`);
  const personIds = statementRowIds();
  await sql`
    INSERT INTO person (id, region_code, unit_id, document_type, document_number, ${sql.join(PERSON_COLUMNS.map((c) => sql.ref(c)))})
    SELECT ${personIds.idOf(sql`r.seq`)}, r.region_code, ${job.unit_id}::uuid, r.document_type, r.document_number,
           ${sql.join(PERSON_COLUMNS.map((c) => (c === 'enrolls_through_unit' ? sql`coalesce(x.enrolls_through_unit, true)` : sql`x.${sql.ref(c)}`)))}
    FROM import_row r CROSS JOIN LATERAL jsonb_populate_record(NULL::person, r.payload) x
    WHERE r.region_code = ${job.region_code} AND r.job_id = ${job.id} AND r.outcome = 'new'
    ON CONFLICT (region_code, document_type, document_number) DO NOTHING`.execute(trx);
  const created = await sql<{ n: number }>`
    WITH upd AS (
      UPDATE import_row r SET person_id = p.id, outcome = 'created'
      FROM person p
      WHERE r.region_code = ${job.region_code} AND r.job_id = ${job.id} AND r.outcome = 'new'
        AND p.region_code = ${job.region_code} AND p.id = ${personIds.idOf(sql`r.seq`)}
      RETURNING 1
    ) SELECT count(*)::int AS n FROM upd`.execute(trx);
  await sql`
    INSERT INTO person_membership (id, region_code, person_id, unit_id, started_on, holder_unit_id)
    SELECT ${statementRowIds().idOf(sql`r.seq`)}, r.region_code, r.person_id, ${job.unit_id}::uuid, ${today}::date, ${job.unit_id}::uuid
    FROM import_row r
    WHERE r.region_code = ${job.region_code} AND r.job_id = ${job.id} AND r.outcome = 'created'`.execute(trx);
  return created;
}

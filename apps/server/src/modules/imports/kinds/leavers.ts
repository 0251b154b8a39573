import { LEAVER_COLUMNS, checkLeaverRow, type TLeaverKey } from '@canbao/domain';
import { sql } from 'kysely';
import type { ImportKind } from './kind';

const header = (key: TLeaverKey) => LEAVER_COLUMNS.find((c) => c.key === key)!.header;

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

  async validate(trx, jobId) {
    await sql`
      UPDATE import_row r SET person_id = h.person_id, holder_unit_name = h.unit_name,
        outcome = CASE WHEN h.status = 'stopped' THEN 'unchanged' ELSE 'matched' END
      FROM canbao_import_holders(${jobId}) h
      WHERE r.job_id = ${jobId} AND r.seq = h.seq AND r.outcome IS NULL`.execute(trx);
    await sql`
      UPDATE import_row r SET outcome = 'error', errors = r.errors || jsonb_build_array(jsonb_build_object(
        'key', 'name', 'col', NULL, 'header', ${header('name')}::text,
        'message', '姓名与登记的“' || p.name || '”不一致，请核对证件号码'))
      FROM person p WHERE r.job_id = ${jobId} AND r.outcome = 'matched' AND p.id = r.person_id AND p.name <> r.payload->>'name'`.execute(trx);
    await sql`
      UPDATE import_row r SET outcome = 'unchanged'
      FROM person p WHERE r.job_id = ${jobId} AND r.outcome = 'matched' AND p.id = r.person_id
        AND p.leaving_reason IS NOT DISTINCT FROM r.payload->>'leaving_reason'
        AND p.leaving_on IS NOT DISTINCT FROM (r.payload->>'leaving_on')::date`.execute(trx);
    await sql`UPDATE import_row SET outcome = 'unmatched' WHERE job_id = ${jobId} AND outcome IS NULL`.execute(trx);
  },

  async commit(trx, job) {
    const res = await sql<{ n: number }>`
      WITH upd AS (
        UPDATE person p SET leaving_reason = r.payload->>'leaving_reason', leaving_on = (r.payload->>'leaving_on')::date, updated_at = now()
        FROM import_row r WHERE r.job_id = ${job.id} AND r.outcome = 'matched' AND p.id = r.person_id
        RETURNING 1
      ) SELECT count(*)::int AS n FROM upd`.execute(trx);
    await sql`UPDATE import_row SET outcome = 'marked' WHERE job_id = ${job.id} AND outcome = 'matched'`.execute(trx);
    return { marked: res.rows[0]?.n ?? 0 };
  },

  auditActions: { marked: 'person.leaving_marked' },
};

import { EXEMPTION_COLUMNS, checkExemptionRow, type TExemptionKey, type TPolicyProfile } from '@canbao/domain';
import { sql } from 'kysely';
import type { ImportKind } from './kind';

const header = (key: TExemptionKey) => EXEMPTION_COLUMNS.find((c) => c.key === key)!.header;

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

  async prepare(trx, regionCode) {
    const rows = await trx.selectFrom('policy_profile').select('body').where('region_code', '=', regionCode).execute();
    const categories = new Map<string, string>();
    for (const r of rows) for (const i of (r.body as TPolicyProfile).identities) categories.set(i.code, i.name);
    return categories;
  },

  check(cells, _sheet, today, prepared) {
    return checkExemptionRow(cells, { today, categories: prepared as Map<string, string> });
  },

  async validate(trx, jobId) {
    await sql`
      UPDATE import_row r SET person_id = h.person_id, holder_unit_name = h.unit_name, outcome = 'matched'
      FROM canbao_import_holders(${jobId}) h
      WHERE r.job_id = ${jobId} AND r.seq = h.seq AND r.outcome IS NULL`.execute(trx);
    await sql`
      UPDATE import_row r SET outcome = 'error', errors = r.errors || jsonb_build_array(jsonb_build_object(
        'key', 'name', 'col', NULL, 'header', ${header('name')}::text,
        'message', '姓名与登记的“' || p.name || '”不一致，请核对证件号码'))
      FROM person p WHERE r.job_id = ${jobId} AND r.outcome = 'matched' AND p.id = r.person_id AND p.name <> r.payload->>'name'`.execute(trx);
    await sql`
      UPDATE import_row r SET outcome = 'unchanged'
      FROM person_exemption e
      WHERE r.job_id = ${jobId} AND r.outcome = 'matched' AND e.person_id = r.person_id
        AND e.category_code = r.payload->>'category_code' AND e.valid_from = (r.payload->>'valid_from')::date
        AND e.valid_to IS NOT DISTINCT FROM (r.payload->>'valid_to')::date`.execute(trx);
    await sql`UPDATE import_row SET outcome = 'unmatched' WHERE job_id = ${jobId} AND outcome IS NULL`.execute(trx);
  },

  async commit(trx, job) {
    const res = await sql<{ n: number }>`
      WITH ins AS (
        INSERT INTO person_exemption (region_code, person_id, category_code, category_name, certifying_department,
                                      certificate_name, certificate_number, valid_from, valid_to, source)
        SELECT r.region_code, r.person_id, r.payload->>'category_code', r.payload->>'category_name', r.payload->>'certifying_department',
               r.payload->>'certificate_name', r.payload->>'certificate_number', (r.payload->>'valid_from')::date,
               (r.payload->>'valid_to')::date, 'department_list'
        FROM import_row r WHERE r.job_id = ${job.id} AND r.outcome = 'matched'
        RETURNING 1
      ) SELECT count(*)::int AS n FROM ins`.execute(trx);
    await sql`UPDATE import_row SET outcome = 'added' WHERE job_id = ${job.id} AND outcome = 'matched'`.execute(trx);
    return { added: res.rows[0]?.n ?? 0 };
  },

  auditActions: { added: 'person.exemption_added' },
};

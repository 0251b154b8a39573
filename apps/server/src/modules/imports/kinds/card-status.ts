import { CARD_STATUS_COLUMNS, checkCardStatusRow, type TCardStatusKey } from '@canbao/domain';
import { sql } from 'kysely';
import type { ImportKind } from './kind';
import { markUnmatched, matchRegistered, refuseOtherNames } from './matching';

/**
 * 制卡状态 from the card centre (issue 15, item 6), imported by the agency for the region. A matched person's card
 * status becomes the centre's; a card newly made (已制卡 for someone who had none) is recorded as waiting for the
 * unit to collect it. The same status as on record is unchanged; a number nobody registered is unmatched.
 */
export const cardStatusKind: ImportKind<TCardStatusKey> = {
  code: 'card_status',
  name: '制卡状态',
  needsUnit: false,
  columns: CARD_STATUS_COLUMNS,
  templateSheets: ['制卡状态'],
  check(cells, _sheet, today) {
    return checkCardStatusRow(cells, { today });
  },

  async validate(trx, jobId, region) {
    await matchRegistered(trx, jobId, region, 'unchanged');
    await refuseOtherNames(trx, jobId, region);
    await sql`
      UPDATE import_row r SET outcome = 'unchanged'
      FROM person p WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.outcome = 'matched' AND p.region_code = r.region_code AND p.id = r.person_id
        AND p.card_status = r.payload->>'card_status'`.execute(trx);
    await markUnmatched(trx, jobId, region);
  },

  async commit(trx, job, today) {
    // A card newly made: recorded before the status moves, while the person's old status still says "none".
    const made = await sql<{ n: number }>`
      WITH ins AS (
        INSERT INTO social_card (region_code, person_id, unit_id, made_on)
        SELECT p.region_code, p.id, p.unit_id, ${today}::date
        FROM import_row r JOIN person p ON p.region_code = r.region_code AND p.id = r.person_id
        WHERE r.region_code = ${job.region_code} AND r.job_id = ${job.id} AND r.outcome = 'matched' AND r.payload->>'card_status' = 'issued' AND p.card_status <> 'issued'
        ON CONFLICT (region_code, person_id) DO NOTHING
        RETURNING 1
      ) SELECT count(*)::int AS n FROM ins`.execute(trx);
    const res = await sql<{ n: number }>`
      WITH upd AS (
        UPDATE person p SET card_status = r.payload->>'card_status', updated_at = now()
        FROM import_row r WHERE r.region_code = ${job.region_code} AND r.job_id = ${job.id} AND r.outcome = 'matched' AND p.region_code = r.region_code AND p.id = r.person_id
        RETURNING 1
      ) SELECT count(*)::int AS n FROM upd`.execute(trx);
    await sql`UPDATE import_row SET outcome = 'updated' WHERE region_code = ${job.region_code} AND job_id = ${job.id} AND outcome = 'matched'`.execute(trx);
    return { updated: res.rows[0]?.n ?? 0, made: made.rows[0]?.n ?? 0 };
  },

  auditActions: { updated: 'person.card_status_imported' },
};

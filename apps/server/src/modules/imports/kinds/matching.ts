import { sql, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema/index';
import { rowError } from '../row-json';

/**
 * The steps shared by the kinds that match a department's list to registered persons (exemptions, leavers,
 * education prefill): find who holds each document in the region, refuse a row whose name is not the registered
 * one, and call what is left unmatched.
 */

/**
 * Rows whose document a person of the region holds become 'matched' (with the person). A stopped person counts as
 * `stopped`: matched as well, unchanged (nothing to do), or — null — not matched at all.
 */
export async function matchRegistered(trx: Transaction<DB>, jobId: string, region: string, stopped: 'matched' | 'unchanged' | null) {
  await sql`
    UPDATE import_row r SET person_id = h.person_id, holder_unit_name = h.unit_name,
      outcome = CASE WHEN h.status = 'stopped' THEN ${stopped ?? 'matched'}::text ELSE 'matched' END
    FROM canbao_import_holders(canbao_region(), ${jobId}) h
    WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.seq = h.seq AND r.outcome IS NULL AND (h.status <> 'stopped' OR ${stopped !== null})`.execute(trx);
}

/** A matched row whose name differs from the register is an error: the number is probably mistyped. */
export async function refuseOtherNames(trx: Transaction<DB>, jobId: string, region: string) {
  await sql`
    UPDATE import_row r SET outcome = 'error', errors = r.errors || ${rowError('name', '姓名', sql`'姓名与登记的“' || p.name || '”不一致，请核对证件号码'`)}
    FROM person p WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.outcome = 'matched' AND p.region_code = r.region_code AND p.id = r.person_id AND p.name <> r.payload->>'name'`.execute(trx);
}

/** Rows nobody registered under: listed, not errors (the unit registers them later). */
export async function markUnmatched(trx: Transaction<DB>, jobId: string, region: string) {
  await sql`UPDATE import_row SET outcome = 'unmatched' WHERE region_code = ${region} AND job_id = ${jobId} AND outcome IS NULL`.execute(trx);
}

import { createHash } from 'node:crypto';
import { PHOTO_LIMITS, validateDocument, type TImportColumn } from '@canbao/domain';
import { sql } from 'kysely';
import { inspectPhoto } from '../../persons/person-photo';
import type { ImportKind } from './kind';
import { rowError } from '../row-json';

const COLUMNS = [
  { key: 'fileName', header: '文件名', required: true, note: '照片文件名为证件号码，如 320508201805090247.jpg', example: '320508201805090247.jpg' },
] as const satisfies readonly TImportColumn[];

/**
 * 制卡照片 (Suzhou 000 四.8: children of 7 and over without a card need one): a zip of JPEG/PNG files named by
 * the ID number. Each file is checked like a single upload (content, ≤ 1 MB, ≥ 260×320, portrait) and matched to a
 * registered person; the agency may send photos for the whole region, a unit for its own pupils. A file identical
 * to the photo on record is unchanged.
 */
export const photosKind: ImportKind<'fileName'> = {
  code: 'photos',
  name: '制卡照片',
  needsUnit: false,
  unitsMay: true,
  source: 'files',
  columns: COLUMNS,
  templateSheets: ['照片'],
  check() {
    throw new Error('photos are read from a zip, not a sheet');
  },
  checkFile(fileName, bytes, today) {
    const fail = (message: string) => ({ payload: null, errors: [{ key: 'fileName' as const, message }], documentType: null, documentNumber: null });
    const base = fileName.replace(/\.(jpe?g|png)$/i, '');
    if (base === fileName) return fail('照片须为 .jpg、.jpeg 或 .png 文件');
    const doc = validateDocument('01', base, { today });
    if (!doc.ok) return fail(`文件名应为证件号码：${doc.message}`);
    if (!bytes) return fail(`照片不能超过 ${PHOTO_LIMITS.maxBytes / 1024 / 1024} MB`);
    try {
      const meta = inspectPhoto(bytes);
      return {
        // The file's name stays with its row, so the lists of a job can name the file.
        payload: { ...meta, file_name: fileName, size_bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
        errors: [],
        documentType: '01',
        documentNumber: doc.normalized,
      };
    } catch (e) {
      return fail(e instanceof Error ? e.message : '照片无法识别');
    }
  },

  async validate(trx, jobId, region) {
    // A unit's job sees only its own pupils; the agency's, everybody registered in the region.
    await sql`
      UPDATE import_row r SET person_id = h.person_id, holder_unit_name = h.unit_name,
        outcome = CASE WHEN j.unit_id IS NULL OR h.unit_id = j.unit_id THEN 'matched' ELSE 'error' END,
        errors = CASE WHEN j.unit_id IS NULL OR h.unit_id = j.unit_id THEN r.errors ELSE r.errors || ${rowError('fileName', '文件名', '该证件号码不是本单位登记的人员', 0)} END
      FROM canbao_import_holders(canbao_region(), ${jobId}) h, import_job j
      WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.seq = h.seq AND j.region_code = r.region_code AND j.id = r.job_id AND r.outcome IS NULL`.execute(trx);
    await sql`
      UPDATE import_row r SET outcome = 'unchanged'
      FROM person_photo ph WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.outcome = 'matched' AND ph.region_code = r.region_code AND ph.person_id = r.person_id AND ph.sha256 = r.payload->>'sha256'`.execute(trx);
    await sql`UPDATE import_row SET outcome = 'unmatched' WHERE region_code = ${region} AND job_id = ${jobId} AND outcome IS NULL`.execute(trx);
  },

  async commit(trx, job) {
    // A plain INSERT … SELECT (its count from the driver): on Citus one in a data-modifying CTE is planned apart.
    const res = await sql`
        INSERT INTO person_photo (person_id, region_code, mime, width, height, size_bytes, sha256, content, uploaded_by)
        SELECT r.person_id, r.region_code, r.payload->>'mime', (r.payload->>'width')::int, (r.payload->>'height')::int,
               (r.payload->>'size_bytes')::int, r.payload->>'sha256', r.blob, ${job.created_by}::uuid
        FROM import_row r WHERE r.region_code = ${job.region_code} AND r.job_id = ${job.id} AND r.outcome = 'matched' AND r.blob IS NOT NULL
        ON CONFLICT (region_code, person_id) DO UPDATE SET mime = excluded.mime, width = excluded.width, height = excluded.height,
          size_bytes = excluded.size_bytes, sha256 = excluded.sha256, content = excluded.content,
          uploaded_by = excluded.uploaded_by, uploaded_at = ${new Date().toISOString()}::timestamptz
`.execute(trx);
    await sql`UPDATE import_row SET outcome = 'saved' WHERE region_code = ${job.region_code} AND job_id = ${job.id} AND outcome = 'matched'`.execute(trx);
    return { saved: Number(res.numAffectedRows ?? 0) };
  },

  auditActions: { saved: 'person.photo_uploaded' },
};

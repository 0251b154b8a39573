import { createHash } from 'node:crypto';
import { SIGN_OFF_METHODS, SIGN_OFF_SCAN_MAX_BYTES, type TSignOff, type TSignOffInput } from '@canbao/domain';
import { imageSize } from 'image-size';
import { sql } from 'kysely';
import type { ServiceContext } from '../../context';
import type { UnpaidSignOffTable } from '../../db/schema/close';
import { AppError, AppErrorCode } from '../../errors';
import { shanghaiToday } from '../../time';
import { audit } from '../audit/audit.service';

/**
 * 告知签收 (Nantong 004 八.4): a person not covered for the year — not declared, or declared and not paid — was told
 * of the transition period and when to pay, and someone signed. One per person and year; recorded again it is
 * replaced, the audit row keeping what it was. Not refused in a closed year: telling the unpaid is what the notice
 * asks for after the window. The scan of the signed sheet is checked by its bytes (JPEG, PNG or a PDF without
 * scripts), never by the type the browser declared.
 */

type SignOffRow = Pick<
  UnpaidSignOffTable,
  'person_id' | 'insurance_year' | 'method' | 'signed_by' | 'relation' | 'note' | 'scan_mime' | 'scan_size' | 'recorded_by'
> & { told_on: string; scan_uploaded_at: Date | null; recorded_at: Date };

const COLUMNS = [
  'person_id',
  'insurance_year',
  'told_on',
  'method',
  'signed_by',
  'relation',
  'note',
  'scan_mime',
  'scan_size',
  'scan_uploaded_at',
  'recorded_by',
  'recorded_at',
] as const;

function present(r: SignOffRow): TSignOff {
  return {
    personId: r.person_id,
    year: r.insurance_year,
    toldOn: r.told_on,
    method: r.method,
    methodName: SIGN_OFF_METHODS[r.method],
    signedBy: r.signed_by,
    relation: r.relation,
    note: r.note,
    scan: r.scan_mime ? { mime: r.scan_mime, sizeBytes: r.scan_size!, uploadedAt: r.scan_uploaded_at!.toISOString() } : null,
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at.toISOString(),
  };
}

/** The person as the caller may see them: a unit only its own, active. */
async function personInScope(ctx: ServiceContext, personId: string) {
  const person = await ctx.db
    .selectFrom('person')
    .select(['id', 'name', 'status', 'unit_id'])
    .where('id', '=', personId)
    .where('region_code', '=', ctx.scope.regionCode)
    .$if(ctx.scope.unitId !== null, (q) => q.where('unit_id', '=', ctx.scope.unitId))
    .executeTakeFirst();
  if (!person) throw new AppError(AppErrorCode.NOT_FOUND, { message: '人员不存在' });
  return person;
}

function findSignOff(ctx: ServiceContext, personId: string, year: number) {
  return ctx.db
    .selectFrom('unpaid_sign_off')
    .select(COLUMNS)
    .where('region_code', '=', ctx.scope.regionCode)
    .where('insurance_year', '=', year)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

export async function getSignOff(ctx: ServiceContext, personId: string, year: number): Promise<TSignOff> {
  await personInScope(ctx, personId);
  const row = await findSignOff(ctx, personId, year);
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, { message: `尚未登记 ${year} 年度的告知签收` });
  return present(row);
}

export async function recordSignOff(ctx: ServiceContext, personId: string, input: TSignOffInput): Promise<TSignOff> {
  const person = await personInScope(ctx, personId);
  if (person.status !== 'active' || !person.unit_id) throw new AppError(AppErrorCode.CONFLICT, { message: `${person.name} 已减员，不需登记告知签收` });
  const today = shanghaiToday(ctx.now);
  if (input.toldOn > today) {
    throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: '告知日期不能晚于今天', details: [{ path: 'toldOn', message: '告知日期不能晚于今天' }] });
  }
  const stage = await sql<{ status: string }>`SELECT status FROM canbao_roster_stages(${ctx.scope.regionCode}, ${person.unit_id}::uuid, ${input.year}::int) WHERE person_id = ${personId}::uuid`.execute(ctx.db);
  if (stage.rows[0]?.status === 'paid') throw new AppError(AppErrorCode.CONFLICT, { message: `${person.name} 的 ${input.year} 年度已缴费，不需告知签收` });
  const before = await findSignOff(ctx, personId, input.year);
  const values = {
    told_on: input.toldOn,
    method: input.method,
    signed_by: input.signedBy.trim(),
    relation: input.relation?.trim() || null,
    note: input.note?.trim() || null,
    unit_id: person.unit_id,
    recorded_by: ctx.scope.username,
    recorded_at: ctx.now,
  };
  const row = await ctx.db
    .insertInto('unpaid_sign_off')
    .values({ region_code: ctx.scope.regionCode, insurance_year: input.year, person_id: personId, ...values })
    .onConflict((oc) => oc.columns(['region_code', 'insurance_year', 'person_id']).doUpdateSet(values))
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  const summary = (r: SignOffRow) => ({ toldOn: r.told_on, method: r.method, signedBy: r.signed_by, relation: r.relation, note: r.note });
  await audit(ctx, {
    action: 'sign_off.recorded',
    entityType: 'unpaid_sign_off',
    entityId: personId,
    unitId: person.unit_id,
    before: before ? summary(before) : null,
    after: { year: input.year, ...summary(row) },
  });
  return present(row);
}

const invalidScan = (message: string) => new AppError(AppErrorCode.VALIDATION_FAILED, { message, details: [{ path: 'scan', message }] });

/** Reads what the bytes are: a JPEG or PNG that decodes to a size, or a whole PDF that carries no script or attachment. */
export function inspectScan(bytes: Buffer): 'image/jpeg' | 'image/png' | 'application/pdf' {
  if (bytes.length === 0) throw invalidScan('请上传签收单扫描件');
  if (bytes.length > SIGN_OFF_SCAN_MAX_BYTES) throw invalidScan(`扫描件不能超过 5 MB（当前 ${(bytes.length / 1024 / 1024).toFixed(1)} MB）`);
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const isPng = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (isJpeg || isPng) {
    let size: { width?: number; height?: number };
    try {
      size = imageSize(bytes);
    } catch {
      throw invalidScan('扫描件图片已损坏，无法读取');
    }
    if (!size.width || !size.height || size.width < 200 || size.height < 200) throw invalidScan('扫描件图片过小，请拍清楚整张签收单');
    return isJpeg ? 'image/jpeg' : 'image/png';
  }
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    const tail = bytes.subarray(Math.max(0, bytes.length - 2048)).toString('latin1');
    if (!tail.includes('%%EOF')) throw invalidScan('PDF 文件不完整，请重新导出后上传');
    const text = bytes.toString('latin1');
    if (/\/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b/.test(text)) throw invalidScan('PDF 含有脚本或附件，请改为扫描或打印成图片后上传');
    return 'application/pdf';
  }
  throw invalidScan('扫描件须为 JPEG、PNG 图片或 PDF 文件');
}

export async function uploadSignOffScan(ctx: ServiceContext, personId: string, year: number, body: unknown): Promise<TSignOff> {
  const person = await personInScope(ctx, personId);
  if (!Buffer.isBuffer(body)) throw invalidScan('请以 JPEG、PNG 或 PDF 文件上传扫描件');
  const mime = inspectScan(body);
  const before = await findSignOff(ctx, personId, year);
  if (!before) throw new AppError(AppErrorCode.CONFLICT, { message: '请先登记告知签收，再上传签收单扫描件' });
  const sha256 = createHash('sha256').update(body).digest('hex');
  const row = await ctx.db
    .updateTable('unpaid_sign_off')
    .set({ scan: body, scan_mime: mime, scan_size: body.length, scan_sha256: sha256, scan_uploaded_at: ctx.now })
    .where('region_code', '=', ctx.scope.regionCode)
    .where('insurance_year', '=', year)
    .where('person_id', '=', personId)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  await audit(ctx, {
    action: 'sign_off.scan_uploaded',
    entityType: 'unpaid_sign_off',
    entityId: personId,
    unitId: person.unit_id,
    before: before.scan_mime ? { mime: before.scan_mime, sizeBytes: before.scan_size } : null,
    after: { year, mime, sizeBytes: body.length, sha256 },
  });
  return present(row);
}

export async function getSignOffScan(ctx: ServiceContext, personId: string, year: number) {
  await personInScope(ctx, personId);
  const row = await ctx.db
    .selectFrom('unpaid_sign_off')
    .select(['scan', 'scan_mime', 'scan_sha256'])
    .where('region_code', '=', ctx.scope.regionCode)
    .where('insurance_year', '=', year)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  if (!row?.scan || !row.scan_mime) throw new AppError(AppErrorCode.NOT_FOUND, { message: '尚未上传签收单扫描件' });
  return { mime: row.scan_mime, content: Buffer.from(row.scan), etag: row.scan_sha256! };
}

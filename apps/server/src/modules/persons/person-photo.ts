import { createHash } from 'node:crypto';
import { PHOTO_LIMITS } from '@canbao/domain';
import { imageSize } from 'image-size';
import type { ServiceContext } from '../../context';
import { AppError, AppErrorCode } from '../../errors';
import { audit } from '../audit/audit.service';
import { getPersonInScope } from './persons.repository';

const invalid = (message: string) => new AppError(AppErrorCode.VALIDATION_FAILED, { message, details: [{ path: 'photo', message }] });

/** Checks the bytes themselves (not the declared type): format, size, pixel dimensions. */
export function inspectPhoto(bytes: Buffer): { mime: 'image/jpeg' | 'image/png'; width: number; height: number } {
  if (bytes.length === 0) throw invalid('请上传照片文件');
  if (bytes.length > PHOTO_LIMITS.maxBytes) throw invalid(`照片不能超过 1 MB（当前 ${(bytes.length / 1024 / 1024).toFixed(1)} MB）`);
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const isPng = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (!isJpeg && !isPng) throw invalid('照片须为 JPEG 或 PNG 格式');
  let dims: { width?: number; height?: number };
  try {
    dims = imageSize(bytes);
  } catch {
    throw invalid('照片文件已损坏，无法读取尺寸');
  }
  const { width = 0, height = 0 } = dims;
  if (width < PHOTO_LIMITS.minWidth || height < PHOTO_LIMITS.minHeight) {
    throw invalid(`照片尺寸过小（${width}×${height}），至少 ${PHOTO_LIMITS.minWidth}×${PHOTO_LIMITS.minHeight} 像素`);
  }
  if (width > PHOTO_LIMITS.maxWidth || height > PHOTO_LIMITS.maxHeight) {
    throw invalid(`照片尺寸过大（${width}×${height}），最大 ${PHOTO_LIMITS.maxWidth}×${PHOTO_LIMITS.maxHeight} 像素`);
  }
  if (width > height) throw invalid('照片应为竖幅证件照（宽不大于高）');
  return { mime: isJpeg ? 'image/jpeg' : 'image/png', width, height };
}

async function requirePerson(ctx: ServiceContext, id: string) {
  const p = await getPersonInScope(ctx.db, ctx.scope, id);
  if (!p) throw new AppError(AppErrorCode.NOT_FOUND, { message: '人员不存在' });
  return p;
}

export async function savePhoto(ctx: ServiceContext, personId: string, body: unknown) {
  const person = await requirePerson(ctx, personId);
  if (!Buffer.isBuffer(body)) throw invalid('请以 image/jpeg 或 image/png 上传照片');
  const meta = inspectPhoto(body);
  const row = {
    person_id: personId,
    region_code: ctx.scope.regionCode,
    ...meta,
    size_bytes: body.length,
    sha256: createHash('sha256').update(body).digest('hex'),
    content: body,
    uploaded_by: ctx.scope.userId,
  };
  await ctx.db
    .insertInto('person_photo')
    .values(row)
    // The key stays as it is: Citus refuses an update that sets the distribution column, even to its own value.
    .onConflict((oc) => oc.columns(['region_code', 'person_id']).doUpdateSet({ ...meta, size_bytes: row.size_bytes, sha256: row.sha256, content: body, uploaded_by: row.uploaded_by, uploaded_at: ctx.now }))
    .execute();
  const result = { mime: meta.mime, width: meta.width, height: meta.height, sizeBytes: body.length, uploadedAt: ctx.now.toISOString() };
  await audit(ctx, { action: 'person.photo_uploaded', entityType: 'person', entityId: personId, unitId: person.unit_id, after: { ...result, sha256: row.sha256 } });
  return result;
}

export async function getPhoto(ctx: ServiceContext, personId: string) {
  await requirePerson(ctx, personId);
  const photo = await ctx.db.selectFrom('person_photo').select(['mime', 'content', 'sha256']).where('region_code', '=', ctx.scope.regionCode).where('person_id', '=', personId).executeTakeFirst();
  if (!photo) throw new AppError(AppErrorCode.NOT_FOUND, { message: '尚未上传照片' });
  return { mime: photo.mime, content: Buffer.from(photo.content), etag: photo.sha256 };
}

export async function deletePhoto(ctx: ServiceContext, personId: string) {
  const person = await requirePerson(ctx, personId);
  const row = await ctx.db.deleteFrom('person_photo').where('region_code', '=', ctx.scope.regionCode).where('person_id', '=', personId).returning('sha256').executeTakeFirst();
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, { message: '尚未上传照片' });
  await audit(ctx, { action: 'person.photo_deleted', entityType: 'person', entityId: personId, unitId: person.unit_id, before: { sha256: row.sha256 } });
}

export function findPhotoMeta(ctx: ServiceContext, personId: string) {
  return ctx.db
    .selectFrom('person_photo')
    .select(['mime', 'width', 'height', 'size_bytes', 'uploaded_at'])
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

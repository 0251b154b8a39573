import type { Readable } from 'node:stream';
import { IMPORT_UPLOAD_TYPES, importsApi } from '@canbao/domain';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../context';
import { inScope } from '../../db/database';
import { AppError, AppErrorCode } from '../../errors';
import { serve } from '../../http';
import {
  assertJobAccess,
  cancelJob,
  createJob,
  findJobs,
  findRows,
  getJob,
  importKind,
  receiveFile,
  rereadJob,
  presentJob,
  startCommit,
} from './imports.service';
import { formatOf } from './sheet-reader';
import { buildTemplate, streamErrorReport } from './workbooks';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const importsRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const now = deps.now ?? (() => new Date());
  const runner = (request: FastifyRequest) => ({
    log: request.log,
    database: deps.database,
    config: deps.config,
    scope: request.requireAuth().scope,
    meta: { requestId: request.id, ip: request.ip ?? null, userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null },
    now,
  });

  // The file arrives as the raw body and is read as it streams in: never buffered whole, never written to disk.
  app.addContentTypeParser([...IMPORT_UPLOAD_TYPES], (_request, payload, done) => done(null, payload));

  serve(app, importsApi.template, async (request, reply) => {
    const kind = importKind(request.params.kind);
    const file = await buildTemplate(kind);
    return reply
      .type(XLSX)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${kind.name}模板.xlsx`)}`)
      .send(file);
  });

  serve(app, importsApi.list, (request) => request.scoped((ctx) => findJobs(ctx, request.query)));

  serve(app, importsApi.create, async (request) => {
    const job = await request.scoped((ctx) => createJob(ctx, request.body));
    return { job: presentJob(job, now()) };
  });

  serve(app, importsApi.upload, async (request) => {
    const body = request.body as Readable | undefined;
    const isStream = !!body && typeof body.pipe === 'function';
    const r = runner(request);
    // Existence and the right to act on it first (row-level security: another unit's job is not found; a kind
    // the role may not run is forbidden), then the file.
    const job = await inScope(deps.database.db, r.scope, (trx) =>
      trx.selectFrom('import_job').select(['file_name', 'region_code', 'unit_id', 'kind']).where('id', '=', request.params.id).executeTakeFirst(),
    );
    try {
      assertJobAccess(r.scope, job);
    } catch (e) {
      if (isStream) body.resume();
      throw e;
    }
    const format = formatOf(job.file_name, request.headers['content-type']);
    if (!isStream || !format) {
      if (isStream) body.resume();
      const message = !isStream ? '请上传 xlsx、csv 或 zip 文件' : '只支持 .xlsx、.csv 和（照片）.zip 文件；.xls 请在 Excel 中另存为 .xlsx';
      throw new AppError(AppErrorCode.VALIDATION_FAILED, { message, details: [{ path: 'file', message }] });
    }
    return { job: presentJob(await receiveFile(r, request.params.id, body, format), now()) };
  });

  serve(app, importsApi.reread, async (request) => ({ job: presentJob(await rereadJob(runner(request), request.params.id), now()) }));

  serve(app, importsApi.get, (request) => request.scoped(async (ctx) => ({ job: await getJob(ctx, request.params.id) })));

  serve(app, importsApi.rows, (request) => request.scoped((ctx) => findRows(ctx, request.params.id, request.query)));

  serve(app, importsApi.commit, async (request) => {
    const job = await startCommit(runner(request), request.params.id, request.body.allowErrors);
    return { job: presentJob(job, now()) };
  });

  serve(app, importsApi.cancel, (request) => request.scoped((ctx) => cancelJob(ctx, request.params.id)));

  serve(app, importsApi.errorReport, async (request, reply) => {
    const r = runner(request);
    // The transaction stays open while the report streams from the staging table.
    await inScope(deps.database.db, r.scope, async (trx) => {
      const job = await trx.selectFrom('import_job').selectAll().where('id', '=', request.params.id).executeTakeFirst();
      assertJobAccess(r.scope, job);
      const { stream, done } = streamErrorReport(trx, job, request.query.all === 'true');
      const base = job.file_name.replace(/\.(xlsx|csv)$/i, '');
      void reply
        .type(XLSX)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${base}-错误报告.xlsx`)}`)
        .send(stream);
      await done;
    });
    return reply;
  });
};

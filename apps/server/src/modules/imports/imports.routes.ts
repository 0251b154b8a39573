import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../context';
import { inScope } from '../../db/database';
import { AppError, AppErrorCode } from '../../errors';
import { ZIdParams, ZPageQuery, ZPaged, errorResponses } from '../../http';
import {
  IMPORT_KIND_CODES,
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

const ZJob = z.object({
  id: z.uuid(),
  kind: z.string(),
  kindName: z.string(),
  unitId: z.uuid().nullable(),
  status: z.enum(['created', 'reading', 'validated', 'committing', 'committed', 'failed', 'cancelled']),
  phase: z.string().nullable(),
  fileName: z.string(),
  fileFormat: z.string().nullable(),
  fileEncoding: z.string().nullable(),
  fileBytes: z.number().nullable(),
  rowsTotal: z.number().int().nullable(),
  rowsDone: z.number().int(),
  rowsPerSec: z.number().nullable(),
  secondsLeft: z.number().nullable(),
  counts: z.record(z.string(), z.number()),
  allowErrors: z.boolean(),
  message: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

const ZKind = z.enum(IMPORT_KIND_CODES, { message: '不支持的导入类型' });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UPLOAD_TYPES = [XLSX, 'text/csv', 'application/csv', 'application/vnd.ms-excel', 'application/zip', 'application/x-zip-compressed', 'application/octet-stream'];
const operators = ['agency_admin', 'unit_operator', 'collector'] as const;

export const importsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
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
  app.addContentTypeParser(UPLOAD_TYPES, (_request, payload, done) => done(null, payload));

  app.get(
    '/api/v1/import-templates/:kind',
    {
      // Reference data: the same template for every unit.
      config: { access: { roles: operators, params: { kind: 'import_kind' } } },
      schema: { tags: ['imports'], summary: '下载导入模板（xlsx：填写说明、列注释、下拉选项）', params: z.object({ kind: ZKind }) },
    },
    async (request, reply) => {
      const kind = importKind(request.params.kind);
      const file = await buildTemplate(kind);
      return reply
        .type(XLSX)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${kind.name}模板.xlsx`)}`)
        .send(file);
    },
  );

  app.get(
    '/api/v1/imports',
    {
      config: { access: { roles: operators } },
      schema: {
        tags: ['imports'],
        summary: '导入任务列表（本单位的；经办机构看全统筹区）',
        querystring: ZPageQuery.extend({ kind: ZKind.optional() }),
        response: { 200: ZPaged(ZJob), ...errorResponses },
      },
    },
    (request) => request.scoped((ctx) => findJobs(ctx, request.query)),
  );

  app.post(
    '/api/v1/imports',
    {
      config: { access: { roles: operators } },
      schema: {
        tags: ['imports'],
        summary: '新建导入任务；随后用 PUT /api/v1/imports/:id/file 上传文件',
        body: z.object({ kind: ZKind, fileName: z.string().trim().min(1, '请提供文件名').max(200), unitId: z.uuid().optional() }),
        response: { 201: z.object({ job: ZJob }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const job = await request.scoped((ctx) => createJob(ctx, request.body));
      return reply.code(201).send({ job: presentJob(job, now()) });
    },
  );

  app.put(
    '/api/v1/imports/:id/file',
    {
      config: { access: { roles: operators, params: { id: 'import_job' } } },
      schema: {
        tags: ['imports'],
        summary: '上传文件（请求体为 xlsx、csv 或照片 zip 原始文件，csv 可为 UTF-8 或 GBK/GB18030）；文件存入数据库后在后台读取核对，用 GET 查看进度和预览计数',
        params: ZIdParams,
        response: { 200: z.object({ job: ZJob }), ...errorResponses },
      },
    },
    async (request) => {
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
    },
  );

  app.post(
    '/api/v1/imports/:id/read',
    {
      config: { access: { roles: operators, params: { id: 'import_job' } } },
      schema: {
        tags: ['imports'],
        summary: '重新读取读取失败的导入任务（文件仍保存在数据库中）',
        params: ZIdParams,
        response: { 202: z.object({ job: ZJob }), ...errorResponses },
      },
    },
    async (request, reply) => reply.code(202).send({ job: presentJob(await rereadJob(runner(request), request.params.id), now()) }),
  );

  app.get(
    '/api/v1/imports/:id',
    {
      config: { access: { roles: operators, params: { id: 'import_job' } } },
      schema: { tags: ['imports'], summary: '导入任务的状态、进度（行数、每秒行数、剩余时间）和预览计数', params: ZIdParams, response: { 200: z.object({ job: ZJob }), ...errorResponses } },
    },
    (request) => request.scoped(async (ctx) => ({ job: await getJob(ctx, request.params.id) })),
  );

  app.get(
    '/api/v1/imports/:id/rows',
    {
      config: { access: { roles: operators, params: { id: 'import_job' } } },
      schema: {
        tags: ['imports'],
        summary: '导入任务的行及其核对结果（可按结果筛选，如 error）',
        params: ZIdParams,
        querystring: ZPageQuery.extend({ outcome: z.string().max(20).optional() }),
        response: {
          200: ZPaged(
            z.object({
              seq: z.number().int(),
              sheet: z.string(),
              rowNo: z.number().int(),
              outcome: z.string().nullable(),
              name: z.string().nullable(),
              errors: z.array(z.object({ column: z.string(), message: z.string() })),
              /** What committing would change (matching imports: education prefill). */
              changes: z.array(z.object({ column: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    (request) => request.scoped((ctx) => findRows(ctx, request.params.id, request.query)),
  );

  app.post(
    '/api/v1/imports/:id/commit',
    {
      config: { access: { roles: operators, params: { id: 'import_job' } } },
      schema: {
        tags: ['imports'],
        summary: '提交导入：全部有效行在一个事务中写入，或全部不写；allowErrors=true 时跳过有错误的行',
        params: ZIdParams,
        body: z.object({ allowErrors: z.boolean().default(false) }),
        response: { 202: z.object({ job: ZJob }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const job = await startCommit(runner(request), request.params.id, request.body.allowErrors);
      return reply.code(202).send({ job: presentJob(job, now()) });
    },
  );

  app.delete(
    '/api/v1/imports/:id',
    {
      config: { access: { roles: operators, params: { id: 'import_job' } } },
      schema: { tags: ['imports'], summary: '取消未提交的导入任务（删除暂存数据）', params: ZIdParams, response: { 204: z.null(), ...errorResponses } },
    },
    async (request, reply) => {
      await request.scoped((ctx) => cancelJob(ctx, request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/imports/:id/error-report',
    {
      config: { access: { roles: operators, params: { id: 'import_job' } } },
      schema: {
        tags: ['imports'],
        summary: '错误报告（xlsx）：原始行加“错误原因”列，错误单元格标红并附批注；all=true 时包含全部行',
        params: ZIdParams,
        querystring: z.object({ all: z.enum(['true', 'false']).optional() }),
      },
    },
    async (request, reply) => {
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
    },
  );
};

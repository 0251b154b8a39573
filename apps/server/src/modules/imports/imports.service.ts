import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { IMPORT_KIND_CODES, PHOTO_LIMITS } from '@canbao/domain';
import { sql, type Transaction } from 'kysely';
import type { AppConfig } from '../../config';
import type { RequestMeta, ServiceContext } from '../../context';
import { inScope, type Database, type Scope } from '../../db/database';
import { onCitusCoordinator } from '../../db/distribution';
import { statementRowIds } from '../../db/row-ids';
import type { DB } from '../../db/schema/index';
import type { ImportJob, TImportSheet } from '../../db/schema/import-job';
import { AppError, AppErrorCode, fieldError } from '../../errors';
import { shanghaiToday } from '../../time';
import { audit } from '../audit/audit.service';
import { IMPORT_KINDS } from './kinds/index';
import type { ImportKind } from './kinds/kind';
import { SheetReadError, type SheetFormat } from './sheet-reader';
import { readSheetRowsIsolated, stageSheetRowsIsolated } from './sheet-reading';
import { RowStager, type SheetState, type StagedBatch } from './staging';
import { trace } from './trace';
import { presentImportRow, type RowExtras } from './imports.presenter';
import { rowError } from './row-json';
import {
  countImportRows,
  findDeclarationsDue,
  findImportRowsPage,
  findPersonsForDiff,
  findPersonsWithPhoto,
  findSettlementsDue,
  type StagedRow,
} from './imports.repository';

export { importTrace } from './trace';

/** A job reading rows that has not moved for this long lost its process. */
const STALE_READING_MS = 2 * 60_000;
/**
 * A committing job whose lock is free is recovered only once it is this old: between the request that marks it
 * committing and its commit transaction taking the lock (statistics refreshed first) another instance reading the job
 * would otherwise find the lock free and undo a commit that is about to run (seen with two instances behind a proxy).
 */
const STALE_COMMIT_MS = 30_000;

export function importKind(code: string): ImportKind {
  const kind = IMPORT_KINDS[code];
  if (!kind) throw fieldError('kind', `不支持的导入类型“${code}”`);
  return kind;
}

/** Progress of the commit phase, which runs in one transaction the job row cannot show until it ends. */
const liveProgress = new Map<string, { rowsDone: number; phase: string }>();

type Runner = { database: Database; config: AppConfig; scope: Scope; meta: RequestMeta; now: () => Date; log?: { error(obj: object, msg: string): void } };

/**
 * Whether a scope may run a kind at all: the collector only the kinds open to it (the paid rosters), a unit operator
 * only the kinds of a unit (or open to units). Null when it may, else the refusal.
 */
function kindRefusal(scope: Scope, kind: ImportKind): string | null {
  if (scope.role === 'collector' && !kind.collectorsMay) return `“${kind.name}”由经办机构或代办单位导入`;
  if (scope.unitId !== null && !kind.needsUnit && !kind.unitsMay) return `“${kind.name}”由经办机构导入`;
  return null;
}

/** The import kinds a scope may run (the job list shows only theirs). */
function kindsFor(scope: Scope): string[] {
  return IMPORT_KIND_CODES.filter((code) => kindRefusal(scope, IMPORT_KINDS[code]!) === null);
}

/**
 * The check of every action on an existing job (upload, read, commit, cancel, rows, error report, status): the job
 * is of the scope's region and, for a unit operator, of its unit (else not found), and its kind is one the scope's
 * role may run (else forbidden) — the same rule as at its creation, so a collector cannot act on a school's job.
 */
export function assertJobAccess(scope: Scope, job: Pick<ImportJob, 'region_code' | 'unit_id' | 'kind'> | undefined): asserts job {
  if (!job || job.region_code !== scope.regionCode || (scope.unitId !== null && job.unit_id !== scope.unitId)) {
    throw new AppError(AppErrorCode.NOT_FOUND, { message: '导入任务不存在' });
  }
  const kind = IMPORT_KINDS[job.kind];
  const refusal = kind ? kindRefusal(scope, kind) : '不支持的导入类型';
  if (refusal) throw new AppError(AppErrorCode.FORBIDDEN, { message: refusal });
}

async function loadJob(ctx: ServiceContext, id: string): Promise<ImportJob> {
  const job = await ctx.db.selectFrom('import_job').selectAll().where('id', '=', id).where('region_code', '=', ctx.scope.regionCode).executeTakeFirst();
  assertJobAccess(ctx.scope, job);
  return job;
}

export async function createJob(ctx: ServiceContext, input: { kind: string; fileName: string; unitId?: string | undefined }) {
  const kind = importKind(input.kind);
  if (ctx.scope.role === 'collector' && !kind.collectorsMay) throw new AppError(AppErrorCode.FORBIDDEN, { message: kindRefusal(ctx.scope, kind)! });
  let unitId: string | null = null;
  if (kind.needsUnit) {
    unitId = ctx.scope.unitId ?? input.unitId ?? null;
    if (!unitId) throw fieldError('unitId', '请选择导入到哪个单位');
    if (ctx.scope.unitId && input.unitId && input.unitId !== ctx.scope.unitId) throw new AppError(AppErrorCode.FORBIDDEN);
    const unit = await ctx.db.selectFrom('unit').select('id').where('id', '=', unitId).where('region_code', '=', ctx.scope.regionCode).executeTakeFirst();
    if (!unit) throw fieldError('unitId', '单位不存在');
  } else if (ctx.scope.unitId) {
    if (!kind.unitsMay) throw new AppError(AppErrorCode.FORBIDDEN, { message: `“${kind.name}”由经办机构导入` });
    unitId = ctx.scope.unitId;
  }
  const job = await ctx.db
    .insertInto('import_job')
    .values({
      region_code: ctx.scope.regionCode,
      unit_id: unitId,
      kind: kind.code,
      status: 'created',
      file_name: input.fileName,
      created_by: ctx.scope.userId,
      created_by_username: ctx.scope.username,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(ctx, { action: 'import.created', entityType: 'import_job', entityId: job.id, unitId, after: { kind: kind.code, fileName: input.fileName } });
  return job;
}

/** Bytes per stored chunk of an upload. */
const CHUNK_BYTES = 1024 * 1024;
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * Receives an upload: the raw body is streamed into import_file_chunk (1 MB rows, each in its own short
 * transaction, the job's byte count moving with them), hashed on the way. Nothing is buffered whole and nothing is
 * written to the local disk, so any instance can read the file later. Then reading starts in the background and the
 * job is returned, status 'reading'. A body that is not what its name says (an .xlsx or .zip that is not a zip), an
 * upload over the size limit, or a dropped connection fails the job and keeps nothing.
 */
export async function receiveFile(r: Runner, jobId: string, body: Readable, format: SheetFormat): Promise<ImportJob> {
  const { db } = r.database;
  const claimed = await inScope(db, r.scope, async (trx) => {
    const job = await loadJob({ db: trx, scope: r.scope, meta: r.meta, config: r.config, now: r.now() }, jobId);
    if (job.status !== 'created') throw new AppError(AppErrorCode.CONFLICT, { message: '该导入任务已上传过文件；如需重新导入，请新建导入任务' });
    return trx
      .updateTable('import_job')
      .set({ status: 'reading', file_format: format, phase: 'uploading', phase_started_at: r.now(), updated_at: r.now() })
      .where('id', '=', jobId)
      .where('status', '=', 'created')
      .returningAll()
      .executeTakeFirst();
  });
  if (!claimed) throw new AppError(AppErrorCode.CONFLICT, { message: '该导入任务正在上传' });

  const limit = r.config.importMaxBytes;
  const hash = createHash('sha256');
  let bytes = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const store = async (data: Buffer) => {
    seq++;
    const n = seq;
    await inScope(db, r.scope, async (trx) => {
      // Flushed with the job's final update below (a synchronous commit); a crash before it fails the upload.
      await sql`SET LOCAL synchronous_commit = off`.execute(trx);
      await trx.insertInto('import_file_chunk').values({ job_id: jobId, region_code: claimed.region_code, unit_id: claimed.unit_id, seq: n, data }).execute();
      await trx.updateTable('import_job').set({ file_bytes: bytes, updated_at: r.now() }).where('id', '=', jobId).execute();
    });
  };
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (bytes === 0 && format !== 'csv' && !chunk.subarray(0, 4).equals(ZIP_SIGNATURE)) {
        throw new SheetReadError(format === 'zip' ? '无法读取该 zip 文件：不是 zip 格式' : '无法读取该 xlsx 文件：文件已损坏或不是 Excel 2007 及以后的 .xlsx 格式（.xls 请在 Excel 中另存为 .xlsx）');
      }
      hash.update(chunk);
      bytes += chunk.length;
      if (bytes > limit) throw new SheetReadError(`文件超过 ${Math.round(limit / 1024 / 1024)} MB，请分批导入`);
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= CHUNK_BYTES) {
        const data = Buffer.concat(pending);
        pending = [];
        pendingBytes = 0;
        await store(data);
      }
    }
    if (!body.readableEnded) throw new SheetReadError('上传中断，未保存任何数据，请重新上传');
    if (pendingBytes) await store(Buffer.concat(pending));
    if (bytes === 0) throw new SheetReadError('上传的文件是空的');
  } catch (e) {
    body.resume();
    const message = e instanceof SheetReadError ? e.message : '上传中断，未保存任何数据，请重新上传';
    await failJob(r, jobId, message, true);
    throw new AppError(AppErrorCode.VALIDATION_FAILED, { message, details: [{ path: 'file', message }] });
  }
  const job = await inScope(db, r.scope, (trx) =>
    trx
      .updateTable('import_job')
      .set({ file_sha256: hash.digest('hex'), file_bytes: bytes, phase: 'reading', phase_started_at: r.now(), updated_at: r.now() })
      .where('id', '=', jobId)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  startReading(r, job);
  return job;
}

const reads = new Map<string, Promise<void>>();

/** Resolves when a read started by this process has ended (tests). */
export function readSettled(jobId: string): Promise<void> {
  return reads.get(jobId) ?? Promise.resolve();
}

function startReading(r: Runner, job: ImportJob) {
  const done = readStoredFile(r, job).then(
    () => undefined,
    async (e: unknown) => {
      r.log?.error({ err: e, jobId: job.id }, 'import read failed');
      const message = e instanceof SheetReadError || e instanceof AppError ? e.message : '读取文件失败，请检查文件后重新上传';
      await failJob(r, job.id, message, false).catch(() => undefined);
    },
  );
  reads.set(job.id, done);
  void done.finally(() => reads.delete(job.id));
}

/**
 * Reads a failed job's stored file again (after a crash, or once the cause is fixed on the server): its staged rows
 * are dropped and the file is read from its first byte.
 */
export async function rereadJob(r: Runner, jobId: string): Promise<ImportJob> {
  const job = await inScope(r.database.db, r.scope, async (trx) => {
    const current = await loadJob({ db: trx, scope: r.scope, meta: r.meta, config: r.config, now: r.now() }, jobId);
    const stored = await trx.selectFrom('import_file_chunk').select('seq').where('job_id', '=', jobId).limit(1).executeTakeFirst();
    if (current.status !== 'failed' || !stored) throw new AppError(AppErrorCode.CONFLICT, { message: '只有读取失败且文件仍在的导入任务可以重新读取' });
    await trx.deleteFrom('import_row').where('job_id', '=', jobId).execute();
    return trx
      .updateTable('import_job')
      .set({ status: 'reading', phase: 'reading', phase_started_at: r.now(), rows_done: 0, rows_total: 0, counts: '{}', message: null, updated_at: r.now() })
      .where('id', '=', jobId)
      .where('status', '=', 'failed')
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  startReading(r, job);
  return job;
}

/** The stored chunks of a job, in order, each fetched in its own short transaction. */
async function* storedChunks(r: Runner, jobId: string): AsyncGenerator<Buffer> {
  for (let seq = 1; ; seq++) {
    const row = await inScope(r.database.db, r.scope, (trx) =>
      trx.selectFrom('import_file_chunk').select('data').where('job_id', '=', jobId).where('seq', '=', seq).executeTakeFirst(),
    );
    if (!row) return;
    yield Buffer.from(row.data);
  }
}

/**
 * Reads a stored upload into the staging table: rows are checked one by one with the registry's validators and
 * inserted in batches, each batch with the job's progress; then the kind's set-based checks run in SQL and the job
 * waits, validated, for the operator's decision. A file that cannot be read fails the job and leaves no rows.
 */
async function readStoredFile(r: Runner, claimed: ImportJob): Promise<ImportJob> {
  const { db } = r.database;
  const jobId = claimed.id;
  const format = (claimed.file_format ?? 'xlsx') as SheetFormat;
  const kind = importKind(claimed.kind);
  const today = shanghaiToday(r.now());
  trace('start');
  const prepared = kind.prepare ? await inScope(db, r.scope, (trx) => kind.prepare!(trx, r.scope.regionCode)) : null;

  let encoding: string | null = null;
  let sheets: SheetState[] = [];
  let seq = 0;

  // A batch goes to the database as one JSON parameter unpacked by jsonb_to_recordset: one statement, no per-row
  // parameters to bind, the same on PGlite and PostgreSQL. On PostgreSQL the insert of one batch runs while the next
  // is read and checked (at most one in flight), so reading, checking and writing use both cores.
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async (batch: StagedBatch | null) => {
    if (!batch) return;
    seq += batch.rows;
    const done = seq;
    await inFlight;
    inFlight = inScope(db, r.scope, async (trx) => {
      // Staged rows need no flush of their own: a crash before the validated job commits (a synchronous commit,
      // which flushes the log up to it) leaves a stale job whose rows are dropped and whose file is read again.
      await sql`SET LOCAL synchronous_commit = off`.execute(trx);
      // Through a definer function for this job only (migration 20261204T1100): on Citus the scope's own
      // INSERT … SELECT from the JSON would be copied into the shard, which row-level security refuses.
      await sql`SELECT canbao_import_stage(${r.scope.regionCode}, ${jobId}::uuid, ${batch.json}::jsonb)`.execute(trx);
      await trx.updateTable('import_job').set({ rows_done: done, updated_at: r.now() }).where('id', '=', jobId).execute();
    });
    // Handled here so a failed insert never becomes an unhandled rejection; the next await rethrows it.
    inFlight.catch(() => undefined);
    if (r.database.kind !== 'postgres') await inFlight;
  };

  try {
    // Read in a worker thread within FILE_LIMITS (sheet-reader.ts): a hostile file fails this job, not the server.
    // A kind whose cell check needs nothing from the database is checked there too (staging.ts); one that does
    // (the region's categories, its reasons) is checked here with what it prepared.
    const reading = { heapMb: r.config.importReaderHeapMb, maxFileBytes: PHOTO_LIMITS.maxBytes, onEncoding: (e: string) => (encoding = e) };
    if (!kind.prepare) {
      const batches = stageSheetRowsIsolated(storedChunks(r, jobId), format, { ...reading, stage: { kind: kind.code, today }, onSheets: (s) => (sheets = s) });
      for await (const batch of batches) await flush(batch);
    } else {
      const stager = new RowStager(kind, today, prepared);
      for await (const row of readSheetRowsIsolated(storedChunks(r, jobId), format, reading)) await flush(stager.add(row));
      await flush(stager.take());
      sheets = [...stager.sheets.values()];
    }
    await inFlight;

    const read = sheets.filter((s) => s.indexOf);
    if (!read.length) {
      const required = kind.columns.filter((c) => c.required).map((c) => c.header).join('、');
      throw new SheetReadError(`没有找到表头：请使用下载的模板，第一行为列名，且包含 ${required}`);
    }
    if (seq === 0) throw new SheetReadError('文件中没有数据行');
    const ignored = sheets.filter((s) => !s.indexOf && !s.skip).map((s) => `“${s.name}”`);

    // Fresh statistics for the set-based checks (system work, as the connecting user): a table that grew by a
    // whole file since the last analyze would otherwise be planned as if it were empty.
    await refreshStatistics(r.database);
    liveProgress.set(jobId, { rowsDone: seq, phase: 'validating' });
    return await inScope(db, r.scope, async (trx) => {
      await trx.updateTable('import_job').set({ phase: 'validating', phase_started_at: r.now() }).where('id', '=', jobId).execute();
      trace('read+stage');
      if (!kind.repeatedDocumentsAllowed) await markDuplicates(trx, jobId, r.scope.regionCode, kind);
      trace('duplicates');
      await kind.validate(trx, jobId, r.scope.regionCode);
      trace('validate');
      const counts = await countOutcomes(trx, r.scope.regionCode, jobId);
      const sheetInfo: TImportSheet[] = read.map((s) => ({ name: s.name, headerRowNo: s.headerRowNo, headers: s.headers, indexOf: s.indexOf ?? {} }));
      return trx
        .updateTable('import_job')
        .set({
          status: 'validated',
          phase: null,
          file_encoding: format === 'csv' ? encoding : null,
          rows_total: seq,
          rows_done: seq,
          counts: JSON.stringify(counts),
          sheets: JSON.stringify(sheetInfo),
          message: ignored.length ? `已忽略没有表头的工作表：${ignored.join('、')}` : null,
          updated_at: r.now(),
        })
        .where('id', '=', jobId)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  } finally {
    liveProgress.delete(jobId);
  }
}

/** A document twice in one file: every later row is an error naming the first. */
async function markDuplicates(trx: ServiceContext['db'], jobId: string, region: string, kind: ImportKind) {
  const header = kind.columns.find((c) => c.key === 'documentNumber')?.header ?? '证件号码';
  // Grouped by hashing (no sort of the whole file), then only the few repeated documents are joined back.
  await sql`
    WITH repeated AS (
      SELECT document_type, document_number, min(seq) AS first_seq
      FROM import_row WHERE region_code = ${region} AND job_id = ${jobId} AND document_number IS NOT NULL
      GROUP BY document_type, document_number HAVING count(*) > 1
    )
    UPDATE import_row r SET outcome = 'error', errors = r.errors || ${rowError('documentNumber', header, sql`'与“' || f.sheet || '”表第 ' || f.row_no::text || ' 行的证件号码重复'`)}
    FROM repeated d JOIN import_row f ON f.region_code = ${region} AND f.job_id = ${jobId} AND f.seq = d.first_seq
    WHERE r.region_code = ${region} AND r.job_id = ${jobId} AND r.document_type = d.document_type AND r.document_number = d.document_number AND r.seq <> d.first_seq`.execute(trx);
}

async function refreshStatistics(database: Database) {
  await sql`ANALYZE import_row, person`.execute(database.db);
}

/** Fails a job and drops its staged rows; the stored file too unless it may be read again. */
async function failJob(r: Runner, jobId: string, message: string, dropFile: boolean) {
  await inScope(r.database.db, r.scope, async (trx) => {
    await trx.deleteFrom('import_row').where('job_id', '=', jobId).execute();
    if (dropFile) await trx.deleteFrom('import_file_chunk').where('job_id', '=', jobId).execute();
    await trx.updateTable('import_job').set({ status: 'failed', phase: null, message, finished_at: r.now(), updated_at: r.now() }).where('id', '=', jobId).execute();
  });
}

async function countOutcomes(trx: ServiceContext['db'], regionCode: string, jobId: string): Promise<Record<string, number>> {
  const rows = await trx
    .selectFrom('import_row')
    .select(['outcome', (eb) => eb.fn.countAll<string>().as('n')])
    .where('region_code', '=', regionCode)
    .where('job_id', '=', jobId)
    .groupBy('outcome')
    .execute();
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.outcome ?? 'unknown'] = Number(row.n);
  return counts;
}

/**
 * Starts the commit of a validated job: every valid row in one transaction, or nothing. Rows with errors block it
 * unless the operator chose to import the valid rows only. Runs in the background; the job shows its progress.
 */
export async function startCommit(r: Runner, jobId: string, allowErrors: boolean): Promise<ImportJob> {
  const job = await inScope(r.database.db, r.scope, async (trx) => {
    const current = await loadJob({ db: trx, scope: r.scope, meta: r.meta, config: r.config, now: r.now() }, jobId);
    if (current.status === 'committed') throw new AppError(AppErrorCode.CONFLICT, { message: '该导入任务已提交，不会重复写入' });
    if (current.status !== 'validated') throw new AppError(AppErrorCode.CONFLICT, { message: '该导入任务还不能提交（文件尚未核对完成或已失败）' });
    const errors = (current.counts.error ?? 0) + (current.counts.conflict ?? 0);
    if (errors > 0 && !allowErrors) {
      throw new AppError(AppErrorCode.VALIDATION_FAILED, {
        message: `有 ${errors} 行存在错误。请下载错误报告修正后重新导入，或选择“仅导入无误的行”`,
        details: [{ path: 'allowErrors', message: `有 ${errors} 行存在错误` }],
      });
    }
    return trx
      .updateTable('import_job')
      .set({ status: 'committing', allow_errors: allowErrors, phase: 'committing', phase_started_at: r.now(), message: null, updated_at: r.now() })
      .where('id', '=', jobId)
      .where('status', '=', 'validated')
      .returningAll()
      .executeTakeFirst();
  });
  if (!job) throw new AppError(AppErrorCode.CONFLICT, { message: '该导入任务正在提交' });
  const done = runCommit(r, job);
  commits.set(jobId, done);
  void done.finally(() => commits.delete(jobId));
  return job;
}

const commits = new Map<string, Promise<void>>();

/** Resolves when a commit started by this process has ended (tests, graceful shutdown). */
export function commitSettled(jobId: string): Promise<void> {
  return commits.get(jobId) ?? Promise.resolve();
}

/** Test hook: throws inside the commit transaction after the rows are written, before it ends. */
export const commitFaults: { afterWrite?: (jobId: string) => void } = {};

/**
 * The audit rows of the persons an import wrote, one statement. On PostgreSQL and PGlite a definer function for
 * this job only (migration 20261126T1200): it writes without the per-row foreign-key checks of audit_log (about a
 * third of the statement's time). On a Citus coordinator the scope's own INSERT … SELECT instead, its ids given
 * (db/row-ids.ts) so that it runs on the region's shard: a definer call after the transaction's writes is refused
 * there (its connections to the worker are another user's).
 */
async function auditImportRows(trx: Transaction<DB>, r: Runner, job: ImportJob, actions: Readonly<Record<string, string>>, citus: boolean): Promise<void> {
  const actionsJson = JSON.stringify(actions);
  if (!citus) {
    await sql`
      SELECT canbao_import_audit(${job.region_code}, ${job.id}::uuid, ${actionsJson}::jsonb, ${r.scope.userId}::uuid, ${r.scope.username}::text,
        ${r.scope.role}::text, ${r.meta.requestId}::text, ${r.meta.ip}::text)`.execute(trx);
    return;
  }
  const ids = statementRowIds();
  await sql`
    INSERT INTO audit_log (id, region_code, unit_id, actor_user_id, actor_username, actor_role, action, entity_type, entity_id, after, request_id, ip)
    SELECT ${ids.idOf(sql`r.seq`)}, r.region_code, r.unit_id, ${r.scope.userId}::uuid, ${r.scope.username}::text, ${r.scope.role}::text,
           ${actionsJson}::jsonb ->> r.outcome, 'person', r.person_id::text,
           jsonb_build_object('importJobId', r.job_id, 'sheet', r.sheet, 'row', r.row_no), ${r.meta.requestId}::text, ${r.meta.ip}::text
    FROM import_row r
    WHERE r.region_code = ${job.region_code} AND r.job_id = ${job.id} AND r.person_id IS NOT NULL AND ${actionsJson}::jsonb ->> r.outcome IS NOT NULL`.execute(trx);
}

async function runCommit(r: Runner, job: ImportJob): Promise<void> {
  const kind = importKind(job.kind);
  const today = shanghaiToday(r.now());
  liveProgress.set(job.id, { rowsDone: 0, phase: 'committing' });
  try {
    await refreshStatistics(r.database);
    // Asked before the transaction (PGlite has one connection, which the transaction holds).
    const citus = await onCitusCoordinator(r.database.db);
    await inScope(r.database.db, r.scope, async (trx) => {
      // One committer per job across app instances: the lock ends with the transaction, even if the process dies.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${job.id}))`.execute(trx);
      trace('commit-start');
      const extra = await kind.commit(trx, job, today, citus);
      trace('commit-write');
      liveProgress.set(job.id, { rowsDone: job.rows_total, phase: 'auditing' });
      const ctx: ServiceContext = { db: trx, scope: r.scope, meta: r.meta, config: r.config, now: r.now() };
      // One audit row per person written, set-based, plus one for the job: the person's timeline shows the import.
      await auditImportRows(trx, r, job, kind.auditActions, citus);
      trace('commit-audit');
      commitFaults.afterWrite?.(job.id);
      const counts = await countOutcomes(trx, job.region_code, job.id);
      // The file and the photos' staging copies are not kept once their data is in the register.
      await trx.deleteFrom('import_file_chunk').where('region_code', '=', job.region_code).where('job_id', '=', job.id).execute();
      if (kind.source === 'files') await trx.updateTable('import_row').set({ blob: null }).where('region_code', '=', job.region_code).where('job_id', '=', job.id).where('blob', 'is not', null).execute();
      await trx
        .updateTable('import_job')
        .set({ status: 'committed', phase: null, counts: JSON.stringify({ ...counts, ...extra }), finished_at: r.now(), updated_at: r.now() })
        .where('region_code', '=', job.region_code)
        .where('id', '=', job.id)
        .execute();
      await audit(ctx, { action: 'import.committed', entityType: 'import_job', entityId: job.id, unitId: job.unit_id, after: { kind: job.kind, fileName: job.file_name, counts } });
    });
    kind.afterCommit?.(r.database.db);
  } catch (e) {
    r.log?.error({ err: e, jobId: job.id }, 'import commit failed; rolled back');
    const reason = e instanceof AppError ? e.message : '数据库写入失败';
    await inScope(r.database.db, r.scope, (trx) =>
      trx
        .updateTable('import_job')
        .set({ status: 'validated', phase: null, message: `提交失败，未写入任何数据（${reason}），可重新提交`, updated_at: r.now() })
        .where('id', '=', job.id)
        .execute(),
    ).catch(() => undefined);
  } finally {
    liveProgress.delete(job.id);
  }
}

/**
 * A job whose process died: reading without news for a while → failed (its partial rows removed); committing with
 * no transaction holding its lock, for longer than the start of a commit takes → back to validated (the transaction
 * rolled back: nothing was written).
 */
export async function recoverJob(ctx: ServiceContext, job: ImportJob): Promise<ImportJob> {
  if (job.status === 'reading' && ctx.now.getTime() - job.updated_at.getTime() > STALE_READING_MS && !reads.has(job.id)) {
    await ctx.db.deleteFrom('import_row').where('job_id', '=', job.id).execute();
    const stored = await ctx.db.selectFrom('import_file_chunk').select('seq').where('job_id', '=', job.id).limit(1).executeTakeFirst();
    return ctx.db
      .updateTable('import_job')
      .set({
        status: 'failed',
        phase: null,
        message: stored && job.phase !== 'uploading' ? '读取文件时服务中断，未写入任何数据；文件仍在，可重新读取' : '上传时服务中断，未保存任何数据，请重新上传',
        updated_at: ctx.now,
      })
      .where('id', '=', job.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  if (job.status === 'committing' && !commits.has(job.id) && ctx.now.getTime() - job.updated_at.getTime() > STALE_COMMIT_MS) {
    const free = await sql<{ free: boolean }>`SELECT pg_try_advisory_xact_lock(hashtext(${job.id})) AS free`.execute(ctx.db);
    if (free.rows[0]?.free) {
      return ctx.db
        .updateTable('import_job')
        .set({ status: 'validated', phase: null, message: '提交时服务中断，未写入任何数据，可重新提交', updated_at: ctx.now })
        .where('id', '=', job.id)
        .where('status', '=', 'committing')
        .returningAll()
        .executeTakeFirstOrThrow();
    }
  }
  return job;
}

export async function getJob(ctx: ServiceContext, id: string) {
  return presentJob(await recoverJob(ctx, await loadJob(ctx, id)), ctx.now);
}

export async function findJobs(ctx: ServiceContext, q: { kind?: string | undefined; page: number; pageSize: number }) {
  const base = ctx.db
    .selectFrom('import_job')
    .where('region_code', '=', ctx.scope.regionCode)
    .$if(ctx.scope.unitId !== null, (qb) => qb.where('unit_id', '=', ctx.scope.unitId))
    // Only the jobs of kinds the role may run: a collector does not see the schools' enrollment jobs.
    .where('kind', 'in', kindsFor(ctx.scope))
    .$if(!!q.kind, (qb) => qb.where('kind', '=', q.kind!));
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('created_at', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const items = [];
  for (const row of rows) items.push(presentJob(await recoverJob(ctx, row), ctx.now));
  return { items, total: Number(total.n), page: q.page, pageSize: q.pageSize };
}

export async function cancelJob(ctx: ServiceContext, id: string) {
  const job = await loadJob(ctx, id);
  if (job.status === 'committed' || job.status === 'committing' || job.status === 'reading') {
    throw new AppError(AppErrorCode.CONFLICT, { message: '该导入任务已提交或正在处理，不能取消' });
  }
  await ctx.db.deleteFrom('import_row').where('job_id', '=', id).execute();
  await ctx.db.deleteFrom('import_file_chunk').where('job_id', '=', id).execute();
  await ctx.db.updateTable('import_job').set({ status: 'cancelled', phase: null, finished_at: ctx.now, updated_at: ctx.now }).where('id', '=', id).execute();
  await audit(ctx, { action: 'import.cancelled', entityType: 'import_job', entityId: id, unitId: job.unit_id });
}

/**
 * A page of a job's rows, of one outcome or all, each with its masked number, the kind's key fields, errors and
 * what it will do. `after` (the last seq of the page before) reads the next page as a range of the primary key;
 * without it the page is found by number. The total of a validated job comes from its counts — the rows cannot
 * change until the commit, and counting a 100,000-row job per page would read it whole every time.
 */
export async function findRows(ctx: ServiceContext, id: string, q: { outcome?: string | undefined; after?: number | undefined; page: number; pageSize: number }) {
  const job = await loadJob(ctx, id);
  const filter = { outcome: q.outcome };
  const exact = job.status === 'validated' || job.status === 'committing';
  const [rows, total] = await Promise.all([
    findImportRowsPage(ctx.db, job.region_code, id, filter, { after: q.after, offset: (q.page - 1) * q.pageSize, limit: q.pageSize }),
    exact ? Promise.resolve(q.outcome === undefined ? job.rows_total : (job.counts[q.outcome] ?? 0)) : countImportRows(ctx.db, job.region_code, id, filter),
  ]);
  const extras = await rowExtras(ctx, job, rows);
  return {
    items: rows.map((row) => presentImportRow(job.kind, job.sheets, row, extras)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** What the page's rows need from the register, read once for the page (at most pageSize ids each). */
async function rowExtras(ctx: ServiceContext, job: ImportJob, rows: readonly StagedRow[]): Promise<RowExtras> {
  const ids = (outcome: string) => [...new Set(rows.filter((r) => r.outcome === outcome && r.person_id).map((r) => r.person_id!))];
  const targets = [...new Set(rows.filter((r) => r.outcome === 'amount_mismatch').map((r) => r.changes?.[0]?.to).filter((v): v is string => !!v))];
  const scope = ctx.scope;
  const [persons, withPhoto, due] = await Promise.all([
    job.kind === 'enrollment' ? findPersonsForDiff(ctx.db, scope, ids('changed')) : Promise.resolve([]),
    job.kind === 'photos' ? findPersonsWithPhoto(ctx.db, ids('matched')) : Promise.resolve(new Set<string>()),
    job.kind === 'paid_roster'
      ? findDeclarationsDue(ctx.db, scope.regionCode, targets)
      : job.kind === 'deduction_result'
        ? findSettlementsDue(ctx.db, scope.regionCode, targets)
        : Promise.resolve(new Map<string, number>()),
  ]);
  return { persons: new Map(persons.map((p) => [p.id, p])), withPhoto, due };
}

export type TJobView = ReturnType<typeof presentJob>;

export function presentJob(job: ImportJob, now: Date) {
  const live = liveProgress.get(job.id);
  const rowsDone = live?.rowsDone ?? job.rows_done;
  const phase = live?.phase ?? job.phase;
  const started = job.phase_started_at?.getTime() ?? job.created_at.getTime();
  const seconds = Math.max((now.getTime() - started) / 1000, 0.001);
  const running = job.status === 'reading' || job.status === 'committing';
  const rowsPerSec = running && rowsDone > 0 ? Math.round(rowsDone / seconds) : null;
  const total = job.rows_total || null;
  const kind = IMPORT_KINDS[job.kind];
  return {
    id: job.id,
    kind: job.kind,
    kindName: kind?.name ?? job.kind,
    unitId: job.unit_id,
    status: job.status,
    phase,
    fileName: job.file_name,
    fileFormat: job.file_format,
    fileEncoding: job.file_encoding,
    fileBytes: job.file_bytes === null ? null : Number(job.file_bytes),
    rowsTotal: total,
    rowsDone,
    rowsPerSec,
    secondsLeft: rowsPerSec && total ? Math.max(0, Math.round((total - rowsDone) / rowsPerSec)) : null,
    counts: job.counts,
    allowErrors: job.allow_errors,
    message: job.message,
    createdBy: job.created_by_username,
    createdAt: job.created_at.toISOString(),
    finishedAt: job.finished_at?.toISOString() ?? null,
  };
}

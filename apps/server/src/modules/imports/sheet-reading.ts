import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SheetReadError, type FileLimits, type SheetFormat, type SheetRow } from './sheet-reader';
import type { FromSheetWorker, SheetReadRequest, ToSheetWorker } from './sheet-worker';
import type { SheetState, StagedBatch } from './staging';

/** Files read at the same time, each in its own worker; further reads wait their turn. */
const READERS = 2;

/**
 * A worker for reading files. From the bundle (dist/main.js) it runs dist/sheet-worker.js, the second entry point
 * of build.mjs; from the TypeScript source (tests, `tsx watch`) it loads sheet-worker.ts through tsx.
 */
function startWorker(heapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.max(4, Math.min(64, Math.round(heapMb / 8))), stackSizeMb: 4 };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./sheet-worker.js', import.meta.url), { resourceLimits });
  const entry = new URL('./sheet-worker.ts', import.meta.url).href;
  const tsx = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
  return new Worker(code, { eval: true, resourceLimits });
}

type Reader = { worker: Worker; heapMb: number };

/**
 * At most READERS workers read at once. A worker whose read ended cleanly (done, or refused by a limit) waits,
 * unreferenced, for the next file; one that failed otherwise (out of memory, crashed, or abandoned mid-read) is
 * ended, and the next read starts a fresh one.
 */
const pool = {
  busy: 0,
  idle: [] as Reader[],
  waiting: [] as (() => void)[],
  async acquire(heapMb: number): Promise<Reader> {
    while (this.busy >= READERS) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.busy++;
    let reader: Reader | undefined;
    while ((reader = this.idle.pop())) {
      if (reader.heapMb === heapMb) {
        reader.worker.ref();
        return reader;
      }
      void reader.worker.terminate();
    }
    try {
      return { worker: startWorker(heapMb), heapMb };
    } catch (e) {
      this.free();
      throw e;
    }
  },
  /** Resolves once a worker that is not kept has ended. */
  async release(reader: Reader, reusable: boolean): Promise<void> {
    reader.worker.removeAllListeners('message').removeAllListeners('error').removeAllListeners('exit');
    if (reusable && this.idle.length < READERS) {
      // An idle worker does not keep the process alive; one that dies while idle is simply dropped.
      reader.worker.unref();
      reader.worker.once('exit', () => (this.idle = this.idle.filter((r) => r !== reader)));
      reader.worker.on('error', () => undefined);
      this.idle.push(reader);
      this.free();
      return;
    }
    await reader.worker.terminate().catch(() => undefined);
    this.free();
  },
  free() {
    this.busy--;
    this.waiting.shift()?.();
  },
};

export type IsolatedReadOptions = {
  /** The worker's heap (V8 old generation), MB. */
  heapMb: number;
  maxFileBytes: number;
  onEncoding?: (encoding: string) => void;
  limits?: Partial<FileLimits>;
};

export type IsolatedStageOptions = IsolatedReadOptions & {
  /** The kind (one without `prepare`) and the day its checks are made on. */
  stage: { kind: string; today: string };
  /** The sheets as read, once the whole file was. */
  onSheets: (sheets: SheetState[]) => void;
};

type Delivery = { type: 'rows'; rows: SheetRow[] } | { type: 'staged'; batch: StagedBatch };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** Reads started by this process: each read's messages carry its number. */
let reads = 0;

const CRASHED = '读取文件时读取程序意外停止，未写入任何数据；请检查文件后重新读取';

/**
 * readSheetRows in a worker thread with a bounded heap: the file's bytes go to the worker as it asks for them,
 * its rows come back in batches (no message per row), and whatever a file does to the reader — a limit it passes,
 * memory it exhausts, a crash — fails this read with a Chinese message and leaves the API thread as it was.
 */
export async function* readSheetRowsIsolated(source: AsyncIterable<Buffer>, format: SheetFormat, options: IsolatedReadOptions): AsyncGenerator<SheetRow> {
  for await (const d of isolatedRead(source, format, options, null)) {
    if (d.type !== 'rows') continue;
    for (const row of d.rows) {
      // A Buffer arrives as a plain Uint8Array.
      if (row.blob) row.blob = Buffer.from(row.blob.buffer, row.blob.byteOffset, row.blob.byteLength);
      yield row;
    }
  }
}

/**
 * The same read with the rows checked in the worker too (staging.ts): what comes back are the staging batches,
 * ready for the insert, and at the end the sheets as read. The API thread then only sends them to the database.
 */
export async function* stageSheetRowsIsolated(source: AsyncIterable<Buffer>, format: SheetFormat, options: IsolatedStageOptions): AsyncGenerator<StagedBatch> {
  for await (const d of isolatedRead(source, format, options, options)) if (d.type === 'staged') yield d.batch;
}

async function* isolatedRead(
  source: AsyncIterable<Buffer>,
  format: SheetFormat,
  options: IsolatedReadOptions,
  staging: IsolatedStageOptions | null,
): AsyncGenerator<Delivery> {
  const reader = await pool.acquire(options.heapMb);
  // The read's temporary files live here, removed by this thread: a worker killed mid-read cannot leave them.
  let tempDir: string;
  try {
    tempDir = await mkdtemp(path.join(tmpdir(), 'canbao-read-'));
  } catch (e) {
    await pool.release(reader, true);
    throw e;
  }
  const { worker } = reader;
  const chunks = source[Symbol.asyncIterator]();
  const batches: Delivery[] = [];
  /** 'done' / 'refused': the worker ended the read itself and may read the next file. */
  type Outcome = { end: 'done' } | { end: 'refused' | 'broken'; error: Error };
  const state: { outcome: Outcome | null } = { outcome: null };
  let wake: (() => void) | null = null;
  const settle = (o: Outcome) => {
    state.outcome ??= o;
    wake?.();
  };
  const read = ++reads;
  let closed = false;
  const post = (m: DistributiveOmit<ToSheetWorker, 'read'>, transfer?: ArrayBuffer[]) => {
    if (!closed) worker.postMessage({ ...m, read }, transfer);
  };
  let pulling: Promise<void> = Promise.resolve();
  worker.on('message', (m: FromSheetWorker) => {
    if (m.read !== read) return;
    switch (m.type) {
      case 'pull':
        pulling = pulling.then(async () => {
          const next = await chunks.next();
          if (next.done) return post({ type: 'end' });
          // A copy the worker owns (the chunk may share its memory with others).
          const copy = new Uint8Array(next.value);
          post({ type: 'chunk', data: copy }, [copy.buffer]);
        });
        pulling.catch((e: unknown) => settle({ end: 'broken', error: e instanceof Error ? e : new Error(String(e)) }));
        break;
      case 'encoding':
        options.onEncoding?.(m.encoding);
        break;
      case 'rows':
        batches.push({ type: 'rows', rows: m.rows });
        wake?.();
        break;
      case 'staged':
        batches.push({ type: 'staged', batch: m.batch });
        wake?.();
        break;
      case 'done':
        if (m.sheets) staging?.onSheets(m.sheets);
        settle({ end: 'done' });
        break;
      case 'failed':
        settle(m.message ? { end: 'refused', error: new SheetReadError(m.message) } : { end: 'broken', error: new SheetReadError('无法读取该文件：文件已损坏或格式不正确，请检查文件后重新上传') });
        break;
    }
  });
  worker.on('error', (e: Error & { code?: string }) => {
    const message =
      e.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? `读取文件时超出内存上限（${options.heapMb} MB），文件过大或过于复杂，已停止读取，未写入任何数据；请分批导入，或另存为 CSV 后导入`
        : CRASHED;
    // The cause goes to the log with the job (never to the user).
    settle({ end: 'broken', error: new SheetReadError(message, { cause: e }) });
  });
  worker.on('exit', () => settle({ end: 'broken', error: new SheetReadError(CRASHED) }));
  post({ type: 'start', request: { format, maxFileBytes: options.maxFileBytes, tempDir, ...(options.limits ? { limits: options.limits } : {}), ...(staging ? { stage: staging.stage } : {}) } satisfies SheetReadRequest });
  let finished = false;
  try {
    for (;;) {
      const batch = batches.shift();
      if (batch) {
        post({ type: 'ack' });
        yield batch;
        continue;
      }
      const o = state.outcome;
      if (o) {
        finished = o.end !== 'broken';
        if (o.end === 'done') return;
        throw o.error;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    closed = true;
    // Reused only when the worker ended the read itself and every batch was taken.
    await pool.release(reader, finished && batches.length === 0);
    await rm(tempDir, { recursive: true, force: true }).catch(() => undefined);
    await chunks.return?.().catch(() => undefined);
  }
}

import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SheetReadError, type FileLimits, type SheetFormat, type SheetRow } from './sheet-reader';
import type { FromSheetWorker, SheetWorkerData, ToSheetWorker } from './sheet-worker';

/** Files read at the same time (each in its own worker); further reads wait their turn. */
const READERS = 2;
let running = 0;
const queued: (() => void)[] = [];

async function acquire(): Promise<() => void> {
  if (running >= READERS) await new Promise<void>((resolve) => queued.push(resolve));
  running++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    running--;
    queued.shift()?.();
  };
}

/**
 * A worker for one file. From the bundle (dist/main.js) it runs dist/sheet-worker.js, the second entry point of
 * build.mjs; from the TypeScript source (tests, `tsx watch`) it loads sheet-worker.ts through tsx.
 */
function startWorker(data: SheetWorkerData, heapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.max(4, Math.min(64, Math.round(heapMb / 8))), stackSizeMb: 4 };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./sheet-worker.js', import.meta.url), { workerData: data, resourceLimits });
  const entry = new URL('./sheet-worker.ts', import.meta.url).href;
  const tsx = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
  return new Worker(code, { eval: true, workerData: data, resourceLimits });
}

export type IsolatedReadOptions = {
  /** The worker's heap (V8 old generation), MB. */
  heapMb: number;
  maxFileBytes: number;
  onEncoding?: (encoding: string) => void;
  limits?: Partial<FileLimits>;
};

/**
 * readSheetRows in a worker thread with a bounded heap: the file's bytes go to the worker as it asks for them,
 * its rows come back in batches (no message per row), and whatever a file does to the reader — a limit it passes,
 * memory it exhausts, a crash — fails this read with a Chinese message and leaves the API thread as it was. The
 * worker is ended when the read ends (or its consumer stops); the next read starts a fresh one.
 */
export async function* readSheetRowsIsolated(source: AsyncIterable<Buffer>, format: SheetFormat, options: IsolatedReadOptions): AsyncGenerator<SheetRow> {
  const release = await acquire();
  const chunks = source[Symbol.asyncIterator]();
  const data: SheetWorkerData = { format, maxFileBytes: options.maxFileBytes, ...(options.limits ? { limits: options.limits } : {}) };
  let worker: Worker;
  try {
    worker = startWorker(data, options.heapMb);
  } catch (e) {
    release();
    throw e;
  }
  const batches: SheetRow[][] = [];
  let outcome: 'done' | Error | null = null;
  let wake: (() => void) | null = null;
  const settle = (result: 'done' | Error) => {
    outcome ??= result;
    wake?.();
  };
  const post = (m: ToSheetWorker, transfer?: ArrayBuffer[]) => worker.postMessage(m, transfer);
  let pulling: Promise<void> = Promise.resolve();
  worker.on('message', (m: FromSheetWorker) => {
    switch (m.type) {
      case 'pull':
        pulling = pulling.then(async () => {
          const next = await chunks.next();
          if (next.done) return post({ type: 'end' });
          // A copy the worker owns (the chunk may share its memory with others).
          const copy = new Uint8Array(next.value);
          post({ type: 'chunk', data: copy }, [copy.buffer]);
        });
        pulling.catch((e: unknown) => settle(e instanceof Error ? e : new Error(String(e))));
        break;
      case 'encoding':
        options.onEncoding?.(m.encoding);
        break;
      case 'rows':
        batches.push(m.rows);
        wake?.();
        break;
      case 'done':
        settle('done');
        break;
      case 'failed':
        settle(new SheetReadError(m.message ?? '无法读取该文件：文件已损坏或格式不正确，请检查文件后重新上传'));
        break;
    }
  });
  worker.on('error', (e: Error & { code?: string }) => {
    settle(
      new SheetReadError(
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `读取文件时超出内存上限（${options.heapMb} MB），文件过大或过于复杂，已停止读取，未写入任何数据；请分批导入，或另存为 CSV 后导入`
          : '读取文件时读取程序意外停止，未写入任何数据；请检查文件后重新读取',
      ),
    );
  });
  worker.on('exit', () => settle(new SheetReadError('读取文件时读取程序意外停止，未写入任何数据；请检查文件后重新读取')));
  try {
    for (;;) {
      const batch = batches.shift();
      if (batch) {
        post({ type: 'ack' });
        for (const row of batch) {
          // A Buffer arrives as a plain Uint8Array.
          if (row.blob) row.blob = Buffer.from(row.blob.buffer, row.blob.byteOffset, row.blob.byteLength);
          yield row;
        }
        continue;
      }
      if (outcome === 'done') return;
      if (outcome) throw outcome;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    await worker.terminate().catch(() => undefined);
    release();
    await chunks.return?.().catch(() => undefined);
  }
}

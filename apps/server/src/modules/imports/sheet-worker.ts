/**
 * The worker thread that reads one upload (sheet-reading.ts starts it): it pulls the file's bytes from the API
 * thread chunk by chunk, reads them with readSheetRows within FILE_LIMITS, and sends the rows back in batches, at
 * most BATCHES_AHEAD not yet taken. Its heap is bounded by the worker's resource limits: a file that makes it run
 * out of memory ends this thread, not the server. Bundled as dist/sheet-worker.js (build.mjs).
 */
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { SheetReadError, readSheetRows, type FileLimits, type SheetFormat, type SheetRow } from './sheet-reader';

export type SheetWorkerData = { format: SheetFormat; maxFileBytes: number; limits?: Partial<FileLimits> };
export type ToSheetWorker = { type: 'chunk'; data: Uint8Array } | { type: 'end' } | { type: 'ack' };
export type FromSheetWorker =
  | { type: 'pull' }
  | { type: 'encoding'; encoding: string }
  | { type: 'rows'; rows: SheetRow[] }
  | { type: 'done' }
  | { type: 'failed'; message: string | null };

/** Batches sent and not yet taken by the API thread: the worker waits beyond that (memory stays bounded). */
export const BATCHES_AHEAD = 2;
/** A batch is sent at this many rows, or earlier at this many bytes (photos). */
const BATCH_ROWS = 2000;
const BATCH_BYTES = 8 * 1024 * 1024;

const port = parentPort!;
const data = workerData as SheetWorkerData;
let credits = BATCHES_AHEAD;
let onCredit: (() => void) | null = null;
let onInput: ((m: ToSheetWorker) => void) | null = null;
const send = (m: FromSheetWorker) => port.postMessage(m);

port.on('message', (m: ToSheetWorker) => {
  if (m.type === 'ack') {
    credits++;
    onCredit?.();
    onCredit = null;
  } else {
    onInput?.(m);
    onInput = null;
  }
});

async function* input(): AsyncGenerator<Buffer> {
  for (;;) {
    const m = await new Promise<ToSheetWorker>((resolve) => {
      onInput = resolve;
      send({ type: 'pull' });
    });
    if (m.type !== 'chunk') return;
    yield Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength);
  }
}

async function run() {
  let batch: SheetRow[] = [];
  let bytes = 0;
  const flush = async () => {
    if (!batch.length) return;
    while (credits === 0) await new Promise<void>((resolve) => (onCredit = resolve));
    credits--;
    send({ type: 'rows', rows: batch });
    batch = [];
    bytes = 0;
  };
  try {
    const rows = readSheetRows(Readable.from(input()), data.format, {
      onEncoding: (encoding) => send({ type: 'encoding', encoding }),
      maxFileBytes: data.maxFileBytes,
      ...(data.limits ? { limits: data.limits } : {}),
    });
    for await (const row of rows) {
      batch.push(row);
      bytes += row.blob?.length ?? 0;
      for (const c of row.cells) bytes += c.length * 2;
      if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) await flush();
    }
    await flush();
    send({ type: 'done' });
  } catch (e) {
    send({ type: 'failed', message: e instanceof SheetReadError ? e.message : null });
  }
}

void run();

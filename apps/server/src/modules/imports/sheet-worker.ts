/**
 * The worker thread that reads uploads, one at a time (sheet-reading.ts keeps a few and restarts any that fails):
 * for each read it pulls the file's bytes from the API thread chunk by chunk, reads them with readSheetRows within
 * FILE_LIMITS, and sends the rows back in batches, at most BATCHES_AHEAD not yet taken. Its heap is bounded by the
 * worker's resource limits: a file that makes it run out of memory ends this thread, not the server. Bundled as
 * dist/sheet-worker.js (build.mjs).
 */
import { Readable } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import { IMPORT_KINDS } from './kinds/index';
import { SheetReadError, readSheetRows, type FileLimits, type SheetFormat, type SheetRow } from './sheet-reader';
import { RowStager, type SheetState, type StagedBatch } from './staging';

/**
 * `stage`: the rows are checked here with the kind's cell check and sent back as staging batches (staging.ts)
 * instead of as rows read.
 */
export type SheetReadRequest = { format: SheetFormat; maxFileBytes: number; limits?: Partial<FileLimits>; tempDir: string; stage?: { kind: string; today: string } };
/** Every message names its read, so nothing of a read that ended can reach the next one on the same worker. */
export type ToSheetWorker = { read: number } & ({ type: 'start'; request: SheetReadRequest } | { type: 'chunk'; data: Uint8Array } | { type: 'end' } | { type: 'ack' });
export type FromSheetWorker = { read: number } & (
  | { type: 'pull' }
  | { type: 'encoding'; encoding: string }
  | { type: 'rows'; rows: SheetRow[] }
  | { type: 'staged'; batch: StagedBatch }
  | { type: 'done'; sheets?: SheetState[] }
  | { type: 'failed'; message: string | null }
);
type Outgoing = FromSheetWorker extends infer M ? (M extends unknown ? Omit<M, 'read'> : never) : never;

/** Batches sent and not yet taken by the API thread: the worker waits beyond that (memory stays bounded). */
export const BATCHES_AHEAD = 2;
/** A batch is sent at this many rows, or earlier at this many bytes (photos). */
const BATCH_ROWS = 2000;
const BATCH_BYTES = 8 * 1024 * 1024;

const port = parentPort!;

/** One file's read; the API thread starts the next only once this one has said done or failed. */
class Read {
  private credits = BATCHES_AHEAD;
  private onCredit: (() => void) | null = null;
  private onInput: ((m: ToSheetWorker) => void) | null = null;
  constructor(
    readonly id: number,
    private readonly request: SheetReadRequest,
  ) {}

  private send(m: Outgoing) {
    port.postMessage({ ...m, read: this.id });
  }

  credit() {
    this.credits++;
    this.onCredit?.();
    this.onCredit = null;
  }

  input(m: ToSheetWorker) {
    this.onInput?.(m);
    this.onInput = null;
  }

  private async *bytes(): AsyncGenerator<Buffer> {
    for (;;) {
      const m = await new Promise<ToSheetWorker>((resolve) => {
        this.onInput = resolve;
        this.send({ type: 'pull' });
      });
      if (m.type !== 'chunk') return;
      yield Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength);
    }
  }

  /** Waits for a credit (the API thread has taken a batch), then sends. */
  private async sendBatch(m: Outgoing) {
    while (this.credits === 0) await new Promise<void>((resolve) => (this.onCredit = resolve));
    this.credits--;
    this.send(m);
  }

  async run() {
    let batch: SheetRow[] = [];
    let size = 0;
    const flush = async () => {
      if (!batch.length) return;
      await this.sendBatch({ type: 'rows', rows: batch });
      batch = [];
      size = 0;
    };
    try {
      const { format, maxFileBytes, limits, tempDir, stage } = this.request;
      const rows = readSheetRows(Readable.from(this.bytes()), format, {
        onEncoding: (encoding) => this.send({ type: 'encoding', encoding }),
        maxFileBytes,
        tempDir,
        ...(limits ? { limits } : {}),
      });
      if (stage) {
        const kind = IMPORT_KINDS[stage.kind];
        if (!kind || kind.prepare) throw new Error(`kind ${stage.kind} is not checked in the reader`);
        const stager = new RowStager(kind, stage.today, null);
        for await (const row of rows) {
          const staged = stager.add(row);
          if (staged) await this.sendBatch({ type: 'staged', batch: staged });
        }
        const last = stager.take();
        if (last) await this.sendBatch({ type: 'staged', batch: last });
        this.send({ type: 'done', sheets: [...stager.sheets.values()] });
        return;
      }
      for await (const row of rows) {
        batch.push(row);
        size += row.blob?.length ?? 0;
        for (const c of row.cells) size += c.length * 2;
        if (batch.length >= BATCH_ROWS || size >= BATCH_BYTES) await flush();
      }
      await flush();
      this.send({ type: 'done' });
    } catch (e) {
      this.send({ type: 'failed', message: e instanceof SheetReadError ? e.message : null });
    }
  }
}

let current: Read | null = null;
port.on('message', (m: ToSheetWorker) => {
  if (m.type === 'start') {
    const read = new Read(m.read, m.request);
    current = read;
    void read.run().finally(() => {
      if (current === read) current = null;
    });
  } else if (current?.id !== m.read) {
    // A late answer to a read that has ended.
  } else if (m.type === 'ack') {
    current.credit();
  } else {
    current.input(m);
  }
});

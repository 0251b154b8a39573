// The part of unzipper 0.10 (the zip reader exceljs itself uses) that photo imports use.
declare module 'unzipper' {
  import type { Duplex, Readable } from 'node:stream';
  export interface Entry extends Readable {
    path: string;
    type: 'File' | 'Directory';
    vars: { uncompressedSize: number };
    autodrain(): { promise(): Promise<void> };
  }
  export function Parse(options?: { forceStream?: boolean; verbose?: boolean }): Duplex & AsyncIterable<Entry>;
  const unzipper: { Parse: typeof Parse };
  export default unzipper;
}

// The part of unzipper 0.10 (the zip reader exceljs itself uses) that photo imports and the card tests use.
declare module 'unzipper' {
  import type { Duplex, Readable } from 'node:stream';
  export interface Entry extends Readable {
    path: string;
    type: 'File' | 'Directory';
    vars: { uncompressedSize: number };
    autodrain(): { promise(): Promise<void> };
  }
  export function Parse(options?: { forceStream?: boolean; verbose?: boolean }): Duplex & AsyncIterable<Entry>;
  /** A whole zip in memory, its central directory read: the files with their names and contents. */
  export interface CentralDirectory {
    files: Array<{ path: string; type: 'File' | 'Directory'; buffer(): Promise<Buffer> }>;
  }
  export const Open: { buffer(data: Buffer): Promise<CentralDirectory> };
  const unzipper: { Parse: typeof Parse; Open: typeof Open };
  export default unzipper;
}

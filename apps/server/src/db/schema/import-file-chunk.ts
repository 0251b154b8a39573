/** A 1 MB piece of an uploaded import file, read back in order by the background reader. */
export interface ImportFileChunkTable {
  job_id: string;
  region_code: string;
  unit_id: string | null;
  seq: number;
  data: Uint8Array;
}

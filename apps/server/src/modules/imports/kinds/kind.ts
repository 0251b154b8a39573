import type { TImportColumn, TImportKindCode, TRowCheck } from '@canbao/domain';
import type { Kysely, Transaction } from 'kysely';
import type { ImportJob } from '../../../db/schema/import-job';
import type { DB } from '../../../db/schema/index';

/**
 * What differs between the kinds of import: the columns (the template and the header matching), the check of one
 * row, the set-based checks against the database, and the commit. The engine does the rest: streaming, staging,
 * progress, preview, the all-or-nothing transaction, the error report, the audit.
 */
export interface ImportKind<K extends string = string> {
  /** The contract's code of the kind (IMPORT_KIND_CODES). */
  code: TImportKindCode;
  /** Chinese name, for pages and messages. */
  name: string;
  /** Imports into one unit (its operator, or the agency choosing the unit); otherwise region-wide. */
  needsUnit: boolean;
  /** A region-wide kind a unit operator may also run, within its own unit (photos). Default: agency only. */
  unitsMay?: boolean;
  /** The collector (tax bureau, bank) may run it too: the paid rosters. Default: agency and units only. */
  collectorsMay?: boolean;
  /** One document may appear on many rows (a person paying twice); the engine then does not refuse repeats. */
  repeatedDocumentsAllowed?: boolean;
  /** 'files': a zip whose files are the rows (checked by checkFile); default: sheets with a header row. */
  source?: 'sheets' | 'files';
  checkFile?(fileName: string, bytes: Buffer | null, today: string): TRowCheck<Record<string, unknown>, K>;
  columns: readonly TImportColumn<K>[];
  /** The data sheets of the template, in order. A file's sheets of other names are read as the first one. */
  templateSheets: readonly string[];
  /** Columns left out of a template sheet. */
  templateOmit?: Readonly<Record<string, readonly K[]>>;
  /**
   * The outcome a row that passed its cell check is staged with. Default none: `validate()` decides every row. A
   * kind whose rows are mostly one outcome (enrollment: 'new') stages them so, and validate() only rewrites the
   * exceptions — a whole-file UPDATE less.
   */
  stagedOutcome?: string;
  /** Reference data the row check needs (the region's exemption categories …), read once per file. */
  prepare?(trx: Transaction<DB>, regionCode: string): Promise<unknown>;
  check(cells: Partial<Record<K, string>>, sheet: string, today: string, prepared: unknown): TRowCheck<Record<string, unknown>, K>;
  /** Set-based checks of the staged rows: sets `outcome` (error, new, changed, unchanged …) and adds errors. */
  validate(trx: Transaction<DB>, jobId: string, region: string): Promise<void>;
  /** Writes the job's rows; called in the one transaction of the commit. Returns extra counts. */
  /** `onCitus`: the database is a Citus coordinator (a kind that writes differently there: docs/scale.md). */
  commit(trx: Transaction<DB>, job: ImportJob, today: string, onCitus: boolean): Promise<Record<string, number>>;
  /** The audit action written per person for each final outcome. */
  auditActions: Readonly<Record<string, string>>;
  /** Work that follows a committed import outside its transaction (e.g. issuing receipts for the payments written). */
  afterCommit?(db: Kysely<DB>): void;
}

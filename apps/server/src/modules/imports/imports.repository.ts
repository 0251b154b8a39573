import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema/index';
import { PERSON_COLUMNS } from './kinds/enrollment';

type Db = Kysely<DB> | Transaction<DB>;

/** The columns of a staged row the lists show (never `blob`: a photo's bytes stay in the table). */
const ROW_COLUMNS = ['seq', 'sheet', 'row_no', 'outcome', 'errors', 'payload', 'cells', 'document_type', 'document_number', 'person_id', 'holder_unit_name', 'changes'] as const;

export type RowsFilter = { outcome?: string | undefined };

/**
 * One page of a job's staged rows in file order, optionally of one outcome. With `after` (the last `seq` of the page
 * before) the page is a range of the primary key (job_id, seq) — index-friendly at any depth; without it the first
 * `offset` rows are skipped. An outcome has no index of its own on purpose: the commit rewrites nearly every row's
 * outcome, and an index on it would turn those heap-only updates into index writes (migration 20261126T1200); a
 * page of a rare outcome reads at most the job's own range of the key. The region is named as a value (the key's
 * first column): on Citus it routes the read to the region's shard, which a policy's setting cannot.
 */
export function importRowsPageQuery(db: Db, region: string, jobId: string, filter: RowsFilter, page: RowsPage) {
  return db
    .selectFrom('import_row')
    .select(ROW_COLUMNS)
    .where('region_code', '=', region)
    .where('job_id', '=', jobId)
    .$if(filter.outcome !== undefined, (q) => q.where('outcome', '=', filter.outcome!))
    .$if(page.after !== undefined, (q) => q.where('seq', '>', page.after!))
    .orderBy('seq')
    .limit(page.limit)
    .$if(page.after === undefined && page.offset > 0, (q) => q.offset(page.offset));
}

export type RowsPage = { after?: number | undefined; offset: number; limit: number };

export const findImportRowsPage = (db: Db, region: string, jobId: string, filter: RowsFilter, page: RowsPage) => importRowsPageQuery(db, region, jobId, filter, page).execute();

export type StagedRow = Awaited<ReturnType<typeof findImportRowsPage>>[number];

/** How many of a job's rows there are (of one outcome): one pass over the job's range of the primary key. */
export async function countImportRows(db: Db, region: string, jobId: string, filter: RowsFilter): Promise<number> {
  const row = await db
    .selectFrom('import_row')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('region_code', '=', region)
    .where('job_id', '=', jobId)
    .$if(filter.outcome !== undefined, (q) => q.where('outcome', '=', filter.outcome!))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The register's values an enrollment row is compared with (persons of the scope only: row-level security too). */
export function findPersonsForDiff(db: Db, scope: { regionCode: string; unitId: string | null }, ids: readonly string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('person')
    .select(['id', ...PERSON_COLUMNS])
    .where('region_code', '=', scope.regionCode)
    .$if(scope.unitId !== null, (q) => q.where('unit_id', '=', scope.unitId))
    .where('id', 'in', ids)
    .execute();
}

export type PersonForDiff = Awaited<ReturnType<typeof findPersonsForDiff>>[number];

/** Which of these persons already have a card photo (a photo zip's row then replaces it). */
export async function findPersonsWithPhoto(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('person_photo').select('person_id').where('person_id', 'in', ids).execute();
  return new Set(rows.map((r) => r.person_id));
}

/** What is still due on these declarations (a paid line of another amount names it). */
export async function findDeclarationsDue(db: Db, regionCode: string, ids: readonly string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('declaration').select(['id', 'payable_fen', 'paid_fen']).where('region_code', '=', regionCode).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, Number(r.payable_fen) - Number(r.paid_fen)]));
}

/** What is still due on these settlements (a bank's deduction of another amount names it). */
export async function findSettlementsDue(db: Db, regionCode: string, ids: readonly string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('settlement').select(['id', 'payable_fen', 'paid_fen']).where('region_code', '=', regionCode).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, Number(r.payable_fen) - Number(r.paid_fen)]));
}

import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema/index';
import type { DeductionAgreement } from '../../db/schema/deduction-agreement';

type Db = Kysely<DB> | Transaction<DB>;
type Scope = { regionCode: string; unitId: string | null };

/** The person an agreement belongs to, as the caller's scope holds it: the agency's region, or the unit's own persons. */
export function personInScope(db: Db, scope: Scope, id: string) {
  return db
    .selectFrom('person')
    .select(['id', 'name', 'unit_id', 'status'])
    .where('region_code', '=', scope.regionCode)
    .where('id', '=', id)
    .$if(scope.unitId !== null, (q) => q.where('unit_id', '=', scope.unitId))
    .executeTakeFirst();
}

/** Two writers of one person's agreement queue here, so "revoke the live one, insert the new one" is one step. */
export async function lockPerson(db: Db, regionCode: string, id: string) {
  await sql`SELECT 1 FROM person WHERE region_code = ${regionCode} AND id = ${id} FOR NO KEY UPDATE`.execute(db);
}

export function liveAgreement(db: Db, regionCode: string, personId: string): Promise<DeductionAgreement | undefined> {
  return db
    .selectFrom('deduction_agreement')
    .selectAll()
    .where('region_code', '=', regionCode)
    .where('person_id', '=', personId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Revokes the live agreement (if any); of many at once, one revokes it and the others find nothing. */
export function revokeLive(db: Db, regionCode: string, personId: string, at: Date, by: string): Promise<DeductionAgreement | undefined> {
  return db
    .updateTable('deduction_agreement')
    .set({ revoked_at: at, revoked_by: by })
    .where('region_code', '=', regionCode)
    .where('person_id', '=', personId)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export function insertAgreement(
  db: Db,
  row: { region_code: string; person_id: string; bank_code: string; account_number: string; account_holder: string; holder_document_number: string | null; signed_on: string; created_by: string; created_at: Date },
): Promise<DeductionAgreement> {
  return db.insertInto('deduction_agreement').values(row).returningAll().executeTakeFirstOrThrow();
}

/**
 * What a person still owes on a declaration of the year that they pay themselves: a settled declaration with an
 * open notice, the notice's amount or what the ledger still lacks, whichever is less — the rule of the family pay
 * page (family-pay.service `dueOf`). A declaration its unit pays as a whole has no notice and is never deducted.
 */
function dueDeclarations(db: Db, regionCode: string, year: number) {
  return db
    .selectFrom('declaration as d')
    .innerJoin('payment_notice as n', (j) => j.onRef('n.region_code', '=', 'd.region_code').onRef('n.declaration_id', '=', 'd.id'))
    .where('d.region_code', '=', regionCode)
    .where('d.insurance_year', '=', year)
    .where('d.status', '=', 'settled')
    .where('n.status', '=', 'open')
    .where(sql<boolean>`LEAST(n.amount_fen, d.payable_fen - d.paid_fen) > 0`);
}

/** Per bank: live agreements, and of the year the declarations due with their sum. */
export async function bankSummaries(db: Db, regionCode: string, year: number) {
  const agreements = await db
    .selectFrom('deduction_agreement')
    .select(['bank_code', (eb) => eb.fn.countAll<string>().as('n')])
    .where('region_code', '=', regionCode)
    .where('revoked_at', 'is', null)
    .groupBy('bank_code')
    .execute();
  const due = await dueDeclarations(db, regionCode, year)
    .innerJoin('deduction_agreement as a', (j) => j.onRef('a.region_code', '=', 'd.region_code').onRef('a.person_id', '=', 'd.person_id').on('a.revoked_at', 'is', null))
    .select(['a.bank_code', (eb) => eb.fn.countAll<string>().as('n'), sql<string>`sum(LEAST(n.amount_fen, d.payable_fen - d.paid_fen))`.as('fen')])
    .groupBy('a.bank_code')
    .execute();
  return agreements.map((a) => {
    const d = due.find((x) => x.bank_code === a.bank_code);
    return { bankCode: a.bank_code, agreements: Number(a.n), due: Number(d?.n ?? 0), dueFen: Number(d?.fen ?? 0) };
  });
}

/** One page of a bank's deduction file, ordered by declaration id (keyset: page 50 costs what page 1 does). */
function filePage(db: Db, f: { regionCode: string; year: number; bankCode: string }, after: string | null, size: number) {
  return dueDeclarations(db, f.regionCode, f.year)
    .innerJoin('deduction_agreement as a', (j) => j.onRef('a.region_code', '=', 'd.region_code').onRef('a.person_id', '=', 'd.person_id').on('a.revoked_at', 'is', null))
    .innerJoin('person as p', (j) => j.onRef('p.region_code', '=', 'd.region_code').onRef('p.id', '=', 'd.person_id'))
    .select([
      'd.id as declaration_id',
      'd.insurance_year',
      'p.name',
      'p.document_type',
      'p.document_number',
      'a.account_number',
      'a.account_holder',
      'a.signed_on',
      sql<number>`LEAST(n.amount_fen, d.payable_fen - d.paid_fen)`.as('owed_fen'),
    ])
    .where('a.bank_code', '=', f.bankCode)
    .$if(after !== null, (q) => q.where('d.id', '>', after!))
    .orderBy('d.id')
    .limit(size)
    .execute();
}
export type CardDeductionLine = Awaited<ReturnType<typeof filePage>>[number];

export async function* filePages(db: Db, f: { regionCode: string; year: number; bankCode: string }, pageSize = 2000) {
  let after: string | null = null;
  for (;;) {
    const rows = await filePage(db, f, after, pageSize);
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.declaration_id;
  }
}

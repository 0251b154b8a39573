import { DOCUMENT_TYPE_CODES } from '@canbao/domain';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema/index';
import type { NewPerson, PersonUpdate } from '../../db/schema/person';
import { containsPattern, personNameContains } from '../../db/like';

type Db = Kysely<DB> | Transaction<DB>;
type PersonScope = { regionCode: string; unitId: string | null };

/**
 * What a unit reads besides the persons it holds: those it stopped on or after `stoppedSince` that nobody has taken
 * over since (read-only; the database's person_stopped_sight policy draws the same line).
 */
export type PersonSight = { stoppedSince: string } | null;

/** The scope filter every person query starts from: region always, the current unit for unit operators. */
export function scopedPersons(db: Db, scope: PersonScope, sight: PersonSight = null) {
  return db
    .selectFrom('person as p')
    .leftJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'p.region_code').onRef('u.id', '=', 'p.unit_id'))
    .leftJoin('division as hd', 'hd.code', 'p.hukou_district_code')
    .leftJoin('division as hs', 'hs.code', 'p.hukou_street_code')
    .selectAll('p')
    .select(['u.name as unit_name', 'hd.name as hukou_district_name', 'hs.name as hukou_street_division_name'])
    .where('p.region_code', '=', scope.regionCode)
    .$if(scope.unitId !== null && sight === null, (q) => q.where('p.unit_id', '=', scope.unitId))
    .$if(scope.unitId !== null && sight !== null, (q) =>
      q.where((eb) =>
        eb.or([
          eb('p.unit_id', '=', scope.unitId),
          eb.and([eb('p.status', '=', 'stopped'), eb('p.stopped_from_unit_id', '=', scope.unitId), eb('p.stopped_on', '>=', sight!.stoppedSince)]),
        ]),
      ),
    );
}

export type PersonFilter = {
  q?: string | undefined;
  unitId?: string | undefined;
  gradeCode?: string | undefined;
  className?: string | undefined;
  status?: 'active' | 'stopped' | undefined;
  /** A normalised document number: matched exactly (the index), never by LIKE. */
  documentNumber?: string | undefined;
};

/**
 * The persons of the scope matching a list filter: what the list shows and the export writes. A search within a
 * unit matches a part of the name or of the address, the student number or the class; across the whole region
 * (the agency without a unit chosen) a part of the name, through the name-grams index — a part of an address or a
 * class name would read every person of the region. A full ID number is matched exactly either way.
 */
function filteredPersons(db: Db, scope: PersonScope, f: PersonFilter, sight: PersonSight) {
  const regionWide = scope.unitId === null && !f.unitId;
  return scopedPersons(db, scope, sight)
    // Every document type named, so that the region's document key (region, type, number) finds it at once.
    .$if(!!f.documentNumber, (q) => q.where('p.document_type', 'in', [...DOCUMENT_TYPE_CODES]).where('p.document_number', '=', f.documentNumber!))
    .$if(!!f.q && !f.documentNumber && regionWide, (q) => q.where(personNameContains(scope.regionCode, 'p.id', f.q!)))
    .$if(!!f.q && !f.documentNumber && !regionWide, (q) =>
      q.where((eb) =>
        eb.or([eb('p.name', 'like', containsPattern(f.q!)), eb('p.student_number', '=', f.q!), eb('p.class_name', '=', f.q!), eb('p.hukou_address', 'like', containsPattern(f.q!))]),
      ),
    )
    .$if(!!f.unitId, (q) => q.where('p.unit_id', '=', f.unitId!))
    .$if(!!f.gradeCode, (q) => q.where('p.grade_code', '=', f.gradeCode!))
    .$if(!!f.className, (q) => q.where('p.class_name', '=', f.className!))
    .$if(!!f.status, (q) => q.where('p.status', '=', f.status!));
}

/**
 * A page of the list and the count of all it holds. The page is chosen on the persons alone — their ids, in list
 * order, with the count beside them (one read of the unit's persons) — and only its rows are then read whole with
 * their unit and divisions: joining 1,500 pupils to three tables to keep 20 of them cost two thirds of a school's
 * list (13 ms of 19 on the city of a million).
 */
export async function findPersons(db: Db, scope: PersonScope, f: PersonFilter, page: { limit: number; offset: number }, sight: PersonSight = null) {
  const base = filteredPersons(db, scope, f, sight);
  const picked = await base
    .clearSelect()
    .select(['p.id', sql<string>`count(*) OVER ()`.as('total')])
    .orderBy('p.grade_code')
    .orderBy('p.class_name')
    .orderBy('p.name')
    .orderBy('p.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  if (!picked.length) {
    // Past the last page: nothing to show, the count still told.
    const count = page.offset > 0 ? await base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow() : { n: 0 };
    return { rows: [], total: Number(count.n) };
  }
  const whole = await scopedPersons(db, scope, sight).where('p.id', 'in', picked.map((r) => r.id)).execute();
  const byId = new Map(whole.map((r) => [r.id, r]));
  return { rows: picked.flatMap((r) => byId.get(r.id) ?? []), total: Number(picked[0]!.total) };
}

function pageOfPersons(db: Db, scope: PersonScope, f: PersonFilter, sight: PersonSight, after: string | null, pageSize: number) {
  return filteredPersons(db, scope, f, sight)
    .$if(after !== null, (q) => q.where('p.id', '>', after!))
    .orderBy('p.id')
    .limit(pageSize)
    .execute();
}

/**
 * Every person matching the filter, in pages keyed by id (the primary key): page 500 costs what page 1 does,
 * where OFFSET would rescan everything before it. For exports, inside one transaction.
 */
export async function* pagesOfPersons(db: Db, scope: PersonScope, f: PersonFilter, sight: PersonSight = null, pageSize = 2000) {
  let after: string | null = null;
  for (;;) {
    const rows = await pageOfPersons(db, scope, f, sight, after, pageSize);
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.id;
  }
}

export function getPersonInScope(db: Db, scope: PersonScope, id: string, sight: PersonSight = null) {
  return scopedPersons(db, scope, sight).where('p.id', '=', id).executeTakeFirst();
}

/** Inserts unless the document number is already registered in the region: then returns null, no error. */
export async function insertPersonIfNew(db: Db, person: NewPerson): Promise<string | null> {
  const row = await db
    .insertInto('person')
    .values(person)
    .onConflict((oc) => oc.columns(['region_code', 'document_type', 'document_number']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function findHolder(db: Db, regionCode: string, documentType: string, documentNumber: string) {
  const r = await sql<{ person_id: string; unit_id: string | null; unit_name: string | null; person_name: string; status: string }>`
    SELECT * FROM canbao_person_holder(${regionCode}, ${documentType}, ${documentNumber})`.execute(db);
  return r.rows[0] ?? null;
}

export async function claimStoppedPerson(db: Db, regionCode: string, personId: string): Promise<boolean> {
  const r = await sql<{ claimed: boolean }>`SELECT canbao_claim_stopped_person(${regionCode}, ${personId}::uuid) AS claimed`.execute(db);
  return r.rows[0]?.claimed === true;
}

export async function releasePerson(db: Db, regionCode: string, personId: string, reason: string, on: string): Promise<boolean> {
  const r = await sql<{ released: boolean }>`SELECT canbao_release_person(${regionCode}, ${personId}::uuid, ${reason}, ${on}::date) AS released`.execute(db);
  return r.rows[0]?.released === true;
}

export async function updatePerson(db: Db, id: string, patch: PersonUpdate) {
  await db.updateTable('person').set(patch).where('id', '=', id).execute();
}

export async function openMembership(db: Db, row: { region_code: string; person_id: string; unit_id: string; started_on: string }) {
  await db.insertInto('person_membership').values(row).execute();
}

export async function closeMembership(db: Db, personId: string, endedOn: string, reason: string) {
  await db
    .updateTable('person_membership')
    .set({ ended_on: endedOn, end_reason: reason as never })
    .where('person_id', '=', personId)
    .where('ended_on', 'is', null)
    .execute();
}

export function findMemberships(db: Db, personId: string) {
  return db
    .selectFrom('person_membership as m')
    .leftJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'm.region_code').onRef('u.id', '=', 'm.unit_id'))
    .select(['m.id', 'm.unit_id', 'u.name as unit_name', 'm.started_on', 'm.ended_on', 'm.end_reason'])
    .where('m.person_id', '=', personId)
    .orderBy('m.started_on')
    .orderBy('m.created_at')
    .execute();
}

export function findExemptions(db: Db, personId: string) {
  return db.selectFrom('person_exemption').selectAll().where('person_id', '=', personId).orderBy('valid_from').execute();
}

/** The classes of the persons on the roll in scope: grade, class and head count, for the class pickers. */
export function findStreets(db: Db, scope: PersonScope, f: { unitId?: string | undefined }) {
  return scopedPersons(db, scope)
    .clearSelect()
    .innerJoin('division as d', 'd.code', 'p.hukou_street_code')
    .select((eb) => ['d.code', 'd.name', eb.fn.countAll<number>().as('n')])
    .where('p.status', '=', 'active')
    .$if(!!f.unitId, (q) => q.where('p.unit_id', '=', f.unitId!))
    .groupBy(['d.code', 'd.name'])
    .orderBy('d.code')
    .limit(500)
    .execute();
}

export function findClasses(db: Db, scope: PersonScope, f: { unitId?: string | undefined; gradeCode?: string | undefined }) {
  return scopedPersons(db, scope)
    .clearSelect()
    .select((eb) => ['p.grade_code', 'p.class_name', eb.fn.countAll<number>().as('n')])
    .where('p.status', '=', 'active')
    .where('p.class_name', 'is not', null)
    .$if(!!f.unitId, (q) => q.where('p.unit_id', '=', f.unitId!))
    .$if(!!f.gradeCode, (q) => q.where('p.grade_code', '=', f.gradeCode!))
    .groupBy(['p.grade_code', 'p.class_name'])
    .orderBy('p.grade_code')
    .orderBy('p.class_name')
    .limit(500)
    .execute();
}

import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema/index';
import type { NewUnit, UnitUpdate } from '../../db/schema/unit';
import { containsPattern } from '../../db/like';

type Db = Kysely<DB> | Transaction<DB>;
type UnitScope = { regionCode: string; unitId: string | null };

/** The scope filter every unit query starts from: region always, own unit for unit operators. */
function scopedUnits(db: Db, scope: UnitScope) {
  return db
    .selectFrom('unit as u')
    .leftJoin('division as d', 'd.code', 'u.district_code')
    .leftJoin('division as s', 's.code', 'u.street_code')
    .selectAll('u')
    .select(['d.name as district_name', 's.name as street_name'])
    .where('u.region_code', '=', scope.regionCode)
    .$if(scope.unitId !== null, (q) => q.where('u.id', '=', scope.unitId));
}

export type UnitFilter = { q?: string | undefined; kind?: string | undefined; districtCode?: string | undefined };

/** The units of the scope matching a list filter: what the list shows and the export writes. */
function filteredUnits(db: Db, scope: UnitScope, f: UnitFilter) {
  return scopedUnits(db, scope)
    .$if(!!f.q, (q) => q.where((eb) => eb.or([eb('u.name', 'like', containsPattern(f.q!)), eb('u.school_code', '=', f.q!), eb('u.uscc', '=', f.q!.toUpperCase())])))
    .$if(!!f.kind, (q) => q.where('u.kind', '=', f.kind as never))
    .$if(!!f.districtCode, (q) => q.where('u.district_code', '=', f.districtCode!));
}

export async function findUnits(db: Db, scope: UnitScope, f: UnitFilter, page: { limit: number; offset: number }) {
  const base = filteredUnits(db, scope, f);
  const rows = await base.orderBy('u.district_code').orderBy('u.name').limit(page.limit).offset(page.offset).execute();
  const count = await base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

function pageOfUnits(db: Db, scope: UnitScope, f: UnitFilter, after: string | null, pageSize: number) {
  return filteredUnits(db, scope, f)
    .$if(after !== null, (q) => q.where('u.id', '>', after!))
    .orderBy('u.id')
    .limit(pageSize)
    .execute();
}

/** Every unit matching the filter, in pages keyed by id, for exports (inside one transaction). */
export async function* pagesOfUnits(db: Db, scope: UnitScope, f: UnitFilter, pageSize = 2000) {
  let after: string | null = null;
  for (;;) {
    const rows = await pageOfUnits(db, scope, f, after, pageSize);
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.id;
  }
}

export function getUnitInScope(db: Db, scope: UnitScope, id: string) {
  return scopedUnits(db, scope).where('u.id', '=', id).executeTakeFirst();
}

export async function insertUnit(db: Db, unit: NewUnit) {
  return db.insertInto('unit').values(unit).returning('id').executeTakeFirstOrThrow();
}

export async function updateUnit(db: Db, id: string, patch: UnitUpdate) {
  await db.updateTable('unit').set(patch).where('id', '=', id).execute();
}

/** Which other unit of the region already uses a code: names the holder in a conflict message. */
export function findUnitByCode(db: Db, regionCode: string, column: 'uscc' | 'school_code' | 'name', value: string, exceptId?: string) {
  return db
    .selectFrom('unit')
    .select(['id', 'name'])
    .where('region_code', '=', regionCode)
    .where(column, '=', value)
    .$if(!!exceptId, (q) => q.where('id', '<>', exceptId!))
    .executeTakeFirst();
}

export function findCoordinators(db: Db, unitId: string, withHistory: boolean) {
  return db
    .selectFrom('unit_coordinator')
    .selectAll()
    .where('unit_id', '=', unitId)
    .$if(!withHistory, (q) => q.where('valid_to', 'is', null))
    .orderBy('valid_to', (ob) => ob.desc().nullsFirst())
    .orderBy('valid_from', 'desc')
    .execute();
}

export function getCoordinator(db: Db, unitId: string, id: string) {
  return db.selectFrom('unit_coordinator').selectAll().where('unit_id', '=', unitId).where('id', '=', id).executeTakeFirst();
}

import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema/index';

type Db = Kysely<DB> | Transaction<DB>;
type Scope = { regionCode: string; unitId: string | null };

/** The region's campaign profiles (not templates), newest version of each, by insurance year. */
export async function findRegionProfiles(db: Db, regionCode: string) {
  return db
    .selectFrom('policy_profile as p')
    .select(['p.profile_key', 'p.insurance_year', 'p.version', 'p.body'])
    .where('p.region_code', '=', regionCode)
    .where('p.version', '=', (eb) =>
      eb.selectFrom('policy_profile as q').select((e) => e.fn.max('q.version').as('v')).whereRef('q.profile_key', '=', 'p.profile_key'),
    )
    .orderBy('p.insurance_year', 'desc')
    .orderBy('p.created_at', 'desc')
    .execute();
}

/** The persons a declaration step reads, with their unit's kind. */
export function candidatePersons(db: Db, scope: Scope) {
  return db
    .selectFrom('person as p')
    .leftJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'p.region_code').onRef('u.id', '=', 'p.unit_id'))
    .select([
      'p.id',
      'p.unit_id',
      'p.name',
      'p.document_type',
      'p.document_number',
      'p.birth_date',
      'p.gender',
      'p.hukou_type',
      'p.hukou_district_code',
      'p.residence_permit_since',
      'p.grade_code',
      'p.class_name',
      'p.points_eligibility',
      'p.status',
      'p.enrolls_through_unit',
      'p.not_enrolled_reason',
      'p.leaving_reason',
      'p.expected_graduation_year',
      'u.kind as unit_kind',
      // On the agency's list of employee insurance (职工医保): not declared for resident insurance. The region is
      // named as a value: Citus routes a statement to one shard only when every table in it is pinned so.
      sql<boolean>`EXISTS (SELECT 1 FROM employee_insured e WHERE e.region_code = ${scope.regionCode} AND e.region_code = p.region_code AND e.document_type = p.document_type AND e.document_number = p.document_number)`.as('employee_insured'),
    ])
    .where('p.region_code', '=', scope.regionCode)
    .$if(scope.unitId !== null, (q) => q.where('p.unit_id', '=', scope.unitId));
}
export type CandidatePerson = Awaited<ReturnType<ReturnType<typeof candidatePersons>['execute']>>[number];

export async function exemptionsOf(db: Db, personIds: string[]) {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('person_exemption')
    .select(['person_id', 'category_code', 'valid_from', 'valid_to', 'certificate_name', 'certificate_number', 'source'])
    .where('person_id', 'in', personIds)
    .execute();
}

/** Earlier years' declarations of these persons (the enrollment history the waiting period reads). */
export async function historyOf(db: Db, regionCode: string, personIds: string[], beforeYear: number) {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('declaration')
    .select(['person_id', 'insurance_year', 'status', 'window_kind'])
    .where('region_code', '=', regionCode)
    .where('person_id', 'in', personIds)
    .where('insurance_year', '<', beforeYear)
    .where('status', '!=', 'removed')
    .execute();
}

export async function declarationHolder(db: Db, regionCode: string, personId: string, year: number) {
  const r = await sql<{ unit_name: string; status: string }>`SELECT * FROM canbao_declaration_holder(${regionCode}, ${personId}::uuid, ${year}::int)`.execute(db);
  return r.rows[0] ?? null;
}

export async function claimRemovedDeclaration(db: Db, regionCode: string, personId: string, year: number): Promise<string | null> {
  const r = await sql<{ id: string | null }>`SELECT canbao_claim_removed_declaration(${regionCode}, ${personId}::uuid, ${year}::int) AS id`.execute(db);
  return r.rows[0]?.id ?? null;
}

export function scopedDeclarations(db: Db, scope: Scope) {
  return db
    .selectFrom('declaration as d')
    .innerJoin('person as p', (j) => j.onRef('p.region_code', '=', 'd.region_code').onRef('p.id', '=', 'd.person_id'))
    .leftJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'd.region_code').onRef('u.id', '=', 'd.unit_id'))
    .where('d.region_code', '=', scope.regionCode)
    .$if(scope.unitId !== null, (q) => q.where('d.unit_id', '=', scope.unitId));
}

/** One recomputation of a region's profile at a time (held to the end of the transaction). */
export async function lockRecompute(db: Db, regionCode: string, profileKey: string) {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`recompute:${regionCode}:${profileKey}`}))`.execute(db);
}

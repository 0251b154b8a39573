import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema/index';
import { exemptionCategoriesOf, type TExemptionCategories, type TPolicyProfile } from '@canbao/domain';
import type { NewPolicyProfile } from '../../db/schema/policy-profile';

type Db = Kysely<DB> | Transaction<DB>;

/** The newest version of every profile. */
export function findCurrentProfiles(db: Db) {
  return db
    .selectFrom('policy_profile as p')
    .selectAll('p')
    .where('p.version', '=', (eb) =>
      eb.selectFrom('policy_profile as q').select((e) => e.fn.max('q.version').as('v')).whereRef('q.profile_key', '=', 'p.profile_key'),
    )
    .orderBy('p.region_code')
    .orderBy('p.insurance_year')
    .execute();
}

/** The newest insurance year's profile body of a region (current version), or undefined. */
export async function newestRegionProfile(db: Db, regionCode: string): Promise<TPolicyProfile | undefined> {
  const row = await db
    .selectFrom('policy_profile')
    .select('body')
    .where('region_code', '=', regionCode)
    .orderBy('insurance_year', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.body as TPolicyProfile | undefined;
}

/** The regions this deployment runs a campaign for. */
export async function servedRegionCodes(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('region').select('code').execute();
  return new Set(rows.map((r) => r.code));
}

export function getCurrentProfile(db: Db, key: string) {
  return db
    .selectFrom('policy_profile')
    .selectAll()
    .where('profile_key', '=', key)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findProfileVersions(db: Db, key: string) {
  return db
    .selectFrom('policy_profile')
    .select(['version', 'note', 'created_by_username', 'created_at'])
    .where('profile_key', '=', key)
    .orderBy('version', 'desc')
    .execute();
}

export async function insertProfileVersion(db: Db, row: NewPolicyProfile) {
  await db.insertInto('policy_profile').values(row).execute();
}

export async function existingProfileKeys(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('policy_profile').select(sql<string>`DISTINCT profile_key`.as('k')).execute();
  return new Set(rows.map((r) => r.k));
}

/**
 * The region's exemption categories: the identities its policy profiles define, named as the newest year names them
 * and recognised by every earlier name and alias. A category no profile knows could not be priced, so registration
 * and list imports refuse it.
 */
export async function findExemptionCategories(db: Db, regionCode: string): Promise<TExemptionCategories> {
  const rows = await db.selectFrom('policy_profile').select('body').where('region_code', '=', regionCode).orderBy('insurance_year').orderBy('version').execute();
  return exemptionCategoriesOf(rows.map((r) => (r.body as TPolicyProfile).identities));
}

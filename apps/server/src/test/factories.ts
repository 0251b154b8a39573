import { randomBytes } from 'node:crypto';
import { computeResidentIdCheckChar, type TRole, type TUnitKind } from '@canbao/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema/index';
import { hashPassword } from '../modules/auth/password';
import { adoptTemplateForRegion } from '../modules/policies/policies.service';

/** Factories insert real rows; each test builds exactly what it needs. */
export const TEST_PASSWORD = 'test-pass-123';
let passwordHash: Promise<string> | null = null;
const seq = () => randomBytes(3).toString('hex');

export async function buildRegion(db: Kysely<DB>, overrides: { code?: string; name?: string } = {}) {
  const code = overrides.code ?? '320500';
  await db
    .insertInto('region')
    .values({ code, name: overrides.name ?? `统筹区${code}`, agency_name: `${code}经办机构` })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  await db
    .insertInto('division')
    .values({ code, name: `区划${code}`, level: 'city', parent_code: null })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  return code;
}

export async function buildUnit(
  db: Kysely<DB>,
  overrides: { regionCode?: string; name?: string; kind?: TUnitKind; contactPhone?: string } = {},
) {
  const regionCode = await buildRegion(db, { code: overrides.regionCode ?? '320500' });
  // A real district of the region, as units have.
  const district = await db.selectFrom('division').select('code').where('parent_code', '=', regionCode).where('level', '=', 'district').orderBy('code').executeTakeFirst();
  return db
    .insertInto('unit')
    .values({
      region_code: regionCode,
      district_code: district?.code ?? regionCode,
      name: overrides.name ?? `测试学校${seq()}`,
      kind: overrides.kind ?? 'primary',
      contact_name: '测试联系人',
      contact_phone: overrides.contactPhone ?? '13800001111',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildUser(
  db: Kysely<DB>,
  overrides: { role?: TRole; unitId?: string | null; regionCode?: string; username?: string; mustChangePassword?: boolean } = {},
) {
  const regionCode = await buildRegion(db, { code: overrides.regionCode ?? '320500' });
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const username = overrides.username ?? `u${seq()}`;
  // Every account holds its name in login_name (unique across regions).
  await db.insertInto('login_name').values({ region_code: regionCode, username }).execute();
  return db
    .insertInto('app_user')
    .values({
      region_code: regionCode,
      unit_id: overrides.unitId ?? null,
      username,
      display_name: '测试用户',
      role: overrides.role ?? 'agency_admin',
      password_hash: await passwordHash,
      must_change_password: overrides.mustChangePassword ?? false,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A unit with its operator. */
export async function buildUnitWithOperator(db: Kysely<DB>, overrides: { regionCode?: string; name?: string; kind?: TUnitKind } = {}) {
  const unit = await buildUnit(db, overrides);
  const operator = await buildUser(db, { role: 'unit_operator', unitId: unit.id, regionCode: unit.region_code });
  return { unit, operator };
}

/** The region's campaign for an insurance year on the national template (windows: declaration Sep–Dec, adjustment January). */
export async function buildCampaign(db: Kysely<DB>, year = 2027, regionCode = '320500') {
  await buildRegion(db, { code: regionCode });
  await adoptTemplateForRegion(db, { regionCode, regionName: `统筹区${regionCode}`, year, key: `campaign-${regionCode}-${year}` });
  return year;
}

/** A valid resident ID number for a birth date and a serial (3 digits). */
export function residentId(region6: string, birthDate: string, serial: number) {
  const body = `${region6}${birthDate.replaceAll('-', '')}${String(serial).padStart(3, '0')}`;
  return body + computeResidentIdCheckChar(body);
}

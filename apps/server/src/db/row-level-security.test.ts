import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUnitWithOperator, residentId } from '../test/factories';
import { createTestDatabase } from '../test/build-test-app';
import { writeAudit } from '../modules/audit/audit.service';
import { inScope, type Database, type Scope } from './database';

/**
 * The second wall: queries that forget their filter, run in a request's scope, still see only the scope's rows.
 * Runs on PGlite and on PostgreSQL.
 */
let database: Database & { drop(): Promise<void> };
let scopeA: Scope;
let unitB: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const A = await buildUnitWithOperator(database.db, { name: 'RLS甲' });
  const B = await buildUnitWithOperator(database.db, { name: 'RLS乙' });
  await buildUnitWithOperator(database.db, { name: '外区单位', regionCode: '510100' });
  unitB = B.unit.id;
  scopeA = { userId: A.operator.id, username: A.operator.username, role: 'unit_operator', regionCode: '320500', unitId: A.unit.id };
  await writeAudit(database.db, { regionCode: '320500', unitId: unitB }, null, { action: 'test.b', entityType: 'unit', entityId: unitB });
});
afterAll(() => database.drop());

describe('[RLS] row-level security', () => {
  it('runs scoped transactions as the non-superuser role canbao_app', async () => {
    const who = await inScope(database.db, scopeA, (trx) => sql<{ u: string; s: boolean }>`SELECT current_user AS u, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS s`.execute(trx));
    expect(who.rows[0]).toEqual({ u: 'canbao_app', s: false });
    const after = await sql<{ u: string }>`SELECT current_user AS u`.execute(database.db);
    expect(after.rows[0]!.u).not.toBe('canbao_app');
  });

  it('unfiltered selects return only the operator’s own unit, users and audit rows', async () => {
    const seen = await inScope(database.db, scopeA, async (trx) => ({
      units: await trx.selectFrom('unit').select('id').execute(),
      users: await trx.selectFrom('app_user').select('unit_id').execute(),
      audit: await trx.selectFrom('audit_log').select('unit_id').execute(),
      regions: await trx.selectFrom('region').select('code').execute(),
    }));
    expect(seen.units).toEqual([{ id: scopeA.unitId }]);
    expect(seen.users.every((u) => u.unit_id === scopeA.unitId)).toBe(true);
    expect(seen.audit).toEqual([]);
    expect(seen.regions).toEqual([{ code: '320500' }]);
  });

  it('an agency scope sees its whole region and nothing of another region', async () => {
    const units = await inScope(database.db, { ...scopeA, role: 'agency_admin', unitId: null }, (trx) =>
      trx.selectFrom('unit').select('region_code').execute(),
    );
    expect(units.length).toBe(2);
    expect(units.every((u) => u.region_code === '320500')).toBe(true);
  });

  it('updates of another unit’s rows touch nothing; inserts into another unit are refused', async () => {
    const res = await inScope(database.db, scopeA, (trx) => trx.updateTable('unit').set({ name: '改名' }).where('id', '=', unitB).executeTakeFirst());
    expect(Number(res.numUpdatedRows)).toBe(0);
    await expect(
      inScope(database.db, scopeA, (trx) => writeAudit(trx, { regionCode: '320500', unitId: unitB }, null, { action: 'forged', entityType: 'unit' })),
    ).rejects.toThrow(/row-level security/);
  });

  it('a transaction without any scope set sees nothing', async () => {
    const rows = await database.db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('role', 'canbao_app', true)`.execute(trx);
      return trx.selectFrom('unit').select('id').execute();
    });
    expect(rows).toEqual([]);
  });

  it('a person’s records follow the unit holding the person: written by the database, moved when the person moves', async () => {
    const agency: Scope = { ...scopeA, role: 'agency_admin', unitId: null };
    const person = await inScope(database.db, agency, (trx) =>
      trx
        .insertInto('person')
        .values({ region_code: '320500', unit_id: unitB, document_type: '01', document_number: residentId('320505', '2015-03-01', 41), name: '随人走', gender: 'male', birth_date: '2015-03-01', hukou_type: 'local_urban' })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    const exemption = { region_code: '320500', person_id: person.id, category_code: 'dibao', category_name: '低保', certifying_department: '民政局', valid_from: '2026-01-01', source: 'document' as const };
    // Unit A cannot write a record of B's pupil: the trigger writes B as its holder, A's policy refuses the row.
    await expect(inScope(database.db, scopeA, (trx) => trx.insertInto('person_exemption').values(exemption).execute())).rejects.toThrow(/row-level security/);
    await inScope(database.db, agency, (trx) => trx.insertInto('person_exemption').values(exemption).execute());
    const seenBy = (unitId: string) => inScope(database.db, { ...scopeA, unitId }, (trx) => trx.selectFrom('person_exemption').select('person_id').where('person_id', '=', person.id).execute());
    expect(await seenBy(unitB)).toHaveLength(1);
    expect(await seenBy(scopeA.unitId!)).toHaveLength(0);
    // The agency moves the pupil to A: the record goes with it.
    await inScope(database.db, agency, (trx) => trx.updateTable('person').set({ unit_id: scopeA.unitId }).where('id', '=', person.id).execute());
    expect(await seenBy(scopeA.unitId!)).toHaveLength(1);
    expect(await seenBy(unitB)).toHaveLength(0);
    // A unit cannot point its record at another unit's person either.
    const other = await inScope(database.db, agency, (trx) =>
      trx
        .insertInto('person')
        .values({ region_code: '320500', unit_id: unitB, document_type: '01', document_number: residentId('320505', '2015-04-01', 43), name: '别人家', gender: 'female', birth_date: '2015-04-01', hukou_type: 'local_urban' })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    await expect(
      inScope(database.db, scopeA, (trx) => trx.updateTable('person_exemption').set({ person_id: other.id }).where('person_id', '=', person.id).execute()),
    ).rejects.toThrow(/row-level security/);
    // Stopped (held by nobody): no unit sees it.
    await inScope(database.db, agency, (trx) => trx.updateTable('person').set({ unit_id: null, status: 'stopped' }).where('id', '=', person.id).execute());
    expect(await seenBy(scopeA.unitId!)).toHaveLength(0);
  });

  it('the audit trail is append-only, for the app role and the owner alike', async () => {
    await expect(inScope(database.db, { ...scopeA, unitId: null, role: 'agency_admin' }, (trx) => trx.deleteFrom('audit_log').execute())).rejects.toThrow();
    await expect(database.db.updateTable('audit_log').set({ action: 'x' }).execute()).rejects.toThrow(/append-only/);
    await expect(database.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
  });
});

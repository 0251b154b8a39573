import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { prepareDatabase } from '../setup';
import { TEST_PASSWORD, buildUnitWithOperator, residentId } from '../test/factories';
import { login } from '../test/build-test-app';
import { writeAudit } from '../modules/audit/audit.service';
import { inScope, openDatabase, type Database, type Scope } from './database';

// The production set-up of scripts/production-roles.sql, run as written (names made unique, as roles are shared by
// every database of the server): migrations and system work as a non-superuser owner, requests' scoped
// transactions as a login that can only SET ROLE canbao_app. A RESET ROLE inside a request's transaction must gain
// nothing over canbao_app.
const onPostgres = process.env.TEST_DB === 'postgres';
const BASE = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');

describe.skipIf(!onPostgres)('[RLS] production roles: the scoped login cannot gain more than canbao_app', () => {
  // PGlite has one built-in superuser and no logins: the set-up exists only on a PostgreSQL server.
  const tag = randomBytes(4).toString('hex');
  const names = { owner: `canbao_t_own_${tag}`, request: `canbao_t_req_${tag}`, db: `canbao_t_prod_${tag}` };
  const urlAs = (user: string, db: string) => {
    const u = new URL(BASE.toString());
    u.username = user;
    u.password = '';
    u.pathname = `/${db}`;
    return u.toString();
  };
  const psql = (file: string) =>
    execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-v', "owner_password='x'", '-v', "request_password='x'", '-d', BASE.toString(), '-f', file], { stdio: 'pipe' });
  let admin: Database;
  let database: Database;
  let scopeA: Scope;
  let unitB: string;

  beforeAll(async () => {
    const script = readFileSync(path.resolve(import.meta.dirname, '../../../../scripts/production-roles.sql'), 'utf8')
      .replaceAll('canbao_owner', names.owner)
      .replaceAll('canbao_request', names.request)
      .replaceAll(/DATABASE canbao\b/g, `DATABASE ${names.db}`)
      .replaceAll(/\\connect canbao\b/g, `\\connect ${names.db}`);
    const file = path.join(tmpdir(), `${names.db}.sql`);
    writeFileSync(file, script);
    psql(file);
    admin = await openDatabase({ databaseUrl: BASE.toString(), dataDir: '', poolSize: 1 });
    database = await openDatabase({ databaseUrl: urlAs(names.owner, names.db), scopedDatabaseUrl: urlAs(names.request, names.db), dataDir: '', poolSize: 3 });
    // The migrations run as the non-superuser owner.
    await prepareDatabase(database.db, { streetProvinces: ['32'] });
    const A = await buildUnitWithOperator(database.db, { name: '生产甲' });
    const B = await buildUnitWithOperator(database.db, { name: '生产乙' });
    await buildUnitWithOperator(database.db, { name: '外区', regionCode: '510100' });
    unitB = B.unit.id;
    scopeA = { userId: A.operator.id, username: A.operator.username, role: 'unit_operator', regionCode: '320500', unitId: A.unit.id };
    await writeAudit(database.db, { regionCode: '320500', unitId: unitB }, null, { action: 'test.b', entityType: 'unit', entityId: unitB });
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    if (admin) {
      await sql`DROP DATABASE IF EXISTS ${sql.id(names.db)} WITH (FORCE)`.execute(admin.db);
      await sql`DROP ROLE IF EXISTS ${sql.id(names.request)}`.execute(admin.db);
      await sql`DROP ROLE IF EXISTS ${sql.id(names.owner)}`.execute(admin.db);
      await admin.close();
    }
  });

  it('neither login is a superuser, bypasses RLS or owns anything but the owner', async () => {
    const { rows } = await sql<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; rolinherit: boolean; member_of: string[] }>`
      SELECT r.rolname, r.rolsuper, r.rolbypassrls, r.rolinherit,
             ARRAY(SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid ORDER BY 1)::text[] AS member_of
      FROM pg_roles r WHERE r.rolname IN (${names.owner}, ${names.request}) ORDER BY r.rolname`.execute(database.db);
    expect(rows).toEqual([
      { rolname: names.owner, rolsuper: false, rolbypassrls: false, rolinherit: true, member_of: ['canbao_app'] },
      { rolname: names.request, rolsuper: false, rolbypassrls: false, rolinherit: false, member_of: ['canbao_app'] },
    ]);
    const owned = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = ${names.request})`.execute(database.db);
    expect(owned.rows[0]!.n).toBe(0);
  });

  it('scoped transactions run on the scoped login as canbao_app, and see only their scope', async () => {
    const seen = await inScope(database.db, scopeA, async (trx) => ({
      who: (await sql<{ current: string; session: string }>`SELECT current_user AS current, session_user AS session`.execute(trx)).rows[0],
      units: await trx.selectFrom('unit').select('id').execute(),
    }));
    expect(seen.who).toEqual({ current: 'canbao_app', session: names.request });
    expect(seen.units).toEqual([{ id: scopeA.unitId }]);
  });

  it('after RESET ROLE inside a request transaction: no table at all, let alone audit_log or another region', async () => {
    const attempt = (statement: ReturnType<typeof sql>) =>
      inScope(database.db, scopeA, async (trx) => {
        await sql`RESET ROLE`.execute(trx);
        expect((await sql<{ u: string }>`SELECT current_user AS u`.execute(trx)).rows[0]!.u).toBe(names.request);
        return statement.execute(trx);
      });
    await expect(attempt(sql`UPDATE audit_log SET action = 'forged'`)).rejects.toThrow(/permission denied/);
    await expect(attempt(sql`DELETE FROM audit_log`)).rejects.toThrow(/permission denied/);
    await expect(attempt(sql`SELECT id FROM unit WHERE region_code = '510100'`)).rejects.toThrow(/permission denied/);
    await expect(attempt(sql`SELECT id FROM unit WHERE id = ${unitB}`)).rejects.toThrow(/permission denied/);
    await expect(attempt(sql`SELECT * FROM app_user`)).rejects.toThrow(/permission denied/);
    await expect(attempt(sql`SET ROLE ${sql.id(names.owner)}`)).rejects.toThrow(/permission denied/);
    await expect(attempt(sql`SET ROLE postgres`)).rejects.toThrow(/permission denied/);
    // Back to canbao_app is all it can do, and that is the scope's own rows again.
    const back = await inScope(database.db, scopeA, async (trx) => {
      await sql`RESET ROLE`.execute(trx);
      await sql`SET ROLE canbao_app`.execute(trx);
      return trx.selectFrom('unit').select('id').execute();
    });
    expect(back).toEqual([{ id: scopeA.unitId }]);
    const audit = await database.db.selectFrom('audit_log').select('action').where('entity_id', '=', unitB).execute();
    expect(audit).toEqual([{ action: 'test.b' }]);
  });

  it('the whole app works on this set-up: login, a scoped list, a write with its audit row', async () => {
    const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', DATA_DIR: 'memory://', LOG_LEVEL: 'silent' }), database });
    await app.ready();
    try {
      const admin320 = await buildUnitWithOperator(database.db, { name: '生产丙' });
      const client = await login(app, admin320.operator.username, TEST_PASSWORD);
      const units = await client.request('GET', '/api/v1/units');
      expect(units.statusCode, units.body).toBe(200);
      expect(units.json().items.map((u: { id: string }) => u.id)).toEqual([admin320.unit.id]);
      const created = await client.request('POST', '/api/v1/persons', {
        documentType: '01',
        documentNumber: residentId('320508', '2018-05-01', 11),
        name: '张小明',
        hukouType: 'local_urban',
        gradeCode: '03',
        className: '1班',
      });
      expect(created.statusCode, created.body).toBe(201);
      const audit = await database.db.selectFrom('audit_log').select('action').where('entity_id', '=', created.json().person.id).execute();
      expect(audit.map((a) => a.action)).toContain('person.registered');
    } finally {
      await app.close();
    }
  });
});

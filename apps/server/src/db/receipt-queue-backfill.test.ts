import { randomBytes } from 'node:crypto';
import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUnit, residentId } from '../test/factories';
import { openDatabase, type Database } from './database';
import { migrations } from './migrations/index';
import type { DB } from './schema/index';

// Migration 20261127T0900-receipt-queue queues the paid declarations that have no valid receipt yet: a database
// migrated before it, with data, then migrated to the latest.
const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
let database: Database;
let drop: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  if (process.env.TEST_DB !== 'postgres') {
    database = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
    drop = () => database.close();
    return;
  }
  const name = `canbao_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl: POSTGRES_URL, dataDir: '', poolSize: 1 });
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  database = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 2 });
  drop = async () => {
    await database.close();
    await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
    await admin.close();
  };
});
afterAll(() => drop());

const migrator = (db: Kysely<DB>) => new Migrator({ db, provider: { getMigrations: async () => migrations } });

describe('migration 20261127T0900-receipt-queue', () => {
  it('queues every paid declaration without a valid receipt, and nothing else', async () => {
    const db = database.db;
    const before = await migrator(db).migrateTo('20261126T1200-import-speed');
    expect(before.error).toBeUndefined();
    const unit = await buildUnit(db);
    const declare = async (serial: number, status: 'settled' | 'paid', payableFen: number) => {
      const person = await db
        .insertInto('person')
        .values({ region_code: '320500', document_type: '01', document_number: residentId('320508', '2018-03-01', serial), name: `人${serial}`, gender: 'male', birth_date: '2018-03-01', hukou_type: 'local_urban', unit_id: unit.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      return db
        .insertInto('declaration')
        .values({
          region_code: '320500', insurance_year: 2027, person_id: person.id, status, profile_key: 'k', profile_version: 1, window_kind: 'declaration', path_code: 'school',
          category_code: 'c', category_name: '城乡居民', parts: JSON.stringify([]), total_fen: 40000, subsidy_fen: 40000 - payableFen, payable_fen: payableFen,
          paid_fen: status === 'paid' ? payableFen : 0, benefit_start: '2027-01-01', benefit_end: '2027-12-31', reasons: JSON.stringify([]), declared_on: '2026-10-01',
          paid_at: status === 'paid' ? new Date('2026-11-20T08:00:00Z') : null,
        })
        .returning(['id', 'person_id'])
        .executeTakeFirstOrThrow();
    };
    const due = await declare(1, 'paid', 40000);
    const receipted = await declare(2, 'paid', 40000);
    const reissue = await declare(3, 'paid', 30000); // its receipt was voided (subsidy granted after payment)
    await declare(4, 'paid', 0); // fully subsidised: no receipt
    await declare(5, 'settled', 40000);
    for (const [d, voided, n] of [[receipted, null, 1], [reissue, new Date(), 2]] as const) {
      const pay = await db
        .insertInto('payment')
        .values({ region_code: '320500', insurance_year: 2027, channel: 'sandbox', transaction_id: `T${n}`, source: 'channel', declaration_id: d.id, amount_fen: 40000, paid_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('receipt')
        .values({ region_code: '320500', insurance_year: 2027, number: `32050020270000000${n}`, payment_id: pay.id, declaration_id: d.id, person_id: d.person_id, amount_fen: 40000, verify_code: 'ABCDEFGH', voided_at: voided })
        .execute();
    }

    const after = await migrator(db).migrateToLatest();
    expect(after.error).toBeUndefined();
    const queued = await db.selectFrom('receipt_due').select(['region_code', 'insurance_year', 'declaration_id']).orderBy('declaration_id').execute();
    expect(queued).toEqual([due.id, reissue.id].sort().map((id) => ({ region_code: '320500', insurance_year: 2027, declaration_id: id })));
  });
});

import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema/index';
import type { DivisionTable, NewDivision } from '../../db/schema/division';

type Db = Kysely<DB> | Transaction<DB>;

export async function countDivisions(db: Db): Promise<number> {
  const r = await db.selectFrom('division').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Inserts in batches; existing codes get the current name (divisions are renamed now and then). */
export async function upsertDivisions(db: Db, rows: NewDivision[], batch = 2000): Promise<void> {
  for (let i = 0; i < rows.length; i += batch) {
    await db
      .insertInto('division')
      .values(rows.slice(i, i + batch))
      .onConflict((oc) => oc.column('code').doUpdateSet({ name: sql`excluded.name`, level: sql`excluded.level`, parent_code: sql`excluded.parent_code` }))
      .execute();
  }
}

export function findChildren(db: Db, parentCode: string | null) {
  return db
    .selectFrom('division')
    .select(['code', 'name', 'level', 'parent_code'])
    .$if(parentCode === null, (q) => q.where('parent_code', 'is', null))
    .$if(parentCode !== null, (q) => q.where('parent_code', '=', parentCode))
    .orderBy('code')
    .execute();
}

export function getDivision(db: Db, code: string) {
  return db.selectFrom('division').select(['code', 'name', 'level', 'parent_code']).where('code', '=', code).executeTakeFirst();
}

/** The division and its ancestors, root first (province → city → district → street). */
export async function getDivisionPath(db: Db, code: string) {
  const rows = await sql<{ code: string; name: string; level: DivisionTable['level']; depth: number }>`
    WITH RECURSIVE up AS (
      SELECT code, name, level, parent_code, 0 AS depth FROM division WHERE code = ${code}
      UNION ALL
      SELECT d.code, d.name, d.level, d.parent_code, up.depth + 1 FROM division d JOIN up ON d.code = up.parent_code
    )
    SELECT code, name, level, depth FROM up ORDER BY depth DESC`.execute(db);
  return rows.rows;
}

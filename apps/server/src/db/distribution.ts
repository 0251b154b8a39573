import { sql, type Kysely } from 'kysely';
import type { DB } from './schema/index';

/**
 * Where every table goes on Citus (issue 18): the one list of the tables that are not distributed by region.
 *
 * Every other table of the schema carries `region_code` and is a region table: distributed by `region_code`,
 * colocated with all the others (one region's rows of every table on one shard group). db/distribution.test.ts
 * reads the migrated catalog and holds the schema to the rules Citus distributes by (`distributionOffenders`):
 * - a region table has `region_code NOT NULL`, a primary key, and every primary key, unique constraint, unique
 *   index and exclusion constraint starts with `region_code`;
 * - a foreign key between two region tables has `region_code` on both sides at the same position; none goes from a
 *   reference or local table to a region table, nor from a region table to a local one; none that names
 *   `region_code` sets it NULL or DEFAULT on delete or cascades an update;
 * - a table without `region_code` is listed here, as reference or as local;
 * - no row-level policy of a region or reference table holds a sub-select (a SubLink, whatever it reads: Citus
 *   refuses every one, even `(SELECT canbao_region())`), and a policy calls only the functions listed below;
 * - a SECURITY DEFINER function is not LANGUAGE sql and takes the region explicitly (`p_region text` first).
 * docs/scale.md explains the rules and the choices.
 */

/** Replicated to every node: read by every region, written rarely. */
export const REFERENCE_TABLES = [
  /** The regions served. */
  'region',
  /** GB/T 2260 administrative divisions. */
  'division',
  /** Policy profiles and the templates regions adopt: read across regions (the public fee quote, the template list). */
  'policy_profile',
  /** Every username of every region, keeping usernames unique across regions (one login page for all). */
  'login_name',
] as const;

/** Kept on the coordinator only: not a region's data, written by system work. */
export const LOCAL_TABLES = [
  /** Login attempts per client address and per name. */
  'login_throttle',
  /** Public lookup counters (keyed hashes). */
  'lookup_throttle',
  /** Kysely's migration bookkeeping. */
  'kysely_migration',
  'kysely_migration_lock',
] as const;

export const DISTRIBUTION_COLUMN = 'region_code';

/**
 * The functions a row-level policy may call: they read settings and the clock only. A function reading a table is
 * accepted by Citus when the policy is created, but a worker refuses it when the policy runs (a query of a
 * distributed table from inside a shard's query): what a policy needs of another row is stored in the row and kept
 * true by the database (`holder_unit_id`, `receipt_due.unit_id`: migration 20261204T1000).
 */
export const POLICY_FUNCTIONS = ['canbao_region', 'canbao_unit', 'canbao_stopped_sight_since'] as const;

type Placement = 'region' | 'reference' | 'local' | 'unlisted';

/**
 * Everything in the migrated catalog (schema `public`) that would keep the schema from distributing by region,
 * one sentence per offender; empty when the schema follows the rules.
 */
export async function distributionOffenders(db: Kysely<DB>): Promise<string[]> {
  const reference = new Set<string>(REFERENCE_TABLES);
  const local = new Set<string>(LOCAL_TABLES);
  const offenders: string[] = [];

  const tables = (
    await sql<{ oid: number; name: string; region_attnum: number | null; region_notnull: boolean | null }>`
      SELECT c.oid::int AS oid, c.relname AS name, a.attnum::int AS region_attnum, a.attnotnull AS region_notnull
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = ${DISTRIBUTION_COLUMN} AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
      ORDER BY c.relname`.execute(db)
  ).rows;
  const byOid = new Map(tables.map((t) => [t.oid, t]));
  const placement = (name: string, hasRegion: boolean): Placement =>
    reference.has(name) ? 'reference' : local.has(name) ? 'local' : hasRegion ? 'region' : 'unlisted';
  const placed = new Map(tables.map((t) => [t.oid, placement(t.name, t.region_attnum !== null)]));

  for (const name of [...reference, ...local]) {
    if (!tables.some((t) => t.name === name)) offenders.push(`${name}: listed in db/distribution.ts but no such table`);
  }
  for (const t of tables) {
    const p = placed.get(t.oid)!;
    if (p === 'unlisted') offenders.push(`${t.name}: no ${DISTRIBUTION_COLUMN} and not listed as a reference or local table`);
    if (p === 'local' && t.region_attnum !== null) offenders.push(`${t.name}: listed as local but holds ${DISTRIBUTION_COLUMN} (a region's data is distributed)`);
    if (p === 'region' && !t.region_notnull) offenders.push(`${t.name}: ${DISTRIBUTION_COLUMN} may be NULL`);
  }

  // Primary keys, unique constraints, unique indexes and exclusion constraints of region tables.
  const keys = (
    await sql<{ table_oid: number; index_name: string; is_primary: boolean; contype: string | null; first_key: number }>`
      SELECT x.indrelid::int AS table_oid, i.relname AS index_name, x.indisprimary AS is_primary, con.contype::text AS contype,
             x.indkey[0]::int AS first_key
      FROM pg_index x
      JOIN pg_class i ON i.oid = x.indexrelid
      LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x')
      WHERE (x.indisunique OR con.contype = 'x') AND i.relnamespace = 'public'::regnamespace
      ORDER BY 1, 2`.execute(db)
  ).rows;
  for (const t of tables) {
    if (placed.get(t.oid) !== 'region') continue;
    const own = keys.filter((k) => k.table_oid === t.oid);
    if (!own.some((k) => k.is_primary)) offenders.push(`${t.name}: no primary key`);
    for (const k of own) {
      if (k.first_key === t.region_attnum) continue;
      const what = k.is_primary ? 'primary key' : k.contype === 'u' ? 'unique constraint' : k.contype === 'x' ? 'exclusion constraint' : 'unique index';
      offenders.push(`${t.name}: ${what} ${k.index_name} does not start with ${DISTRIBUTION_COLUMN}`);
    }
  }

  // Foreign keys.
  const fkeys = (
    await sql<{ name: string; src: number; dst: number; conkey: number[]; confkey: number[]; del: string; upd: string }>`
      SELECT con.conname AS name, con.conrelid::int AS src, con.confrelid::int AS dst,
             con.conkey::int[] AS conkey, con.confkey::int[] AS confkey, con.confdeltype::text AS del, con.confupdtype::text AS upd
      FROM pg_constraint con
      WHERE con.contype = 'f' AND con.connamespace = 'public'::regnamespace
      ORDER BY con.conname`.execute(db)
  ).rows;
  for (const f of fkeys) {
    const src = byOid.get(f.src);
    const dst = byOid.get(f.dst);
    if (!src || !dst) continue;
    const [ps, pd] = [placed.get(f.src)!, placed.get(f.dst)!];
    const label = `${src.name}.${f.name} → ${dst.name}`;
    if (pd === 'region' && ps !== 'region') offenders.push(`${label}: a foreign key from a ${ps} table to a distributed table`);
    if (ps === 'region' && pd === 'local') offenders.push(`${label}: a foreign key from a distributed table to a local table`);
    if (ps === 'region' && pd === 'region') {
      const at = f.conkey.indexOf(src.region_attnum!);
      if (at < 0 || f.confkey[at] !== dst.region_attnum) offenders.push(`${label}: does not match ${DISTRIBUTION_COLUMN} to ${DISTRIBUTION_COLUMN} (a foreign key between region tables)`);
    }
    if (ps === 'region' && f.conkey.includes(src.region_attnum!)) {
      if (f.del === 'n' || f.del === 'd') offenders.push(`${label}: ON DELETE SET NULL/DEFAULT with ${DISTRIBUTION_COLUMN} in the key`);
      if (f.upd === 'n' || f.upd === 'd' || f.upd === 'c') offenders.push(`${label}: ON UPDATE SET NULL/DEFAULT/CASCADE with ${DISTRIBUTION_COLUMN} in the key`);
    }
  }

  // Row-level policies of the tables Citus would hold (region and reference tables).
  const policies = (
    await sql<{ table_oid: number; name: string; qual: string | null; check: string | null }>`
      SELECT p.polrelid::int AS table_oid, p.polname AS name, p.polqual::text AS qual, p.polwithcheck::text AS check
      FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
      WHERE c.relnamespace = 'public'::regnamespace
      ORDER BY c.relname, p.polname`.execute(db)
  ).rows;
  const functionIds = new Set<number>();
  for (const p of policies) for (const m of `${p.qual ?? ''} ${p.check ?? ''}`.matchAll(/:funcid (\d+)/g)) functionIds.add(Number(m[1]));
  const functions = new Map(
    functionIds.size
      ? (
          await sql<{ oid: number; name: string; schema: string }>`
            SELECT p.oid::int AS oid, p.proname AS name, n.nspname AS schema
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE p.oid = ANY(${[...functionIds]}::oid[])`.execute(db)
        ).rows.map((f) => [f.oid, f])
      : [],
  );
  const allowed = new Set<string>(POLICY_FUNCTIONS);
  for (const p of policies) {
    const t = byOid.get(p.table_oid)!;
    const where = placed.get(p.table_oid);
    if (where !== 'region' && where !== 'reference') continue;
    const tree = `${p.qual ?? ''} ${p.check ?? ''}`;
    if (tree.includes('{SUBLINK')) {
      const read = [...new Set([...tree.matchAll(/:relid (\d+)/g)].map((m) => byOid.get(Number(m[1]))?.name ?? `oid ${m[1]}`))];
      offenders.push(`${t.name}: policy ${p.name} holds a sub-select (reading ${read.length ? read.join(', ') : 'no table'})`);
    }
    for (const m of tree.matchAll(/:funcid (\d+)/g)) {
      const f = functions.get(Number(m[1]));
      if (f && f.schema !== 'pg_catalog' && !allowed.has(f.name)) offenders.push(`${t.name}: policy ${p.name} calls ${f.name}(), not a listed policy function`);
    }
  }

  // Definer functions.
  const definers = (
    await sql<{ name: string; language: string; first_arg: string | null; first_type: string | null; is_trigger: boolean }>`
      SELECT p.oid::regprocedure::text AS name, l.lanname AS language, p.proargnames[1] AS first_arg,
             format_type(p.proargtypes[0], NULL) AS first_type, p.prorettype = 'trigger'::regtype AS is_trigger
      FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
      WHERE p.prosecdef AND p.pronamespace = 'public'::regnamespace
      ORDER BY 1`.execute(db)
  ).rows;
  for (const f of definers) {
    if (f.language === 'sql') offenders.push(`${f.name}: a SECURITY DEFINER function in LANGUAGE sql`);
    if (!f.is_trigger && (f.first_arg !== 'p_region' || f.first_type !== 'text')) offenders.push(`${f.name}: a SECURITY DEFINER function not taking the region first (p_region text)`);
  }

  return [...new Set(offenders)];
}

const coordinatorOf = new WeakMap<object, Promise<boolean>>();

/**
 * isCitusCoordinator, asked once per database handle (a server's pool): for the paths that run differently on a
 * coordinator, without a query each time. Not for a transaction (its handle is new each time): pass the pool's.
 */
export function onCitusCoordinator(db: Kysely<DB>): Promise<boolean> {
  let known = coordinatorOf.get(db);
  if (!known) {
    known = isCitusCoordinator(db);
    coordinatorOf.set(db, known);
    known.catch(() => coordinatorOf.delete(db));
  }
  return known;
}

/** Whether the database is a Citus coordinator (the extension is installed and this node holds the metadata). */
export async function isCitusCoordinator(db: Kysely<DB>): Promise<boolean> {
  const ext = await sql<{ on: boolean }>`SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS on`.execute(db);
  if (!ext.rows[0]?.on) return false;
  const r = await sql<{ coordinator: boolean }>`SELECT citus_is_coordinator() AS coordinator`.execute(db);
  return r.rows[0]?.coordinator === true;
}

/**
 * Distributes a migrated database on a Citus coordinator (the app's start on a coordinator, the API suite on
 * Citus: docs/scale.md): reference tables replicated, every region table by `region_code`, all colocated with the
 * first in 32 shards. Idempotent: only what is not yet placed is placed, so a later migration's new table is
 * distributed by the next start. Citus refuses to distribute a table that holds or is referenced by a foreign key
 * to a table not yet distributed, so the foreign keys touching a table still to place are read from the catalog
 * (their exact definitions), dropped, and added again once every table is placed — the same constraints, now
 * checked within a shard. The SECURITY DEFINER functions become distributed functions (below). Runs as the
 * database's owner, statement by statement (each placement commits on its own). Returns what it placed.
 */
export async function distributeOnCitus(db: Kysely<DB>, options: { shardCount?: number } = {}): Promise<{ tables: string[]; functions: string[] }> {
  const reference = new Set<string>(REFERENCE_TABLES);
  const local = new Set<string>(LOCAL_TABLES);
  const placed = new Set(
    (await sql<{ name: string }>`SELECT c.relname AS name FROM pg_dist_partition p JOIN pg_class c ON c.oid = p.logicalrelid WHERE c.relnamespace = 'public'::regnamespace`.execute(db)).rows.map((r) => r.name),
  );
  const tables = (
    await sql<{ name: string; has_region: boolean }>`
      SELECT c.relname AS name,
             EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = ${DISTRIBUTION_COLUMN} AND NOT a.attisdropped) AS has_region
      FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname`.execute(db)
  ).rows;
  const pendingReference = REFERENCE_TABLES.filter((t) => !placed.has(t));
  const regionTables = tables.filter((t) => !reference.has(t.name) && !local.has(t.name) && t.has_region).map((t) => t.name);
  const pendingRegion = regionTables.filter((t) => !placed.has(t));
  const pending = [...pendingReference, ...pendingRegion];

  if (pending.length > 0) {
    const foreignKeys = (
      await sql<{ table_name: string; name: string; definition: string }>`
        SELECT c.relname AS table_name, con.conname AS name, pg_get_constraintdef(con.oid) AS definition
        FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_class f ON f.oid = con.confrelid
        WHERE con.contype = 'f' AND con.connamespace = 'public'::regnamespace
          AND (c.relname = ANY(${pending}::text[]) OR f.relname = ANY(${pending}::text[]))
        ORDER BY c.relname, con.conname`.execute(db)
    ).rows;
    for (const f of foreignKeys) await sql`ALTER TABLE ${sql.id(f.table_name)} DROP CONSTRAINT ${sql.id(f.name)}`.execute(db);
    for (const name of pendingReference) await sql`SELECT create_reference_table(${name}::regclass)`.execute(db);
    let first: string | null = regionTables.find((t) => placed.has(t)) ?? null;
    for (const name of pendingRegion) {
      await sql`SELECT create_distributed_table(${name}::regclass, ${DISTRIBUTION_COLUMN},
                  colocate_with => ${first ?? 'none'}, shard_count => ${first ? null : (options.shardCount ?? 32)})`.execute(db);
      first ??= name;
    }
    for (const f of foreignKeys) await sql`ALTER TABLE ${sql.id(f.table_name)} ADD CONSTRAINT ${sql.id(f.name)} ${sql.raw(f.definition)}`.execute(db);
  }

  // A write to a reference table that references another (login_name → region) makes Citus lock the referenced
  // table's shard on every node, which it allows only to a role that may write to that table. The app role gets
  // UPDATE on such a table together with a restrictive policy that lets it update no row: it changes nothing there.
  const referenced = (
    await sql<{ name: string }>`
      SELECT DISTINCT dst.relname AS name
      FROM pg_constraint con JOIN pg_class src ON src.oid = con.conrelid JOIN pg_class dst ON dst.oid = con.confrelid
      WHERE con.contype = 'f' AND con.connamespace = 'public'::regnamespace
        AND src.relname = ANY(${[...REFERENCE_TABLES]}::text[]) AND dst.relname = ANY(${[...REFERENCE_TABLES]}::text[])
        AND src.oid <> dst.oid AND dst.relrowsecurity
        AND has_table_privilege('canbao_app', src.oid, 'INSERT, UPDATE, DELETE')
        AND NOT has_table_privilege('canbao_app', dst.oid, 'UPDATE')
      ORDER BY 1`.execute(db)
  ).rows;
  for (const t of referenced) {
    await sql`CREATE POLICY ${sql.id(`${t.name}_no_update`)} ON ${sql.id(t.name)} AS RESTRICTIVE FOR UPDATE TO canbao_app USING (false)`.execute(db);
    await sql`GRANT UPDATE ON ${sql.id(t.name)} TO canbao_app`.execute(db);
  }

  // The definer functions run on the region's worker, inside the caller's transaction and over its connection:
  // run on the coordinator they would read and write the shards as their owner, over a connection of their own,
  // which Citus refuses once the caller's role has written to the region's shards in the transaction. A call on its
  // own (`SELECT f(…)`, `SELECT * FROM f(…)`) is delegated to the worker of its first argument, the region; a call
  // inside a statement pinned to the region goes with it into the region's shard, where Citus lets a function
  // query other tables only when allowed to. Every statement of these functions names `p_region` as a value
  // (migration 20261204T1100), so what they query there is the same shard group on the same worker: local, in the
  // caller's own transaction. A function replaced by a later migration keeps its distribution.
  const colocateWith = regionTables[0];
  if (!colocateWith) return { tables: pending, functions: [] };
  const definers = (
    await sql<{ signature: string }>`
      SELECT p.oid::regprocedure::text AS signature FROM pg_proc p
      WHERE p.prosecdef AND p.pronamespace = 'public'::regnamespace AND p.prorettype <> 'trigger'::regtype AND p.proargnames[1] = 'p_region'
        AND NOT EXISTS (SELECT 1 FROM pg_dist_object o WHERE o.classid = 'pg_proc'::regclass AND o.objid = p.oid AND o.distribution_argument_index IS NOT NULL)
      ORDER BY 1`.execute(db)
  ).rows;
  for (const f of definers) {
    await sql`SELECT create_distributed_function(${f.signature}, 'p_region', colocate_with => ${colocateWith}, force_delegation => true)`.execute(db);
    await sql`ALTER FUNCTION ${sql.raw(f.signature)} SET citus.allow_nested_distributed_execution = on`.execute(db);
  }
  return { tables: pending, functions: definers.map((f) => f.signature) };
}

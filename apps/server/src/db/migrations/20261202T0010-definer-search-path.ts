import { sql, type Kysely } from 'kysely';

/**
 * Every SECURITY DEFINER function searches `public, pg_temp`. With `SET search_path = public` alone PostgreSQL
 * still searches the caller's temporary schema FIRST, so a caller could create `CREATE TEMP TABLE person (…)` and
 * have the function read (or write) its fake rows with the definer's rights. Naming pg_temp last makes the real
 * tables win. The functions are found in pg_proc rather than listed, so none is forgotten; a definer function added
 * by a later migration must say `SET search_path = public, pg_temp` itself (db/definer-functions.test.ts checks
 * every one). Other settings of a function (session_replication_role) are kept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DO $$
    DECLARE f regprocedure;
    BEGIN
      FOR f IN
        SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.prosecdef AND n.nspname = 'public'
      LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = public, pg_temp', f);
      END LOOP;
    END $$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

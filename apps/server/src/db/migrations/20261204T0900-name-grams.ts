import { sql, type Kysely } from 'kysely';

/**
 * Finding a person by a part of the name across a whole region (issue 17): the agency searches a million persons,
 * and `name LIKE '%…%'` read every one of them (5 s on the city of a million). A B-tree serves only a prefix, and
 * trigrams miss Chinese names: most are two or three characters, and a two-character search has no trigram.
 *
 * `canbao_name_grams(name)` is the name's characters and pairs of neighbouring characters (lower-cased):
 * 张三丰 → {张, 三, 丰, 张三, 三丰}. A name holding a searched text holds every pair of it (or its one character),
 * so `canbao_name_grams(name) @> the text's pairs` narrows a region to a few rows through the GIN index below, and
 * the LIKE that stays beside it decides (db/like.ts, `nameContains`). Built-in GIN array operators only: no
 * extension, the same on PGlite, PostgreSQL and Citus (the index lives on every shard).
 *
 * A name is at most 70 characters: at most 139 keys a row. The index serves region-wide searches only; a unit's
 * search reads the unit's index and the LIKE alone (computing the grams of 1,500 names costs more than the LIKE).
 *
 * Under row-level security the planner may not use the index: `@>` is not leakproof, so it may not run before the
 * policies, and the region was read row by row (0.33 s a search). `canbao_persons_named(region, grams, pattern)`
 * reads the index with definer rights and answers the ids of the region's persons so named — ids only, and only
 * to a caller whose scope is that whole region (the agency, a collector); the query around it reads the persons
 * under the policies as before. PL/pgSQL taking the region first, as every definer function (docs/scale.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION canbao_name_grams(name text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
      SELECT coalesce(array_agg(substr(lower(name), i, 1)), '{}'::text[])
        || coalesce((SELECT array_agg(substr(lower(name), i, 2)) FROM generate_series(1, char_length(name) - 1) AS i), '{}'::text[])
      FROM generate_series(1, char_length(name)) AS i
    $$`.execute(db);
  await sql`CREATE INDEX person_name_grams_idx ON person USING gin (canbao_name_grams(name))`.execute(db);
  await sql`
    CREATE FUNCTION canbao_persons_named(p_region text, p_grams text[], p_pattern text) RETURNS TABLE (id uuid)
    LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 100 SET search_path = public, pg_temp AS $$
    BEGIN
      IF p_region IS DISTINCT FROM canbao_region() OR canbao_unit() IS NOT NULL THEN RETURN; END IF;
      RETURN QUERY
        SELECT p.id FROM person p
        WHERE p.region_code = p_region AND canbao_name_grams(p.name) @> p_grams AND p.name LIKE p_pattern;
    END $$`.execute(db);
  await sql`REVOKE ALL ON FUNCTION canbao_persons_named(text, text[], text) FROM PUBLIC`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION canbao_persons_named(text, text[], text) TO canbao_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION canbao_persons_named(text, text[], text)`.execute(db);
  await sql`DROP INDEX person_name_grams_idx`.execute(db);
  await sql`DROP FUNCTION canbao_name_grams(text)`.execute(db);
}

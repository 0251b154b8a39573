import { sql, type Kysely } from 'kysely';

/**
 * The chase at a city's size (issue 14, item 8):
 * - `canbao_roster_stages(unit, year)` again, in PL/pgSQL with one query per case. As one SQL function (a definer's
 *   is never inlined) its `p_unit IS NULL OR p.unit_id = p_unit` was planned once for both cases: a scan of every
 *   person of the region (180 ms at 800,000) for one school's 500 pupils. Now a school's call reads its pupils by
 *   the unit index; the region's (the agency's list) is its own query. Same columns, same rules.
 * - `progress_snapshot`: the region's progress board by unit (and by day) as last computed, one row per region and
 *   year, read by the agency, the viewer and the collector so that the board of 1,500 units answers from it while it
 *   is recomputed in the background when older than a few seconds (progress.service.ts). Distributable as issue 18
 *   asks: region_code first in its key; a unit's scope sees none (a unit's own line is always computed live).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION canbao_roster_stages(uuid, integer)`.execute(db);
  await sql`
    CREATE FUNCTION canbao_roster_stages(p_unit uuid, p_year integer)
    RETURNS TABLE (person_id uuid, declaration_id uuid, status text, notice_sent_at timestamptz)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      v_region text := canbao_region();
      v_unit uuid := canbao_unit();
    BEGIN
      IF v_region IS NULL THEN RETURN; END IF;
      IF p_unit IS NOT NULL THEN
        -- A unit only for itself.
        IF v_unit IS NOT NULL AND v_unit <> p_unit THEN RETURN; END IF;
        RETURN QUERY
          SELECT d.person_id, d.id, d.status,
                 (SELECT n.created_at FROM payment_notice n WHERE n.declaration_id = d.id AND NOT n.cancelled ORDER BY n.created_at DESC LIMIT 1)
          FROM person p
          JOIN declaration d ON d.region_code = p.region_code AND d.insurance_year = p_year AND d.person_id = p.id
          WHERE p.region_code = v_region AND p.unit_id = p_unit AND p.status = 'active';
      ELSIF v_unit IS NOT NULL THEN
        RETURN QUERY
          SELECT d.person_id, d.id, d.status,
                 (SELECT n.created_at FROM payment_notice n WHERE n.declaration_id = d.id AND NOT n.cancelled ORDER BY n.created_at DESC LIMIT 1)
          FROM person p
          JOIN declaration d ON d.region_code = p.region_code AND d.insurance_year = p_year AND d.person_id = p.id
          WHERE p.region_code = v_region AND p.unit_id = v_unit AND p.status = 'active';
      ELSE
        RETURN QUERY
          SELECT d.person_id, d.id, d.status,
                 (SELECT n.created_at FROM payment_notice n WHERE n.declaration_id = d.id AND NOT n.cancelled ORDER BY n.created_at DESC LIMIT 1)
          FROM person p
          JOIN declaration d ON d.region_code = p.region_code AND d.insurance_year = p_year AND d.person_id = p.id
          WHERE p.region_code = v_region AND p.unit_id IS NOT NULL AND p.status = 'active';
      END IF;
    END
    $$`.execute(db);
  await sql`REVOKE ALL ON FUNCTION canbao_roster_stages(uuid, integer) FROM PUBLIC`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION canbao_roster_stages(uuid, integer) TO canbao_app`.execute(db);

  await sql`
    CREATE TABLE progress_snapshot (
      region_code text NOT NULL REFERENCES region (code),
      insurance_year integer NOT NULL CHECK (insurance_year BETWEEN 2000 AND 2100),
      units jsonb NOT NULL,
      days jsonb NOT NULL,
      computed_at timestamptz NOT NULL,
      CONSTRAINT progress_snapshot_pkey PRIMARY KEY (region_code, insurance_year)
    )`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE ON progress_snapshot TO canbao_app`.execute(db);
  await sql`ALTER TABLE progress_snapshot ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY progress_snapshot_scope ON progress_snapshot TO canbao_app
    USING (region_code = canbao_region() AND canbao_unit() IS NULL)`.execute(db);
}

import { sql, type Kysely } from 'kysely';

/**
 * The chase (应保尽保, issue 14): who a unit is responsible for and is not yet covered, and why.
 *
 * - `uninsured_reason`: 未参保原因 per person and insurance year (one row; recording again replaces it). Distributable
 *   as issue 18 asks: region_code first in its key; its references to region and unit are composite where those
 *   tables' keys allow (unit's and person's keys are still `id`, widened with them in issue 18). Scoped like the
 *   person's other records: the region, and for a unit the persons it holds (`canbao_unit_holds`).
 * - `canbao_grade_for(grade, entry_year, expected_graduation_year, year)` and `canbao_graduated(…)`: the pupil's grade in
 *   the school year an insurance year is collected in (promotion every 1 September from the entry year), and whether
 *   the pupil left with the graduating class — the SQL twin of `placementFor()` in packages/domain (tested to agree).
 * - `canbao_roster_stages(unit, year)`: the declaration stage of every person a unit holds, whoever declared them (a
 *   pupil declared by the previous school and then transferred is covered, though the new school's scope cannot see
 *   that declaration), with the open notice's date. Definer rights, the caller's region only; a unit only for itself.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE uninsured_reason (
      region_code text NOT NULL REFERENCES region (code),
      insurance_year integer NOT NULL CHECK (insurance_year BETWEEN 2000 AND 2100),
      person_id uuid NOT NULL REFERENCES person (id),
      unit_id uuid REFERENCES unit (id),
      code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
      note text CHECK (char_length(note) <= 200),
      recorded_at timestamptz NOT NULL DEFAULT now(),
      recorded_by text,
      CONSTRAINT uninsured_reason_pkey PRIMARY KEY (region_code, insurance_year, person_id)
    )`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON uninsured_reason TO canbao_app`.execute(db);
  await sql`ALTER TABLE uninsured_reason ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY uninsured_reason_scope ON uninsured_reason TO canbao_app
    USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR canbao_unit_holds(person_id)))`.execute(db);

  await sql`
    CREATE FUNCTION canbao_grade_for(p_grade text, p_entry integer, p_expected integer, p_year integer) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE
        WHEN p_grade IS NULL OR p_entry IS NULL OR s.first IS NULL OR s.first = 0 OR (p_year - 1) - p_entry < 0 THEN p_grade
        ELSE lpad((s.first + least((p_year - 1) - p_entry, s.years - 1))::text, 2, '0')
      END
      FROM (SELECT CASE WHEN p_grade BETWEEN '01' AND '06' THEN 1 WHEN p_grade BETWEEN '11' AND '13' THEN 11
                        WHEN p_grade BETWEEN '14' AND '16' THEN 14 WHEN p_grade BETWEEN '17' AND '19' THEN 17
                        WHEN p_grade BETWEEN '21' AND '25' THEN 21 WHEN p_grade = '00' THEN 0 END AS first,
                   CASE WHEN p_grade BETWEEN '01' AND '06' THEN 6 WHEN p_grade BETWEEN '21' AND '25' THEN 4
                        WHEN p_grade BETWEEN '11' AND '19' OR p_grade = '00' THEN 3 END AS years) s
    $$`.execute(db);
  await sql`
    CREATE FUNCTION canbao_graduated(p_grade text, p_entry integer, p_expected integer, p_year integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(
        coalesce(p_expected, p_entry + CASE WHEN p_grade BETWEEN '01' AND '06' THEN 6 WHEN p_grade BETWEEN '21' AND '25' THEN 4
                                            WHEN p_grade BETWEEN '11' AND '19' OR p_grade = '00' THEN 3 END) < p_year
        OR (p_entry IS NOT NULL AND p_grade IS NOT NULL AND p_grade <> '00'
            AND (p_year - 1) - p_entry >= CASE WHEN p_grade BETWEEN '01' AND '06' THEN 6 WHEN p_grade BETWEEN '21' AND '25' THEN 4
                                               WHEN p_grade BETWEEN '11' AND '19' THEN 3 END),
        false)
    $$`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION canbao_grade_for(text, integer, integer, integer), canbao_graduated(text, integer, integer, integer) TO canbao_app`.execute(db);

  await sql`
    CREATE FUNCTION canbao_roster_stages(p_unit uuid, p_year integer)
    RETURNS TABLE (person_id uuid, declaration_id uuid, status text, notice_sent_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT d.person_id, d.id, d.status,
             (SELECT n.created_at FROM payment_notice n WHERE n.declaration_id = d.id AND NOT n.cancelled ORDER BY n.created_at DESC LIMIT 1)
      FROM person p
      JOIN declaration d ON d.region_code = p.region_code AND d.insurance_year = p_year AND d.person_id = p.id
      WHERE p.region_code = canbao_region()
        AND p.status = 'active'
        AND (canbao_unit() IS NULL OR p.unit_id = canbao_unit())
        AND (p_unit IS NULL OR p.unit_id = p_unit)
        AND p.unit_id IS NOT NULL
        AND canbao_region() IS NOT NULL
    $$`.execute(db);
  await sql`REVOKE ALL ON FUNCTION canbao_roster_stages(uuid, integer) FROM PUBLIC`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION canbao_roster_stages(uuid, integer) TO canbao_app`.execute(db);
}

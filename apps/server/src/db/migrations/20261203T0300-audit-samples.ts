import { sql, type Kysely } from 'kysely';

/**
 * 抽查 (issue 15, item 5): a random sample of a year's declarations and a result per sampled item.
 * - `audit_sample` (key `(region_code, id)`): the draw — year, ratio or count, units, weights, the seed, how many
 *   declarations it was drawn from, who drew it and when. Never updated.
 * - `audit_sample_item` (key `(region_code, sample_id, id)`, `(region_code, sample_id)` → audit_sample): a sampled
 *   declaration with its unit; the result (complete / missing / wrong, note, who, when) and the unit's follow-up are
 *   each written once — a trigger refuses to change either once set, whatever the caller.
 * Distributable as issue 18 asks: region_code first in every key, composite foreign keys between the two; the
 * references to declaration, person and unit are by id until those tables' keys are widened (issue 18).
 * Scoped: the region; a unit sees the items of its own declarations and the samples that hold one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE audit_sample (
      region_code text NOT NULL REFERENCES region (code),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      insurance_year integer NOT NULL CHECK (insurance_year BETWEEN 2000 AND 2100),
      seed text NOT NULL CHECK (seed ~ '^[0-9a-f]{32}$'),
      ratio numeric(5, 4) CHECK (ratio > 0 AND ratio <= 1),
      sample_count integer CHECK (sample_count > 0),
      unit_ids uuid[],
      weights jsonb NOT NULL DEFAULT '{}',
      population integer NOT NULL CHECK (population >= 0),
      note text CHECK (char_length(note) <= 200),
      drawn_by text NOT NULL,
      drawn_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT audit_sample_pkey PRIMARY KEY (region_code, id),
      CONSTRAINT audit_sample_size CHECK ((ratio IS NULL) <> (sample_count IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX audit_sample_year_idx ON audit_sample (region_code, insurance_year, drawn_at DESC)`.execute(db);
  await sql`
    CREATE TABLE audit_sample_item (
      region_code text NOT NULL,
      sample_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      declaration_id uuid NOT NULL REFERENCES declaration (id),
      person_id uuid NOT NULL REFERENCES person (id),
      unit_id uuid NOT NULL REFERENCES unit (id),
      weighted boolean NOT NULL DEFAULT false,
      result text CHECK (result IN ('complete', 'missing', 'wrong')),
      note text CHECK (char_length(note) <= 500),
      checked_by text,
      checked_at timestamptz,
      follow_up text CHECK (char_length(follow_up) <= 500),
      followed_up_by text,
      followed_up_at timestamptz,
      CONSTRAINT audit_sample_item_pkey PRIMARY KEY (region_code, sample_id, id),
      CONSTRAINT audit_sample_item_sample_fkey FOREIGN KEY (region_code, sample_id) REFERENCES audit_sample (region_code, id),
      CONSTRAINT audit_sample_item_declaration_key UNIQUE (region_code, sample_id, declaration_id),
      CONSTRAINT audit_sample_item_checked CHECK ((result IS NULL) = (checked_at IS NULL)),
      CONSTRAINT audit_sample_item_follow_up_after_finding CHECK (follow_up IS NULL OR result IN ('missing', 'wrong'))
    )`.execute(db);
  await sql`CREATE INDEX audit_sample_item_unit_idx ON audit_sample_item (region_code, unit_id)`.execute(db);

  // Written once: a result or a follow-up, once set, is never changed or removed.
  await sql`
    CREATE FUNCTION canbao_audit_sample_item_once() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'audit sample items are never deleted' USING ERRCODE = 'check_violation'; END IF;
      IF OLD.result IS NOT NULL AND (NEW.result IS DISTINCT FROM OLD.result OR NEW.note IS DISTINCT FROM OLD.note
          OR NEW.checked_by IS DISTINCT FROM OLD.checked_by OR NEW.checked_at IS DISTINCT FROM OLD.checked_at) THEN
        RAISE EXCEPTION 'an audit result is never rewritten' USING ERRCODE = 'check_violation';
      END IF;
      IF OLD.follow_up IS NOT NULL AND (NEW.follow_up IS DISTINCT FROM OLD.follow_up OR NEW.followed_up_by IS DISTINCT FROM OLD.followed_up_by
          OR NEW.followed_up_at IS DISTINCT FROM OLD.followed_up_at) THEN
        RAISE EXCEPTION 'a follow-up is never rewritten' USING ERRCODE = 'check_violation';
      END IF;
      IF NEW.declaration_id <> OLD.declaration_id OR NEW.unit_id <> OLD.unit_id OR NEW.person_id <> OLD.person_id OR NEW.weighted <> OLD.weighted THEN
        RAISE EXCEPTION 'a sampled item is never changed' USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_sample_item_once BEFORE UPDATE OR DELETE ON audit_sample_item
    FOR EACH ROW EXECUTE FUNCTION canbao_audit_sample_item_once()`.execute(db);

  await sql`GRANT SELECT, INSERT ON audit_sample TO canbao_app`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE ON audit_sample_item TO canbao_app`.execute(db);
  await sql`ALTER TABLE audit_sample ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`ALTER TABLE audit_sample_item ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY audit_sample_item_scope ON audit_sample_item TO canbao_app
    USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR unit_id = canbao_unit()))`.execute(db);
  await sql`
    CREATE POLICY audit_sample_scope ON audit_sample TO canbao_app
    USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR EXISTS (
      SELECT 1 FROM audit_sample_item i WHERE i.region_code = audit_sample.region_code AND i.sample_id = audit_sample.id AND i.unit_id = canbao_unit())))`.execute(db);
}

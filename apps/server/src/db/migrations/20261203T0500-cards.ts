import { sql, type Kysely } from 'kysely';

/**
 * 制卡 (issue 15, item 6): `social_card` (key `(region_code, person_id)`) is a card made through the campaign — the
 * card centre's list (or a hand mark) moved the person from no card to 已制卡 — and its collection by the unit from
 * the card centre (date, who collected, who recorded it). A person with a card from before has none: nothing to
 * collect. Distributable as issue 18 asks: region_code first in its key; the reference to person by id until that
 * table's key is widened. Scoped by the stored unit, not by a query of person from the policy.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE social_card (
      region_code text NOT NULL REFERENCES region (code),
      person_id uuid NOT NULL REFERENCES person (id),
      unit_id uuid REFERENCES unit (id),
      made_on date NOT NULL,
      collected_on date,
      collected_by text CHECK (char_length(collected_by) BETWEEN 1 AND 40),
      collection_recorded_by text,
      collection_recorded_at timestamptz,
      CONSTRAINT social_card_pkey PRIMARY KEY (region_code, person_id),
      CONSTRAINT social_card_collected_whole CHECK ((collected_on IS NULL) = (collected_by IS NULL) AND (collected_on IS NULL) = (collection_recorded_at IS NULL)),
      CONSTRAINT social_card_collected_after_made CHECK (collected_on IS NULL OR collected_on >= made_on)
    )`.execute(db);
  await sql`CREATE INDEX social_card_unit_idx ON social_card (region_code, unit_id)`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE ON social_card TO canbao_app`.execute(db);
  await sql`ALTER TABLE social_card ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY social_card_scope ON social_card TO canbao_app
    USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR unit_id = canbao_unit()))`.execute(db);
}

import { sql, type Kysely } from 'kysely';

/**
 * 为家人缴费 (issue 16, item 5): one channel order paying several declarations of a household (or persons the payer
 * named). `family_order` (key `(region_code, id)`, its `out_trade_no` unique per region and starting with the region
 * code, so a notification finds its shard) is what the channel knows; each declaration it pays keeps its own
 * `payment_order` (`family_order_id`, composite foreign key), never sent to a channel, so the ledger, receipts and
 * refunds stay per person. Written only by the public pay flow and the notification (no unit, agency-visible).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE family_order (
      region_code text NOT NULL REFERENCES region (code),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      channel text NOT NULL,
      out_trade_no text NOT NULL,
      amount_fen bigint NOT NULL CHECK (amount_fen > 0),
      member_count integer NOT NULL CHECK (member_count BETWEEN 1 AND 20),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'closed')),
      payer_name text CHECK (char_length(payer_name) <= 50),
      payer_relation text CHECK (char_length(payer_relation) <= 20),
      household_id uuid,
      pay_url text,
      transaction_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      paid_at timestamptz,
      CONSTRAINT family_order_pkey PRIMARY KEY (region_code, id),
      CONSTRAINT family_order_out_trade_no_key UNIQUE (region_code, out_trade_no),
      CONSTRAINT family_order_household_fkey FOREIGN KEY (region_code, household_id) REFERENCES household (region_code, id)
    )`.execute(db);
  await sql`ALTER TABLE payment_order ADD COLUMN family_order_id uuid`.execute(db);
  await sql`ALTER TABLE payment_order ADD CONSTRAINT payment_order_family_fkey FOREIGN KEY (region_code, family_order_id) REFERENCES family_order (region_code, id)`.execute(db);
  await sql`CREATE INDEX payment_order_family_idx ON payment_order (region_code, family_order_id) WHERE family_order_id IS NOT NULL`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE ON family_order TO canbao_app`.execute(db);
  await sql`ALTER TABLE family_order ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY family_order_scope ON family_order TO canbao_app USING (region_code = canbao_region() AND canbao_unit() IS NULL)`.execute(db);
}

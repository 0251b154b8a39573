import { sql, type Kysely } from 'kysely';

/**
 * 终端日对账 (issue 16, item 6): each terminal's daily statement, reconciled against the payments recorded for it.
 * `terminal_statement` (key `(region_code, terminal_id, statement_date)`, composite foreign key to the terminal)
 * keeps one result per terminal and day, with the hash of the lines it was computed from: the same statement sent
 * again answers the stored result, another content for that day is refused. Exceptions go to `reconciliation_item`
 * as every channel's do, with one more kind: a payment recorded that the channel's statement does not list.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE terminal_statement (
      region_code text NOT NULL,
      terminal_id text NOT NULL,
      statement_date date NOT NULL,
      content_hash text NOT NULL,
      line_count integer NOT NULL CHECK (line_count >= 0),
      total_fen bigint NOT NULL CHECK (total_fen >= 0),
      matched integer NOT NULL,
      recovered integer NOT NULL,
      exceptions integer NOT NULL,
      missing integer NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT terminal_statement_pkey PRIMARY KEY (region_code, terminal_id, statement_date),
      CONSTRAINT terminal_statement_terminal_fkey FOREIGN KEY (region_code, terminal_id) REFERENCES channel_terminal (region_code, terminal_id)
    )`.execute(db);
  await sql`GRANT SELECT, INSERT ON terminal_statement TO canbao_app`.execute(db);
  await sql`ALTER TABLE terminal_statement ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY terminal_statement_scope ON terminal_statement TO canbao_app USING (region_code = canbao_region() AND canbao_unit() IS NULL)`.execute(db);
  await sql`ALTER TABLE reconciliation_item DROP CONSTRAINT reconciliation_item_kind_check`.execute(db);
  await sql`
    ALTER TABLE reconciliation_item ADD CONSTRAINT reconciliation_item_kind_check
      CHECK (kind IN ('unmatched', 'amount_mismatch', 'duplicate', 'not_declared', 'channel_mismatch', 'not_in_statement'))`.execute(db);
  // The day's paid orders of a terminal, found by the statement.
  await sql`CREATE INDEX family_order_terminal_paid_idx ON family_order (region_code, terminal_id, paid_at) WHERE terminal_id IS NOT NULL`.execute(db);
}

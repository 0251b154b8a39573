import { sql, type Kysely } from 'kysely';

/**
 * 查询缴费终端 (issue 16, item 6): the self-service kiosks, bank counters and mini-programs that identify a person by
 * ID number and name, show what is due, and pay it through the signed terminal API. `channel_terminal` (key
 * `(region_code, terminal_id)`; the id starts with the region code, so a request finds its shard) holds each
 * terminal's channel and signing key; `channel_nonce` the nonces seen in the signature window, so a captured request
 * is refused when replayed. A terminal's order is a `family_order` with the terminal and the terminal's own order
 * number (unique per terminal: a retried create returns the same order).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE channel_terminal (
      region_code text NOT NULL REFERENCES region (code),
      terminal_id text NOT NULL CHECK (terminal_id ~ '^[0-9]{6}-[A-Z0-9-]{2,40}$' AND left(terminal_id, 6) = region_code),
      channel text NOT NULL CHECK (channel IN ('kiosk', 'bank_counter', 'mini_program')),
      name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
      signing_key text NOT NULL CHECK (char_length(signing_key) >= 32),
      disabled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT channel_terminal_pkey PRIMARY KEY (region_code, terminal_id)
    )`.execute(db);
  await sql`
    CREATE TABLE channel_nonce (
      region_code text NOT NULL,
      terminal_id text NOT NULL,
      nonce text NOT NULL,
      seen_at timestamptz NOT NULL,
      CONSTRAINT channel_nonce_pkey PRIMARY KEY (region_code, terminal_id, nonce),
      CONSTRAINT channel_nonce_terminal_fkey FOREIGN KEY (region_code, terminal_id) REFERENCES channel_terminal (region_code, terminal_id)
    )`.execute(db);
  await sql`CREATE INDEX channel_nonce_seen_idx ON channel_nonce (seen_at)`.execute(db);
  await sql`ALTER TABLE family_order ADD COLUMN terminal_id text, ADD COLUMN terminal_order_no text`.execute(db);
  await sql`ALTER TABLE family_order ADD CONSTRAINT family_order_terminal_fkey FOREIGN KEY (region_code, terminal_id) REFERENCES channel_terminal (region_code, terminal_id)`.execute(db);
  await sql`ALTER TABLE family_order ADD CONSTRAINT family_order_terminal_order_key UNIQUE (region_code, terminal_id, terminal_order_no)`.execute(db);
  await sql`ALTER TABLE family_order ADD CONSTRAINT family_order_terminal_pair CHECK ((terminal_id IS NULL) = (terminal_order_no IS NULL))`.execute(db);
  // The agency manages its terminals; the terminal API reads them as the agency's scope (no unit).
  await sql`GRANT SELECT, INSERT, UPDATE ON channel_terminal TO canbao_app`.execute(db);
  await sql`GRANT SELECT, INSERT, DELETE ON channel_nonce TO canbao_app`.execute(db);
  for (const t of ['channel_terminal', 'channel_nonce']) {
    await sql`ALTER TABLE ${sql.table(t)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`CREATE POLICY ${sql.raw(`${t}_scope`)} ON ${sql.table(t)} TO canbao_app USING (region_code = canbao_region() AND canbao_unit() IS NULL)`.execute(db);
  }
}

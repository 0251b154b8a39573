import { sql, type Kysely } from 'kysely';

/**
 * The money flow (issue 6): declarations priced by the policy engine, settlements that freeze them, one payment
 * notice per person, channel orders, payments keyed by channel + transaction id (a replay never counts twice),
 * reconciliation items from paid rosters, receipts numbered per region and year, refunds linked to payments.
 * Every table carries region_code (the Citus distribution key) and is row-level scoped like the registry: the
 * region always, and the unit for unit operators.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE declaration (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_code text NOT NULL,
      insurance_year integer NOT NULL,
      person_id uuid NOT NULL REFERENCES person(id),
      unit_id uuid REFERENCES unit(id),
      status text NOT NULL DEFAULT 'declared'
        CHECK (status IN ('declared', 'confirmed', 'settled', 'paid', 'removed')),
      profile_key text NOT NULL,
      profile_version integer NOT NULL,
      window_kind text NOT NULL CHECK (window_kind IN ('declaration', 'adjustment', 'outside')),
      path_code text NOT NULL,
      category_code text NOT NULL,
      category_name text NOT NULL,
      parts jsonb NOT NULL,
      total_fen bigint NOT NULL CHECK (total_fen >= 0),
      subsidy_fen bigint NOT NULL CHECK (subsidy_fen >= 0 AND subsidy_fen <= total_fen),
      subsidy_code text,
      subsidy_name text,
      payable_fen bigint NOT NULL CHECK (payable_fen >= 0 AND payable_fen = total_fen - subsidy_fen),
      paid_fen bigint NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
      benefit_start date NOT NULL,
      benefit_end date NOT NULL,
      waiting_days integer NOT NULL DEFAULT 0,
      reasons jsonb NOT NULL,
      leaving_flag text,
      declared_on date NOT NULL,
      declared_by text,
      confirmed_at timestamptz,
      confirmed_by text,
      settlement_id uuid,
      paid_at timestamptz,
      removed_at timestamptz,
      removed_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT declaration_person_year_key UNIQUE (region_code, insurance_year, person_id)
    )`.execute(db);
  await sql`CREATE INDEX declaration_unit_year_idx ON declaration (region_code, unit_id, insurance_year, status)`.execute(db);
  await sql`CREATE INDEX declaration_settlement_idx ON declaration (settlement_id) WHERE settlement_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX declaration_person_idx ON declaration (person_id)`.execute(db);

  await sql`
    CREATE TABLE settlement (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_code text NOT NULL,
      unit_id uuid NOT NULL REFERENCES unit(id),
      insurance_year integer NOT NULL,
      number text NOT NULL,
      payment_mode text NOT NULL CHECK (payment_mode IN ('unit_total', 'per_person')),
      unit_method text CHECK (unit_method IN ('transfer', 'bank_draft', 'bank_deduction')),
      status text NOT NULL DEFAULT 'awaiting_payment' CHECK (status IN ('awaiting_payment', 'paid', 'cancelled')),
      person_count integer NOT NULL,
      total_fen bigint NOT NULL,
      subsidy_fen bigint NOT NULL,
      payable_fen bigint NOT NULL,
      paid_fen bigint NOT NULL DEFAULT 0,
      breakdown jsonb NOT NULL,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      paid_at timestamptz,
      cancelled_at timestamptz,
      CONSTRAINT settlement_number_key UNIQUE (region_code, number),
      CHECK ((payment_mode = 'unit_total') = (unit_method IS NOT NULL))
    )`.execute(db);
  // Settlement numbers need to be unique, not gapless: a sequence, which no unit's row-level scope hides.
  await sql`CREATE SEQUENCE settlement_number_seq`.execute(db);
  await sql`GRANT USAGE ON SEQUENCE settlement_number_seq TO canbao_app`.execute(db);
  await sql`CREATE INDEX settlement_unit_idx ON settlement (region_code, unit_id, insurance_year)`.execute(db);
  await sql`ALTER TABLE declaration ADD CONSTRAINT declaration_settlement_fk FOREIGN KEY (settlement_id) REFERENCES settlement(id)`.execute(db);

  await sql`
    CREATE TABLE payment_notice (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_code text NOT NULL,
      settlement_id uuid NOT NULL REFERENCES settlement(id),
      declaration_id uuid NOT NULL REFERENCES declaration(id),
      unit_id uuid NOT NULL REFERENCES unit(id),
      token text NOT NULL UNIQUE,
      amount_fen bigint NOT NULL CHECK (amount_fen > 0),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'cancelled')),
      created_at timestamptz NOT NULL DEFAULT now(),
      paid_at timestamptz
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX payment_notice_open_key ON payment_notice (declaration_id) WHERE status <> 'cancelled'`.execute(db);
  await sql`CREATE INDEX payment_notice_settlement_idx ON payment_notice (settlement_id)`.execute(db);

  await sql`
    CREATE TABLE payment_order (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_code text NOT NULL,
      notice_id uuid NOT NULL REFERENCES payment_notice(id),
      declaration_id uuid NOT NULL REFERENCES declaration(id),
      unit_id uuid REFERENCES unit(id),
      channel text NOT NULL,
      out_trade_no text NOT NULL UNIQUE,
      amount_fen bigint NOT NULL CHECK (amount_fen > 0),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'closed')),
      pay_url text,
      created_at timestamptz NOT NULL DEFAULT now(),
      paid_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX payment_order_notice_idx ON payment_order (notice_id)`.execute(db);

  await sql`
    CREATE TABLE payment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_code text NOT NULL,
      insurance_year integer NOT NULL,
      channel text NOT NULL,
      transaction_id text NOT NULL,
      source text NOT NULL CHECK (source IN ('channel', 'reconciliation', 'unit_payment', 'bank_deduction')),
      declaration_id uuid REFERENCES declaration(id),
      settlement_id uuid REFERENCES settlement(id),
      notice_id uuid REFERENCES payment_notice(id),
      order_id uuid REFERENCES payment_order(id),
      unit_id uuid REFERENCES unit(id),
      amount_fen bigint NOT NULL CHECK (amount_fen > 0),
      refunded_fen bigint NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0 AND refunded_fen <= amount_fen),
      payer_name text,
      paid_at timestamptz NOT NULL,
      import_job_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT payment_channel_transaction_key UNIQUE (region_code, channel, transaction_id)
    )`.execute(db);
  await sql`CREATE INDEX payment_declaration_idx ON payment (declaration_id)`.execute(db);
  await sql`CREATE INDEX payment_day_idx ON payment (region_code, paid_at)`.execute(db);

  await sql`
    CREATE TABLE reconciliation_item (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_code text NOT NULL,
      import_job_id uuid,
      row_number integer,
      kind text NOT NULL CHECK (kind IN ('unmatched', 'amount_mismatch', 'duplicate', 'not_declared', 'channel_mismatch')),
      insurance_year integer,
      channel text NOT NULL,
      transaction_id text NOT NULL,
      document_number text,
      person_name text,
      amount_fen bigint NOT NULL,
      expected_fen bigint,
      declaration_id uuid REFERENCES declaration(id),
      payment_id uuid REFERENCES payment(id),
      unit_id uuid REFERENCES unit(id),
      paid_at timestamptz,
      detail text NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
      resolution text CHECK (resolution IN ('accepted', 'refund', 'ignored')),
      resolution_note text,
      resolved_by text,
      resolved_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT reconciliation_item_line_key UNIQUE (region_code, channel, transaction_id, kind)
    )`.execute(db);
  await sql`CREATE INDEX reconciliation_item_status_idx ON reconciliation_item (region_code, status, created_at)`.execute(db);

  await sql`
    CREATE TABLE receipt_counter (
      region_code text NOT NULL,
      insurance_year integer NOT NULL,
      last_number bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (region_code, insurance_year)
    )`.execute(db);
  await sql`
    CREATE TABLE receipt (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_code text NOT NULL,
      insurance_year integer NOT NULL,
      number text NOT NULL,
      payment_id uuid NOT NULL REFERENCES payment(id),
      declaration_id uuid NOT NULL REFERENCES declaration(id),
      person_id uuid NOT NULL REFERENCES person(id),
      unit_id uuid REFERENCES unit(id),
      payer_name text,
      amount_fen bigint NOT NULL,
      verify_code text NOT NULL,
      issued_at timestamptz NOT NULL DEFAULT now(),
      voided_at timestamptz,
      CONSTRAINT receipt_number_key UNIQUE (region_code, number)
    )`.execute(db);
  await sql`CREATE INDEX receipt_person_idx ON receipt (person_id)`.execute(db);
  // One valid receipt per paid declaration (a unit's single transfer pays many declarations: one receipt each).
  await sql`CREATE UNIQUE INDEX receipt_declaration_key ON receipt (declaration_id) WHERE voided_at IS NULL`.execute(db);
  await sql`CREATE INDEX declaration_paid_idx ON declaration (region_code, insurance_year, paid_at) WHERE status = 'paid' AND payable_fen > 0`.execute(db);

  await sql`
    CREATE TABLE refund (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_code text NOT NULL,
      payment_id uuid NOT NULL REFERENCES payment(id),
      declaration_id uuid REFERENCES declaration(id),
      unit_id uuid REFERENCES unit(id),
      reason text NOT NULL CHECK (reason IN ('duplicate', 'wrongful', 'subsidy_after', 'other')),
      note text,
      amount_fen bigint NOT NULL CHECK (amount_fen > 0),
      status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'rejected', 'refunded', 'failed')),
      requested_by text,
      requested_at timestamptz NOT NULL DEFAULT now(),
      decided_by text,
      decided_at timestamptz,
      decision_note text,
      channel_refund_id text,
      refunded_at timestamptz,
      failure text
    )`.execute(db);
  await sql`CREATE INDEX refund_payment_idx ON refund (payment_id)`.execute(db);
  await sql`CREATE INDEX refund_status_idx ON refund (region_code, status)`.execute(db);

  const unitScoped = ['declaration', 'settlement', 'payment_notice', 'payment_order', 'payment', 'reconciliation_item', 'receipt', 'refund'];
  await sql`GRANT SELECT, INSERT, UPDATE ON declaration, settlement, payment_notice, payment_order, payment, reconciliation_item, receipt, refund TO canbao_app`.execute(db);
  for (const table of unitScoped) {
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY ${sql.id(`${table}_scope`)} ON ${sql.table(table)} TO canbao_app
      USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR unit_id = canbao_unit()))`.execute(db);
  }
  // Receipt numbers are handed out by the agency-side issuer only; units never touch the counter.
  await sql`GRANT SELECT, INSERT, UPDATE ON receipt_counter TO canbao_app`.execute(db);
  await sql`ALTER TABLE receipt_counter ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY receipt_counter_scope ON receipt_counter TO canbao_app
    USING (region_code = canbao_region() AND canbao_unit() IS NULL)`.execute(db);

  // A second unit declaring a person another unit's declaration holds for the year learns that unit's name —
  // and nothing else — as the registry's holder function does for persons.
  await sql`
    CREATE FUNCTION canbao_declaration_holder(p_person_id uuid, p_year integer)
    RETURNS TABLE (unit_name text, status text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT coalesce(u.name, '个人（家庭）申报'), d.status
      FROM declaration d LEFT JOIN unit u ON u.id = d.unit_id
      WHERE d.region_code = canbao_region() AND d.person_id = p_person_id AND d.insurance_year = p_year
    $$`.execute(db);
  await sql`REVOKE ALL ON FUNCTION canbao_declaration_holder(uuid, integer) FROM PUBLIC`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION canbao_declaration_holder(uuid, integer) TO canbao_app`.execute(db);
  // A declaration another unit removed (the pupil left it) may be taken over by the unit that now holds the person.
  await sql`
    CREATE FUNCTION canbao_claim_removed_declaration(p_person_id uuid, p_year integer) RETURNS uuid
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      UPDATE declaration SET unit_id = canbao_unit(), updated_at = now()
      WHERE region_code = canbao_region() AND person_id = p_person_id AND insurance_year = p_year
        AND status = 'removed' AND canbao_unit() IS NOT NULL AND canbao_unit_holds(p_person_id)
      RETURNING id
    $$`.execute(db);
  await sql`REVOKE ALL ON FUNCTION canbao_claim_removed_declaration(uuid, integer) FROM PUBLIC`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION canbao_claim_removed_declaration(uuid, integer) TO canbao_app`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

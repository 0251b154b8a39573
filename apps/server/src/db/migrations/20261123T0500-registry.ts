import { sql, type Kysely } from 'kysely';

/**
 * Registry: unit codes and bank accounts, coordinators with history, the agency's branch directory, persons
 * (one per document number per region), their unit memberships over time and their exemption identities.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('unit')
    .addColumn('street_code', 'text', (c) => c.references('division.code'))
    .addColumn('uscc', 'text')
    .addColumn('social_insurance_code', 'text')
    .addColumn('organisation_code', 'text')
    .addColumn('school_code', 'text')
    .addColumn('bank_code', 'text')
    .addColumn('bank_account_number', 'text')
    .addColumn('bank_account_holder', 'text')
    .execute();
  await sql`CREATE UNIQUE INDEX unit_region_uscc_key ON unit (region_code, uscc) WHERE uscc IS NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX unit_region_school_code_key ON unit (region_code, school_code) WHERE school_code IS NOT NULL`.execute(db);

  await db.schema
    .createTable('unit_coordinator')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('region_code', 'text', (c) => c.notNull().references('region.code'))
    .addColumn('unit_id', 'uuid', (c) => c.notNull().references('unit.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('gender', 'text', (c) => c.check(sql`gender IN ('male','female')`))
    .addColumn('department', 'text')
    .addColumn('title', 'text')
    .addColumn('office_phone', 'text')
    .addColumn('mobile', 'text')
    .addColumn('valid_from', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Set when the coordinator is replaced or removed: the row stays as history.
    .addColumn('valid_to', 'timestamptz')
    .execute();
  await db.schema.createIndex('unit_coordinator_unit_idx').on('unit_coordinator').columns(['unit_id', 'valid_to']).execute();

  await db.schema
    .createTable('branch_office')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('region_code', 'text', (c) => c.notNull().references('region.code'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('district_code', 'text', (c) => c.references('division.code'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('contact_person', 'text')
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('branch_office_region_name_key', ['region_code', 'name'])
    .execute();

  await db.schema
    .createTable('person')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('region_code', 'text', (c) => c.notNull().references('region.code'))
    .addColumn('document_type', 'text', (c) => c.notNull())
    .addColumn('document_number', 'text', (c) => c.notNull())
    .addColumn('is_temporary_number', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('gender', 'text', (c) => c.notNull().check(sql`gender IN ('male','female')`))
    .addColumn('birth_date', 'date', (c) => c.notNull())
    .addColumn('ethnicity', 'text')
    .addColumn('hukou_type', 'text', (c) => c.notNull().check(sql`hukou_type IN ('local_urban','local_rural','nonlocal')`))
    .addColumn('hukou_district_code', 'text', (c) => c.references('division.code'))
    .addColumn('hukou_street_code', 'text', (c) => c.references('division.code'))
    .addColumn('hukou_address', 'text')
    // Beijing 002 八: special cases whose hukou street is an agency office rather than a division.
    .addColumn('hukou_special_case', 'text', (c) => c.check(sql`hukou_special_case IN ('bda','university_collective','borrowing_student')`))
    .addColumn('hukou_street_name', 'text')
    .addColumn('residence_permit_since', 'date')
    .addColumn('phone', 'text')
    .addColumn('guardian_name', 'text')
    .addColumn('guardian_relation', 'text')
    .addColumn('guardian_phone', 'text')
    // Current unit; null once stopped. The membership table keeps the history.
    .addColumn('unit_id', 'uuid', (c) => c.references('unit.id'))
    .addColumn('grade_code', 'text')
    .addColumn('class_name', 'text')
    .addColumn('student_number', 'text')
    .addColumn('entry_year', 'integer')
    .addColumn('expected_graduation_year', 'integer')
    .addColumn('designated_institutions', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('card_status', 'text', (c) => c.notNull().defaultTo('unknown').check(sql`card_status IN ('unknown','none','in_production','issued')`))
    .addColumn('points_eligibility', 'jsonb')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status IN ('active','stopped')`))
    .addColumn('stop_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('person_active_has_unit_check', sql`status <> 'active' OR unit_id IS NOT NULL`)
    .execute();
  // The rule the whole campaign rests on: one person per document number per region.
  await sql`CREATE UNIQUE INDEX person_region_document_key ON person (region_code, document_type, document_number)`.execute(db);
  await sql`CREATE INDEX person_region_unit_class_idx ON person (region_code, unit_id, grade_code, class_name)`.execute(db);
  await sql`CREATE INDEX person_region_name_idx ON person (region_code, name)`.execute(db);

  await db.schema
    .createTable('person_membership')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('region_code', 'text', (c) => c.notNull().references('region.code'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id'))
    .addColumn('unit_id', 'uuid', (c) => c.notNull().references('unit.id'))
    .addColumn('started_on', 'date', (c) => c.notNull())
    .addColumn('ended_on', 'date')
    .addColumn('end_reason', 'text', (c) =>
      c.check(sql`end_reason IN ('transferred','graduated','moved_away','died','employee_insurance','other')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('person_membership_person_idx').on('person_membership').columns(['person_id', 'started_on']).execute();
  await sql`CREATE UNIQUE INDEX person_membership_open_key ON person_membership (person_id) WHERE ended_on IS NULL`.execute(db);

  await db.schema
    .createTable('person_exemption')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('region_code', 'text', (c) => c.notNull().references('region.code'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('person.id'))
    .addColumn('category_code', 'text', (c) => c.notNull())
    .addColumn('category_name', 'text', (c) => c.notNull())
    .addColumn('certifying_department', 'text', (c) => c.notNull())
    .addColumn('certificate_name', 'text')
    .addColumn('certificate_number', 'text')
    .addColumn('valid_from', 'date', (c) => c.notNull())
    .addColumn('valid_to', 'date')
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source IN ('department_list','document')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('person_exemption_validity_check', sql`valid_to IS NULL OR valid_to >= valid_from`)
    .execute();
  await db.schema.createIndex('person_exemption_person_idx').on('person_exemption').column('person_id').execute();

  await sql`GRANT SELECT, INSERT, UPDATE ON unit_coordinator, branch_office, person, person_membership, person_exemption TO canbao_app`.execute(db);
  await sql`GRANT DELETE ON person_exemption, branch_office TO canbao_app`.execute(db);
  await sql`GRANT INSERT ON unit TO canbao_app`.execute(db);

  await sql`ALTER TABLE unit_coordinator ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY unit_coordinator_scope ON unit_coordinator TO canbao_app
    USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR unit_id = canbao_unit()))`.execute(db);
  await sql`ALTER TABLE branch_office ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY branch_office_read ON branch_office FOR SELECT TO canbao_app USING (region_code = canbao_region())`.execute(db);
  await sql`
    CREATE POLICY branch_office_write ON branch_office FOR ALL TO canbao_app
    USING (region_code = canbao_region() AND canbao_unit() IS NULL)
    WITH CHECK (region_code = canbao_region() AND canbao_unit() IS NULL)`.execute(db);

  // A unit sees the persons it currently holds; their history and identities follow the person.
  await sql`ALTER TABLE person ENABLE ROW LEVEL SECURITY`.execute(db);
  // A unit sees and changes only the persons it currently holds. Releasing one (stop) would move the row out of
  // the unit's sight, which PostgreSQL refuses for a plain UPDATE; canbao_release_person() below does exactly that.
  await sql`
    CREATE POLICY person_scope ON person TO canbao_app
    USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR unit_id = canbao_unit()))`.execute(db);
  for (const table of ['person_membership', 'person_exemption']) {
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY ${sql.id(`${table}_scope`)} ON ${sql.table(table)} TO canbao_app
      USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR EXISTS (
        SELECT 1 FROM person p WHERE p.id = person_id AND p.unit_id = canbao_unit())))`.execute(db);
  }

  // Registering someone another unit already holds must say where they are, which the registering unit's own
  // scope cannot see. This function answers exactly that, for the caller's region only, and nothing more.
  await sql`
    CREATE FUNCTION canbao_person_holder(p_document_type text, p_document_number text)
    RETURNS TABLE (person_id uuid, unit_id uuid, unit_name text, person_name text, status text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT p.id, p.unit_id, u.name, p.name, p.status
      FROM person p LEFT JOIN unit u ON u.id = p.unit_id
      WHERE p.region_code = canbao_region() AND p.document_type = p_document_type AND p.document_number = p_document_number
    $$`.execute(db);
  await sql`REVOKE ALL ON FUNCTION canbao_person_holder(text, text) FROM PUBLIC`.execute(db);

  // A transfer pupil whose earlier unit has stopped them is taken over by the registering unit. Stopped persons
  // are invisible to units, so the claim runs with definer rights — for a stopped person of the caller's region,
  // into the caller's own unit, nothing else.
  await sql`
    CREATE FUNCTION canbao_claim_stopped_person(p_person_id uuid) RETURNS boolean
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      WITH claimed AS (
        UPDATE person SET unit_id = canbao_unit(), status = 'active', stop_reason = NULL, updated_at = now()
        WHERE id = p_person_id AND region_code = canbao_region() AND status = 'stopped' AND canbao_unit() IS NOT NULL
        RETURNING id)
      SELECT EXISTS (SELECT 1 FROM claimed)
    $$`.execute(db);
  await sql`REVOKE ALL ON FUNCTION canbao_claim_stopped_person(uuid) FROM PUBLIC`.execute(db);

  // Stop (减员): the holding unit — or the agency — lets a person go. Only a person the caller's scope holds.
  await sql`
    CREATE FUNCTION canbao_release_person(p_person_id uuid, p_reason text) RETURNS boolean
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      WITH released AS (
        UPDATE person SET unit_id = NULL, status = 'stopped', stop_reason = p_reason, updated_at = now()
        WHERE id = p_person_id AND region_code = canbao_region() AND status = 'active'
          AND (canbao_unit() IS NULL OR unit_id = canbao_unit())
        RETURNING id)
      SELECT EXISTS (SELECT 1 FROM released)
    $$`.execute(db);
  await sql`REVOKE ALL ON FUNCTION canbao_release_person(uuid, text) FROM PUBLIC`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION canbao_release_person(uuid, text) TO canbao_app`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION canbao_claim_stopped_person(uuid) TO canbao_app`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION canbao_person_holder(text, text) TO canbao_app`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

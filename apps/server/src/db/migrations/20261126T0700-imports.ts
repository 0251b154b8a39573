import { sql, type Kysely } from 'kysely';

/**
 * Bulk imports (issue 5): a job per uploaded file and its rows in a staging table, checked there set-based before
 * one transaction writes them. Rows keep the original cells for the error report. Persons gain the flag that keeps
 * the school's insured and uninsured lists apart (Nanchong 001 二.(一)).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE person ADD COLUMN enrolls_through_unit boolean NOT NULL DEFAULT true`.execute(db);
  await sql`ALTER TABLE person ADD COLUMN not_enrolled_reason text`.execute(db);

  await db.schema
    .createTable('import_job')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('region_code', 'text', (c) => c.notNull().references('region.code'))
    .addColumn('unit_id', 'uuid', (c) => c.references('unit.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status IN ('created','reading','validated','committing','committed','failed','cancelled')`),
    )
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_format', 'text')
    .addColumn('file_encoding', 'text')
    .addColumn('file_sha256', 'text')
    .addColumn('file_bytes', 'bigint')
    .addColumn('allow_errors', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('rows_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('counts', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    /** [{ name, headerRowNo, headers }] of the sheets read, for the error report. */
    .addColumn('sheets', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('phase', 'text')
    .addColumn('message', 'text')
    .addColumn('created_by', 'uuid')
    .addColumn('created_by_username', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('phase_started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('import_job_region_unit_created_idx').on('import_job').columns(['region_code', 'unit_id', 'created_at desc']).execute();

  await db.schema
    .createTable('import_row')
    .addColumn('job_id', 'uuid', (c) => c.notNull().references('import_job.id').onDelete('cascade'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'uuid')
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('sheet', 'text', (c) => c.notNull())
    .addColumn('row_no', 'integer', (c) => c.notNull())
    /** The row as read (cell texts by column), for the error report. */
    .addColumn('cells', 'jsonb', (c) => c.notNull())
    .addColumn('document_type', 'text')
    .addColumn('document_number', 'text')
    /** The person columns a valid row fills. */
    .addColumn('payload', 'jsonb')
    /** [{ key, col, header, message }] */
    .addColumn('errors', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('outcome', 'text')
    .addColumn('person_id', 'uuid')
    .addColumn('holder_unit_name', 'text')
    .addPrimaryKeyConstraint('import_row_pkey', ['job_id', 'seq'])
    .execute();
  await db.schema.createIndex('import_row_job_document_idx').on('import_row').columns(['job_id', 'document_type', 'document_number']).execute();

  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON import_job, import_row TO canbao_app`.execute(db);
  for (const table of ['import_job', 'import_row']) {
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY ${sql.id(`${table}_scope`)} ON ${sql.table(table)} TO canbao_app
      USING (region_code = canbao_region() AND (canbao_unit() IS NULL OR unit_id = canbao_unit()))`.execute(db);
  }

  // Set-based matching of a job's rows against the whole region's persons. A unit cannot see other units' persons,
  // so this runs with definer rights — for a job the caller's scope can see, answering only where each document is
  // held (person, unit, unit name, status), as canbao_person_holder() does for one registration.
  await sql`
    CREATE FUNCTION canbao_import_holders(p_job_id uuid)
    RETURNS TABLE (seq integer, person_id uuid, unit_id uuid, unit_name text, status text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT r.seq, p.id, p.unit_id, u.name, p.status
      FROM import_job j
      JOIN import_row r ON r.job_id = j.id
      JOIN person p ON p.region_code = r.region_code AND p.document_type = r.document_type AND p.document_number = r.document_number
      LEFT JOIN unit u ON u.id = p.unit_id
      WHERE j.id = p_job_id AND j.region_code = canbao_region() AND (canbao_unit() IS NULL OR j.unit_id = canbao_unit())
    $$`.execute(db);
  await sql`REVOKE ALL ON FUNCTION canbao_import_holders(uuid) FROM PUBLIC`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION canbao_import_holders(uuid) TO canbao_app`.execute(db);

  // Taking over, in one statement, the stopped persons a job's rows name: into the job's unit, nothing else.
  await sql`
    CREATE FUNCTION canbao_import_claim_stopped(p_job_id uuid) RETURNS TABLE (seq integer, person_id uuid)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      UPDATE person p SET unit_id = j.unit_id, status = 'active', stop_reason = NULL, updated_at = now()
      FROM import_job j JOIN import_row r ON r.job_id = j.id
      WHERE j.id = p_job_id AND j.region_code = canbao_region() AND j.unit_id IS NOT NULL
        AND (canbao_unit() IS NULL OR j.unit_id = canbao_unit())
        AND r.outcome = 'transfer_in' AND p.id = r.person_id AND p.region_code = j.region_code AND p.status = 'stopped'
      RETURNING r.seq, p.id
    $$`.execute(db);
  await sql`REVOKE ALL ON FUNCTION canbao_import_claim_stopped(uuid) FROM PUBLIC`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION canbao_import_claim_stopped(uuid) TO canbao_app`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

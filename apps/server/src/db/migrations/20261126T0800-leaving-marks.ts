import { sql, type Kysely } from 'kysely';

/**
 * Import rows gain the list of differences a matching import shows (education prefill).
 *
 * Leavers named by the student registry (Guangzhou 003: graduates): the person stays with the unit until the unit
 * confirms, but carries the mark, so the next declaration flags them and nobody is charged by mistake.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE person ADD COLUMN leaving_reason text CHECK (leaving_reason IN ('graduated','transferred_out','dropped_out','died','other'))`.execute(db);
  await sql`ALTER TABLE person ADD COLUMN leaving_on date`.execute(db);
  // What a matching import would change on a person: [{ field, header, from, to }], shown before committing.
  await sql`ALTER TABLE import_row ADD COLUMN changes jsonb`.execute(db);
  // The bytes of a file row (a photo of a zip import), kept only until the job is committed or cancelled.
  await sql`ALTER TABLE import_row ADD COLUMN blob bytea`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

import { sql, type Kysely } from 'kysely';

/**
 * Leavers named by the student registry (Guangzhou 003: graduates): the person stays with the unit until the unit
 * confirms, but carries the mark, so the next declaration flags them and nobody is charged by mistake.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE person ADD COLUMN leaving_reason text CHECK (leaving_reason IN ('graduated','transferred_out','dropped_out','died','other'))`.execute(db);
  await sql`ALTER TABLE person ADD COLUMN leaving_on date`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}

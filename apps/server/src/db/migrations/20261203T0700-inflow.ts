import { sql, type Kysely } from 'kysely';

/**
 * 户籍迁入 (issue 15, item 2; Nantong 004 四.1 and 四.3): a person whose hukou moved into the region has an inflow
 * record — from where (the former hukou place, as written on the hukou book) and when — recorded at registration, so
 * the office can send the centre its 户籍迁入人员参保登记表 and the agency can weight its sampling audit to them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE person
      ADD COLUMN inflow_from text CHECK (char_length(inflow_from) BETWEEN 1 AND 100),
      ADD COLUMN inflow_on date,
      ADD CONSTRAINT person_inflow_whole CHECK ((inflow_from IS NULL) = (inflow_on IS NULL))`.execute(db);
}

import { sql, type Kysely } from 'kysely';

/**
 * The chase's follow-up (issue 14, items 4 and 6):
 * - `payment_notice.reminded_at` / `reminder_count`: a notice is sent when it is issued (created_at, printed and
 *   handed out by the unit); each re-print for the unpaid of a class is a reminder, dated and counted. Neither column
 *   is indexed, so a reminder stays a heap-only update like paying.
 * - `daily_report`: 每天通报, the region's figures of a campaign day as they stood when it was kept (by district and
 *   by unit), so an earlier day opens again as it was reported. One per region, year and day; the day's report may be
 *   kept again during that day, never after. Distributable as issue 18 asks: region_code first in its key. Read by the
 *   region's agency, viewer and collector; a unit's scope sees none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE payment_notice ADD COLUMN reminded_at timestamptz`.execute(db);
  await sql`ALTER TABLE payment_notice ADD COLUMN reminder_count integer NOT NULL DEFAULT 0 CHECK (reminder_count >= 0)`.execute(db);

  await sql`
    CREATE TABLE daily_report (
      region_code text NOT NULL REFERENCES region (code),
      insurance_year integer NOT NULL CHECK (insurance_year BETWEEN 2000 AND 2100),
      report_date date NOT NULL,
      totals jsonb NOT NULL,
      districts jsonb NOT NULL,
      units jsonb NOT NULL,
      generated_at timestamptz NOT NULL DEFAULT now(),
      generated_by text,
      CONSTRAINT daily_report_pkey PRIMARY KEY (region_code, insurance_year, report_date)
    )`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE ON daily_report TO canbao_app`.execute(db);
  await sql`ALTER TABLE daily_report ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY daily_report_scope ON daily_report TO canbao_app
    USING (region_code = canbao_region() AND canbao_unit() IS NULL)`.execute(db);
}

import type { ColumnType, JSONColumnType } from 'kysely';

/** 每天通报: a region's campaign figures of one day, kept as they were reported (by district and by unit). */
export interface DailyReportTable {
  region_code: string;
  insurance_year: number;
  /** The Asia/Shanghai day, 'YYYY-MM-DD'. */
  report_date: ColumnType<string, string, string>;
  totals: JSONColumnType<DailyFigures>;
  districts: JSONColumnType<DailyRow[]>;
  units: JSONColumnType<DailyRow[]>;
  generated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  generated_by: string | null;
}

export type DailyFigures = { roster: number; declared: number; confirmed: number; paid: number; exempt: number; uninsured: number; rate: number };
export type DailyRow = DailyFigures & { key: string; label: string; district?: string };

/** The region's progress board as last computed (by unit, and by day), served while young (progress.service.ts). */
export interface ProgressSnapshotTable {
  region_code: string;
  insurance_year: number;
  units: JSONColumnType<unknown[]>;
  days: JSONColumnType<unknown[]>;
  computed_at: ColumnType<Date, Date | string, Date | string>;
}
